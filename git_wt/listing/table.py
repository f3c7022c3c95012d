"""The `git wt list` table: columns, fitting to the terminal width, cell styles, `TableView`."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from git_wt.errors import ConfigError
from git_wt.listing.model import (
    AHEAD_BEHIND,
    BRANCH_DIFF,
    CI,
    INTEGRATION,
    STATUS,
    UPSTREAM,
    WORKING_DIFF,
    Listing,
    Row,
)
from git_wt.ui.term import display_width, printable, truncate

PLACEHOLDER = "·"
GAP = 2
MIN_MESSAGE = 12
MIN_BRANCH = 8

Cell = Callable[[Row, Listing, str], str]


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # "{default}" stands for the default branch's name
    priority: int  # larger numbers are dropped first when the terminal is too narrow
    cell: Cell
    kinds: frozenset[str] = frozenset()  # the listing tasks the cell needs
    align_right: bool = False
    shrinkable: bool = False

    def title(self, listing: Listing) -> str:
        return self.header.replace("{default}", listing.default_branch or "default")


def gutter(row: Row) -> str:
    """The row's marker: @ current, ^ primary, + other worktree, / branch, | remote."""
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


def plus_minus(added: int, deleted: int) -> str:
    return arrows(added, deleted, "+", "-")


def _status(row: Row, listing: Listing, cwd: str) -> str:
    return row.symbols(listing.default_branch)


def _head_diff(row: Row, listing: Listing, cwd: str) -> str:
    wt = row.working_tree
    return plus_minus(wt.added_lines, wt.deleted_lines) if wt else ""


def arrows(up: int, down: int, up_mark: str, down_mark: str) -> str:
    parts = []
    if up:
        parts.append(f"{up_mark}{up}")
    if down:
        parts.append(f"{down_mark}{down}")
    return " ".join(parts)


def _ahead_behind(row: Row, listing: Listing, cwd: str) -> str:
    rel = row.relation
    if rel is None or row.branch == listing.default_branch:
        return ""
    return arrows(rel.ahead, rel.behind, "↑", "↓")


def _branch_diff(row: Row, listing: Listing, cwd: str) -> str:
    rel = row.relation
    if rel is None or row.branch == listing.default_branch:
        return ""
    return plus_minus(rel.added_lines, rel.deleted_lines)


def _upstream(row: Row, listing: Listing, cwd: str) -> str:
    up = row.upstream
    return arrows(up.ahead, up.behind, "⇡", "⇣") if up else ""


def _ci(row: Row, listing: Listing, cwd: str) -> str:
    return row.ci.label if row.ci else ""


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


_STATUS_KINDS = frozenset({STATUS, AHEAD_BEHIND, INTEGRATION, UPSTREAM})

# Display order. Priorities follow importance: the status and the numbers that tell
# whether work is waiting stay longest, the commit details go first.
COLUMNS = (
    Column("gutter", "", 0, lambda row, listing, cwd: gutter(row)),
    Column("branch", "Branch", 1, _branch, shrinkable=True),
    Column("status", "Status", 2, _status, _STATUS_KINDS),
    Column("working-diff", "HEAD±", 3, _head_diff, frozenset({WORKING_DIFF})),
    Column("ahead-behind", "{default}↕", 4, _ahead_behind, frozenset({AHEAD_BEHIND})),
    Column("branch-diff", "{default}…±", 6, _branch_diff, frozenset({BRANCH_DIFF})),
    Column("path", "Path", 7, _path),
    Column("upstream", "Remote⇅", 8, _upstream, frozenset({UPSTREAM})),
    Column("ci", "CI", 5, _ci, frozenset({CI})),
    Column("commit", "Commit", 11, _commit),
    Column("age", "Age", 12, _age, align_right=True),
    Column("message", "Message", 13, _message, shrinkable=True),
)
BY_KEY = {c.key: c for c in COLUMNS}
CONFIG_KEY = "wt.list.columns"


def parse_columns(value: str | None) -> list[str] | None:
    """`wt.list.columns`: column names separated by commas or spaces (None: the default)."""
    if value is None or not value.strip():
        return None
    names = [n for n in value.replace(",", " ").split() if n]
    unknown = [n for n in names if n not in BY_KEY or n == "gutter"]
    if unknown:
        choices = ", ".join(c.key for c in COLUMNS if c.key != "gutter")
        raise ConfigError(
            f"{CONFIG_KEY} names unknown column {unknown[0]!r} (known: {choices})",
            hint=f"git config {CONFIG_KEY} 'branch,status,path,message'",
        )
    return list(dict.fromkeys(names))


def choose_columns(selected: list[str] | None, *, full: bool) -> list[Column]:
    """The columns to draw: the configured selection in its order, else the default set."""
    if selected is not None:
        return [BY_KEY["gutter"], *(BY_KEY[name] for name in selected)]
    return [c for c in COLUMNS if c.key != "ci" or full]


def kinds_for(columns: Sequence[Column]) -> frozenset[str]:
    kinds: frozenset[str] = frozenset()
    for column in columns:
        kinds |= column.kinds
    return kinds


def fit(
    columns: Sequence[Column], widths: dict[str, int], width: int | None
) -> tuple[list[Column], list[str]]:
    """Drop the least important columns (and shrink the message) until the rest fit.

    Returns the columns kept and the keys dropped; `widths` is updated for shrinking.
    Dropping goes by a fixed priority order, so wider contents only ever drop more.
    """
    shown = list(columns)
    dropped: list[str] = []
    if width is None:
        return shown, dropped
    while True:
        total = sum(widths[c.key] for c in shown) + GAP * (len(shown) - 1)
        overflow = total - width
        if overflow <= 0:
            break
        message = next((c for c in shown if c.key == "message"), None)
        if message is not None and widths["message"] - overflow >= MIN_MESSAGE:
            widths["message"] -= overflow
            break
        victims = [c for c in shown if c.priority > 1]
        if victims:
            victim = max(victims, key=lambda c: c.priority)
            shown.remove(victim)
            dropped.append(victim.key)
            continue
        if "branch" in widths:
            widths["branch"] = max(MIN_BRANCH, widths["branch"] - overflow)
        break
    return shown, dropped


# -- styles --------------------------------------------------------------------------------

_CI_COLORS = {"passed": "32", "running": "34", "failed": "31", "conflicts": "33", "no_ci": "90"}


def _sgr(text: str, on: str, off: str = "39") -> str:
    return f"\x1b[{on}m{text}\x1b[{off}m" if text else text


def _color_numbers(text: str) -> str:
    out = []
    for token in text.split(" "):
        if token[:1] in ("+", "↑", "⇡"):
            out.append(_sgr(token, "32"))
        elif token[:1] in ("-", "↓", "⇣"):
            out.append(_sgr(token, "31"))
        else:
            out.append(token)
    return " ".join(out)


def style_cell(column: Column, row: Row, text: str) -> str:
    if not text:
        return text
    if text == PLACEHOLDER:
        return _sgr(text, "2", "22")
    key = column.key
    if key in ("working-diff", "ahead-behind", "branch-diff", "upstream"):
        return _color_numbers(text)
    if key == "gutter" and row.is_current:
        return _sgr(text, "1", "22")
    if key == "branch" and row.is_current:
        return _sgr(text, "1", "22")
    if key == "branch" and row.branch is None:
        return _sgr(text, "33")
    if key == "status":
        return _sgr(text, "36")
    if key == "ci" and row.ci is not None:
        styled = _sgr(text, _CI_COLORS.get(row.ci.status, "39"))
        return _sgr(styled, "2", "22") if row.ci.draft or row.ci.stale else styled
    if key in ("commit", "age"):
        return _sgr(text, "2", "22")
    return text


# -- the table -------------------------------------------------------------------------------


@dataclass
class Table:
    lines: list[str]
    hidden: int


class TableView:
    """Lays out a listing with a fixed column choice; callable again as rows fill in."""

    def __init__(
        self,
        listing: Listing,
        columns: Sequence[Column],
        width: int | None,
        cwd: str,
        *,
        color: bool = False,
    ) -> None:
        self.listing = listing
        self.width = width
        self.cwd = cwd
        self.color = color
        self.columns = list(columns)
        self.predropped: list[str] = []
        self.planned: set[str] = set()

    def settle(self) -> frozenset[str]:
        """Call once the rows' pending work is planned: returns the task kinds worth running.

        A column that cannot fit even while its loading cells are still empty never will
        (contents only grow, and columns drop in a fixed order), so it is hidden from the
        start and its tasks are skipped.
        """
        # A column with work planned keeps its place even if every answer is empty, so
        # the layout does not jump when the last results come in.
        self.planned = {
            c.key for c in self.columns if any(c.kinds & r.pending for r in self.listing.rows)
        }
        if self.width is not None:
            widths = {}
            candidates = []
            for column in self.columns:
                cells = self._cells(column, placeholders=False)
                widths[column.key] = max(
                    [display_width(column.title(self.listing))] + [display_width(v) for v in cells]
                )
                if column.key in ("gutter", "branch", *self.planned) or any(cells):
                    candidates.append(column)
            _, self.predropped = fit(candidates, widths, self.width)
        return kinds_for(self.visible_candidates)

    @property
    def visible_candidates(self) -> list[Column]:
        return [c for c in self.columns if c.key not in self.predropped]

    def _cells(self, column: Column, *, placeholders: bool) -> list[str]:
        out = []
        for row in self.listing.rows:
            text = printable(column.cell(row, self.listing, self.cwd))
            if column.kinds & row.pending and placeholders:
                text = text + PLACEHOLDER if column.key == "status" else text or PLACEHOLDER
            out.append(text)
        return out

    def render(self, *, placeholders: bool = False) -> Table:
        """The table now: loading cells blank, or marked with the placeholder."""
        listing = self.listing
        cols = self.visible_candidates
        cells = {c.key: self._cells(c, placeholders=placeholders) for c in cols}
        # A column with nothing to show in any row, and no work that could fill it,
        # takes no space.
        keep = ("gutter", "branch", *self.planned)
        cols = [c for c in cols if c.key in keep or any(cells[c.key])]
        widths = {
            c.key: max([display_width(c.title(listing))] + [display_width(v) for v in cells[c.key]])
            for c in cols
        }
        shown, dropped = fit(cols, widths, self.width)
        lines = [self._line([(c, c.title(listing)) for c in shown], widths, header=True)]
        for i, row in enumerate(listing.rows):
            pairs = [(c, truncate(cells[c.key][i], widths[c.key])) for c in shown]
            line = self._line(pairs, widths, row=row)
            lines.append(line)
        return Table(lines, len(dropped) + len(self.predropped))

    def _line(
        self,
        pairs: list[tuple[Column, str]],
        widths: dict[str, int],
        *,
        header: bool = False,
        row: Row | None = None,
    ) -> str:
        parts = []
        for col, text in pairs:
            pad = " " * (widths[col.key] - display_width(text))
            shown = text
            if self.color and row is not None:
                shown = style_cell(col, row, text)
            parts.append(pad + shown if col.align_right else shown + pad)
        line = (" " * GAP).join(parts).rstrip(" ")
        if not self.color:
            return line
        if header:
            return f"\x1b[1m{line}\x1b[0m"
        if row is not None and not row.is_current and row.integrated:
            return f"\x1b[2m{line}\x1b[0m"  # already in the default branch: nothing to do there
        return line
