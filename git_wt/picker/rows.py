"""The picker's rows: fuzzy filtering, ranking, column layout and styled lines (no UI code)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from git_wt.git.repository import Repository
from git_wt.listing.model import LOCAL_KINDS, Listing, Row
from git_wt.listing.table import format_age, gutter
from git_wt.listing.tasks import Task, plan
from git_wt.picker import fuzzy
from git_wt.ui.term import cut, display_width, printable, truncate

# Fragments as prompt_toolkit takes them: (style, text); built here without importing it.
Fragment = tuple[str, str]

PLACEHOLDER = "·"
GAP = 2
MIN_BRANCH = 12
MIN_MESSAGE = 10
# A query word that is exactly one of these filters rows instead of matching text.
FILTERS = {
    "@": "the current worktree",
    "+": "linked worktrees",
}
# A hit in the path counts a little less than the same hit in the branch name.
PATH_PENALTY = 6


@dataclass(eq=False)
class Item:
    """One selectable row and the texts the query is matched against."""

    row: Row
    branch_text: str
    path_text: str
    order: int = 0  # place in the listing: ties between equal scores keep this order
    branch_folded: str = ""
    path_folded: str = ""
    cells: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.branch_folded = fuzzy.fold(self.branch_text)
        self.path_folded = fuzzy.fold(self.path_text)

    @property
    def key(self) -> str:
        """Stable identity for caches: what the row is, not where it sits."""
        row = self.row
        return f"{row.kind}\0{row.branch or ''}\0{row.path or ''}"

    @property
    def selector(self) -> str:
        """What `git wt switch` is given for this row."""
        row = self.row
        return row.branch or row.path or (row.head.sha if row.head else "")


@dataclass(frozen=True)
class Hit:
    item: Item
    score: int = 0
    branch_positions: frozenset[int] = frozenset()
    path_positions: frozenset[int] = frozenset()


def plan_fill(repo: Repository, listing: Listing) -> list[Task]:
    """The git work that fills the picker's cells: what `git wt list` runs, local only."""
    return plan(repo, listing, LOCAL_KINDS)


# -- filtering -------------------------------------------------------------------------------


def split_query(query: str) -> tuple[list[str], list[str]]:
    """(row filters such as `@`, fuzzy terms) of a query; words are separated by spaces."""
    filters: list[str] = []
    terms: list[str] = []
    for word in query.split():
        (filters if word in FILTERS else terms).append(word)
    return filters, terms


def _passes(item: Item, filters: Sequence[str]) -> bool:
    row = item.row
    for word in filters:
        if word == "@" and not row.is_current:
            return False
        if word == "+" and (row.kind != "worktree" or row.is_main):
            return False
    return True


def score_item(item: Item, filters: Sequence[str], terms: Sequence[str]) -> Hit | None:
    """Every term must match the branch or the path; the better place counts."""
    if not _passes(item, filters):
        return None
    total = 0
    in_branch: set[int] = set()
    in_path: set[int] = set()
    for term in terms:
        on_branch = fuzzy.match(term, item.branch_text, item.branch_folded)
        on_path = fuzzy.match(term, item.path_text, item.path_folded) if item.path_text else None
        if on_branch is None and on_path is None:
            return None
        if on_path is None or (
            on_branch is not None and on_branch.score >= on_path.score - PATH_PENALTY
        ):
            assert on_branch is not None
            total += on_branch.score
            in_branch.update(on_branch.positions)
        else:
            total += on_path.score - PATH_PENALTY
            in_path.update(on_path.positions)
    return Hit(item, total, frozenset(in_branch), frozenset(in_path))


def rank(items: Sequence[Item], query: str) -> list[Hit]:
    """Matching items, best first; ties keep the listing's order (current, primary, recent)."""
    filters, terms = split_query(query)
    hits = []
    for item in items:
        hit = score_item(item, filters, terms)
        if hit is not None:
            hits.append(hit)
    if terms:
        # Shorter names first among equal scores: "login" before "login-old-attempt".
        hits.sort(key=lambda h: (-h.score, len(h.item.branch_text), h.item.order))
    else:
        hits.sort(key=lambda h: h.item.order)
    return hits


def narrows(old: str, new: str) -> bool:
    """Whether every row matching `new` also matches `old` (so only those need scoring)."""
    if not new.startswith(old) or not old.strip():
        return False
    words = old.split()
    # "@" extended to "@x" stops being a filter, and so matches rows "@" did not.
    return not (words and words[-1] in FILTERS and not old.endswith(" "))


# -- columns ---------------------------------------------------------------------------------


def _plus_minus(added: int, deleted: int) -> str:
    return " ".join(
        p for p in (f"+{added}" if added else "", f"-{deleted}" if deleted else "") if p
    )


def _arrows(up: int, down: int, up_mark: str, down_mark: str) -> str:
    return " ".join(
        p for p in (f"{up_mark}{up}" if up else "", f"{down_mark}{down}" if down else "") if p
    )


def _status(row: Row, listing: Listing) -> str:
    return row.symbols(listing.default_branch)


def _head_diff(row: Row, listing: Listing) -> str:
    wt = row.working_tree
    return _plus_minus(wt.added_lines, wt.deleted_lines) if wt else ""


def _ahead_behind(row: Row, listing: Listing) -> str:
    rel = row.relation
    if rel is None or row.branch == listing.default_branch:
        return ""
    return _arrows(rel.ahead, rel.behind, "↑", "↓")


def _message(row: Row, listing: Listing) -> str:
    return row.head.subject if row.head else ""


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    drop: int  # order of dropping when the pane is narrow (1 goes first); 0 never drops
    cell: Callable[[Row, Listing], str] | None  # None: computed by the model
    kinds: frozenset[str] = frozenset()  # listing task kinds that fill it
    right: bool = False


_STATUS_KINDS = frozenset({"status", "ahead-behind", "integration", "upstream"})

COLUMNS = (
    Column("gutter", "", 0, lambda row, listing: gutter(row)),
    Column("branch", "Branch", 0, None),
    Column("status", "Status", 6, _status, _STATUS_KINDS),
    Column("working-diff", "HEAD±", 5, _head_diff, frozenset({"working-diff"})),
    Column("ahead-behind", "{default}↕", 4, _ahead_behind, frozenset({"ahead-behind"})),
    Column("path", "Path", 3, None),
    Column("age", "Age", 2, None, right=True),
    Column("message", "Message", 1, _message),
)


@dataclass
class Layout:
    columns: list[Column]
    widths: dict[str, int]


def _total(columns: Sequence[Column], widths: dict[str, int]) -> int:
    return sum(widths[c.key] for c in columns) + GAP * (len(columns) - 1)


def fit(widths: dict[str, int], width: int, skip: Iterable[str] = ()) -> Layout:
    """Drop the least useful columns (the message shrinks first) until the rest fit;
    then bring back what fits in the room left (a shortened message, say)."""
    shown = [c for c in COLUMNS if c.key not in skip]
    widths = dict(widths)
    dropped: list[Column] = []
    while True:
        over = _total(shown, widths) - width
        if over <= 0:
            break
        if "message" in (c.key for c in shown) and widths["message"] - over >= MIN_MESSAGE:
            widths["message"] -= over
            break
        droppable = [c for c in shown if c.drop > 0]
        if not droppable:
            widths["branch"] = max(MIN_BRANCH, widths["branch"] - over)
            break
        # The message goes first, then the age, the path, ... (by `drop`, smallest first).
        victim = min(droppable, key=lambda c: c.drop)
        shown.remove(victim)
        dropped.append(victim)
    for column in reversed(dropped):
        trial = [c for c in COLUMNS if c in shown or c is column]
        room = width - _total(trial, widths)
        if room >= 0:
            shown = trial
        elif column.key == "message" and widths["message"] + room >= MIN_MESSAGE:
            widths["message"] += room
            shown = trial
    return Layout(shown, widths)


def _highlighted(text: str, positions: frozenset[int], style: str, width: int) -> list[Fragment]:
    """`text` cut to `width` and padded, matched characters in the match style."""
    shown, was_cut = cut(text, width)
    frags: list[Fragment] = []
    run = ""
    run_match = False
    for i, ch in enumerate(shown):
        is_match = i in positions
        if run and is_match != run_match:
            frags.append((f"{style} class:match" if run_match else style, run))
            run = ""
        run += ch
        run_match = is_match
    if run:
        frags.append((f"{style} class:match" if run_match else style, run))
    if was_cut:
        frags.append((style, "…"))
    pad = width - display_width(shown) - (1 if was_cut else 0)
    if pad > 0:
        frags.append(("", " " * pad))
    return frags


def _cell_style(key: str, row: Row, text: str) -> str:
    if text == PLACEHOLDER or text.endswith(PLACEHOLDER):
        return "class:dim"
    if key == "status":
        return "class:status"
    if key in ("age",):
        return "class:dim"
    if key == "gutter" and row.is_current:
        return "class:current"
    return ""


def _number_fragments(text: str, width: int, *, right: bool) -> list[Fragment]:
    frags: list[Fragment] = []
    pad = " " * max(0, width - display_width(text))
    if right:
        frags.append(("", pad))
    for n, token in enumerate(text.split(" ")):
        if n:
            frags.append(("", " "))
        if token[:1] in ("+", "↑"):
            frags.append(("class:added", token))
        elif token[:1] in ("-", "↓"):
            frags.append(("class:deleted", token))
        else:
            frags.append(("", token))
    if not right:
        frags.append(("", pad))
    return frags


class Model:
    """Rows, the query, the ranked matches and the selection; the UI only draws this."""

    def __init__(self, listing: Listing, cwd: str) -> None:
        self.listing = listing
        self.cwd = cwd
        self.items = [self._item(row) for row in listing.rows if self._selectable(row)]
        for n, item in enumerate(self.items):
            item.order = n
        self.query = ""
        self.hits: list[Hit] = [Hit(item) for item in self.items]
        self.selected = 0
        self.top = 0
        self._lock = threading.Lock()
        self._stale: set[int] = set()  # ids of rows whose cells need computing again
        self._all_stale = True
        self._widths: dict[str, int] = {}
        self._shown: set[str] = set()  # columns that ever had something in them

    @staticmethod
    def _selectable(row: Row) -> bool:
        return row.kind != "worktree" or row.worktree is None or not row.worktree.bare

    def _item(self, row: Row) -> Item:
        return Item(row, self._branch_text(row), self._path_text(row))

    @staticmethod
    def _branch_text(row: Row) -> str:
        if row.branch:
            return row.branch
        return f"({row.head.short_sha})" if row.head else "(detached)"

    def _path_text(self, row: Row) -> str:
        if not row.path:
            return ""
        rel = os.path.relpath(row.path, self.cwd)
        return rel if len(rel) <= len(row.path) else row.path

    # -- querying and moving ------------------------------------------------------------------

    def set_query(self, query: str) -> None:
        if query == self.query:
            return
        pool = [h.item for h in self.hits] if narrows(self.query, query) else self.items
        self.query = query
        self.hits = rank(pool, query)
        self.selected = 0
        self.top = 0

    def move(self, delta: int) -> None:
        if self.hits:
            self.selected = max(0, min(len(self.hits) - 1, self.selected + delta))

    def move_to(self, index: int) -> None:
        self.selected = 0 if not self.hits else max(0, min(len(self.hits) - 1, index))

    @property
    def current(self) -> Item | None:
        return self.hits[self.selected].item if self.hits else None

    def visible(self, height: int) -> list[tuple[int, Hit]]:
        """The hits that fit in `height` lines, scrolled so the selection shows."""
        if height <= 0:
            return []
        if self.selected < self.top:
            self.top = self.selected
        elif self.selected >= self.top + height:
            self.top = self.selected - height + 1
        self.top = max(0, min(self.top, max(0, len(self.hits) - height)))
        end = min(len(self.hits), self.top + height)
        return [(i, self.hits[i]) for i in range(self.top, end)]

    # -- changing rows ------------------------------------------------------------------------

    def touch(self, row: Row | None = None) -> None:
        """Note that `row` (None: every row) changed; may be called from any thread."""
        with self._lock:
            if row is None:
                self._all_stale = True
            else:
                self._stale.add(id(row))

    def replace(self, item: Item, row: Row | None) -> None:
        """Swap one row (None: drop it), keeping the query and the cursor's position."""
        at = next((i for i, it in enumerate(self.items) if it is item), None)
        if at is None:
            return
        if row is None:
            del self.items[at]
        else:
            self.items[at] = self._item(row)
            self.items[at].order = item.order
            self.touch(row)
        keep = self.selected
        self.hits = rank(self.items, self.query)
        self.move_to(keep)

    # -- drawing --------------------------------------------------------------------------------

    def _cell(self, column: Column, item: Item, now: float) -> str:
        if column.key == "branch":
            return item.branch_text
        if column.key == "path":
            return item.path_text
        if column.key == "age":
            return format_age(now - item.row.head.committed_at) if item.row.head else ""
        assert column.cell is not None
        text = column.cell(item.row, self.listing)
        if column.kinds & item.row.pending:
            return text + PLACEHOLDER if column.key == "status" else text or PLACEHOLDER
        return text

    def _refresh_cells(self) -> None:
        """Recompute the cells of changed rows. Column widths only ever grow, so the
        table does not jump about as cells fill in or rows are filtered away."""
        with self._lock:
            if not self._all_stale and not self._stale:
                return
            everything, stale = self._all_stale, self._stale
            self._all_stale, self._stale = False, set()
        todo = self.items if everything else [i for i in self.items if id(i.row) in stale]
        widths = self._widths or {c.key: display_width(self.title(c)) for c in COLUMNS}
        now = time.time()
        for item in todo:
            for column in COLUMNS:
                # Branch names, paths and subjects are other people's text: never raw.
                text = printable(self._cell(column, item, now))
                item.cells[column.key] = text
                if display_width(text) > widths[column.key]:
                    widths[column.key] = display_width(text)
        self._widths = widths
        # Like `git wt list`, a column with nothing in it (not even a cell loading) takes
        # no room; unlike it, a column once shown stays, so the table never jumps back.
        for column in COLUMNS:
            if column.key not in self._shown and any(i.cells.get(column.key) for i in todo):
                self._shown.add(column.key)

    def title(self, column: Column) -> str:
        return printable(
            column.title.replace("{default}", self.listing.default_branch or "default")
        )

    def layout(self, width: int) -> Layout:
        self._refresh_cells()
        hidden = [c.key for c in COLUMNS if c.cell is not None and c.key not in self._shown]
        return fit(self._widths, width, skip=hidden)

    def header(self, layout: Layout) -> list[Fragment]:
        frags: list[Fragment] = []
        for n, column in enumerate(layout.columns):
            if n:
                frags.append(("", " " * GAP))
            title = self.title(column)
            pad = " " * max(0, layout.widths[column.key] - display_width(title))
            frags.append(("class:header", pad + title if column.right else title + pad))
        return frags

    def line(self, hit: Hit, layout: Layout, *, selected: bool) -> list[Fragment]:
        item = hit.item
        row = item.row
        base = ""
        if row.is_current:
            base = "class:current"
        elif row.integrated or row.prunable:
            base = "class:dim"
        frags: list[Fragment] = []
        for n, column in enumerate(layout.columns):
            if n:
                frags.append(("", " " * GAP))
            width = layout.widths[column.key]
            text = item.cells.get(column.key, "")
            if column.key == "branch":
                style = "class:detached" if row.branch is None else "class:branch"
                frags += _highlighted(text, hit.branch_positions, style, width)
            elif column.key == "path":
                frags += _highlighted(text, hit.path_positions, "class:path", width)
            elif column.key in ("working-diff", "ahead-behind") and PLACEHOLDER not in text:
                frags += _number_fragments(text, width, right=column.right)
            else:
                shown = truncate(text, width)
                pad = " " * max(0, width - display_width(shown))
                style = _cell_style(column.key, row, text)
                frags.append((style, pad + shown if column.right else shown + pad))
        if base:
            frags = [(f"{base} {style}".strip(), text) for style, text in frags]
        if selected:
            frags = [(f"class:picked {style}".strip(), text) for style, text in frags]
        return frags
