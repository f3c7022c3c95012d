"""`git wt step commit`: stage and commit, with a message from the generator."""

from __future__ import annotations

import argparse
import json

from git_wt.commands.step.args import format_flag, hook_flags, stage_flag, stage_of
from git_wt.context import Context
from git_wt.ops.merge.commit import CommitOptions, commit, commit_prompt

NAME = "commit"
HELP = "stage and commit, with a message from the generator"


def add_arguments(cmd: argparse.ArgumentParser) -> None:
    stage_flag(cmd)
    hook_flags(cmd)
    cmd.add_argument(
        "--show-prompt",
        action="store_true",
        help="print the prompt the message generator would get, and commit nothing",
    )
    format_flag(cmd)


def run(args: argparse.Namespace, ctx: Context) -> int:
    repo = ctx.repo()
    opts = CommitOptions(stage=stage_of(args), hooks=not args.no_hooks, yes=args.yes)
    if args.show_prompt:
        ctx.out.data(commit_prompt(repo, opts))
        return 0
    done = commit(ctx, repo, opts)
    if args.format == "json":
        doc = {"sha": done.sha, "message": done.message, "stage": done.stage.value}
        ctx.out.data(json.dumps(doc))
    return 0
