"""`git wt step rebase`: rebase the current branch onto TARGET."""

from __future__ import annotations

import argparse
import json

from git_wt.commands.step.args import format_flag
from git_wt.context import Context
from git_wt.ops.merge.rebase import RebaseOptions, rebase_branch

NAME = "rebase"
HELP = "rebase the current branch onto TARGET"


def add_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument(
        "target", nargs="?", metavar="TARGET", help="branch, tag or commit (default: ^)"
    )
    format_flag(cmd)


def run(args: argparse.Namespace, ctx: Context) -> int:
    result = rebase_branch(ctx, ctx.repo(), RebaseOptions(target=args.target))
    if args.format == "json":
        doc = {"outcome": result.outcome.value, "onto": result.onto, "head": result.head}
        ctx.out.data(json.dumps(doc))
    return 0
