"""The rows of `git wt list` and the picker: what each row knows, and its status symbols.

Reading a row from another thread while `tasks.fill` runs is safe: every result
replaces a whole attribute (a new `WorkingTree`, `Relation`, ...), never mutates one
in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from git_wt.git.repository import Worktree
from git_wt.git.shacache import ShaCache

if TYPE_CHECKING:
    from git_wt.listing.forge import PullRequest

# The kinds of per-row work (see `git_wt.listing.tasks`); a row's `pending` names them.
STATUS = "status"
WORKING_DIFF = "working-diff"
AHEAD_BEHIND = "ahead-behind"
BRANCH_DIFF = "branch-diff"
INTEGRATION = "integration"
UPSTREAM = "upstream"
CI = "ci"
KINDS = (STATUS, WORKING_DIFF, AHEAD_BEHIND, BRANCH_DIFF, INTEGRATION, UPSTREAM, CI)
LOCAL_KINDS = frozenset(KINDS) - {CI}
RELATION_KINDS = frozenset({AHEAD_BEHIND, BRANCH_DIFF, INTEGRATION})


class Head(NamedTuple):
    sha: str
    short_sha: str
    subject: str
    committed_at: int
    tree: str = ""


class WorkingTree(NamedTuple):
    staged: int = 0
    modified: int = 0
    untracked: int = 0
    conflicts: int = 0
    added_lines: int = 0
    deleted_lines: int = 0

    @property
    def dirty(self) -> bool:
        return bool(self.staged or self.modified or self.untracked or self.conflicts)


class Relation(NamedTuple):
    """The row's branch against the default branch."""

    ahead: int = 0
    behind: int = 0
    added_lines: int = 0
    deleted_lines: int = 0
    counted: bool = False  # ahead/behind known
    changed_files: int | None = None  # None: unknown (not computed, or unrelated histories)
    integrated: str | None = None


class Upstream(NamedTuple):
    name: str
    ahead: int
    behind: int


@dataclass
class Row:
    kind: str  # "worktree" | "branch" | "remote"
    branch: str | None
    path: str | None
    head: Head | None
    is_current: bool = False
    is_main: bool = False
    detached: bool = False
    locked: bool = False
    prunable: bool = False
    operation: str | None = None
    working_tree: WorkingTree | None = None
    relation: Relation | None = None
    upstream: Upstream | None = None
    upstream_ref: str | None = None  # full ref name, e.g. refs/remotes/origin/x
    upstream_sha: str | None = None
    ci: PullRequest | None = None
    pending: frozenset[str] = frozenset()
    worktree: Worktree | None = field(default=None, repr=False)

    @property
    def integrated(self) -> bool:
        """Clean, and everything on it is in the default branch already."""
        rel, wt = self.relation, self.working_tree
        return bool(rel and rel.integrated and (wt is None or not wt.dirty))

    @property
    def label(self) -> str:
        if self.branch:
            return self.branch
        return self.head.short_sha if self.head else (self.path or "?")

    def symbols(self, default_branch: str | None) -> str:
        """Status symbols of SPEC 2.2: working tree, state, default branch, upstream."""
        out = ""
        wt = self.working_tree
        if wt is not None:
            out += "+" if wt.staged else ""
            out += "!" if wt.modified else ""
            out += "?" if wt.untracked else ""
        if wt is not None and wt.conflicts:
            out += "✘"
        elif self.operation:
            out += "↻"
        elif self.prunable:
            out += "⊟"
        elif self.locked:
            out += "⊞"
        rel = self.relation
        if rel is not None and self.branch != default_branch:
            # Uncommitted work is not in the default branch: such a row is never "done".
            integrated = rel.integrated if wt is None or not wt.dirty else None
            if integrated == "same_commit":
                out += "_"
            elif integrated:
                out += "⊂"
            else:
                out += _direction(rel.ahead, rel.behind, "↕↑↓")
        up = self.upstream
        if up is not None:
            out += _direction(up.ahead, up.behind, "⇅⇡⇣|")
        return out


def _direction(ahead: int, behind: int, marks: str) -> str:
    """The mark for diverged, ahead, behind, and (when `marks` has a fourth) in sync."""
    if ahead and behind:
        return marks[0]
    if ahead or behind:
        return marks[1] if ahead else marks[2]
    return marks[3:]


@dataclass
class Listing:
    default_branch: str | None
    rows: list[Row]
    target_sha: str | None = None  # the default branch's tip
    target_tree: str = ""
    cache: ShaCache = field(default_factory=lambda: ShaCache(None), repr=False)
    errors: list[str] = field(default_factory=list)
    no_commits: bool = False  # a repository with no commits yet (so no default branch)
    ci_note: str | None = None  # why the CI column is empty, when it is
    ci_requested: bool = False
