"""`git wt step`: the building blocks of merge, usable one at a time."""

from __future__ import annotations

import argparse

from git_wt.context import Context
from git_wt.errors import ConfigError, WtError
from git_wt.templates import TemplateError, render
from git_wt.variables import full_context

NAME = "step"
HELP = "run one building block of merge (eval, ...)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="step", metavar="STEP", parser_class=type(parser))
    ev = sub.add_parser(
        "eval",
        help="print a template's expansion for the current worktree",
        description="Print a template's expansion for the current worktree.\n\n"
        "example:\n  git wt step eval '{{ branch | hash_port }}'",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ev.add_argument("template", metavar="TEMPLATE")
    ev.add_argument("--shell", action="store_true", help="escape values as in a hook command")
    ev.set_defaults(_run=run_eval)


def run(args: argparse.Namespace, ctx: Context) -> int:
    raise WtError("name a step", hint="git wt step --help")


def run_eval(args: argparse.Namespace, ctx: Context) -> int:
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
        ctx.out.data(render(args.template, context, shell=args.shell))
    except TemplateError as exc:
        raise ConfigError(f"cannot expand the template: {exc.message}", hint=exc.hint) from None
    return 0
