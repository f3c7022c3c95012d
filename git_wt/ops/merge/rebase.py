"""Rebasing a branch onto TARGET, or fast-forwarding it (`step rebase`, merge's rebase)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import NoReturn

from git_wt.context import Context
from git_wt.errors import WtError
from git_wt.git.diff import changed_paths
from git_wt.git.history import merge_base
from git_wt.git.refs import rev
from git_wt.git.repository import Repository, Worktree
from git_wt.git.run import scrubbed_env
from git_wt.git.status import operation_in_progress, status
from git_wt.ops.merge.source import Base, Source, base_for, current_source, resolve_target_branch
from git_wt.ops.targets import expand_shortcut
from git_wt.ops.transaction import transaction
from git_wt.ui.words import Name


class RebaseOutcome(Name):
    """What a rebase did (the JSON `outcome`)."""

    UP_TO_DATE = "up_to_date"
    FAST_FORWARDED = "fast_forwarded"
    REBASED = "rebased"


@dataclass(frozen=True)
class RebaseResult:
    outcome: RebaseOutcome
    head: str
    onto: str  # the name of what the branch now builds on


@dataclass(frozen=True)
class RebaseOptions:
    """`git wt step rebase`: a branch, tag or commit (None: the default branch)."""

    target: str | None = None


def rebase_branch(ctx: Context, repo: Repository, opts: RebaseOptions) -> RebaseResult:
    """Rebase the current branch onto TARGET."""
    src = current_source(repo, "rebase")
    base = rebase_base(ctx, repo, opts.target)
    return rebase(ctx, repo, src, base.sha, base.name)


def rebase_base(ctx: Context, repo: Repository, name: str | None) -> Base:
    """A local branch (upstream-aware, as in merge), or any commit-ish."""
    if name is None:
        return base_for(ctx, repo, resolve_target_branch(repo, None, ctx.cwd))
    expanded = expand_shortcut(repo, name)
    if isinstance(expanded, Worktree):
        sha = expanded.head or ""
        return Base(expanded.path, sha, expanded.path, sha)
    if expanded in repo.local_branches:
        return base_for(ctx, repo, expanded)
    found = rev(repo, expanded)
    if found is None:
        raise WtError(f"no branch, tag or commit named {expanded}", hint="git wt list --branches")
    return Base(expanded, found, expanded, found)


def rebase(ctx: Context, repo: Repository, src: Source, onto: str, onto_name: str) -> RebaseResult:
    """Rebase the branch onto `onto` (a sha); a conflict leaves the rebase in progress."""
    head = rev(repo, "HEAD", cwd=src.path)
    if head is None:
        raise WtError(f"{src.branch} has no commits yet", hint="commit something first")
    mb = merge_base(repo, head, onto)
    if mb is None:
        raise WtError(
            f"{src.branch} and {onto_name} share no history; refusing to rebase",
            hint="join unrelated histories with git itself: git merge --allow-unrelated-histories",
        )
    if mb == onto:
        ctx.out.info(f"{src.branch} is already based on {onto_name}; no rebase needed")
        return RebaseResult(RebaseOutcome.UP_TO_DATE, head, onto_name)
    env = scrubbed_env({"GIT_EDITOR": "true", "GIT_SEQUENCE_EDITOR": "true"})
    ref = f"refs/heads/{src.branch}"
    if mb == head:
        with transaction(repo, "rebase", f"fast-forward {src.branch} to {onto_name}") as txn:
            # git refuses to overwrite local changes; the undo must not touch them either,
            # nor an ignored file that was already where the branch adds one.
            keep = [e.path for e in status(repo, src.path)]
            keep += [
                path
                for letter, path in changed_paths(repo, head, onto)
                if letter == "A" and os.path.lexists(os.path.join(src.path, path))
            ]
            txn.will("worktree_locks", path=src.path)
            txn.will("checkout", path=src.path, old=head, new=onto, keep=keep, fresh=True)
            txn.will("ref", ref=ref, old=head, new=[onto])
            repo.git.run("merge", "--ff-only", "--quiet", onto, cwd=src.path, env=env)
        ctx.out.success(f"fast-forwarded {src.branch} to {onto_name} ({onto[:7]})")
        return RebaseResult(RebaseOutcome.FAST_FORWARDED, onto, onto_name)
    ctx.out.progress(f"rebasing {src.branch} onto {onto_name}")
    with transaction(repo, "rebase", f"rebase {src.branch} onto {onto_name}") as txn:
        # Interrupted, a rebase still in progress is aborted; a conflict stop stays.
        txn.will("worktree_locks", path=src.path)
        txn.will("rebase", path=src.path, branch=src.branch, old=head)
        result = repo.git.run("rebase", "--quiet", onto, cwd=src.path, env=env, check=False)
    if not result.ok:
        _refuse_stopped_rebase(repo, src, onto_name, (result.stdout + result.stderr).strip())
    new_head = rev(repo, "HEAD", cwd=src.path) or head
    ctx.out.success(f"rebased {src.branch} onto {onto_name}")
    return RebaseResult(RebaseOutcome.REBASED, new_head, onto_name)


def _refuse_stopped_rebase(repo: Repository, src: Source, onto_name: str, output: str) -> NoReturn:
    """Explain a failed `git rebase`: a conflict left in progress, or a refusal."""
    if operation_in_progress(repo, src.path):
        conflicts = repo.git.run(
            "diff", "--name-only", "--diff-filter=U", "-z", cwd=src.path, check=False
        ).stdout
        names = [n for n in conflicts.split("\0") if n]
        raise WtError(
            f"rebasing {src.branch} onto {onto_name} stopped at a conflict"
            + (f" in {', '.join(names[:5])}" if names else "")
            + f"; the rebase is left in progress in {src.path}",
            detail=output or None,
            hint="resolve, `git add` the files and `git rebase --continue`, then run the "
            "command again; or give up with `git rebase --abort`",
        )
    raise WtError(
        f"git could not rebase {src.branch} onto {onto_name}",
        detail=output or None,
        hint="fix what git reports above (commit or stash local changes?), then run again",
    )
