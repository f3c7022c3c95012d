"""`git wt config state`: values git-wt keeps in the repository (default branch, ...)."""

from __future__ import annotations

import argparse
from typing import Any

from git_wt import config as keys
from git_wt.context import Context
from git_wt.errors import WtError


def add_to(sub: Any) -> None:
    parser_class = sub._parser_class
    state = sub.add_parser("state", help="values git-wt stores in the repository")
    state.set_defaults(_run=_need_kind)
    state_sub = state.add_subparsers(dest="state_cmd", metavar="KIND", parser_class=parser_class)
    db = state_sub.add_parser("default-branch", help="the cached default branch")
    db_sub = db.add_subparsers(dest="action", metavar="ACTION", parser_class=parser_class)
    db_sub.add_parser("get", help="print the default branch (detecting it if needed)")
    setp = db_sub.add_parser("set", help="set the default branch")
    setp.add_argument("branch", metavar="BRANCH")
    db_sub.add_parser("clear", help="forget the cached value (detect it again next time)")
    db.set_defaults(_run=run_default_branch)


def _need_kind(args: argparse.Namespace, ctx: Context) -> int:
    raise WtError("name what to show or change", hint="git wt config state --help")


def run_default_branch(args: argparse.Namespace, ctx: Context) -> int:
    repo = ctx.repo()
    action = args.action or "get"
    if action == "get":
        ctx.out.data(repo.default_branch())
    elif action == "set":
        if args.branch not in repo.local_branches:
            ctx.out.warning(f"branch {args.branch} does not exist locally (set anyway)")
        repo.git.run("config", "--local", keys.DEFAULT_BRANCH, args.branch, cwd=repo.any_dir)
        ctx.out.success(f"default branch set to {args.branch}")
    else:
        repo.git.run(
            "config", "--local", "--unset-all", keys.DEFAULT_BRANCH, cwd=repo.any_dir, check=False
        )
        ctx.out.success("default branch cache cleared")
    return 0
