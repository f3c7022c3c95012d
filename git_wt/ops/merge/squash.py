"""Squashing a branch into one commit on its merge-base (`step squash`, merge's squash)."""

from __future__ import annotations

from dataclasses import dataclass

from git_wt.context import Context
from git_wt.errors import WtError
from git_wt.git.diff import has_staged, staged_paths, staged_stat
from git_wt.git.history import commits_between, merge_base
from git_wt.git.refs import rev
from git_wt.git.repository import Repository
from git_wt.git.status import StageMode, check_ready, has_work, stage, status
from git_wt.ops.merge.backup import encoding_note, write_backup
from git_wt.ops.merge.commit import commit_work, git_commit, warn_auto_staged
from git_wt.ops.merge.message import gather, message_for
from git_wt.ops.merge.source import (
    COMMIT_HOOKS,
    Base,
    HookRunner,
    Source,
    base_for,
    current_source,
    move_branch,
    resolve_target_branch,
    stage_setting,
)
from git_wt.ops.transaction import transaction
from git_wt.ui.words import Name, plural


class SquashOutcome(Name):
    """What a squash did (the JSON `outcome`)."""

    NOTHING = "nothing"
    ALREADY_SINGLE = "already_single"
    COMMITTED = "committed"
    SQUASHED = "squashed"
    NO_NET_CHANGES = "no_net_changes"


@dataclass(frozen=True)
class SquashResult:
    outcome: SquashOutcome
    commits: int = 0
    sha: str | None = None
    message: str | None = None
    backup: str | None = None


@dataclass(frozen=True)
class SquashOptions:
    """`git wt step squash`: TARGET (None: the default branch), what to stage (None:
    wt.commit.stage) and the hook switches."""

    target: str | None = None
    stage: StageMode | None = None
    hooks: bool = True
    yes: bool = False


def squash_branch(ctx: Context, repo: Repository, opts: SquashOptions) -> SquashResult:
    """Squash the current branch onto its merge-base with TARGET."""
    src = current_source(repo, "squash")
    target = resolve_target_branch(repo, opts.target, ctx.cwd)
    base = base_for(ctx, repo, target)
    runner = HookRunner(ctx, repo, opts.hooks, opts.yes, src, target=target)
    runner.approve(COMMIT_HOOKS)
    return squash(ctx, repo, src, base, stage_setting(repo, opts.stage), runner)


def squash(
    ctx: Context,
    repo: Repository,
    src: Source,
    base: Base,
    mode: StageMode,
    runner: HookRunner,
) -> SquashResult:
    """Everything since the merge-base with `base`, plus uncommitted work, as one commit."""
    head = rev(repo, "HEAD", cwd=src.path)
    if head is None:
        raise WtError(f"{src.branch} has no commits yet", hint="commit something first")
    mb = merge_base(repo, head, base.sha)
    if mb is None:
        raise WtError(
            f"{src.branch} and {base.name} share no history; there is nothing to squash onto",
            hint="merge unrelated histories with git itself",
        )
    commits = commits_between(repo, mb, head)
    dirty = has_work(status(repo, src.path), mode)
    if not commits and not dirty:
        ctx.out.info(f"nothing to squash: {src.branch} has no commits of its own")
        return SquashResult(SquashOutcome.NOTHING)
    if len(commits) == 1 and not dirty:
        ctx.out.info(f"nothing to squash: {src.branch} is already a single commit")
        return SquashResult(SquashOutcome.ALREADY_SINGLE, 1, head)
    if not commits:
        done = commit_work(ctx, repo, src, mode, runner, required=False)
        if done is None:
            return SquashResult(SquashOutcome.NOTHING)
        return SquashResult(SquashOutcome.COMMITTED, 0, done.sha, done.message)
    runner.run("pre-commit")
    with transaction(repo, "squash", f"back up and stage {src.branch}") as txn:
        txn.will("worktree_locks", path=src.path)
        backup_name, backup = write_backup(repo, src, head, mode, base.target)
        note = encoding_note(src.branch)
        ctx.out.info(f"backed up {src.branch} as {backup_name} ({backup[:7]}){note}")
        staged = stage(repo, src.path, mode)
    warn_auto_staged(ctx, staged)
    check_ready(repo, src.path, src.branch, "squash")
    had_uncommitted = has_staged(repo, src.path, head)
    if len(commits) == 1 and not had_uncommitted:
        return SquashResult(SquashOutcome.ALREADY_SINGLE, 1, head, backup=backup)
    paths = staged_paths(repo, src.path, mb)
    what = plural(len(commits), "commit") + (" and uncommitted changes" if had_uncommitted else "")
    stat = staged_stat(repo, src.path, mb)
    ctx.out.progress(f"squashing {what} of {src.branch} into one ({stat.describe()})")
    change = gather(
        repo,
        src.path,
        src.branch,
        mb,
        paths,
        squashed=commits,
        target=base.target,
        had_uncommitted=had_uncommitted,
    )
    message = message_for(ctx, repo, src.path, change)
    with transaction(repo, "squash", f"squash {src.branch}") as txn:
        # A soft reset as a compare-and-swap: index and files stay, the branch drops to mb;
        # rolled back (the branch returns to HEAD) if the commit fails or a signal comes.
        txn.will("worktree_locks", path=src.path)
        txn.will("ref", ref=f"refs/heads/{src.branch}", old=head, new=[mb], on_top=True)
        move_branch(
            repo, src.branch, mb, head, f"git-wt squash: drop to merge-base with {base.name}"
        )
        if not has_staged(repo, src.path, mb):
            ctx.out.info(f"the {what} cancel out: {src.branch} now equals its merge-base")
            return SquashResult(SquashOutcome.NO_NET_CHANGES, len(commits), mb, backup=backup)
        txn.checkpoint()
        sha = git_commit(repo, src.path, message)
    ctx.out.success(f"squashed into {sha[:7]} {message.splitlines()[0]}")
    runner.run("post-commit")
    return SquashResult(SquashOutcome.SQUASHED, len(commits), sha, message, backup)
