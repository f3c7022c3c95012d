"""`git wt undo`: put back a removed worktree and branch from the undo trash."""

from __future__ import annotations

import argparse
import json
import time

from git_wt.context import Context
from git_wt.errors import UsageError
from git_wt.ops import undo
from git_wt.ui.words import plural

NAME = "undo"
HELP = "restore the most recent removal (or BRANCH's) from the undo trash"
DESCRIPTION = """\
Restore what `git wt remove`, merge's clean-up, `step prune` or the picker removed: the
worktree's directory with every file it had (tracked, untracked and ignored), its
registration at the same path, and its branch at the old commit with its upstream and
other branch.* settings. Removals wait in the trash for wt.remove.keep (default 1d;
0 deletes at once). It refuses, changing nothing, when the path or the branch name has
been taken again.

examples:
  git wt undo                     the most recent removal
  git wt undo feature/login       the removal of that branch (or pass the worktree path)
  git wt undo --list              what can be restored
  git wt undo --purge             empty the trash now
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "selector", nargs="?", metavar="BRANCH", help="branch or worktree path (default: newest)"
    )
    parser.add_argument("--list", action="store_true", help="show what can be restored")
    parser.add_argument("--purge", action="store_true", help="empty the trash now")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.list and args.purge:
        raise UsageError("--list and --purge cannot be combined", hint="drop one of them")
    if args.selector is not None and (args.list or args.purge):
        flag = "--list" if args.list else "--purge"
        raise UsageError(f"{flag} takes no BRANCH", hint=f"git wt undo {flag}")
    repo = ctx.repo()
    json_mode = args.format == "json"
    if args.list:
        keep = undo.keep_seconds(repo)
        undo.purge_expired(repo)
        found = undo.entries(repo)
        if json_mode:
            ctx.out.data(json.dumps([entry.as_json(keep) for entry in found]))
        elif found:
            _print_table(ctx, found)
        else:
            ctx.out.info("the trash is empty: there is nothing to undo")
        return 0
    if args.purge:
        gone = undo.purge_all(repo)
        if json_mode:
            keep = undo.keep_seconds(repo)
            ctx.out.data(json.dumps([entry.as_json(keep) for entry in gone]))
        ctx.out.success(f"emptied the trash ({plural(len(gone), 'removal')} deleted)")
        return 0
    undo.purge_expired(repo)
    result = undo.undo(repo, undo.UndoOptions(selector=args.selector), ctx.cwd)
    entry = result.entry
    commit = (entry.sha or entry.head or "")[:7]
    if result.worktree_restored:
        what = f"the worktree of {entry.branch or 'a detached HEAD'} at {entry.path}"
        also = f" and its branch (at {commit})" if result.branch_restored else ""
        ctx.out.success(f"restored {what}{also}")
    else:
        ctx.out.success(f"restored branch {entry.branch} at {commit}")
    if json_mode:
        ctx.out.data(json.dumps(result.as_json()))
    return 0


def _print_table(ctx: Context, found: list[undo.Entry]) -> None:
    rows = []
    now = time.time()
    for entry in found:
        name = entry.branch or "(detached)"
        where = entry.path if entry.has_tree and entry.path else "(branch only)"
        rows.append((name, where, f"removed {_ago(now - entry.removed_at)}"))
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    for name, where, when in rows:
        ctx.out.data(f"{name:<{widths[0]}}  {where:<{widths[1]}}  {when}")


def _ago(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{int(seconds // size)}{unit} ago"
    return "just now" if seconds < 1 else f"{int(seconds)}s ago"
