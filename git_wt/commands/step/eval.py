"""`git wt step eval`: print a template's expansion for the current worktree."""

from __future__ import annotations

import argparse

from git_wt.context import Context
from git_wt.errors import ConfigError
from git_wt.templates.guard import unsafe_values_allowed
from git_wt.templates.render import render
from git_wt.templates.values import TemplateError
from git_wt.templates.variables import full_context

NAME = "eval"
HELP = "print a template's expansion for the current worktree"
DESCRIPTION = """\
Print a template's expansion for the current worktree.

example:
  git wt step eval '{{ branch | hash_port }}'"""


def add_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("template", metavar="TEMPLATE")
    cmd.add_argument("--shell", action="store_true", help="escape values as in a hook command")


def run(args: argparse.Namespace, ctx: Context) -> int:
    repo = ctx.repo()
    current = repo.current
    path = current.path if current else repo.repo_path
    context = full_context(
        repo,
        branch=current.branch if current else None,
        worktree_path=path,
        commit=current.head if current else None,
        cwd=ctx.cwd,
    )
    try:
        allow = unsafe_values_allowed(repo)
        ctx.out.data(render(args.template, context, shell=args.shell, allow_unsafe=allow))
    except TemplateError as exc:
        raise ConfigError(f"cannot expand the template: {exc.message}", hint=exc.hint) from None
    return 0
