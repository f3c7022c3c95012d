"""`git wt merge`: commit, squash, rebase, fast-forward TARGET, then remove the worktree."""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass
from typing import Any

from git_wt.config import keys
from git_wt.context import Context
from git_wt.errors import ConfigError, WtError
from git_wt.git.diff import changed_paths
from git_wt.git.history import is_ancestor, merge_base
from git_wt.git.refs import rev
from git_wt.git.repository import Repository, Worktree
from git_wt.git.status import STAGE_MODES, has_work, status
from git_wt.hooks import sources as hooks
from git_wt.ops import remove
from git_wt.ops.merge.pipeline import (
    Base,
    HookRunner,
    PushResult,
    Source,
    base_for,
    blocking_paths,
    check_target_worktree,
    commit_work,
    current_source,
    push,
    rebase,
    refuse_blockers,
    resolve_target_branch,
    squash,
    work_tree,
)
from git_wt.ops.remove import RemoveOptions
from git_wt.ui.words import plural

NAME = "merge"
HELP = "merge this branch into TARGET, then remove its worktree"
DESCRIPTION = """\
Merge the current branch into TARGET (default: the default branch) on this machine,
like a merge button: commit or squash the work (uncommitted changes included) into one
commit, rebase it onto TARGET, run the pre-merge hooks, fast-forward TARGET (its
worktree's files follow), then remove this worktree and branch and land in TARGET's
worktree. Nothing is fetched or pushed.

Defaults come from git config: wt.merge.squash, wt.merge.commit, wt.merge.rebase,
wt.merge.remove, wt.merge.ff (booleans, default true) and wt.merge.stage (all).

examples:
  git wt merge                    into the default branch
  git wt merge release/2.x        into another local branch
  git wt merge --no-squash        keep the individual commits
  git wt merge --no-remove        keep the worktree and branch afterwards
  git wt merge --no-ff            record a merge commit on TARGET
"""

_TOGGLES = (
    ("squash", "squash the branch into one commit", keys.MERGE_SQUASH),
    ("commit", "commit uncommitted changes first", keys.MERGE_COMMIT),
    ("rebase", "rebase onto TARGET when needed", keys.MERGE_REBASE),
    ("remove", "remove the worktree and branch afterwards", keys.MERGE_REMOVE),
    ("ff", "fast-forward TARGET (--no-ff: merge commit)", keys.MERGE_FF),
)

MERGE_HOOKS = (
    "pre-commit",
    "post-commit",
    "pre-merge",
    "pre-remove",
    "post-remove",
    "post-switch",
    "post-merge",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "target", nargs="?", metavar="TARGET", help="local branch to merge into (default: ^)"
    )
    for name, text, _ in _TOGGLES:
        parser.add_argument(
            f"--no-{name}", dest=name, action="store_const", const=False, help=f"don't {text}"
        )
        parser.add_argument(
            f"--{name}", dest=name, action="store_const", const=True, help=argparse.SUPPRESS
        )
    parser.add_argument(
        "--stage",
        choices=STAGE_MODES,
        default=None,
        help="what to commit: all (with untracked files), tracked, none (only staged)",
    )
    parser.add_argument("--no-hooks", action="store_true", help="run no hooks")
    parser.add_argument("-y", "--yes", action="store_true", help="approve project hooks")
    parser.add_argument("--format", choices=("text", "json"), default="text")


@dataclass
class Options:
    squash: bool
    commit: bool
    rebase: bool
    remove: bool
    ff: bool
    stage: str
    hooks: bool
    yes: bool


@dataclass
class Outcome:
    branch: str
    target: str
    committed: bool = False
    squashed: bool = False
    rebased: bool = False
    removed: bool = False

    def json(self) -> dict[str, Any]:
        return {
            "branch": self.branch,
            "target": self.target,
            "committed": self.committed,
            "squashed": self.squashed,
            "rebased": self.rebased,
            "removed": self.removed,
        }


def options(repo: Repository, args: argparse.Namespace) -> Options:
    """Flag > git config > default (true); --no-commit implies --no-squash."""
    values = {}
    for name, _, key in _TOGGLES:
        flag = getattr(args, name)
        values[name] = flag if flag is not None else repo.config.get_bool(key, True)
    stage = args.stage or repo.config.get(keys.MERGE_STAGE) or "all"
    if stage not in STAGE_MODES:
        raise ConfigError(
            f"{keys.MERGE_STAGE} must be one of {', '.join(STAGE_MODES)}, not {stage!r}",
            hint=f"git config {keys.MERGE_STAGE} all",
        )
    if not values["commit"]:
        values["squash"] = False
    return Options(**values, stage=stage, hooks=not args.no_hooks, yes=args.yes)


def run(args: argparse.Namespace, ctx: Context) -> int:
    repo = ctx.repo()
    opts = options(repo, args)
    src = current_source(repo, "merge")
    target = resolve_target_branch(repo, args.target, ctx.cwd)
    outcome = Outcome(src.branch, target)
    target_wt = repo.find_worktree_for_branch(target)
    if target == src.branch:
        return _merge_into_itself(ctx, repo, src, opts, args, outcome)
    _precheck(ctx, repo, src, target, target_wt, opts)
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
    hooks.approve_operation(
        ctx, repo, MERGE_HOOKS, enabled=opts.hooks, yes=opts.yes, worktree=src.path
    )
    try:
        if opts.commit:
            _commit_step(ctx, repo, src, base, opts, runner, outcome)
        if opts.rebase:
            rebased = rebase(ctx, repo, src, base.sha, base.name)
            outcome.rebased = rebased.outcome == "rebased"
        else:
            _require_based_on(repo, src, base)
        runner.run("pre-merge")
        pushed = push(ctx, repo, src, target, no_ff=not opts.ff)
    except Exception:
        runner.flush(src.path)  # the commit stands even though the merge stopped
        raise
    _report_push(ctx, src, pushed)
    # post-commit starts where the commit now lives, a directory that will still exist.
    home = target_wt.path if target_wt else repo.home_dir
    runner.flush(home if opts.remove else src.path)
    failed = False
    try:
        outcome.removed = _cleanup(ctx, repo, src, target, opts)
    except WtError as exc:
        failed = True
        ctx.out.error(exc.message)
        if exc.detail:
            ctx.out.gutter(exc.detail)
        if exc.hint:
            ctx.out.hint(exc.hint)
    _after(ctx, repo, runner, src, target, outcome)
    if args.format == "json":
        ctx.out.data(json.dumps(outcome.json()))
    return 1 if failed else 0


# -- checks before anything moves -------------------------------------------------------


def _precheck(
    ctx: Context,
    repo: Repository,
    src: Source,
    target: str,
    target_wt: Worktree | None,
    opts: Options,
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
    repo: Repository, src: Source, base: Base, target_wt: Worktree, opts: Options
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
            hint=f"rebase first: git wt step rebase {base.target}; or drop --no-rebase",
        )


# -- the steps ---------------------------------------------------------------------------


def _commit_step(
    ctx: Context,
    repo: Repository,
    src: Source,
    base: Base,
    opts: Options,
    runner: HookRunner,
    outcome: Outcome,
) -> None:
    if opts.squash:
        result = squash(ctx, repo, src, base, opts.stage, runner)
        outcome.squashed = result.outcome == "squashed"
        outcome.committed = result.outcome == "committed"
    else:
        done = commit_work(ctx, repo, src, opts.stage, runner, required=False)
        outcome.committed = done is not None


def _report_push(ctx: Context, src: Source, pushed: PushResult) -> None:
    if pushed.outcome == "up_to_date":
        return
    how = " with a merge commit" if pushed.outcome == "merge_commit" else ""
    ctx.out.success(
        f"merged {src.branch} into {pushed.target}{how} at {pushed.new[:7]} "
        f"({plural(pushed.commits, 'commit')}, {pushed.stat.describe()})"
    )


def _merge_into_itself(
    ctx: Context,
    repo: Repository,
    src: Source,
    opts: Options,
    args: argparse.Namespace,
    outcome: Outcome,
) -> int:
    """Run on TARGET itself: commit what is there (if asked), nothing to merge or remove."""
    runner = HookRunner(ctx, repo, opts.hooks, opts.yes, src, target=src.branch)
    if opts.commit and has_work(status(repo, src.path), opts.stage):
        hooks.approve_operation(
            ctx, repo, ("pre-commit", "post-commit"), enabled=opts.hooks, yes=opts.yes
        )
        outcome.committed = (
            commit_work(ctx, repo, src, opts.stage, runner, required=False) is not None
        )
    ctx.out.info(f"already on {src.branch}: nothing to merge, the worktree stays")
    if args.format == "json":
        ctx.out.data(json.dumps(outcome.json()))
    return 0


def _cleanup(ctx: Context, repo: Repository, src: Source, target: str, opts: Options) -> bool:
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
        ctx.out.warning(f"merged, but kept the worktree: {exc.message}")
        if exc.detail:
            ctx.out.gutter(exc.detail)
        if exc.hint:
            ctx.out.hint(exc.hint)
        return False
    target_wt = repo.find_worktree_for_branch(target)
    removal.target = target
    removal.landing = target_wt.path if target_wt else repo.home_dir
    remove.execute(ctx, repo, removal, rm_opts)
    return True


def _after(
    ctx: Context,
    repo: Repository,
    runner: HookRunner,
    src: Source,
    target: str,
    outcome: Outcome,
) -> None:
    """post-switch (when the shell moved to TARGET's worktree) and post-merge hooks."""
    repo.refresh_worktrees()
    target_wt = repo.find_worktree_for_branch(target)
    where = target_wt.path if target_wt else repo.home_dir
    merged = rev(repo, f"refs/heads/{target}")
    if outcome.removed:
        runner.run("post-switch", cwd=where, branch=target, worktree_path=where, commit=merged)
    path = src.path if os.path.isdir(src.path) else where
    runner.run("post-merge", cwd=where, worktree_path=path, commit=merged)
