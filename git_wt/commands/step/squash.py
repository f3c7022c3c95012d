"""`git wt step squash`: everything since the merge-base with TARGET as one commit."""

from __future__ import annotations

import argparse
import json

from git_wt.commands.step.args import format_flag, hook_flags, stage_flag, stage_of, target_arg
from git_wt.context import Context
from git_wt.ops.merge.squash import SquashOptions, squash_branch

NAME = "squash"
HELP = "squash everything since the merge-base with TARGET into one commit"


def add_arguments(cmd: argparse.ArgumentParser) -> None:
    target_arg(cmd)
    stage_flag(cmd)
    hook_flags(cmd)
    format_flag(cmd)


def run(args: argparse.Namespace, ctx: Context) -> int:
    opts = SquashOptions(
        target=args.target, stage=stage_of(args), hooks=not args.no_hooks, yes=args.yes
    )
    result = squash_branch(ctx, ctx.repo(), opts)
    if args.format == "json":
        doc = {
            "outcome": result.outcome.value,
            "commits": result.commits,
            "sha": result.sha,
            "message": result.message,
            "backup": result.backup,
        }
        ctx.out.data(json.dumps(doc))
    return 0
