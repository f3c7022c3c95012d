"""`git wt step push`: fast-forward the local branch TARGET to HEAD."""

from __future__ import annotations

import argparse
import json

from git_wt.commands.step.args import format_flag, target_arg
from git_wt.context import Context
from git_wt.ops.merge.push import PushOptions, push_branch

NAME = "push"
HELP = "fast-forward the local branch TARGET to HEAD"


def add_arguments(cmd: argparse.ArgumentParser) -> None:
    target_arg(cmd)
    cmd.add_argument("--no-ff", action="store_true", help="record a merge commit on TARGET")
    format_flag(cmd)


def run(args: argparse.Namespace, ctx: Context) -> int:
    result = push_branch(ctx, ctx.repo(), PushOptions(target=args.target, no_ff=args.no_ff))
    if args.format == "json":
        doc = {
            "outcome": result.outcome.value,
            "target": result.target,
            "commits": result.commits,
            "sha": result.new,
        }
        ctx.out.data(json.dumps(doc))
    return 0
