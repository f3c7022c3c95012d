"""`git wt step for-each`: run a command in every worktree, output prefixed per branch."""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from git_wt.commands.step.args import format_flag
from git_wt.context import Context
from git_wt.errors import ConfigError, UsageError
from git_wt.git.run import scrubbed_env
from git_wt.proc import run_prefixed
from git_wt.templates.guard import unsafe_values_allowed
from git_wt.templates.quoting import quote_args
from git_wt.templates.render import render_argv
from git_wt.templates.values import TemplateError
from git_wt.templates.variables import full_context
from git_wt.ui.term import printable
from git_wt.ui.words import plural

NAME = "for-each"
HELP = "run a command in every worktree"
DESCRIPTION = """\
Run a command in every worktree, one after another. Each argument is a template
(`{{ branch }}`, `{{ worktree_path }}`, ...) expanded for that worktree; the command runs
directly, without a shell, and values reach it as plain arguments. Output lines are
prefixed with the branch. Exits 1 when the command failed anywhere.

For shell syntax, hand the values to the script as arguments ($1, $2, ...) instead of
writing them into it. (Values in an sh/bash/dash/zsh/ksh -c script are shell-escaped like
hook commands, but some placements are refused.)

examples:
  git wt step for-each -- git status --short
  git wt step for-each -- sh -c 'echo "$1: $(git log -1 --format=%s)"' sh '{{ branch }}'
"""
TRAILING = True  # the command to run follows --


def add_arguments(cmd: argparse.ArgumentParser) -> None:
    format_flag(cmd)


def run(args: argparse.Namespace, ctx: Context) -> int:
    if not args.trailing:
        raise UsageError(
            "name the command to run after --",
            hint="git wt step for-each -- git status --short",
        )
    repo = ctx.repo()
    allow = unsafe_values_allowed(repo)
    results: list[dict[str, Any]] = []
    for wt in [w for w in repo.worktrees if not w.bare and not w.is_prunable]:
        label = printable(wt.branch or f"{os.path.basename(wt.path)} (detached)")
        context = full_context(
            repo, branch=wt.branch, worktree_path=wt.path, commit=wt.head, cwd=wt.path
        )
        try:
            # A script given to `sh -c` is shell code: values are escaped as in a hook
            # command; a value that could reach a program that runs it is refused.
            argv = render_argv(args.trailing, context, allow_unsafe=allow)
        except TemplateError as exc:
            raise ConfigError(
                f"cannot expand the command for {label}: {exc.message}", hint=exc.hint
            ) from None
        ctx.out.progress(f"{label}: {quote_args(argv)}")
        code = _run_prefixed(argv, wt.path, label, ctx, json_mode=args.format == "json")
        if code != 0:
            ctx.out.error(f"{label}: exited with status {code}")
        results.append(
            {"branch": wt.branch, "path": wt.path, "exit_code": code, "success": code == 0}
        )
    failed = [r for r in results if not r["success"]]
    if failed:
        names = ", ".join(r["branch"] or r["path"] for r in failed)
        ctx.out.warning(f"failed in {len(failed)} of {plural(len(results), 'worktree')}: {names}")
    else:
        ctx.out.success(f"succeeded in {plural(len(results), 'worktree')}")
    if args.format == "json":
        ctx.out.data(json.dumps(results))
    return 1 if failed else 0


def _run_prefixed(argv: list[str], cwd: str, label: str, ctx: Context, *, json_mode: bool) -> int:
    """Run argv, prefixing every output line with the label; stdout stays stdout
    (in JSON mode it goes to stderr so stdout holds one document)."""
    out_stream = ctx.out.err if json_mode else ctx.out.out
    try:
        return run_prefixed(
            argv, cwd=cwd, env=scrubbed_env(), out=out_stream, err=ctx.out.err, prefix=f"{label} | "
        )
    except OSError as exc:
        ctx.out.error(f"{label}: cannot run {argv[0]}: {exc.strerror}")
        return 127
