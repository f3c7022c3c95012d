"""Switching: plan where a branch's worktree is (or will be), create it under the lock,
and run the hooks around it. `git wt switch` and the picker's choices go through here."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Any

from git_wt.context import Context
from git_wt.errors import ConfigError, GitError, WtError
from git_wt.fs import repo_lock
from git_wt.git.refs import delete_branch
from git_wt.git.repository import Repository, Worktree
from git_wt.hooks import approval as hook_approval
from git_wt.hooks import lifecycle as hook_lifecycle
from git_wt.hooks import sources as hook_sources
from git_wt.ops import previous
from git_wt.ops.targets import (
    check_branch_name,
    expand_shortcut,
    resolve_existing,
    worktree_path_for,
)
from git_wt.ops.transaction import Transaction, refuse_unfinished, transaction, unfinished
from git_wt.templates.quoting import quote_arg
from git_wt.templates.render import render_command
from git_wt.templates.values import TemplateError
from git_wt.templates.variables import full_context
from git_wt.ui.words import Name


class SwitchAction(Name):
    """What a switch did (the JSON `action`)."""

    CREATED = "created"
    SWITCHED = "switched"
    ALREADY_THERE = "already_there"


@dataclass(frozen=True)
class SwitchOptions:
    selector: str
    create: bool = False
    base: str | None = None
    clobber: bool = False  # move a non-worktree path that blocks creation aside
    hooks: bool = True
    yes: bool = False  # approve project hooks
    execute: str | None = None  # -x CMD, validated before anything is created
    execute_args: tuple[str, ...] = ()
    cd: bool = True  # False (--no-cd): the shell stays, so `-` keeps what it named


@dataclass
class Plan:
    action: SwitchAction
    branch: str | None
    path: str
    created_branch: bool = False
    base: str | None = None
    remote: str | None = None
    worktree: Worktree | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "action": self.action.value,
            "branch": self.branch,
            "path": self.path,
            "created_branch": self.created_branch or self.remote is not None,
            "base": self.base if self.action is SwitchAction.CREATED else None,
        }


@dataclass
class Switching:
    """A switch between its two halves: the plan, where it came from, the hook context."""

    plan: Plan
    source: Worktree | None
    context: dict[str, Any] = field(default_factory=dict)


def prepare(ctx: Context, repo: Repository, opts: SwitchOptions) -> Switching:
    """Everything up to arriving: approvals, pre-switch, the plan, creation, pre-start."""
    source = repo.current
    hook_types = hook_sources.SWITCH_TYPES + (
        hook_sources.START_TYPES if _may_create(repo, opts, ctx) else ()
    )
    hook_approval.approve_operation(ctx, repo, hook_types, enabled=opts.hooks, yes=opts.yes)
    hook_lifecycle.run_hooks(
        ctx,
        repo,
        "pre-switch",
        _source_context(repo, source, ctx),
        enabled=opts.hooks,
        yes=opts.yes,
    )
    plan = plan_switch(repo, opts, ctx)
    if opts.execute:
        # A bad --execute template must fail before anything is created; it is checked
        # in the dialect of the shell that will most likely run it.
        from git_wt.shell.directives import exec_dialect
        from git_wt.templates.guard import unsafe_values_allowed

        expand_execute(
            opts.execute,
            opts.execute_args,
            _target_context(repo, plan, source, ctx),
            exec_dialect() or "posix",
            allow_unsafe=unsafe_values_allowed(repo),
        )
    if plan.action is SwitchAction.CREATED:
        hook_lifecycle.check_templates(
            repo,
            ("post-switch", *hook_sources.START_TYPES),
            _target_context(repo, plan, source, ctx),
            enabled=opts.hooks,
        )
        plan = create(repo, plan, opts, ctx)
    wt_context = _target_context(repo, plan, source, ctx)
    if plan.action is SwitchAction.CREATED:
        hook_lifecycle.run_pre_start(
            ctx,
            repo,
            wt_context,
            enabled=opts.hooks,
            yes=opts.yes,
            path=plan.path,
            branch=plan.branch,
            head=plan.worktree.head if plan.worktree else None,
            created_branch=plan.created_branch or plan.remote is not None,
        )
    if opts.cd:
        previous.record(repo, source, plan.path)
    return Switching(plan, source, wt_context)


def finish(ctx: Context, repo: Repository, switching: Switching, opts: SwitchOptions) -> None:
    """After arriving: post-start (for a new worktree), then post-switch."""
    plan = switching.plan
    if plan.action is SwitchAction.CREATED:
        hook_lifecycle.run_hooks(
            ctx,
            repo,
            "post-start",
            switching.context,
            enabled=opts.hooks,
            yes=opts.yes,
            cwd=plan.path,
        )
    if plan.action is not SwitchAction.ALREADY_THERE:
        hook_lifecycle.run_hooks(
            ctx,
            repo,
            "post-switch",
            switching.context,
            enabled=opts.hooks,
            yes=opts.yes,
            cwd=plan.path,
        )


def _may_create(repo: Repository, opts: SwitchOptions, ctx: Context) -> bool:
    """Whether this switch may create a worktree (so its start hooks need approval too)."""
    if opts.create:
        return True
    try:
        return resolve_existing(repo, opts.selector, ctx.cwd).worktree is None
    except WtError:
        return False  # plan_switch reports the problem


# -- planning ------------------------------------------------------------------------


def plan_switch(repo: Repository, opts: SwitchOptions, ctx: Context) -> Plan:
    """Decide what to do without changing anything."""
    if opts.create:
        return _plan_create(repo, opts.selector, opts.base)
    target = resolve_existing(repo, opts.selector, ctx.cwd)
    if target.worktree is not None:
        return _plan_existing(repo, target.worktree)
    assert target.branch is not None
    return Plan(
        SwitchAction.CREATED,
        target.branch,
        worktree_path_for(repo, target.branch),
        remote=target.remote,
    )


def _plan_existing(repo: Repository, wt: Worktree) -> Plan:
    if wt.is_prunable:
        raise WtError(
            f"the worktree directory of {wt.branch or wt.path} is missing: {wt.path}",
            hint="git worktree prune",
        )
    here = repo.toplevel is not None and os.path.normpath(wt.path) == repo.toplevel
    if not here:
        refuse_unfinished(repo, wt, f"switch to {wt.branch or wt.path}")
    return Plan(
        SwitchAction.ALREADY_THERE if here else SwitchAction.SWITCHED,
        wt.branch,
        wt.path,
        worktree=wt,
    )


def _plan_create(repo: Repository, selector: str, base: str | None) -> Plan:
    if selector in ("^", "@", "-"):
        raise WtError(
            f"--create needs a new branch name, not the shortcut {selector}",
            hint=f"git wt switch {selector}",
        )
    branch = selector
    check_branch_name(repo, branch)
    if branch in repo.local_branches:
        raise WtError(
            f"branch {branch} already exists",
            hint=f"to switch to it, drop --create: git wt switch {quote_arg(branch)}",
        )
    base_name, base_sha = resolve_base(repo, base)
    path = worktree_path_for(repo, branch)
    return Plan(SwitchAction.CREATED, branch, path, created_branch=True, base=base_name or base_sha)


def resolve_base(repo: Repository, base: str | None) -> tuple[str | None, str]:
    """The commit a new branch starts from: (display name, sha)."""
    name: str | None
    if base is None:
        name = repo.default_branch()
    else:
        expanded = expand_shortcut(repo, base)
        if isinstance(expanded, Worktree):
            name = expanded.branch
            if name is None:
                return None, expanded.head or "HEAD"
        else:
            name = expanded
        if (
            name not in repo.local_branches
            and name not in repo.remote_branches
            and len(remotes := repo.remotes_having(name)) == 1
        ):
            name = f"{remotes[0]}/{name}"
    result = repo.git.run(
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        f"{name}^{{commit}}",
        cwd=repo.any_dir,
        check=False,
    )
    if not result.ok:
        raise WtError(
            f"no branch, tag or commit named {name}",
            hint="git wt list --branches --remotes",
        )
    return name, result.stdout.strip()


# -- creating ------------------------------------------------------------------------


def create(repo: Repository, plan: Plan, opts: SwitchOptions, ctx: Context) -> Plan:
    """Create the worktree under the repository lock; re-checks what changed meanwhile."""
    assert plan.branch is not None
    with repo_lock(repo.state_dir):
        repo.refresh_worktrees()
        repo.refresh_branches()
        existing = repo.find_worktree_for_branch(plan.branch)
        if existing is not None:
            if plan.created_branch:
                raise WtError(
                    f"branch {plan.branch} already exists (it has a worktree at {existing.path})",
                    hint=f"git wt switch {quote_arg(plan.branch)}",
                )
            return _plan_existing(repo, existing)
        if plan.created_branch and plan.branch in repo.local_branches:
            raise WtError(
                f"branch {plan.branch} already exists",
                hint=f"to switch to it, drop --create: git wt switch {quote_arg(plan.branch)}",
            )
        title = f"switch {'-c ' if plan.created_branch else ''}{plan.branch}"
        with transaction(repo, "switch", title) as txn:
            _check_path_free(repo, plan, clobber=opts.clobber, ctx=ctx, txn=txn)
            _worktree_add(repo, plan, opts, txn)
            repo.refresh_worktrees()
            repo.refresh_branches()
            made = repo.find_worktree_for_branch(plan.branch)
            if made is None or unfinished(repo, made):
                raise WtError(
                    f"git did not finish the worktree for {plan.branch}; it was removed again",
                    hint="run the switch again",
                )
    plan.worktree = made
    return plan


def _check_path_free(
    repo: Repository, plan: Plan, *, clobber: bool, ctx: Context, txn: Transaction
) -> None:
    path = plan.path
    occupant = repo.find_worktree_at(path)
    if occupant is not None:
        what = f"branch {occupant.branch}" if occupant.branch else "a detached HEAD"
        if occupant.is_prunable:
            raise WtError(
                f"{path} is registered as the worktree of {what}, but its directory is missing",
                hint="git worktree prune",
            )
        if occupant.is_main:
            raise WtError(
                f"cannot switch to {plan.branch}: the primary worktree {path} has {what} "
                "checked out",
                hint=f"cd {quote_arg(path)} && git switch {quote_arg(plan.branch or '')}",
            )
        raise WtError(
            f"{path} is already the worktree of {what}",
            hint="set wt.worktree-path to a template that gives each branch its own path",
        )
    if not os.path.lexists(path):
        return
    if not clobber:
        kind = "directory" if os.path.isdir(path) else "file"
        raise WtError(
            f"a {kind} that is not a worktree is in the way: {path}",
            hint="move it away, or let git-wt move it aside: "
            f"git wt switch --create --clobber {quote_arg(plan.branch or '')}",
        )
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup = f"{path}.bak.{stamp}"
    n = 2
    while os.path.lexists(backup):
        backup = f"{path}.bak.{stamp}-{n}"
        n += 1
    txn.will("rename", src=path, dst=backup)
    os.rename(path, backup)
    ctx.out.warning(f"moved {path} aside to {backup} (--clobber)")


def _worktree_add(repo: Repository, plan: Plan, opts: SwitchOptions, txn: Transaction) -> None:
    assert plan.branch is not None
    parent = os.path.dirname(plan.path)
    try:
        os.makedirs(parent, exist_ok=True)
    except OSError as exc:
        raise WtError(
            f"cannot create the directory {parent} for the new worktree: {exc.strerror}",
            hint="check wt.worktree-path (git config --get wt.worktree-path) and that "
            "directory's parents",
        ) from None
    new_branch_at: str | None = None  # the commit a branch this switch creates starts at
    if plan.created_branch:
        _, sha = resolve_base(repo, opts.base)
        new_branch_at = sha
        argv = ["worktree", "add", "--no-track", "-b", plan.branch, "--", plan.path, sha]
    elif plan.remote is not None:
        remote_ref = f"{plan.remote}/{plan.branch}"
        new_branch_at = repo.remote_branches.get(remote_ref)
        argv = ["worktree", "add", "--track", "-b", plan.branch, "--", plan.path, remote_ref]
        plan.base = remote_ref
    else:
        argv = ["worktree", "add", "--", plan.path, plan.branch]
    txn.will(
        "worktree_add",
        path=plan.path,
        checkout=plan.branch,
        branch=plan.branch if new_branch_at else None,
        sha=new_branch_at,
    )
    try:
        repo.git.run(*argv, cwd=repo.any_dir)
    except GitError as exc:
        if plan.created_branch or plan.remote is not None:
            _undo_new_branch(repo, plan.branch)
        raise WtError(
            f"git could not create the worktree for {plan.branch}",
            detail=exc.detail,
            hint="fix what git reports above, then run the switch again",
        ) from None


def _undo_new_branch(repo: Repository, branch: str) -> None:
    """`worktree add -b` can create the branch and then fail: take the branch back."""
    repo.refresh_branches()
    sha = repo.local_branches.get(branch)
    if sha is None:
        return
    delete_branch(repo, branch, sha)
    repo.refresh_branches()


# -- after ---------------------------------------------------------------------------


def _source_context(repo: Repository, source: Worktree | None, ctx: Context) -> dict[str, Any]:
    path = source.path if source else repo.repo_path
    return full_context(
        repo,
        branch=source.branch if source else None,
        worktree_path=path,
        commit=source.head if source else None,
        cwd=path,
    )


def _target_context(
    repo: Repository, plan: Plan, source: Worktree | None, ctx: Context
) -> dict[str, Any]:
    # Before creation the new worktree's commit is not known yet; validation still needs
    # `commit` defined, so it sees the all-zero id.
    head = plan.worktree.head if plan.worktree else "0" * 40
    base = plan.base if plan.action is SwitchAction.CREATED else (source.branch if source else None)
    return full_context(
        repo,
        branch=plan.branch,
        worktree_path=plan.path,
        commit=head,
        base=base,
        base_worktree_path=source.path if source else None,
        target=plan.branch,
        target_worktree_path=plan.path,
        cwd=plan.path,
    )


def expand_execute(
    command: str,
    extra: tuple[str, ...],
    context: dict[str, Any],
    dialect: str = "posix",
    *,
    allow_unsafe: bool = False,
) -> str:
    """CMD and the trailing ARGS as one command line of the shell dialect that runs it."""
    try:
        return render_command(command, extra, context, dialect=dialect, allow_unsafe=allow_unsafe)
    except TemplateError as exc:
        raise ConfigError(f"--execute: {exc.message}", hint=exc.hint) from None
