"""Working-tree state: the one porcelain status parser, operations in progress, staging."""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass

from git_wt.errors import WtError
from git_wt.git.repository import Repository
from git_wt.ui.words import Name, plural


class StageMode(Name):
    """What `--stage` puts in the index before committing."""

    ALL = "all"
    TRACKED = "tracked"
    NONE = "none"


STAGE_MODES = tuple(m.value for m in StageMode)


class Operation(enum.Enum):
    """A git operation stopped half-way; `value` is its name in JSON, `phrase` in prose."""

    REBASE = "rebase"
    MERGE = "merge"
    CHERRY_PICK = "cherry_pick"
    REVERT = "revert"
    BISECT = "bisect"


# Files under a worktree's git dir whose presence means an operation stopped half-way.
_MARKERS = (
    ("rebase-merge", Operation.REBASE, "a rebase"),
    ("rebase-apply", Operation.REBASE, "a rebase (or git am)"),
    ("MERGE_HEAD", Operation.MERGE, "a merge"),
    ("CHERRY_PICK_HEAD", Operation.CHERRY_PICK, "a cherry-pick"),
    ("REVERT_HEAD", Operation.REVERT, "a revert"),
    ("BISECT_LOG", Operation.BISECT, "a bisect"),
)


def operation_marker(git_dir: str | None) -> tuple[Operation, str] | None:
    """The operation in progress in the worktree whose git dir is `git_dir`, with its phrase."""
    if not git_dir:
        return None
    for name, operation, phrase in _MARKERS:
        if os.path.exists(os.path.join(git_dir, name)):
            return operation, phrase
    return None


def operation_in(git_dir: str | None) -> str | None:
    """The JSON name of the operation in progress (`rebase`, `merge`, ...), if any."""
    found = operation_marker(git_dir)
    return found[0].value if found else None


def operation_in_progress(repo: Repository, path: str) -> str | None:
    """What git operation is stopped half-way in the worktree at `path`, in prose."""
    git_dir = repo.git.out("rev-parse", "--path-format=absolute", "--git-dir", cwd=path)
    found = operation_marker(git_dir)
    return found[1] if found else None


@dataclass(frozen=True)
class StatusEntry:
    """One path of `git status`: index state, worktree state (" " = unchanged), path."""

    index: str
    worktree: str
    path: str
    orig_path: str | None = None
    conflicted: bool = False

    @property
    def untracked(self) -> bool:
        return self.index == "?"

    @property
    def staged(self) -> bool:
        return self.index not in (" ", "?", "!")

    @property
    def unstaged(self) -> bool:
        return self.worktree not in (" ", "?", "!")

    def short(self) -> str:
        """The entry as `git status --short` shows it (`XY path`)."""
        return f"{self.index}{self.worktree} {self.path}"


@dataclass(frozen=True)
class Status:
    """`git status --porcelain=v2 -z [--branch]`: the entries and the branch headers."""

    entries: tuple[StatusEntry, ...] = ()
    branch_oid: str | None = None
    branch: str | None = None  # from `# branch.head`; None when detached
    upstream: str | None = None  # short name, from `# branch.upstream`
    upstream_ab: tuple[int, int] | None = None  # (ahead, behind)


# Fields before the path in each v2 record kind.
_PATH_FIELD = {"1": 8, "2": 9, "u": 10}


def parse_status(text: str) -> Status:
    """Parse `git status --porcelain=v2 -z [--branch]`."""
    entries: list[StatusEntry] = []
    oid = upstream = branch = None
    ab = None
    records = text.split("\0")
    i = 0
    while i < len(records):
        record = records[i]
        i += 1
        if not record:
            continue
        kind = record[0]
        if kind == "#":
            words = record.split(" ")
            if len(words) >= 3 and words[1] == "branch.oid" and words[2] != "(initial)":
                oid = words[2]
            elif len(words) >= 3 and words[1] == "branch.head" and words[2] != "(detached)":
                branch = " ".join(words[2:])
            elif len(words) >= 3 and words[1] == "branch.upstream":
                upstream = words[2]
            elif len(words) >= 4 and words[1] == "branch.ab":
                ab = (abs(int(words[2])), abs(int(words[3])))
        elif kind in "?!":
            entries.append(StatusEntry(kind, kind, record[2:]))
        elif kind in _PATH_FIELD:
            fields = record.split(" ", _PATH_FIELD[kind])
            if len(fields) <= _PATH_FIELD[kind]:
                continue
            x, y = (c if c != "." else " " for c in fields[1][:2])
            orig = None
            if kind == "2":  # a rename carries its original path as one more record
                orig = records[i] if i < len(records) else None
                i += 1
            entries.append(StatusEntry(x, y, fields[-1], orig, conflicted=kind == "u"))
    return Status(tuple(entries), oid, branch, upstream, ab)


def read_status(
    repo: Repository, path: str, *, untracked: str = "all", branch: bool = False
) -> Status:
    """The status of the worktree at `path`, without taking git's optional locks."""
    argv = ["--no-optional-locks", "status", "--porcelain=v2", "-z"]
    argv += [f"--untracked-files={untracked}", "--ignore-submodules=none"]
    if branch:
        argv.append("--branch")
    return parse_status(repo.git.run(*argv, cwd=path).stdout)


def status(repo: Repository, path: str, untracked: str = "all") -> list[StatusEntry]:
    return list(read_status(repo, path, untracked=untracked).entries)


def unmerged_paths(repo: Repository, path: str) -> list[str]:
    out = repo.git.run("ls-files", "--unmerged", "-z", cwd=path).stdout
    seen: list[str] = []
    for record in out.split("\0"):
        if "\t" in record:
            name = record.split("\t", 1)[1]
            if name not in seen:
                seen.append(name)
    return seen


def check_ready(repo: Repository, path: str, branch: str | None, action: str) -> str:
    """Refuse to `action` mid-operation, with conflicts, or on a detached HEAD; the branch."""
    what = operation_in_progress(repo, path)
    if what:
        raise WtError(
            f"cannot {action}: {what} is in progress in {path}",
            hint="finish it (e.g. git rebase --continue) or abort it (git rebase --abort), "
            "then run the command again",
        )
    conflicts = unmerged_paths(repo, path)
    if conflicts:
        raise WtError(
            f"cannot {action}: {plural(len(conflicts), 'path')} with unresolved conflicts",
            detail="\n".join(conflicts[:10]),
            hint="resolve them and `git add` the results, then run the command again",
        )
    if branch is None:
        raise WtError(
            f"cannot {action}: HEAD is detached (not on a branch)",
            hint="create or switch to a branch first: git switch -c NAME",
        )
    return branch


def has_work(entries: list[StatusEntry], mode: str) -> bool:
    """Would staging with `mode` leave something staged?"""
    if mode == "all":
        return bool(entries)
    if mode == "tracked":
        return any(e.staged or e.unstaged for e in entries if not e.untracked)
    return any(e.staged for e in entries)


def stage(repo: Repository, path: str, mode: str) -> list[str]:
    """Stage per `--stage`; returns the untracked paths that `all` added."""
    if mode == "all":
        new = [e.path for e in status(repo, path) if e.untracked]
        repo.git.run("add", "--all", "--", ":/", cwd=path)
        return new
    if mode == "tracked":
        repo.git.run("add", "--update", "--", ":/", cwd=path)
    return []
