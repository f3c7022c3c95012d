"""Collecting what `git wt list` shows: rows from batched git calls, then parallel per-row work."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from git_wt.integration import integration_reason
from git_wt.repo import Repository, Worktree

_OPERATION_FILES = (
    ("rebase-merge", "rebase"),
    ("rebase-apply", "rebase"),
    ("MERGE_HEAD", "merge"),
    ("CHERRY_PICK_HEAD", "cherry_pick"),
    ("REVERT_HEAD", "revert"),
    ("BISECT_LOG", "bisect"),
)


@dataclass
class Head:
    sha: str
    short_sha: str
    subject: str
    committed_at: int


@dataclass
class WorkingTree:
    staged: int = 0
    modified: int = 0
    untracked: int = 0
    conflicts: int = 0
    added_lines: int = 0
    deleted_lines: int = 0

    @property
    def dirty(self) -> bool:
        return bool(self.staged or self.modified or self.untracked or self.conflicts)


@dataclass
class Relation:
    ahead: int = 0
    behind: int = 0
    added_lines: int = 0
    deleted_lines: int = 0
    integrated: str | None = None


@dataclass
class Upstream:
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
    upstream_ref: str | None = None
    worktree: Worktree | None = field(default=None, repr=False)

    def symbols(self, default_branch: str | None) -> str:
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
            if rel.integrated == "same_commit":
                out += "_"
            elif rel.integrated:
                out += "⊂"
            elif rel.ahead and rel.behind:
                out += "↕"
            elif rel.ahead:
                out += "↑"
            elif rel.behind:
                out += "↓"
        up = self.upstream
        if up is not None:
            if up.ahead and up.behind:
                out += "⇅"
            elif up.ahead:
                out += "⇡"
            elif up.behind:
                out += "⇣"
            else:
                out += "|"
        return out


@dataclass
class Listing:
    default_branch: str | None
    rows: list[Row]


def _jobs(repo: Repository) -> int:
    configured = repo.config.get("wt.list.jobs")
    if configured and configured.isdigit() and int(configured) > 0:
        return int(configured)
    return min(32, 2 * (os.cpu_count() or 2))


def _branch_refs(repo: Repository, remotes: bool) -> dict[str, dict[str, str]]:
    """One for-each-ref over heads (and remotes): tip, subject, time, upstream."""
    fmt = "%00".join(
        [
            "%(refname)",
            "%(objectname)",
            "%(objectname:short)",
            "%(committerdate:unix)",
            "%(upstream:short)",
            "%(symref)",
            "%(subject)",
        ]
    )
    patterns = ["refs/heads/"] + (["refs/remotes/"] if remotes else [])
    out = repo.git.run("for-each-ref", f"--format={fmt}", *patterns, cwd=repo.any_dir).stdout
    refs: dict[str, dict[str, str]] = {}
    for line in out.split("\n"):
        parts = line.split("\0")
        if len(parts) < 7:
            continue
        ref, sha, short, when, upstream, symref, subject = parts[:7]
        if symref:
            continue
        refs[ref] = {
            "sha": sha,
            "short": short,
            "time": when,
            "upstream": upstream,
            "subject": subject,
        }
    return refs


def _heads_of(repo: Repository, shas: list[str]) -> dict[str, Head]:
    """One `git log --no-walk` for commits not covered by the ref listing."""
    if not shas:
        return {}
    out = repo.git.run(
        "log",
        "--no-walk=unsorted",
        "--no-show-signature",
        "--format=%H%x00%h%x00%ct%x00%s",
        *shas,
        "--",
        cwd=repo.any_dir,
        check=False,
    ).stdout
    heads: dict[str, Head] = {}
    for line in out.splitlines():
        parts = line.split("\0")
        if len(parts) == 4:
            heads[parts[0]] = Head(parts[0], parts[1], parts[3], int(parts[2] or 0))
    return heads


def collect_rows(repo: Repository, branches: bool, remotes: bool) -> Listing:
    """The skeleton: every row with its head, from a constant number of git calls."""
    default = repo.default_branch_or_none()
    refs = _branch_refs(repo, remotes)
    worktrees = [w for w in repo.worktrees if not w.bare]
    missing = [w.head for w in worktrees if w.head and w.branch is None]
    extra = _heads_of(repo, [s for s in dict.fromkeys(missing) if s])
    rows: list[Row] = []
    for wt in worktrees:
        head = None
        upstream_ref = None
        if wt.branch is not None and f"refs/heads/{wt.branch}" in refs:
            info = refs[f"refs/heads/{wt.branch}"]
            head = Head(info["sha"], info["short"], info["subject"], int(info["time"] or 0))
            upstream_ref = info["upstream"] or None
        elif wt.head and wt.head in extra:
            head = extra[wt.head]
        rows.append(
            Row(
                kind="worktree",
                branch=wt.branch,
                path=wt.path,
                head=head,
                is_current=repo.toplevel is not None and os.path.normpath(wt.path) == repo.toplevel,
                is_main=wt.is_main,
                detached=wt.detached or (wt.branch is None),
                locked=wt.is_locked,
                prunable=wt.is_prunable,
                upstream_ref=upstream_ref,
                worktree=wt,
            )
        )
    rows.sort(
        key=lambda r: (not r.is_current, not r.is_main, -(r.head.committed_at if r.head else 0))
    )
    with_worktree = {w.branch for w in worktrees if w.branch}
    if branches:
        extra_rows = []
        for ref, info in refs.items():
            if not ref.startswith("refs/heads/"):
                continue
            name = ref[len("refs/heads/") :]
            if name in with_worktree:
                continue
            extra_rows.append(
                Row("branch", name, None, _head(info), upstream_ref=info["upstream"] or None)
            )
        rows += sorted(extra_rows, key=lambda r: -(r.head.committed_at if r.head else 0))
    if remotes:
        local = {r[len("refs/heads/") :] for r in refs if r.startswith("refs/heads/")}
        tracked = {info["upstream"] for info in refs.values() if info["upstream"]}
        remote_rows = []
        for ref, info in refs.items():
            if not ref.startswith("refs/remotes/"):
                continue
            name = ref[len("refs/remotes/") :]
            short = repo.strip_remote(name) or name
            if short in local or name in tracked:
                continue
            remote_rows.append(Row("remote", name, None, _head(info)))
        rows += sorted(remote_rows, key=lambda r: -(r.head.committed_at if r.head else 0))
    return Listing(default, rows)


def _head(info: dict[str, str]) -> Head:
    return Head(info["sha"], info["short"], info["subject"], int(info["time"] or 0))


# -- per-row work ---------------------------------------------------------------------


def _parse_shortstat(text: str) -> tuple[int, int]:
    added = deleted = 0
    for part in text.split(","):
        words = part.split()
        if len(words) >= 2 and words[0].isdigit():
            if words[1].startswith("insertion"):
                added = int(words[0])
            elif words[1].startswith("deletion"):
                deleted = int(words[0])
    return added, deleted


def _working_tree(repo: Repository, row: Row) -> None:
    assert row.path is not None
    status = repo.git.run(
        "--no-optional-locks",
        "status",
        "--porcelain=v2",
        "-z",
        "--untracked-files=normal",
        cwd=row.path,
        check=False,
    )
    wt = WorkingTree()
    if status.ok:
        records = status.stdout.split("\0")
        skip_next = False
        for record in records:
            if skip_next:
                skip_next = False
                continue
            if not record:
                continue
            kind = record[0]
            if kind == "?":
                wt.untracked += 1
            elif kind == "u":
                wt.conflicts += 1
            elif kind in "12":
                xy = record[2:4]
                if xy[0] != ".":
                    wt.staged += 1
                if xy[1] != ".":
                    wt.modified += 1
                skip_next = kind == "2"  # renames carry the original path as an extra record
    if row.head is not None:
        diff = repo.git.run(
            "--no-optional-locks", "diff", "--shortstat", "HEAD", "--", cwd=row.path, check=False
        )
        wt.added_lines, wt.deleted_lines = _parse_shortstat(diff.stdout)
    row.working_tree = wt
    git_dir = repo.worktree_git_dir(row.worktree) if row.worktree else None
    if git_dir:
        for name, operation in _OPERATION_FILES:
            if os.path.exists(os.path.join(git_dir, name)):
                row.operation = operation
                break


def _relation(repo: Repository, row: Row, target_sha: str) -> None:
    assert row.head is not None
    sha = row.head.sha
    cwd = repo.common_dir
    rel = Relation()
    counts = repo.git.run(
        "rev-list", "--left-right", "--count", f"{target_sha}...{sha}", "--", cwd=cwd, check=False
    )
    if counts.ok:
        behind, ahead = (int(x) for x in counts.stdout.split())
        rel.ahead, rel.behind = ahead, behind
    diff = repo.git.run("diff", "--shortstat", f"{target_sha}...{sha}", "--", cwd=cwd, check=False)
    rel.added_lines, rel.deleted_lines = _parse_shortstat(diff.stdout)
    rel.integrated = integration_reason(repo.git, cwd, sha, target_sha)
    row.relation = rel


def _upstream(repo: Repository, row: Row) -> None:
    assert row.head is not None and row.upstream_ref is not None
    counts = repo.git.run(
        "rev-list",
        "--left-right",
        "--count",
        f"{row.upstream_ref}...{row.head.sha}",
        "--",
        cwd=repo.common_dir,
        check=False,
    )
    if counts.ok:
        behind, ahead = (int(x) for x in counts.stdout.split())
        row.upstream = Upstream(row.upstream_ref, ahead, behind)


def tasks_for(repo: Repository, listing: Listing) -> list[tuple[Row, Callable[[], None]]]:
    """Every piece of per-row git work, local work first."""
    target_sha = None
    if listing.default_branch:
        target_sha = repo.local_branches.get(listing.default_branch)
    tasks: list[tuple[Row, Callable[[], None]]] = []
    for row in listing.rows:
        if row.prunable:
            continue
        if row.kind == "worktree" and row.path:
            tasks.append((row, _bind(_working_tree, repo, row)))
        if row.head is None:
            continue
        if target_sha:
            tasks.append((row, _bind_rel(repo, row, target_sha)))
        if row.upstream_ref:
            tasks.append((row, _bind(_upstream, repo, row)))
    return tasks


def _bind(fn: Callable[[Repository, Row], None], repo: Repository, row: Row) -> Callable[[], None]:
    return lambda: fn(repo, row)


def _bind_rel(repo: Repository, row: Row, target_sha: str) -> Callable[[], None]:
    return lambda: _relation(repo, row, target_sha)


def fill(repo: Repository, listing: Listing, on_done: Callable[[Row], None] | None = None) -> None:
    """Run all per-row work on one bounded pool; `on_done` sees each row as it updates."""
    tasks = tasks_for(repo, listing)
    if not tasks:
        return
    with ThreadPoolExecutor(max_workers=_jobs(repo)) as pool:
        futures = [(row, pool.submit(task)) for row, task in tasks]
        for row, future in futures:
            future.result()
            if on_done is not None:
                on_done(row)


def to_json(listing: Listing) -> dict[str, Any]:
    items = []
    for row in listing.rows:
        item: dict[str, Any] = {
            "branch": row.branch,
            "path": row.path,
            "kind": row.kind,
            "is_current": row.is_current,
            "is_main": row.is_main,
            "detached": row.detached,
            "locked": row.locked,
            "prunable": row.prunable,
            "head": None,
            "working_tree": None,
        }
        if row.head is not None:
            import datetime

            when = datetime.datetime.fromtimestamp(row.head.committed_at, datetime.timezone.utc)
            item["head"] = {
                "sha": row.head.sha,
                "short_sha": row.head.short_sha,
                "subject": row.head.subject,
                "committed_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
        if row.working_tree is not None:
            wt = row.working_tree
            item["working_tree"] = {
                "staged": wt.staged,
                "modified": wt.modified,
                "untracked": wt.untracked,
                "conflicts": wt.conflicts,
                "added_lines": wt.added_lines,
                "deleted_lines": wt.deleted_lines,
            }
        if row.relation is not None and row.branch != listing.default_branch:
            rel = row.relation
            item["default_branch"] = {
                "ahead": rel.ahead,
                "behind": rel.behind,
                "added_lines": rel.added_lines,
                "deleted_lines": rel.deleted_lines,
                "integrated": rel.integrated,
            }
        item["upstream"] = (
            {"name": row.upstream.name, "ahead": row.upstream.ahead, "behind": row.upstream.behind}
            if row.upstream
            else None
        )
        item["operation"] = row.operation
        item["symbols"] = row.symbols(listing.default_branch)
        items.append(item)
    return {"default_branch": listing.default_branch, "items": items}
