"""`git wt merge` as one operation: commit, squash, rebase, fast-forward TARGET, clean up."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from git_wt.context import Context
from git_wt.errors import WtError
from git_wt.git.diff import changed_paths
from git_wt.git.history import is_ancestor, merge_base
from git_wt.git.refs import rev
from git_wt.git.repository import Repository, Worktree
from git_wt.git.status import StageMode, has_work, status
from git_wt.ops import remove
from git_wt.ops.merge import queue
from git_wt.ops.merge.commit import commit_work
from git_wt.ops.merge.push import blocking_paths, check_target_worktree, push, refuse_blockers
from git_wt.ops.merge.rebase import RebaseOutcome, rebase
from git_wt.ops.merge.source import (
    COMMIT_HOOKS,
    Base,
    HookRunner,
    Source,
    base_for,
    current_source,
    resolve_target_branch,
    work_tree,
)
from git_wt.ops.merge.squash import SquashOutcome, squash
from git_wt.ops.remove import RemoveOptions
from git_wt.templates.quoting import quote_arg

MERGE_HOOKS = (
    "pre-commit",
    "post-commit",
    "pre-merge",
    "pre-remove",
    "post-remove",
    "post-switch",
    "post-merge",
)


@dataclass(frozen=True)
class MergeOptions:
    """What `git wt merge` does; the command settles flags against git config."""

    target: str | None = None  # a local branch; None: the default branch
    squash: bool = True
    commit: bool = True  # False also means no squash
    rebase: bool = True
    remove: bool = True
    ff: bool = True  # False: record a merge commit on TARGET
    stage: StageMode = StageMode.ALL
    hooks: bool = True
    yes: bool = False  # approve project hooks


@dataclass
class MergeResult:
    branch: str
    target: str
    committed: bool = False
    squashed: bool = False
    rebased: bool = False
    removed: bool = False
    # The merge happened, but removing the worktree failed (reported already; exit 1).
    cleanup_failed: bool = False


def merge(ctx: Context, repo: Repository, opts: MergeOptions) -> MergeResult:
    """Merge the current branch into TARGET, then remove its worktree and branch."""
    src = current_source(repo, "merge")
    target = resolve_target_branch(repo, opts.target, ctx.cwd)
    result = MergeResult(src.branch, target)
    if target == src.branch:
        return _merge_into_itself(ctx, repo, src, opts, result)
    # One merge into TARGET at a time; what the last one did is read after the wait.
    with queue.turn(ctx, repo, target, src.branch):
        repo.refresh_branches()
        repo.refresh_worktrees()
        runner = _land(ctx, repo, src, target, opts, result)
    # post-commit starts where the commit now lives, a directory that will still exist.
    target_wt = repo.find_worktree_for_branch(target)
    home = target_wt.path if target_wt else repo.home_dir
    runner.flush(home if opts.remove else src.path)
    try:
        result.removed = _cleanup(ctx, repo, src, target, opts)
    except WtError as exc:
        result.cleanup_failed = True
        _report(ctx, exc, ctx.out.error)
    _after(repo, runner, src, target, result)
    return result


def _land(
    ctx: Context,
    repo: Repository,
    src: Source,
    target: str,
    opts: MergeOptions,
    result: MergeResult,
) -> HookRunner:
    """Everything up to and including TARGET's fast-forward (run in TARGET's turn)."""
    target_wt = repo.find_worktree_for_branch(target)
    _precheck(repo, src, target, target_wt, opts)
    base = base_for(ctx, repo, target)
    if target_wt is not None:
        _precheck_target_files(repo, src, base, target_wt, opts)
    runner = HookRunner(
        ctx,
        repo,
        opts.hooks,
        opts.yes,
        src,
        target=target,
        target_path=target_wt.path if target_wt else None,
        deferred=("post-commit",),
    )
    runner.approve(MERGE_HOOKS, worktree=src.path)
    try:
        if opts.commit:
            _commit_step(ctx, repo, src, base, opts, runner, result)
        if opts.rebase:
            rebased = rebase(ctx, repo, src, base.sha, base.name)
            result.rebased = rebased.outcome is RebaseOutcome.REBASED
        else:
            _require_based_on(repo, src, base)
        runner.run("pre-merge")
        push(ctx, repo, src, target, no_ff=not opts.ff)
    except Exception:
        runner.flush(src.path)  # the commit stands even though the merge stopped
        raise
    return runner


# -- checks before anything moves -------------------------------------------------------


def _precheck(
    repo: Repository, src: Source, target: str, target_wt: Worktree | None, opts: MergeOptions
) -> None:
    entries = status(repo, src.path)
    if not opts.commit and entries:
        raise WtError(
            f"cannot merge with --no-commit: {src.branch} has uncommitted changes",
            detail="\n".join(f"{e.index}{e.worktree} {e.path}" for e in entries[:10]),
            hint="commit or stash them first, or drop --no-commit",
        )
    if target_wt is not None:
        check_target_worktree(repo, target, target_wt)


def _precheck_target_files(
    repo: Repository, src: Source, base: Base, target_wt: Worktree, opts: MergeOptions
) -> None:
    """Refuse now, before the branch is touched, when TARGET's worktree would be clobbered.

    The paths the fast-forward will change there: those TARGET gains from its upstream,
    and those the branch changed since the merge-base (committed or not, as --stage
    takes them) whose content differs from the base's. A path the branch has exactly as
    the base has it (say a file both sides added identically) keeps the base's version
    through the rebase, so TARGET's worktree is not touched there."""
    head = rev(repo, "HEAD", cwd=src.path)
    mb = merge_base(repo, head, base.sha) if head else None
    if head is None or mb is None:
        return
    incoming = changed_paths(repo, base.target_sha, base.sha) if base.sha != base.target_sha else []
    # The tree the branch will carry: its commits plus the uncommitted work --stage takes.
    tree = work_tree(repo, src.path, opts.stage) if opts.commit else f"{head}^{{tree}}"
    touched = {path for _, path in changed_paths(repo, mb, tree)}
    incoming += [(letter, p) for letter, p in changed_paths(repo, base.sha, tree) if p in touched]
    refuse_blockers(base.target, target_wt.path, blocking_paths(repo, target_wt.path, incoming))


def _require_based_on(repo: Repository, src: Source, base: Base) -> None:
    head = rev(repo, "HEAD", cwd=src.path)
    if head is None or not is_ancestor(repo, base.sha, head):
        raise WtError(
            f"{src.branch} is not based on the tip of {base.name} (--no-rebase)",
            hint=f"rebase first: git wt step rebase {quote_arg(base.target)}; or drop --no-rebase",
        )


# -- the steps ---------------------------------------------------------------------------


def _commit_step(
    ctx: Context,
    repo: Repository,
    src: Source,
    base: Base,
    opts: MergeOptions,
    runner: HookRunner,
    result: MergeResult,
) -> None:
    if opts.squash:
        squashed = squash(ctx, repo, src, base, opts.stage, runner)
        result.squashed = squashed.outcome is SquashOutcome.SQUASHED
        result.committed = squashed.outcome is SquashOutcome.COMMITTED
    else:
        done = commit_work(ctx, repo, src, opts.stage, runner, required=False)
        result.committed = done is not None


def _merge_into_itself(
    ctx: Context, repo: Repository, src: Source, opts: MergeOptions, result: MergeResult
) -> MergeResult:
    """Run on TARGET itself: commit what is there (if asked), nothing to merge or remove."""
    runner = HookRunner(ctx, repo, opts.hooks, opts.yes, src, target=src.branch)
    if opts.commit and has_work(status(repo, src.path), opts.stage):
        runner.approve(COMMIT_HOOKS)
        done = commit_work(ctx, repo, src, opts.stage, runner, required=False)
        result.committed = done is not None
    ctx.out.info(f"already on {src.branch}: nothing to merge, the worktree stays")
    return result


def _cleanup(ctx: Context, repo: Repository, src: Source, target: str, opts: MergeOptions) -> bool:
    """Remove the branch's worktree and branch by `git wt remove`'s rules; True when removed."""
    if not opts.remove:
        ctx.out.info(f"kept the worktree of {src.branch} (--no-remove)")
        return False
    repo.refresh_worktrees()
    repo.refresh_branches()
    wt = repo.find_worktree_at(src.path)
    if wt is None:
        return False
    if wt.is_main:
        ctx.out.info(f"kept {src.branch}: it is checked out in the primary worktree")
        return False
    rm_opts = RemoveOptions(hooks=opts.hooks, yes=opts.yes)
    try:
        removal = remove.validate(repo, wt.path, rm_opts, ctx.cwd)
    except WtError as exc:
        _report(ctx, exc, lambda text: ctx.out.warning(f"merged, but kept the worktree: {text}"))
        return False
    target_wt = repo.find_worktree_for_branch(target)
    removal.target = target
    removal.landing = target_wt.path if target_wt else repo.home_dir
    remove.execute(ctx, repo, removal, rm_opts)
    return True


def _report(ctx: Context, exc: WtError, say: Callable[[str], None]) -> None:
    """An error the merge survives: its message (through `say`), detail and hint."""
    say(exc.message)
    if exc.detail:
        ctx.out.gutter(exc.detail)
    if exc.hint:
        ctx.out.hint(exc.hint)


def _after(
    repo: Repository, runner: HookRunner, src: Source, target: str, result: MergeResult
) -> None:
    """post-switch (when the shell moved to TARGET's worktree) and post-merge hooks."""
    repo.refresh_worktrees()
    target_wt = repo.find_worktree_for_branch(target)
    where = target_wt.path if target_wt else repo.home_dir
    merged = rev(repo, f"refs/heads/{target}")
    if result.removed:
        runner.run("post-switch", cwd=where, branch=target, worktree_path=where, commit=merged)
    path = src.path if os.path.isdir(src.path) else where
    runner.run("post-merge", cwd=where, worktree_path=path, commit=merged)
