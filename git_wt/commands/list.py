"""`git wt list`: every worktree's state at a glance."""

from __future__ import annotations

import argparse
import json
import os
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from git_wt.context import Context
from git_wt.listing import Listing, Row, collect_rows, fill, to_json

NAME = "list"
HELP = "show every worktree's state at a glance"
DESCRIPTION = """\
Show every worktree (current first, then the primary one, then by last commit) with
its status, uncommitted lines, commits ahead/behind the default branch and upstream.

status symbols:
  +  staged        !  modified      ?  untracked
  ✘  conflicts     ↻  rebase/merge in progress   ⊟  directory missing   ⊞  locked
  _  same commit as the default branch   ⊂  already integrated into it
  ↑  ahead   ↓  behind   ↕  diverged
  ⇡  ahead of upstream   ⇣  behind it   ⇅  both   |  in sync
gutter: @ current, ^ primary, + other worktree, / branch without worktree, | remote only
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--branches", action="store_true", help="also show branches without a worktree"
    )
    parser.add_argument("--remotes", action="store_true", help="also show remote-only branches")
    parser.add_argument(
        "--full", action="store_true", help="add slow, off-machine columns (CI/PR status)"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--progressive",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="fill the table in as results arrive (default: on a terminal)",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    repo = ctx.repo()
    branches = args.branches or repo.config.get_bool("wt.list.branches", False)
    remotes = args.remotes or repo.config.get_bool("wt.list.remotes", False)
    listing = collect_rows(repo, branches, remotes)
    fill(repo, listing)
    if args.format == "json":
        ctx.out.data(json.dumps(to_json(listing), ensure_ascii=False))
        return 0
    width = _width(ctx)
    lines, hidden = render_table(listing, ctx.cwd, width, color=ctx.out.out_color)
    for line in lines:
        ctx.out.data(line)
    ctx.out.info(footer(listing, hidden))
    return 0


def _width(ctx: Context) -> int | None:
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        if ctx.out.out.isatty():
            return os.get_terminal_size(ctx.out.out.fileno()).columns
    except (OSError, ValueError, AttributeError):
        pass
    return None


def footer(listing: Listing, hidden: int) -> str:
    kinds = {"worktree": 0, "branch": 0, "remote": 0}
    changed = 0
    for row in listing.rows:
        kinds[row.kind] += 1
        if row.working_tree is not None and row.working_tree.dirty:
            changed += 1
    parts = [_count(kinds["worktree"], "worktree")]
    if kinds["branch"]:
        parts.append(_count(kinds["branch"], "branch", "branches"))
    if kinds["remote"]:
        parts.append(_count(kinds["remote"], "remote branch", "remote branches"))
    if changed:
        parts.append(f"{changed} with changes")
    if hidden:
        parts.append(_count(hidden, "column hidden", "columns hidden"))
    return ", ".join(parts)


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


# -- the table -------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    priority: int  # columns with larger numbers are dropped first
    cell: Callable[[Row, Listing, str], str]
    align_right: bool = False
    shrinkable: bool = False


def _gutter(row: Row, listing: Listing, cwd: str) -> str:
    if row.kind == "branch":
        return "/"
    if row.kind == "remote":
        return "|"
    if row.is_current:
        return "@"
    return "^" if row.is_main else "+"


def _branch(row: Row, listing: Listing, cwd: str) -> str:
    if row.branch:
        return row.branch
    return f"({row.head.short_sha})" if row.head else "(detached)"


def _pm(added: int, deleted: int) -> str:
    parts = []
    if added:
        parts.append(f"+{added}")
    if deleted:
        parts.append(f"-{deleted}")
    return " ".join(parts)


def _head_diff(row: Row, listing: Listing, cwd: str) -> str:
    wt = row.working_tree
    return _pm(wt.added_lines, wt.deleted_lines) if wt else ""


def _ahead_behind(row: Row, listing: Listing, cwd: str) -> str:
    rel = row.relation
    if rel is None or row.branch == listing.default_branch:
        return ""
    parts = []
    if rel.ahead:
        parts.append(f"↑{rel.ahead}")
    if rel.behind:
        parts.append(f"↓{rel.behind}")
    return " ".join(parts)


def _branch_diff(row: Row, listing: Listing, cwd: str) -> str:
    rel = row.relation
    if rel is None or row.branch == listing.default_branch:
        return ""
    return _pm(rel.added_lines, rel.deleted_lines)


def _upstream(row: Row, listing: Listing, cwd: str) -> str:
    up = row.upstream
    if up is None:
        return ""
    parts = []
    if up.ahead:
        parts.append(f"⇡{up.ahead}")
    if up.behind:
        parts.append(f"⇣{up.behind}")
    return " ".join(parts)


def _path(row: Row, listing: Listing, cwd: str) -> str:
    if not row.path:
        return ""
    rel = os.path.relpath(row.path, cwd)
    return rel if len(rel) <= len(row.path) else row.path


def _commit(row: Row, listing: Listing, cwd: str) -> str:
    return row.head.short_sha if row.head else ""


def _age(row: Row, listing: Listing, cwd: str) -> str:
    return format_age(time.time() - row.head.committed_at) if row.head else ""


def _message(row: Row, listing: Listing, cwd: str) -> str:
    return row.head.subject if row.head else ""


def format_age(seconds: float) -> str:
    s = max(0, int(seconds))
    for limit, unit, size in (
        (60, "s", 1),
        (3600, "m", 60),
        (86400, "h", 3600),
        (86400 * 7, "d", 86400),
        (86400 * 30, "w", 86400 * 7),
        (86400 * 365, "mo", 86400 * 30),
    ):
        if s < limit:
            return f"{s // size}{unit}"
    return f"{s // (86400 * 365)}y"


def columns_for(listing: Listing) -> list[Column]:
    name = listing.default_branch or "default"
    return [
        Column("gutter", "", 0, _gutter),
        Column("branch", "Branch", 1, _branch),
        Column("status", "Status", 2, lambda r, li, c: r.symbols(li.default_branch)),
        Column("working-diff", "HEAD±", 3, _head_diff),
        Column("ahead-behind", f"{name}↕", 4, _ahead_behind),
        Column("branch-diff", f"{name}…±", 6, _branch_diff),
        Column("path", "Path", 7, _path),
        Column("upstream", "Remote⇅", 8, _upstream),
        Column("commit", "Commit", 11, _commit),
        Column("age", "Age", 12, _age, align_right=True),
        Column("message", "Message", 13, _message, shrinkable=True),
    ]


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def truncate(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out = ""
    for ch in text:
        if display_width(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


_GAP = 2
_MIN_MESSAGE = 12


def render_table(
    listing: Listing, cwd: str, width: int | None, color: bool = False
) -> tuple[list[str], int]:
    """The table as lines, fitted to `width` (None: no limit); also the hidden-column count."""
    cols = columns_for(listing)
    cells = {c.key: [c.cell(r, listing, cwd) for r in listing.rows] for c in cols}
    widths = {
        c.key: max([display_width(c.header)] + [display_width(v) for v in cells[c.key]])
        for c in cols
    }
    # Columns empty in every row take no space (their header alone says nothing).
    shown = [c for c in cols if c.key in ("gutter", "branch") or any(cells[c.key])]
    skipped_empty = len(cols) - len(shown)
    hidden = 0
    if width is not None:
        while True:
            total = sum(widths[c.key] for c in shown) + _GAP * (len(shown) - 1)
            if total <= width:
                break
            last = shown[-1]
            overflow = total - width
            if last.shrinkable and widths[last.key] - overflow >= _MIN_MESSAGE:
                widths[last.key] -= overflow
                break
            victim = max(shown, key=lambda c: c.priority)
            if victim.priority <= 1:
                break
            shown.remove(victim)
            hidden += 1
    del skipped_empty
    lines = []
    header = _join([(c, c.header) for c in shown], widths)
    lines.append(_style(header, "1", color))
    for i, row in enumerate(listing.rows):
        line = _join([(c, truncate(cells[c.key][i], widths[c.key])) for c in shown], widths)
        if color and row.relation is not None and row.relation.integrated and not row.is_current:
            line = _style(line, "2", color)
        lines.append(line)
    return lines, hidden


def _join(pairs: list[tuple[Column, str]], widths: dict[str, int]) -> str:
    parts = []
    for col, text in pairs:
        pad = widths[col.key] - display_width(text)
        parts.append(" " * pad + text if col.align_right else text + " " * pad)
    return (" " * _GAP).join(parts).rstrip()


def _style(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text
