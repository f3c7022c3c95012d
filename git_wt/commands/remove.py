"""`git wt remove`: remove worktrees, and their branches when already integrated."""

from __future__ import annotations

import argparse
import json

from git_wt.context import Context
from git_wt.errors import UsageError, WtError
from git_wt.ops.remove import Removal, RemoveOptions, approve, execute, validate

NAME = "remove"
HELP = "remove worktrees (and their branches once merged)"
DESCRIPTION = """\
Remove worktrees. A branch is deleted with its worktree only when its work is already
in the default branch (same commit, ancestor, squash-merged, ...); otherwise it is kept
and -D deletes it anyway. Uncommitted work (untracked files, and changes hidden by
assume-unchanged or skip-worktree too) makes it refuse without --force. Ignored files
(.env, local databases) do not: they go with the worktree, which waits in the undo trash
for wt.remove.keep (default 1d), so `git wt undo` brings all of it back.

examples:
  git wt remove                   the current worktree (the shell lands in the primary one)
  git wt remove feature/login     by branch
  git wt remove ../repo.fix a b   several at once, by path or branch
  git wt remove -D spike          also delete an unmerged branch
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "selectors", nargs="*", metavar="BRANCH", help="branch or worktree path (default: @)"
    )
    parser.add_argument(
        "-f", "--force", action="store_true", help="remove even with uncommitted changes"
    )
    parser.add_argument(
        "-D", "--force-delete", action="store_true", help="delete the branch even if unmerged"
    )
    parser.add_argument(
        "--no-delete-branch", action="store_true", help="keep the branch in every case"
    )
    parser.add_argument(
        "--foreground",
        action="store_true",
        help="do any deleting before returning (with wt.remove.keep=0: the directory)",
    )
    parser.add_argument("--no-hooks", action="store_true", help="run no hooks")
    parser.add_argument("-y", "--yes", action="store_true", help="approve project hooks")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def options(args: argparse.Namespace) -> RemoveOptions:
    if args.force_delete and args.no_delete_branch:
        raise UsageError(
            "--force-delete and --no-delete-branch contradict each other", hint="drop one of them"
        )
    return RemoveOptions(
        force=args.force,
        force_delete=args.force_delete,
        keep_branch=args.no_delete_branch,
        foreground=args.foreground,
        hooks=not args.no_hooks,
        yes=args.yes,
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    opts = options(args)
    repo = ctx.repo()
    selectors = args.selectors or ["@"]
    removals: list[Removal] = []
    failed = False
    seen: set[tuple[str | None, str | None]] = set()
    for selector in selectors:
        try:
            removal = validate(repo, selector, opts, ctx.cwd)
        except WtError as exc:
            failed = True
            _print_error(ctx, exc)
            continue
        key = (removal.branch, removal.path)
        if key not in seen:
            seen.add(key)
            removals.append(removal)
    removals.sort(key=lambda r: r.is_current)  # the current worktree goes last
    results: list[Removal] = []
    if removals:
        approve(ctx, repo, opts)
    for removal in removals:
        try:
            results.append(execute(ctx, repo, removal, opts))
        except WtError as exc:
            failed = True
            _print_error(ctx, exc)
    if args.format == "json":
        ctx.out.data(json.dumps([r.as_json() for r in results]))
    return 1 if failed else 0


def _print_error(ctx: Context, exc: WtError) -> None:
    ctx.out.error(exc.message)
    if exc.detail:
        ctx.out.gutter(exc.detail)
    if exc.hint:
        ctx.out.hint(exc.hint)
