"""The per-row work of `git wt list`: what each cell needs, planned, run on one bounded pool.

    fill(repo, listing, on_done=callback, kinds=LOCAL_KINDS, jobs=None, cancel=None)
        Runs every per-row task of the given kinds (see `model.KINDS`) on one bounded
        thread pool, local git work first and the forge lookup (kind "ci") last. Results
        are applied to the rows in the thread that called `fill`, one at a time, and
        `on_done(row)` is called there after each one, so a caller can redraw. Setting
        the `cancel` event stops it early (queued tasks are dropped). Pure functions of
        commit SHAs (ahead/behind, diff stats, integration) are cached on disk under
        `<git-common-dir>/wt/cache/`, so a second run does far less git work.

    plan(repo, listing, kinds) -> tasks;  retain(listing, tasks, kinds);  run_tasks(...)
        `fill` in steps, for a caller that decides what to run after seeing the plan
        (`git wt list` drops the work of columns that will not fit the terminal).

`concurrent.futures` is imported only when a pool is started: the statusline, which
runs its few tasks inline, never pays for it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from git_wt.errors import GitError, WtError
from git_wt.git.diff import (
    PURE_DIFF,
    PURE_STATS,
    DiffStat,
    changed_paths,
    parse_numstat,
    parse_shortstat,
)
from git_wt.git.history import Counts, ahead_behind, walk_counts
from git_wt.git.merged import integration_reason
from git_wt.git.refs import short_ref
from git_wt.git.repository import Repository
from git_wt.git.shacache import ShaCache, pair_key
from git_wt.git.status import Status, operation_in, read_status
from git_wt.listing.model import (
    AHEAD_BEHIND,
    BRANCH_DIFF,
    CI,
    INTEGRATION,
    LOCAL_KINDS,
    RELATION_KINDS,
    STATUS,
    UPSTREAM,
    WORKING_DIFF,
    Head,
    Listing,
    Relation,
    Row,
    Upstream,
    WorkingTree,
)

if TYPE_CHECKING:
    from concurrent.futures import Future

# Work that other work builds on: the line stats need the merge base from the walk,
# the integration checks need both.
_REQUIRES = {BRANCH_DIFF: {AHEAD_BEHIND}, INTEGRATION: {AHEAD_BEHIND, BRANCH_DIFF}}


def with_prerequisites(kinds: Iterable[str]) -> frozenset[str]:
    wanted = set(kinds)
    for kind in list(wanted):
        wanted |= _REQUIRES.get(kind, set())
    return frozenset(wanted)


class StatusReport(NamedTuple):
    working_tree: WorkingTree
    branch_oid: str | None = None
    branch: str | None = None  # from `# branch.head`; None when detached
    upstream: str | None = None  # short name, from `# branch.upstream`
    upstream_ab: tuple[int, int] | None = None  # (ahead, behind)


def status_report(found: Status) -> StatusReport:
    """A row's view of a worktree's status: counts, plus the branch headers."""
    staged = modified = untracked = conflicts = 0
    for entry in found.entries:
        if entry.conflicted:
            conflicts += 1
        elif entry.untracked:
            untracked += 1
        else:
            staged += entry.index != " "
            modified += entry.worktree != " "
    wt = WorkingTree(staged, modified, untracked, conflicts)
    return StatusReport(wt, found.branch_oid, found.branch, found.upstream, found.upstream_ab)


def worktree_status(repo: Repository, path: str, *, branch: bool = False) -> StatusReport:
    """The counts of the worktree at `path` (and its branch headers, with `branch`)."""
    try:
        found = read_status(repo, path, untracked="normal", branch=branch)
    except GitError as exc:
        raise WtError(f"git status failed in {path}: {exc.stderr.strip()}") from None
    return status_report(found)


def working_lines(repo: Repository, path: str) -> tuple[int, int]:
    """(added, deleted) lines of the uncommitted changes in the worktree at `path`."""
    result = repo.git.run(
        "--no-optional-locks",
        "diff",
        "--shortstat",
        *PURE_DIFF,
        "HEAD",
        "--",
        cwd=path,
        check=False,
    )
    _, added, deleted = parse_shortstat(result.stdout)
    return added, deleted


MISS: Any = object()  # "not in the cache": the work has to be done


def cached_counts(cache: ShaCache, target: str, sha: str) -> Any:
    if target == sha:
        return Counts(0, 0, sha, unique_base=True)
    found = cache.get("counts", pair_key(target, sha), MISS)
    if found is MISS or not isinstance(found, list) or len(found) != 4:
        return MISS
    return Counts(found[0], found[1], found[2], bool(found[3]))


def counts(repo: Repository, cache: ShaCache, target: str, sha: str) -> Counts | None:
    """Ahead/behind and the merge base of `sha` against `target` (one walk), cached."""
    found = cached_counts(cache, target, sha)
    if found is not MISS:
        return found  # type: ignore[no-any-return]
    result = walk_counts(repo.git, repo.common_dir, target, sha)
    if result is None:
        return None  # missing objects (a shallow clone?): nothing worth remembering
    cache.put(
        "counts",
        pair_key(target, sha),
        [result.ahead, result.behind, result.merge_base, result.unique_base],
    )
    return result


def cached_ahead_behind(cache: ShaCache, base: str, sha: str) -> Any:
    if base == sha:
        return 0, 0
    found = cache.get("ahead-behind", pair_key(base, sha), MISS)
    return found if found is MISS or found is None else (found[0], found[1])


def cached_upstream_counts(
    repo: Repository, cache: ShaCache, base: str, sha: str
) -> tuple[int, int] | None:
    """(ahead, behind) of `sha` against `base` (both SHAs), cached (for upstreams)."""
    found = cached_ahead_behind(cache, base, sha)
    if found is not MISS:
        return found  # type: ignore[no-any-return]
    result = ahead_behind(repo.git, repo.common_dir, base, sha)
    if result is None:
        return None
    ahead, behind = result
    cache.put("ahead-behind", pair_key(base, sha), [ahead, behind])
    return ahead, behind


def cached_stats(cache: ShaCache, target: str, sha: str) -> Any:
    if target == sha:
        return DiffStat(0, 0, 0, frozenset())
    found = cache.get("diff-stats", pair_key(target, sha), MISS)
    if found is MISS or not isinstance(found, list) or len(found) != 3:
        return MISS
    return DiffStat(found[0], found[1], found[2])


def branch_stats(
    repo: Repository, cache: ShaCache, target: str, sha: str, base: str | None
) -> DiffStat | None:
    """Lines added/deleted from the merge base to `sha` (what `diff target...sha` shows)."""
    found = cached_stats(cache, target, sha)
    if found is not MISS:
        return found  # type: ignore[no-any-return]
    if base is None:
        return None
    if base == sha:
        stats = DiffStat(0, 0, 0, frozenset())
    else:
        result = repo.git.run(
            "diff", "--numstat", "-z", *PURE_STATS, base, sha, "--",
            cwd=repo.common_dir, check=False,
        )  # fmt: skip
        if not result.ok:
            return None
        stats = parse_numstat(result.stdout)
    cache.put("diff-stats", pair_key(target, sha), [stats.files, stats.added, stats.deleted])
    return stats


# Below this many commits behind, a simulated merge is cheap enough to run directly.
SHORTCUT_BEHIND = 100


def cached_integration(cache: ShaCache, sha: str, target: str) -> Any:
    if sha == target:
        return "same_commit"
    found = cache.get("integration", pair_key(sha, target), MISS)
    return found if found is MISS or isinstance(found, str) else None


def integration(
    repo: Repository,
    cache: ShaCache,
    sha: str,
    target: str,
    found: Counts | None,
    stats: DiffStat | None,
    trees: tuple[str, str],
) -> str | None:
    """The integration reason of SPEC 2.3 (cached), reusing what the row already knows.

    One shortcut of its own, for branches far behind: when the branch and the target
    changed disjoint sets of paths since a unique merge base, the merge is clean and
    brings the branch's changes, so no later check can hold; that takes a tree diff
    instead of a simulated merge, which would walk the long history once more.
    """
    known = cached_integration(cache, sha, target)
    if known is not MISS:
        return known  # type: ignore[no-any-return]
    hints: dict[str, Any] = {}
    if found is not None:
        hints["ahead"] = found.ahead
    if stats is not None:
        hints["has_changes"] = stats.files > 0
    if trees[0] and trees[1]:
        hints["trees"] = trees
    if found is not None and found.merge_base and found.unique_base:
        hints["merge_base"] = found.merge_base
    reason: str | None = MISS
    if (
        found is not None
        and found.behind >= SHORTCUT_BEHIND
        and found.ahead
        and found.unique_base
        and found.merge_base
        and stats is not None
        and stats.files
        and stats.paths is not None
        and not (trees[0] and trees[0] == trees[1])
    ):
        try:
            theirs = {path for _, path in changed_paths(repo, found.merge_base, target)}
        except GitError:
            theirs = None  # cannot tell: the full checks below decide
        if theirs is not None and not paths_overlap(stats.paths, theirs):
            reason = None
    if reason is MISS:
        reason = integration_reason(repo.git, repo.common_dir, sha, target, **hints)
    cache.put("integration", pair_key(sha, target), reason)
    return reason


def paths_overlap(ours: Iterable[str], theirs: Iterable[str]) -> bool:
    """Do two sets of changed paths touch the same file, or a file and its directory?"""
    ours, theirs = set(ours), set(theirs)
    if ours & theirs:
        return True

    def dirs(paths: set[str]) -> set[str]:
        found = set()
        for path in paths:
            while "/" in path:
                path = path.rsplit("/", 1)[0]
                found.add(path)
        return found

    return bool(dirs(ours) & theirs or dirs(theirs) & ours)


# -- the task queue ----------------------------------------------------------------------


@dataclass(eq=False)
class Task:
    """One unit of work: `compute` runs on the pool, `apply` in the thread of `fill`."""

    kind: str
    rows: list[Row]
    compute: Callable[[], Any]
    apply: Callable[[Any], None]
    needs: list[Task] = field(default_factory=list)
    # The answer without any git call (from the cache), or MISS: such tasks never
    # need to wait for a free thread.
    cached: Callable[[], Any] | None = None


def _relation_of(row: Row) -> Relation:
    return row.relation if row.relation is not None else Relation()


def _set_relation(row: Row, **changes: Any) -> None:
    row.relation = _relation_of(row)._replace(**changes)


def _row_tasks(repo: Repository, listing: Listing, row: Row, kinds: frozenset[str]) -> list[Task]:
    tasks: list[Task] = []
    cache = listing.cache
    if row.prunable:
        return tasks
    if row.kind == "worktree" and row.path:
        path = row.path
        status_task: Task | None = None
        if STATUS in kinds:
            git_dir = repo.worktree_git_dir(row.worktree) if row.worktree else None

            def status() -> tuple[StatusReport, str | None]:
                return worktree_status(repo, path), operation_in(git_dir)

            def set_status(result: tuple[StatusReport, str | None]) -> None:
                report, row.operation = result
                row.working_tree = report.working_tree._replace(
                    added_lines=row.working_tree.added_lines if row.working_tree else 0,
                    deleted_lines=row.working_tree.deleted_lines if row.working_tree else 0,
                )

            status_task = Task(STATUS, [row], status, set_status)
            tasks.append(status_task)
        if WORKING_DIFF in kinds and row.head is not None:

            def working_diff() -> tuple[int, int]:
                # Runs after the status when both are wanted: a tree with nothing staged
                # or modified has no lines to count, and needs no second git call.
                wt = row.working_tree
                if wt is not None and not (wt.staged or wt.modified or wt.conflicts):
                    return 0, 0
                return working_lines(repo, path)

            def set_diff(lines: tuple[int, int]) -> None:
                base = row.working_tree or WorkingTree()
                row.working_tree = base._replace(added_lines=lines[0], deleted_lines=lines[1])

            needs = [status_task] if status_task is not None else []
            tasks.append(Task(WORKING_DIFF, [row], working_diff, set_diff, needs))
    head = row.head
    if head is None:
        return tasks
    target = listing.target_sha
    if target and row.branch != listing.default_branch and kinds & RELATION_KINDS:
        tasks += _relation_tasks(repo, listing, row, head, target, kinds)
    if UPSTREAM in kinds and row.upstream_ref:
        upstream_ref, upstream_sha, sha = row.upstream_ref, row.upstream_sha, head.sha

        def upstream_counts() -> tuple[int, int] | None:
            if upstream_sha:
                return cached_upstream_counts(repo, cache, upstream_sha, sha)
            # The upstream is gone, or maps somewhere config did not predict: ask by name.
            return ahead_behind(repo.git, repo.common_dir, upstream_ref, sha)

        def set_upstream(found: tuple[int, int] | None) -> None:
            if found is not None:
                row.upstream = Upstream(short_ref(upstream_ref), found[0], found[1])

        def upstream_cached() -> Any:
            return cached_ahead_behind(cache, upstream_sha, sha) if upstream_sha else MISS

        tasks.append(Task(UPSTREAM, [row], upstream_counts, set_upstream, cached=upstream_cached))
    return tasks


def _relation_tasks(
    repo: Repository, listing: Listing, row: Row, head: Head, target: str, kinds: frozenset[str]
) -> list[Task]:
    """One history walk (counts), then the line stats, then the integration checks."""
    cache, sha = listing.cache, head.sha
    facts: dict[str, Any] = {}  # what the earlier tasks of this row learned

    def set_counts(found: Counts | None) -> None:
        facts["counts"] = found
        if found is not None:
            _set_relation(row, ahead=found.ahead, behind=found.behind, counted=True)
        elif row.relation is None:
            row.relation = Relation()

    walk = Task(
        AHEAD_BEHIND,
        [row],
        lambda: counts(repo, cache, target, sha),
        set_counts,
        cached=lambda: cached_counts(cache, target, sha),
    )
    tasks = [walk]
    if BRANCH_DIFF not in kinds:
        return tasks

    def stats() -> DiffStat | None:
        found = facts.get("counts")
        return branch_stats(repo, cache, target, sha, found.merge_base if found else None)

    def set_stats(found: DiffStat | None) -> None:
        facts["stats"] = found
        if found is not None:
            _set_relation(
                row, changed_files=found.files, added_lines=found.added, deleted_lines=found.deleted
            )
        elif row.relation is None:
            row.relation = Relation()

    diff = Task(
        BRANCH_DIFF, [row], stats, set_stats, [walk], lambda: cached_stats(cache, target, sha)
    )
    tasks.append(diff)
    if INTEGRATION not in kinds:
        return tasks
    trees = (head.tree, listing.target_tree)

    def integrated() -> str | None:
        found, numbers = facts.get("counts"), facts.get("stats")
        return integration(repo, cache, sha, target, found, numbers, trees)

    def set_integrated(reason: str | None) -> None:
        _set_relation(row, integrated=reason)

    quick = lambda: cached_integration(cache, sha, target)  # noqa: E731
    tasks.append(Task(INTEGRATION, [row], integrated, set_integrated, [walk, diff], quick))
    return tasks


def fill_relation(repo: Repository, listing: Listing, row: Row) -> None:
    """The row's relation to the default branch, worked out here and now (the statusline).

    The same tasks the table runs, one after another in this thread (cached answers
    included, since each computation reads the cache first).
    """
    head, target = row.head, listing.target_sha
    if head is None or not target:
        return
    for task in _relation_tasks(repo, listing, row, head, target, RELATION_KINDS):
        task.apply(task.compute())


def _ci_task(repo: Repository, listing: Listing) -> Task | None:
    rows = [r for r in listing.rows if r.branch and r.kind != "remote"]
    if not rows:
        return None
    from git_wt.listing import forge

    if forge.provider_for(repo) is None:
        return None  # no gh/glab installed: nothing could ever fill the column
    branches = {r.branch: r.head.sha if r.head else None for r in rows if r.branch}

    def lookup() -> forge.Lookup:
        return forge.lookup(repo, branches)

    def apply(found: forge.Lookup) -> None:
        listing.ci_note = found.note
        for row in rows:
            row.ci = found.pulls.get(row.branch or "")

    return Task(CI, rows, lookup, apply)


def plan(repo: Repository, listing: Listing, kinds: Iterable[str] = LOCAL_KINDS) -> list[Task]:
    """Every task for these kinds, in queue order: local git work first, the network last.

    Marks each row's `pending` kinds, which is how a renderer knows a cell is loading.
    """
    wanted = with_prerequisites(kinds)
    tasks: list[Task] = []
    for row in listing.rows:
        tasks += _row_tasks(repo, listing, row, wanted)
    # Quick, local tasks for every row before the slower relation checks of any row.
    order = {
        STATUS: 0,
        WORKING_DIFF: 1,
        UPSTREAM: 2,
        AHEAD_BEHIND: 3,
        BRANCH_DIFF: 4,
        INTEGRATION: 5,
    }
    tasks.sort(key=lambda t: order.get(t.kind, 9))
    if CI in wanted:
        listing.ci_requested = True
        ci = _ci_task(repo, listing)
        if ci is not None:
            tasks.append(ci)
    for task in tasks:
        for row in task.rows:
            row.pending = row.pending | {task.kind}
    return tasks


def retain(listing: Listing, tasks: list[Task], kinds: Iterable[str]) -> list[Task]:
    """Only the tasks of these kinds (a renderer found the others would never show)."""
    keep = with_prerequisites(kinds)
    for row in listing.rows:
        row.pending = row.pending & keep
    if CI not in keep:
        listing.ci_requested = False
    return [t for t in tasks if t.kind in keep]


def default_jobs(repo: Repository) -> int:
    """Pool size: `wt.list.jobs`, else twice the CPU count (git work waits on I/O too)."""
    configured = repo.config.get_int("wt.list.jobs", 0)
    if configured > 0:
        return configured
    return max(2, min(16, 2 * (os.cpu_count() or 2)))


def fill(
    repo: Repository,
    listing: Listing,
    on_done: Callable[[Row], None] | None = None,
    kinds: Iterable[str] = LOCAL_KINDS,
    jobs: int | None = None,
    cancel: threading.Event | None = None,
) -> None:
    """Run every per-row task of these kinds on one bounded pool; see the module docstring."""
    run_tasks(repo, listing, plan(repo, listing, kinds), on_done, jobs, cancel)


def run_tasks(
    repo: Repository,
    listing: Listing,
    tasks: list[Task],
    on_done: Callable[[Row], None] | None = None,
    jobs: int | None = None,
    cancel: threading.Event | None = None,
) -> None:
    """Run planned tasks (see `plan`); what `fill` does after planning."""
    if not tasks:
        return
    import queue
    from concurrent.futures import Future, ThreadPoolExecutor

    queued = set(tasks)
    waiting: dict[Task, int] = {}
    dependents: dict[Task, list[Task]] = {}
    for task in tasks:
        needs = [n for n in task.needs if n in queued]
        waiting[task] = len(needs)
        for need in needs:
            dependents.setdefault(need, []).append(task)
    # Finished futures arrive on a queue, so each completion costs the same however
    # many tasks are still waiting (hundreds with --branches).
    finished: queue.SimpleQueue[tuple[Task, Future[Any]]] = queue.SimpleQueue()
    pool = ThreadPoolExecutor(max_workers=jobs or default_jobs(repo), thread_name_prefix="wt-list")

    def submit(task: Task) -> None:
        future = pool.submit(task.compute)
        future.add_done_callback(lambda f: finished.put((task, f)))

    outstanding = len(tasks)

    def finish(task: Task, outcome: Any) -> list[Task]:
        """Apply a result; the tasks that were waiting only for this one are returned."""
        nonlocal outstanding
        outstanding -= 1
        if isinstance(outcome, Future):
            _finish(listing, task, outcome)
        else:
            task.apply(outcome)
        for row in task.rows:
            row.pending = row.pending - {task.kind}
            if on_done is not None:
                on_done(row)
        ready = []
        for later in dependents.get(task, []):
            waiting[later] -= 1
            if waiting[later] == 0:
                ready.append(later)
        return ready

    def start(ready: list[Task]) -> None:
        # Answers already in the cache are applied here and now, without a thread.
        while ready:
            task = ready.pop()
            value = task.cached() if task.cached is not None else MISS
            if value is MISS:
                submit(task)
            else:
                ready.extend(finish(task, value))

    try:
        start([t for t in reversed(tasks) if waiting[t] == 0])
        while outstanding:
            if cancel is not None and cancel.is_set():
                return
            try:
                task, future = finished.get(timeout=0.1)
            except queue.Empty:
                continue
            start(finish(task, future))
    finally:
        pool.shutdown(wait=cancel is None or not cancel.is_set(), cancel_futures=True)


def _finish(listing: Listing, task: Task, future: Future[Any]) -> None:
    try:
        result = future.result()
    except (WtError, OSError) as exc:
        message = getattr(exc, "message", None) or str(exc)
        where = task.rows[0].label if len(task.rows) == 1 else "all rows"
        listing.errors.append(f"{where}: {task.kind}: {message}")
        return
    task.apply(result)
