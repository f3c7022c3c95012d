"""`git wt step diff`: all work since the merge-base with TARGET, through git's pager."""

from __future__ import annotations

import argparse
import sys

from git_wt.commands.step.args import target_arg
from git_wt.context import Context
from git_wt.git.repository import Repository
from git_wt.git.run import scrubbed_env
from git_wt.ops.merge.diff import DiffOptions, branch_diff
from git_wt.proc import run_pager
from git_wt.ui.term import is_terminal

NAME = "diff"
HELP = "show all work since the merge-base with TARGET (uncommitted and untracked too)"
TRAILING = True  # arguments after -- go to git diff


def add_arguments(cmd: argparse.ArgumentParser) -> None:
    target_arg(cmd)


def run(args: argparse.Namespace, ctx: Context) -> int:
    repo = ctx.repo()
    tty = is_terminal(sys.stdout)
    opts = DiffOptions(target=args.target, extra=tuple(args.trailing), color=tty)
    diff = branch_diff(repo, opts, ctx.cwd)
    if not diff.text:
        return 0
    if tty:
        return _page(repo, diff.path, diff.text)
    ctx.out.out.write(diff.text)
    ctx.out.out.flush()
    return 0


def _page(repo: Repository, path: str, text: str) -> int:
    """Show text through git's pager (core.pager, GIT_PAGER, PAGER, less)."""
    pager = repo.git.run("var", "GIT_PAGER", cwd=path, check=False).stdout.strip() or "less"
    if pager == "cat":
        sys.stdout.write(text)
        return 0
    env = scrubbed_env()
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    run_pager(pager, text.encode("utf-8", "surrogateescape"), cwd=path, env=env)
    return 0
