"""Committing a worktree's changes with a generated message (`step commit`, merge's commit)."""

from __future__ import annotations

from dataclasses import dataclass

from git_wt.context import Context
from git_wt.errors import GitError, WtError
from git_wt.git.diff import has_staged, staged_paths, staged_stat
from git_wt.git.refs import rev
from git_wt.git.repository import Repository
from git_wt.git.status import StageMode, check_ready, has_work, stage, status
from git_wt.ops.merge.message import build_prompt, gather, message_for
from git_wt.ops.merge.source import (
    COMMIT_HOOKS,
    EMPTY_TREE,
    HookRunner,
    Source,
    current_source,
    scratch_index,
    stage_scratch,
    stage_setting,
)
from git_wt.ops.transaction import transaction
from git_wt.ui.words import plural


@dataclass(frozen=True)
class CommitOptions:
    """`git wt step commit`: what to stage (None: wt.commit.stage) and the hook switches."""

    stage: StageMode | None = None
    hooks: bool = True
    yes: bool = False


@dataclass(frozen=True)
class CommitResult:
    sha: str
    message: str
    stage: StageMode = StageMode.ALL


def commit(ctx: Context, repo: Repository, opts: CommitOptions) -> CommitResult:
    """Stage and commit the current worktree's changes; refuses when there are none."""
    src = current_source(repo, "commit")
    mode = stage_setting(repo, opts.stage)
    runner = HookRunner(ctx, repo, opts.hooks, opts.yes, src)
    runner.approve(COMMIT_HOOKS)
    done = commit_work(ctx, repo, src, mode, runner, required=True)
    assert done is not None
    return done


def commit_prompt(repo: Repository, opts: CommitOptions) -> str:
    """The prompt the message generator would get for what `commit` would stage now
    (staged in a scratch index: nothing is staged or committed)."""
    src = current_source(repo, "commit")
    mode = stage_setting(repo, opts.stage)
    head = rev(repo, "HEAD", cwd=src.path) or EMPTY_TREE
    with scratch_index(repo, src.path) as env:
        stage_scratch(repo, src.path, mode, env)
        paths = staged_paths(repo, src.path, head, env=env)
        change = gather(repo, src.path, src.branch, head, paths, env=env)
    return build_prompt(change)


def warn_auto_staged(ctx: Context, paths: list[str]) -> None:
    if paths:
        ctx.out.warning(f"staging {plural(len(paths), 'untracked path')} (--stage all):")
        shown = paths[:10] + ([f"... and {len(paths) - 10} more"] if len(paths) > 10 else [])
        ctx.out.gutter("\n".join(shown))


def git_commit(repo: Repository, path: str, message: str) -> str:
    """`git commit` of the index (git's own hooks and signing apply); the new HEAD."""
    try:
        repo.git.run("commit", "--quiet", "--no-edit", "--file=-", cwd=path, input=message + "\n")
    except GitError as exc:
        raise WtError(
            "git commit failed",
            detail=exc.detail,
            hint="fix what git reports above (a git pre-commit hook?), then run again",
        ) from None
    return rev(repo, "HEAD", cwd=path) or ""


def commit_work(
    ctx: Context,
    repo: Repository,
    src: Source,
    mode: StageMode,
    runner: HookRunner,
    *,
    required: bool,
) -> CommitResult | None:
    """Stage per `mode` and commit with a generated message; None when nothing to do."""
    if not has_work(status(repo, src.path), mode):
        if required:
            _nothing_to_commit(mode)
        return None
    runner.run("pre-commit")
    with transaction(repo, "commit", f"stage the changes on {src.branch}") as txn:
        txn.will("worktree_locks", path=src.path)
        staged = stage(repo, src.path, mode)
    warn_auto_staged(ctx, staged)
    check_ready(repo, src.path, src.branch, "commit")
    head = rev(repo, "HEAD", cwd=src.path) or EMPTY_TREE
    if not has_staged(repo, src.path, head):
        if required:
            _nothing_to_commit(mode)
        return None
    paths = staged_paths(repo, src.path, head)
    change = gather(repo, src.path, src.branch, head, paths, target=runner.target)
    stat = staged_stat(repo, src.path, head)
    ctx.out.progress(f"committing {stat.describe()} on {src.branch}")
    message = message_for(ctx, repo, src.path, change)
    with transaction(repo, "commit", f"commit on {src.branch}") as txn:
        # Interrupted, the commit is taken back; what was staged stays staged.
        branch_ref = f"refs/heads/{src.branch}"
        txn.will("worktree_locks", path=src.path)
        txn.will("ref", ref=branch_ref, old=rev(repo, "HEAD", cwd=src.path), new=[], on_top=True)
        sha = git_commit(repo, src.path, message)
    ctx.out.success(f"committed {sha[:7]} {message.splitlines()[0]}")
    runner.run("post-commit")
    return CommitResult(sha, message, mode)


def _nothing_to_commit(mode: StageMode) -> None:
    extra = {
        StageMode.NONE: " (--stage none commits only what is already staged)",
        StageMode.TRACKED: " (--stage tracked leaves untracked files out)",
    }.get(mode, "")
    raise WtError(f"nothing to commit{extra}", hint="make some changes, or stage them with git add")
