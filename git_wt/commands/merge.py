"""`git wt merge`: commit, squash, rebase, fast-forward TARGET, then remove the worktree."""

from __future__ import annotations

import argparse
import json
from typing import Any

from git_wt.config import keys
from git_wt.context import Context
from git_wt.git.repository import Repository
from git_wt.git.status import STAGE_MODES, StageMode
from git_wt.ops.merge.merge import MergeOptions, MergeResult, merge
from git_wt.ops.merge.source import stage_setting

NAME = "merge"
HELP = "merge this branch into TARGET, then remove its worktree"
DESCRIPTION = """\
Merge the current branch into TARGET (default: the default branch) on this machine,
like a merge button: commit or squash the work (uncommitted changes included) into one
commit, rebase it onto TARGET, run the pre-merge hooks, fast-forward TARGET (its
worktree's files follow), then remove this worktree and branch and land in TARGET's
worktree. Nothing is fetched or pushed.

Defaults come from git config: wt.merge.squash, wt.merge.commit, wt.merge.rebase,
wt.merge.remove, wt.merge.ff (booleans, default true) and wt.merge.stage (all).

examples:
  git wt merge                    into the default branch
  git wt merge release/2.x        into another local branch
  git wt merge --no-squash        keep the individual commits
  git wt merge --no-remove        keep the worktree and branch afterwards
  git wt merge --no-ff            record a merge commit on TARGET
"""

_TOGGLES = (
    ("squash", "squash the branch into one commit", keys.MERGE_SQUASH),
    ("commit", "commit uncommitted changes first", keys.MERGE_COMMIT),
    ("rebase", "rebase onto TARGET when needed", keys.MERGE_REBASE),
    ("remove", "remove the worktree and branch afterwards", keys.MERGE_REMOVE),
    ("ff", "fast-forward TARGET (--no-ff: merge commit)", keys.MERGE_FF),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "target", nargs="?", metavar="TARGET", help="local branch to merge into (default: ^)"
    )
    for name, text, _ in _TOGGLES:
        parser.add_argument(
            f"--no-{name}", dest=name, action="store_const", const=False, help=f"don't {text}"
        )
        parser.add_argument(
            f"--{name}", dest=name, action="store_const", const=True, help=argparse.SUPPRESS
        )
    parser.add_argument(
        "--stage",
        choices=STAGE_MODES,
        default=None,
        help="what to commit: all (with untracked files), tracked, none (only staged)",
    )
    parser.add_argument("--no-hooks", action="store_true", help="run no hooks")
    parser.add_argument("-y", "--yes", action="store_true", help="approve project hooks")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def options(repo: Repository, args: argparse.Namespace) -> MergeOptions:
    """Flag > git config > default (true); --no-commit implies --no-squash."""
    values = {}
    for name, _, key in _TOGGLES:
        flag = getattr(args, name)
        values[name] = flag if flag is not None else repo.config.get_bool(key, default=True)
    flag = StageMode(args.stage) if args.stage else None
    stage = stage_setting(repo, flag, keys.MERGE_STAGE)
    if not values["commit"]:
        values["squash"] = False
    return MergeOptions(
        target=args.target, **values, stage=stage, hooks=not args.no_hooks, yes=args.yes
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    repo = ctx.repo()
    result = merge(ctx, repo, options(repo, args))
    if args.format == "json":
        ctx.out.data(json.dumps(as_json(result)))
    return 1 if result.cleanup_failed else 0


def as_json(result: MergeResult) -> dict[str, Any]:
    return {
        "branch": result.branch,
        "target": result.target,
        "committed": result.committed,
        "squashed": result.squashed,
        "rebased": result.rebased,
        "removed": result.removed,
    }
