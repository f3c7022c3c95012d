"""Pruning: removing clean worktrees whose branches are merged into the default branch."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from git_wt.context import Context
from git_wt.errors import WtError
from git_wt.git.merged import describe, integration_reason
from git_wt.git.repository import Repository, Worktree
from git_wt.git.status import status
from git_wt.ops import remove


@dataclass(frozen=True)
class PruneOptions:
    min_age: int = 86400  # seconds; younger worktrees are skipped
    dry_run: bool = False  # choose, remove nothing
    foreground: bool = False  # delete directories before returning
    hooks: bool = True
    yes: bool = False  # approve project hooks


@dataclass(frozen=True)
class Candidate:
    """A worktree prune looked at, with why it is removed (or skipped)."""

    worktree: Worktree
    reason: str


@dataclass
class PruneResult:
    chosen: list[Candidate]  # merged and clean: removed unless dry_run
    skipped: list[Candidate]
    removed: list[remove.Removal] = field(default_factory=list)
    failed: bool = False  # some removal failed (reported already)


def prune(ctx: Context, repo: Repository, opts: PruneOptions) -> PruneResult:
    """Remove (or with dry_run only choose) the merged, clean, old-enough worktrees."""
    chosen, skipped = prune_candidates(repo, opts.min_age)
    result = PruneResult(chosen, skipped)
    for item in skipped:
        ctx.out.info(f"skipped {item.worktree.branch}: {item.reason}")
    if opts.dry_run or not chosen:
        return result
    rm_opts = remove.RemoveOptions(foreground=opts.foreground, hooks=opts.hooks, yes=opts.yes)
    remove.approve(ctx, repo, rm_opts)
    # The worktree the command runs in goes last.
    ordered = sorted(chosen, key=lambda c: os.path.normpath(c.worktree.path) == repo.toplevel)
    for item in ordered:
        wt = item.worktree
        try:
            removal = remove.execute(
                ctx, repo, remove.validate(repo, wt.path, rm_opts, ctx.cwd), rm_opts
            )
        except WtError as exc:
            result.failed = True
            ctx.out.error(f"{wt.branch}: {exc.message}")
            if exc.hint:
                ctx.out.hint(exc.hint)
            continue
        result.removed.append(removal)
    return result


def worktree_age(repo: Repository, wt: Worktree) -> float:
    """Seconds since the worktree was created (its administrative files were written)."""
    admin = repo.worktree_git_dir(wt)
    for name in ("commondir", "gitdir"):
        try:
            return time.time() - os.stat(os.path.join(admin, name)).st_mtime
        except OSError:
            continue
    try:
        return time.time() - os.stat(admin).st_mtime
    except OSError:
        return float("inf")


def prune_candidates(repo: Repository, min_age: int) -> tuple[list[Candidate], list[Candidate]]:
    """(worktrees to remove with the reason, worktrees skipped with the reason)."""
    default = repo.default_branch()
    default_sha = repo.local_branches.get(default)
    chosen: list[Candidate] = []
    skipped: list[Candidate] = []
    for wt in repo.worktrees:
        if wt.is_main or wt.bare or wt.branch is None or wt.branch == default:
            continue
        sha = repo.local_branches.get(wt.branch)
        if sha is None or default_sha is None:
            continue
        reason = integration_reason(repo.git, repo.common_dir, sha, default_sha)
        if reason is None:
            continue
        why = describe(reason, default)
        if wt.is_locked:
            skipped.append(Candidate(wt, "locked"))
        elif wt.is_prunable:
            skipped.append(Candidate(wt, "its directory is missing (git worktree prune)"))
        elif status(repo, wt.path, untracked="normal"):
            skipped.append(Candidate(wt, "has uncommitted changes"))
        elif worktree_age(repo, wt) < min_age:
            skipped.append(Candidate(wt, "younger than --min-age"))
        else:
            chosen.append(Candidate(wt, why))
    return chosen, skipped
