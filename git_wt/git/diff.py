"""Diffs: line statistics (the one numstat and shortstat parsers) and changed paths."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from git_wt.git.repository import Repository
from git_wt.ui.words import plural

# Options that keep diff output a pure function of the two commits, whatever the
# user's diff drivers or settings say (cached results must not depend on them).
PURE_DIFF = ("--no-ext-diff", "--no-textconv", "--no-color")
PURE_STATS = (*PURE_DIFF, "--find-renames", "--diff-algorithm=myers")


@dataclass(frozen=True)
class DiffStat:
    files: int = 0
    added: int = 0
    deleted: int = 0
    paths: frozenset[str] | None = None  # every path touched, when it was parsed

    def describe(self) -> str:
        return f"{plural(self.files, 'file')}, +{self.added} -{self.deleted}"


def parse_numstat(text: str) -> DiffStat:
    """`git diff --numstat -z`: a rename's record is followed by its two paths."""
    files = added = deleted = 0
    paths: set[str] = set()
    fields = text.split("\0")
    i = 0
    while i < len(fields):
        record = fields[i]
        i += 1
        if not record:
            continue
        parts = record.split("\t", 2)
        if len(parts) < 3:
            continue
        files += 1
        added += int(parts[0]) if parts[0].isdigit() else 0
        deleted += int(parts[1]) if parts[1].isdigit() else 0
        if parts[2]:
            paths.add(parts[2])
        else:
            paths.update(fields[i : i + 2])
            i += 2
    return DiffStat(files, added, deleted, frozenset(paths))


def parse_shortstat(text: str) -> tuple[int, int, int]:
    """(files changed, insertions, deletions) from `git diff --shortstat`."""
    files = added = deleted = 0
    for part in text.split(","):
        words = part.split()
        if len(words) >= 2 and words[0].isdigit():
            if words[1].startswith("file"):
                files = int(words[0])
            elif words[1].startswith("insertion"):
                added = int(words[0])
            elif words[1].startswith("deletion"):
                deleted = int(words[0])
    return files, added, deleted


def diff_stat(repo: Repository, old: str, new: str) -> DiffStat:
    """Files and lines that differ between two commits."""
    out = repo.git.run(
        "diff", "--numstat", "-z", "--no-renames", old, new, "--", cwd=repo.any_dir
    ).stdout
    return parse_numstat(out)


def staged_stat(repo: Repository, path: str, against: str) -> DiffStat:
    """What the index of the worktree at `path` changes against `against`."""
    out = repo.git.run(
        "diff", "--cached", "--numstat", "-z", "--no-renames", against, "--", cwd=path
    ).stdout
    return parse_numstat(out)


def changed_paths(repo: Repository, old: str, new: str) -> list[tuple[str, str]]:
    """(status letter, path) for every path that differs between two commits."""
    out = repo.git.run(
        "diff", "--name-status", "-z", "--no-renames", old, new, "--", cwd=repo.any_dir
    ).stdout
    tokens = [t for t in out.split("\0") if t]
    return list(zip(tokens[0::2], tokens[1::2], strict=False))


def has_staged(repo: Repository, path: str, against: str = "HEAD") -> bool:
    return not repo.git.ok("diff", "--cached", "--quiet", "--no-ext-diff", against, "--", cwd=path)


def staged_paths(
    repo: Repository, path: str, against: str = "HEAD", env: Mapping[str, str] | None = None
) -> list[str]:
    out = repo.git.run(
        "diff", "--cached", "--name-only", "-z", "--no-renames", against, "--", cwd=path, env=env
    ).stdout
    return [p for p in out.split("\0") if p]
