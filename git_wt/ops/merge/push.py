"""Fast-forwarding TARGET to the branch, its worktree's files included (`step push`, merge)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from git_wt.context import Context
from git_wt.errors import WtError
from git_wt.git.diff import DiffStat, changed_paths, diff_stat
from git_wt.git.history import commits_between, count_between, is_ancestor
from git_wt.git.refs import rev
from git_wt.git.repository import Repository, Worktree
from git_wt.git.status import operation_in_progress, status
from git_wt.ops.merge import queue
from git_wt.ops.merge.source import Source, current_source, move_branch, resolve_target_branch
from git_wt.ops.transaction import Transaction, transaction
from git_wt.templates.quoting import quote_arg
from git_wt.ui.words import Name, plural


class PushOutcome(Name):
    """What happened to TARGET (the JSON `outcome`)."""

    UP_TO_DATE = "up_to_date"
    FAST_FORWARDED = "fast_forwarded"
    MERGE_COMMIT = "merge_commit"


class BlockerKind(Name):
    """Why a path in TARGET's worktree blocks the update."""

    CHANGED = "changed"  # an uncommitted change to a tracked file
    UNTRACKED = "untracked"  # an untracked or ignored file, or a directory holding some


@dataclass(frozen=True)
class PushResult:
    outcome: PushOutcome
    target: str
    old: str
    new: str
    commits: int = 0
    stat: DiffStat = field(default_factory=DiffStat)


@dataclass(frozen=True)
class PushOptions:
    """`git wt step push`: TARGET (None: the default branch); `no_ff` records a merge commit."""

    target: str | None = None
    no_ff: bool = False


def push_branch(ctx: Context, repo: Repository, opts: PushOptions) -> PushResult:
    """Fast-forward the local branch TARGET to the current branch's HEAD."""
    src = current_source(repo, "push")
    target = resolve_target_branch(repo, opts.target, ctx.cwd)
    if target == src.branch:
        raise WtError(
            f"{src.branch} is checked out here; there is nothing to push it to",
            hint="run this from the worktree of the branch to bring in",
        )
    with queue.turn(ctx, repo, target, src.branch, "push"):
        return push(ctx, repo, src, target, no_ff=opts.no_ff, action="push")


def check_target_worktree(repo: Repository, target: str, wt: Worktree) -> None:
    """TARGET's worktree must exist and not be stopped half-way through an operation."""
    if wt.is_prunable:
        raise WtError(
            f"the worktree of {target} is registered at {wt.path}, but the directory is missing",
            hint="git worktree prune",
        )
    what = operation_in_progress(repo, wt.path)
    if what:
        raise WtError(
            f"cannot update {target}: {what} is in progress in its worktree {wt.path}",
            hint=f"finish or abort it there first (cd {quote_arg(wt.path)})",
        )


@dataclass(frozen=True)
class Blocker:
    """A path in a worktree that an update would overwrite."""

    path: str
    kind: BlockerKind


def blocking_paths(repo: Repository, wt_path: str, changes: list[tuple[str, str]]) -> list[Blocker]:
    """What in a worktree the incoming changes (status letter, path) would overwrite.

    Tracked files with uncommitted changes (staged or not) that the update touches, and
    anything not tracked there — untracked or gitignored files, symlinks, directories
    with such files inside — sitting where the update writes a file or needs a
    directory: `read-tree -m -u` silently replaces ignored files, and even a whole
    directory of them, so this check has to catch them first. A tracked, clean file
    there is no obstacle: the update replaces it, and it stays in the history."""
    entries = status(repo, wt_path)
    untracked = {e.path.rstrip("/") for e in entries if e.untracked}
    dirty = {e.path.rstrip("/") for e in entries} | {e.orig_path for e in entries if e.orig_path}
    index: set[str] = set()
    loaded = False

    def tracked(path: str) -> bool:
        nonlocal index, loaded
        if not loaded:
            out = repo.git.run("ls-files", "-z", "--full-name", cwd=wt_path).stdout
            index, loaded = {p for p in out.split("\0") if p}, True
        return path in index

    changed, untracked_kind = BlockerKind.CHANGED, BlockerKind.UNTRACKED
    found: dict[str, BlockerKind] = {}
    for letter, path in changes:
        if path in dirty:
            found[path] = untracked_kind if path in untracked else changed
            continue
        if letter == "D":
            continue
        full = os.path.join(wt_path, path)
        if os.path.lexists(full) and not tracked(path):
            if os.path.islink(full) or not os.path.isdir(full):
                found[path] = untracked_kind
                continue
            if _holds_untracked(full, path, tracked):
                found[path + "/"] = untracked_kind
                continue
        parent = os.path.dirname(path)
        while parent:
            if parent in dirty:
                found[parent] = untracked_kind if parent in untracked else changed
                break
            there = os.path.join(wt_path, parent)
            if os.path.islink(there) or (os.path.lexists(there) and not os.path.isdir(there)):
                if not tracked(parent):
                    found[parent] = untracked_kind
                break
            parent = os.path.dirname(parent)
    return [Blocker(path, kind) for path, kind in sorted(found.items())]


def _holds_untracked(full: str, rel: str, tracked: Callable[[str], bool]) -> bool:
    """Is there anything but tracked files (and empty directories) below `full`?

    A directory that cannot be read counts as holding something."""
    unreadable: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(full, onerror=unreadable.append):
        sub = os.path.relpath(dirpath, full)
        prefix = rel if sub == "." else f"{rel}/{sub.replace(os.sep, '/')}"
        links = [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]
        for name in [*filenames, *links]:
            if not tracked(f"{prefix}/{name}"):
                return True
    return bool(unreadable)


def refuse_blockers(target: str, wt_path: str, blockers: list[Blocker]) -> None:
    """Refuse (exit 1, nothing touched) when an update of TARGET's worktree would lose work."""
    if not blockers:
        return
    kinds = {b.kind for b in blockers}
    cd = f"(cd {quote_arg(wt_path)})"
    if kinds == {BlockerKind.CHANGED}:
        message = "its worktree has uncommitted changes the merge would overwrite"
        hint = f"commit or stash them in {wt_path} first {cd}"
    elif kinds == {BlockerKind.UNTRACKED}:
        message = "the merge would overwrite untracked or ignored files in its worktree"
        first = quote_arg(blockers[0].path.rstrip("/"))
        hint = (
            f"move them out of the way first, e.g. cd {quote_arg(wt_path)} && "
            f"mv -- {first} {first}.moved"
        )
    else:
        message = (
            "its worktree has uncommitted changes and untracked or ignored files the merge "
            "would overwrite"
        )
        hint = f"commit or stash the changes and move the other files away in {wt_path} first {cd}"
    paths = [b.path for b in blockers]
    more = [f"... and {len(paths) - 20} more"] if len(paths) > 20 else []
    raise WtError(
        f"cannot update {target}: {message}", detail="\n".join(paths[:20] + more), hint=hint
    )


def push(
    ctx: Context,
    repo: Repository,
    src: Source,
    target: str,
    *,
    no_ff: bool,
    action: Literal["merge", "push"] = "merge",
) -> PushResult:
    """Move local TARGET up to the branch's HEAD (or a merge commit with `no_ff`).

    The ref moves by compare-and-swap. When TARGET is checked out, its files follow by a
    two-tree `read-tree -m -u` that keeps unrelated uncommitted changes; overlapping
    ones refuse before the ref moves, and the files are rolled back if the ref raced."""
    repo.refresh_branches()
    repo.refresh_worktrees()
    head = rev(repo, "HEAD", cwd=src.path)
    old = rev(repo, f"refs/heads/{target}")
    if head is None or old is None:
        raise WtError(f"no local branch named {target}", hint="git wt list --branches")
    if head == old or is_ancestor(repo, head, old):
        ctx.out.info(f"{target} already contains {src.branch}; nothing to {action}")
        return PushResult(PushOutcome.UP_TO_DATE, target, old, old)
    if not is_ancestor(repo, old, head):
        newer = commits_between(repo, head, old, limit=10)
        raise WtError(
            f"cannot fast-forward {target}: it has commits that {src.branch} does not have",
            detail="\n".join(f"{c.sha[:7]} {c.subject}" for c in newer),
            hint=f"rebase first: git wt step rebase {quote_arg(target)}",
        )
    commits = count_between(repo, old, head)
    stat = diff_stat(repo, old, head)
    new = head
    if no_ff:
        new = _merge_commit(repo, src, target, old, head)
    wt = repo.find_worktree_for_branch(target)
    reason = f"git-wt {action}: {src.branch} into {target}"
    with transaction(repo, action, f"{action} {src.branch} into {target}") as txn:
        if wt is None:
            txn.will("ref", ref=f"refs/heads/{target}", old=old, new=[new])
            move_branch(repo, target, new, old, reason)
        else:
            _update_checked_out(repo, target, wt, old, new, reason, txn)
    outcome = PushOutcome.MERGE_COMMIT if no_ff else PushOutcome.FAST_FORWARDED
    result = PushResult(outcome, target, old, new, commits, stat)
    how = " with a merge commit" if no_ff else ""
    done = f"merged {src.branch} into" if action == "merge" else f"pushed {src.branch} to"
    ctx.out.success(
        f"{done} {target}{how} at {new[:7]} ({plural(commits, 'commit')}, {stat.describe()})"
    )
    return result


def _merge_commit(repo: Repository, src: Source, target: str, old: str, head: str) -> str:
    tree = repo.git.out("rev-parse", f"{head}^{{tree}}", cwd=repo.any_dir)
    message = f"Merge branch '{src.branch}' into {target}\n"
    created = repo.git.run(
        "commit-tree", tree, "-p", old, "-p", head, "-F", "-", cwd=src.path, input=message
    )
    return created.stdout.strip()


def _update_checked_out(
    repo: Repository,
    target: str,
    wt: Worktree,
    old: str,
    new: str,
    reason: str,
    txn: Transaction,
) -> None:
    """Files first, then the ref; the transaction puts the files back (checked) when the
    ref cannot follow or a signal arrives in between."""
    check_target_worktree(repo, target, wt)
    refuse_blockers(target, wt.path, blocking_paths(repo, wt.path, changed_paths(repo, old, new)))
    txn.will("checkout", path=wt.path, old=old, new=new, fresh=True)  # blockers were refused
    repo.git.run("update-index", "-q", "--refresh", cwd=wt.path, check=False)
    moved = repo.git.run("read-tree", "-m", "-u", old, new, cwd=wt.path, check=False)
    if not moved.ok:
        _refuse_index_locked(repo, target, wt, moved.stderr)
        raise WtError(
            f"cannot update the files in {target}'s worktree; nothing was changed",
            detail=moved.stderr.strip() or None,
            hint=f"commit or stash the changes in {wt.path}, then run again",
        )
    txn.checkpoint()
    txn.will("ref", ref=f"refs/heads/{target}", old=old, new=[new])
    result = repo.git.run(
        "update-ref", "-m", reason, f"refs/heads/{target}", new, old, cwd=repo.any_dir, check=False
    )
    if not result.ok:
        failures = txn.undo_now()  # checked: a failure is said, never papered over
        if failures:
            raise WtError(
                f"{target} moved while git-wt was updating it, and the files in its worktree "
                f"could not be put back: they hold {new[:7]}, its branch does not",
                detail="\n".join(t for t in (result.stderr.strip(), *failures) if t),
                hint=f"see `git status` in {wt.path}; to put the files back run there: "
                f"git read-tree -m -u {new} {old}",
            )
        raise WtError(
            f"{target} moved while git-wt was updating it; its files were put back",
            detail=result.stderr.strip() or None,
            hint="run the command again",
        )


def _refuse_index_locked(repo: Repository, target: str, wt: Worktree, stderr: str) -> None:
    """git could not take the index lock of TARGET's worktree: say so, not "stash"."""
    if "index.lock" not in stderr:
        return
    lock = repo.git.run(
        "rev-parse", "--path-format=absolute", "--git-path", "index.lock", cwd=wt.path, check=False
    ).stdout.strip()
    lock = lock or os.path.join(wt.path, ".git", "index.lock")
    raise WtError(
        f"cannot update the files in {target}'s worktree: another git process holds its index "
        "lock; nothing was changed",
        detail=stderr.strip() or None,
        hint=f"run the command again when that git process is done; if none is running, "
        f"remove the stale lock: rm {quote_arg(lock)}",
    )
