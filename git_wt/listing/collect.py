"""The rows of `git wt list` before their per-row work, from a few batched git calls.

Public API (also used by the interactive picker to show its rows at once):

    listing = collect_rows(repo, branches=False, remotes=False)
        The skeleton, fast: every row with its branch, path and head commit (SHA,
        subject, time), from a constant number of git calls whatever the row count.
        Cells that need more work are planned and run by `git_wt.listing.tasks`.

    collect_current(repo, details=True) -> Listing
        One row for the worktree the command runs in, filled (the statusline).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from git_wt.errors import WtError
from git_wt.git.refs import upstream_of
from git_wt.git.repository import Repository
from git_wt.git.shacache import ShaCache
from git_wt.git.status import operation_in
from git_wt.listing.model import Head, Listing, Row, Upstream
from git_wt.listing.tasks import fill_relation, working_lines, worktree_status

_REF_FORMAT = "%00".join(
    [
        "%(refname)",
        "%(objectname)",
        "%(objectname:short)",
        "%(tree)",
        "%(committerdate:unix)",
        "%(upstream)",
        "%(symref)",
        "%(subject)",
    ]
)


class _Ref(NamedTuple):
    head: Head
    upstream: str


def _predicted_upstreams(repo: Repository, branches: Iterable[str] | None) -> list[str]:
    """Upstream refs named by `branch.<name>.remote/merge` in config (no git call).

    They are listed in the same for-each-ref as the branches, so the upstream tips are
    known without another call. `branches` None means every configured branch.
    """
    if branches is None:
        names = {
            key[len("branch.") :].rpartition(".")[0]
            for key, _ in repo.config.items_with_prefix("branch.")
        }
    else:
        names = set(branches)
    found = (upstream_of(repo, name) for name in sorted(names))
    return [ref for ref in found if ref]


def _list_refs(repo: Repository, patterns: list[str], exact: set[str] | None) -> dict[str, _Ref]:
    """One for-each-ref; `exact` keeps only those full names (patterns match prefixes)."""
    out = repo.git.run(
        "for-each-ref", f"--format={_REF_FORMAT}", "--", *patterns, cwd=repo.any_dir
    ).stdout
    # Whole namespaces ("refs/heads/", "refs/remotes/") are asked for with a trailing slash.
    spaces = tuple(p for p in exact or () if p.endswith("/"))
    refs: dict[str, _Ref] = {}
    for line in out.split("\n"):
        parts = line.split("\0")
        if len(parts) < 8:
            continue
        ref, sha, short, tree, when, upstream, symref, subject = parts[:8]
        if symref or (exact is not None and ref not in exact and not ref.startswith(spaces)):
            continue
        head = Head(sha, short, subject, int(when or 0), tree)
        refs[ref] = _Ref(head, upstream)
    return refs


def _heads_of(repo: Repository, shas: list[str]) -> dict[str, Head]:
    """One `git log --no-walk` for commits no ref listing covered (detached heads)."""
    if not shas:
        return {}
    out = repo.git.run(
        "log",
        "--no-walk=unsorted",
        "--no-show-signature",
        f"--format={_HEAD_FORMAT}",
        *shas,
        "--",
        cwd=repo.any_dir,
        check=False,
    ).stdout
    heads: dict[str, Head] = {}
    for line in out.splitlines():
        parts = line.split("\0")
        if len(parts) == 5:
            heads[parts[0]] = _head(parts)
    return heads


# A commit as `git log --format` gives it, fields NUL-separated, read by `_head`.
_HEAD_FORMAT = "%H%x00%h%x00%ct%x00%T%x00%s"


def _head(parts: list[str]) -> Head:
    return Head(parts[0], parts[1], parts[4], int(parts[2] or 0), parts[3])


def collect_rows(repo: Repository, *, branches: bool = False, remotes: bool = False) -> Listing:
    """The skeleton: every row with its head, from a constant number of git calls."""
    default = repo.default_branch_or_none()
    worktrees = [w for w in repo.worktrees if not w.bare]
    # A stopped rebase detaches HEAD; its row still belongs to the branch being rebased.
    rebasing = {
        w.path: name
        for w in worktrees
        if w.branch is None and (name := rebasing_branch(repo.worktree_git_dir(w)))
    }
    wt_branches = [
        w.branch or rebasing[w.path] for w in worktrees if w.branch or w.path in rebasing
    ]
    wanted: set[str] = {f"refs/heads/{b}" for b in wt_branches}
    if default:
        wanted.add(f"refs/heads/{default}")
    if branches:
        wanted.add("refs/heads/")
        wanted.update(_predicted_upstreams(repo, None))
    else:
        wanted.update(_predicted_upstreams(repo, wt_branches))
    if remotes:
        wanted.add("refs/remotes/")
    patterns = sorted(p.rstrip("/") if p.endswith("/") else p for p in wanted)
    refs = _list_refs(repo, patterns, wanted)
    detached = [w.head for w in worktrees if w.head and (w.branch is None)]
    extra = _heads_of(repo, [s for s in dict.fromkeys(detached) if s and set(s) != {"0"}])

    listing = Listing(default, [], cache=ShaCache(os.path.join(repo.state_dir, "cache")))
    if default and f"refs/heads/{default}" in refs:
        target = refs[f"refs/heads/{default}"].head
        listing.target_sha, listing.target_tree = target.sha, target.tree

    rows: list[Row] = []
    for wt in worktrees:
        head = None
        upstream = None
        if wt.branch is not None:
            found = refs.get(f"refs/heads/{wt.branch}")
            if found is not None:
                head, upstream = found.head, found.upstream or None
        elif wt.head and wt.head in extra:
            head = extra[wt.head]
            if wt.path in rebasing:
                found = refs.get(f"refs/heads/{rebasing[wt.path]}")
                upstream = found.upstream or None if found is not None else None
        rows.append(
            Row(
                kind="worktree",
                branch=wt.branch or rebasing.get(wt.path),
                path=wt.path,
                head=head,
                is_current=repo.toplevel is not None and os.path.normpath(wt.path) == repo.toplevel,
                is_main=wt.is_main,
                detached=wt.detached or wt.branch is None,
                locked=wt.is_locked,
                prunable=wt.is_prunable,
                worktree=wt,
                **_upstream_fields(upstream, refs),
            )
        )
    rows.sort(key=lambda r: (not r.is_current, not r.is_main, -_when(r)))

    if branches:
        checked_out = set(wt_branches)
        extra_rows = [
            Row(
                "branch",
                ref[len("refs/heads/") :],
                None,
                info.head,
                **_upstream_fields(info.upstream or None, refs),
            )
            for ref, info in refs.items()
            if ref.startswith("refs/heads/") and ref[len("refs/heads/") :] not in checked_out
        ]
        rows += sorted(extra_rows, key=lambda r: -_when(r))
    if remotes:
        local = {r[len("refs/heads/") :] for r in refs if r.startswith("refs/heads/")}
        tracked = {info.upstream for info in refs.values() if info.upstream}
        remote_rows = []
        for ref, info in refs.items():
            if not ref.startswith("refs/remotes/") or ref in tracked:
                continue
            name = ref[len("refs/remotes/") :]
            if (repo.strip_remote(name) or name) in local:
                continue
            remote_rows.append(Row("remote", name, None, info.head))
        rows += sorted(remote_rows, key=lambda r: -_when(r))
    listing.rows = rows
    # Only when nothing has a commit is it worth a look whether any branch does.
    listing.no_commits = (
        default is None and not any(row.head for row in rows) and not repo.local_branches
    )
    return listing


def _upstream_fields(upstream: str | None, refs: dict[str, _Ref]) -> dict[str, Any]:
    if not upstream:
        return {}
    found = refs.get(upstream)
    return {"upstream_ref": upstream, "upstream_sha": found.head.sha if found else None}


def _when(row: Row) -> int:
    return row.head.committed_at if row.head else 0


# -- the current worktree alone (statusline) ---------------------------------------------


def collect_current(repo: Repository, *, details: bool = True) -> Listing:
    """The row of the worktree the command runs in, filled, with as few git calls as can be.

    Built for prompts: `git status --branch` gives the branch, HEAD and the upstream
    counts in one call, and the rest comes from the SHA cache when it can. Without
    `details` the commit's subject and date are not looked up (the statusline has no
    use for them).
    """
    top = repo.toplevel
    if top is None:
        raise WtError(
            "the statusline needs a worktree, and this directory is not inside one",
            hint="cd into a worktree (git wt list shows them) and run it again",
        )
    status = _Background(lambda: worktree_status(repo, top, branch=True))
    lines = _Background(lambda: working_lines(repo, top))
    head = _Background(lambda: _current_head(repo, top)) if details else None
    default = repo.default_branch_or_none()
    target = _branch_tip(repo, default) if default else None
    report = status.result()
    listing = Listing(default, [], cache=ShaCache(os.path.join(repo.state_dir, "cache")))
    if target is not None:
        listing.target_sha, listing.target_tree = target
    current = head.result() if head is not None else None
    branch = current[0] if current is not None else report.branch
    detached = branch is None
    branch = branch or rebasing_branch(repo.git_dir)
    sha = current[1].sha if current is not None else report.branch_oid
    is_main = os.path.normpath(repo.git_dir) == os.path.normpath(repo.common_dir)
    row = Row(
        kind="worktree",
        branch=branch,
        path=top,
        head=current[1] if current else (Head(sha, sha[:7], "", 0) if sha else None),
        is_current=True,
        is_main=is_main,
        detached=detached,
        locked=not is_main and os.path.exists(os.path.join(repo.git_dir, "locked")),
        operation=operation_in(repo.git_dir),
    )
    added, deleted = lines.result()
    row.working_tree = report.working_tree._replace(added_lines=added, deleted_lines=deleted)
    if report.upstream and report.upstream_ab is not None:
        row.upstream = Upstream(report.upstream, *report.upstream_ab)
    listing.rows = [row]
    if sha and branch != default:
        fill_relation(repo, listing, row)
    return listing


class _Background:
    """One call on its own thread (lighter to import than a pool, for the prompt path)."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        self._fn = fn
        self._value: Any = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._fn()
        except BaseException as exc:  # re-raised in the caller's thread
            self._error = exc

    def result(self) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


def rebasing_branch(git_dir: str | None) -> str | None:
    """The branch a rebase stopped half-way in this worktree is rebasing (`head-name`)."""
    if not git_dir:
        return None
    for state in ("rebase-merge", "rebase-apply"):
        try:
            with open(os.path.join(git_dir, state, "head-name"), encoding="utf-8") as handle:
                name = handle.read(4096).strip()
        except OSError:
            continue
        if name.startswith("refs/heads/"):
            return name[len("refs/heads/") :]
    return None


def _current_head(repo: Repository, top: str) -> tuple[str | None, Head] | None:
    """(branch or None when detached, head commit) of the worktree at `top`."""
    result = repo.git.run(
        "log",
        "-1",
        "--no-show-signature",
        f"--format={_HEAD_FORMAT}%x00%D",
        "HEAD",
        "--",
        cwd=top,
        check=False,
    )
    parts = result.stdout.rstrip("\n").split("\0")
    if not result.ok or len(parts) < 6:
        return None
    branch = None
    for decoration in parts[5].split(", "):
        if decoration.startswith("HEAD -> "):
            branch = decoration[len("HEAD -> ") :]
    return branch, _head(parts)


def _branch_tip(repo: Repository, branch: str) -> tuple[str, str] | None:
    ref = f"refs/heads/{branch}"
    out = repo.git.run(
        "for-each-ref", "--format=%(refname)%00%(objectname)%00%(tree)", "--", ref, cwd=repo.any_dir
    ).stdout
    for line in out.splitlines():
        parts = line.split("\0")
        if len(parts) == 3 and parts[0] == ref:
            return parts[1], parts[2]
    return None
