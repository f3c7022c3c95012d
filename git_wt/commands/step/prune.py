"""`git wt step prune`: remove clean worktrees whose branches are merged."""

from __future__ import annotations

import argparse
import json

from git_wt.commands.step.args import format_flag, hook_flags
from git_wt.context import Context
from git_wt.ui.words import plural

NAME = "prune"
HELP = "remove clean worktrees whose branches are merged into the default branch"


def add_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--dry-run", action="store_true", help="list them, remove nothing")
    cmd.add_argument(
        "--min-age",
        default="1d",
        metavar="DURATION",
        help="skip worktrees created more recently (default 1d; e.g. 0, 30m, 12h, 2w)",
    )
    cmd.add_argument(
        "--foreground", action="store_true", help="delete directories before returning"
    )
    hook_flags(cmd)
    format_flag(cmd)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from git_wt.config.duration import parse_duration
    from git_wt.ops.prune import PruneOptions, prune

    repo = ctx.repo()
    opts = PruneOptions(
        min_age=parse_duration(args.min_age),
        dry_run=args.dry_run,
        foreground=args.foreground,
        hooks=not args.no_hooks,
        yes=args.yes,
    )
    result = prune(ctx, repo, opts)
    json_mode = args.format == "json"
    if opts.dry_run:
        if json_mode:
            doc = [
                {"branch": c.worktree.branch, "path": c.worktree.path, "reason": c.reason}
                for c in result.chosen
            ]
            ctx.out.data(json.dumps(doc))
        else:
            for c in result.chosen:
                ctx.out.data(f"{c.worktree.branch}\t{c.worktree.path}\t{c.reason}")
        n = len(result.chosen)
        ctx.out.info(f"would remove {plural(n, 'worktree')} and their branches (dry run)")
        return 0
    if not result.chosen:
        ctx.out.info("no merged worktrees to remove")
        if json_mode:
            ctx.out.data("[]")
        return 0
    ctx.out.success(f"pruned {plural(len(result.removed), 'worktree')}")
    if json_mode:
        ctx.out.data(json.dumps([removal.as_json() for removal in result.removed]))
    return 1 if result.failed else 0
