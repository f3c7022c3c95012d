"""`git wt switch`: go to a branch's worktree, creating the worktree (and branch) if needed."""

from __future__ import annotations

import argparse
import json
import os
import time
from dataclasses import dataclass
from typing import Any

from git_wt.config import keys
from git_wt.context import Context
from git_wt.errors import ConfigError, GitError, UsageError, WtError
from git_wt.fs import repo_lock
from git_wt.git.refs import delete_branch
from git_wt.git.repository import Repository, Worktree, is_within
from git_wt.hooks import sources as hooks
from git_wt.ops.targets import (
    check_branch_name,
    expand_shortcut,
    resolve_existing,
    worktree_path_for,
)
from git_wt.shell import directives
from git_wt.templates.quoting import quote_arg, quote_args
from git_wt.templates.render import render
from git_wt.templates.values import TemplateError
from git_wt.templates.variables import full_context

NAME = "switch"
HELP = "switch to a branch's worktree, creating it when missing"
DESCRIPTION = """\
Switch to the worktree of a branch, creating the worktree (and with --create the
branch) when it does not exist yet.

examples:
  git wt switch -c feature/login        new branch from the default branch
  git wt switch feature/login           its worktree (created if missing)
  git wt switch -c fix -b v1.2          new branch from a tag
  git wt switch ^                       the default branch's worktree
  git wt switch -                       back to the previous worktree
  git wt switch -c x -x 'npm test'      create, then run a command there
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "selector",
        nargs="?",
        metavar="BRANCH",
        help="branch, worktree path, or ^ (default branch), @ (current), - (previous)",
    )
    parser.add_argument("-c", "--create", action="store_true", help="create a new branch")
    parser.add_argument(
        "-b", "--base", metavar="BASE", help="commit-ish the new branch starts from"
    )
    parser.add_argument(
        "-x", "--execute", metavar="CMD", help="run CMD in the target worktree afterwards"
    )
    parser.add_argument(
        "--clobber",
        action="store_true",
        help="move a non-worktree path that blocks creation aside (PATH.bak.TIMESTAMP)",
    )
    parser.add_argument("--no-cd", action="store_true", help="do not change the shell's directory")
    parser.add_argument("--no-hooks", action="store_true", help="run no hooks")
    parser.add_argument("-y", "--yes", action="store_true", help="approve project hooks")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--branches", action="store_true", help="picker: also list branches without worktree"
    )
    parser.add_argument(
        "--remotes", action="store_true", help="picker: also list remote-only branches"
    )
    parser.set_defaults(_trailing=True)


@dataclass
class Plan:
    action: str  # "created" | "switched" | "already_there"
    branch: str | None
    path: str
    created_branch: bool = False
    base: str | None = None
    remote: str | None = None
    worktree: Worktree | None = None


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.trailing and not args.execute:
        raise UsageError(
            "arguments after -- are only used with -x/--execute",
            hint=f"git wt switch {quote_arg(args.selector or 'BRANCH')} -x CMD -- ARGS",
        )
    if args.selector is None:
        # The picker only chooses; the switch below runs exactly as if it had been typed.
        from git_wt.picker.choose import pick

        choice = pick(args, ctx)
        if choice is None:
            return 0  # cancelled: nothing changed
        args.selector, args.create = choice.selector, choice.create
    repo = ctx.repo()
    if args.base and not args.create:
        ctx.out.warning("--base only applies with --create; ignoring it")
    source = repo.current
    hook_types = hooks.SWITCH_TYPES + (hooks.START_TYPES if _may_create(repo, args, ctx) else ())
    hooks.approve_operation(ctx, repo, hook_types, enabled=not args.no_hooks, yes=args.yes)
    hooks.run_hooks(
        ctx,
        repo,
        "pre-switch",
        _source_context(repo, source, ctx),
        enabled=not args.no_hooks,
        yes=args.yes,
    )
    plan = plan_switch(repo, args, ctx)
    if args.execute:
        # A bad --execute template must fail before anything is created.
        _validate_execute(args.execute, args.trailing, _target_context(repo, plan, source, ctx))
    if plan.action == "created":
        hooks.check_templates(
            repo,
            ("post-switch", *hooks.START_TYPES),
            _target_context(repo, plan, source, ctx),
            enabled=not args.no_hooks,
        )
        plan = create(repo, plan, args, ctx)
    wt_context = _target_context(repo, plan, source, ctx)
    if plan.action == "created":
        hooks.run_pre_start(
            ctx,
            repo,
            wt_context,
            enabled=not args.no_hooks,
            yes=args.yes,
            path=plan.path,
            branch=plan.branch,
            head=plan.worktree.head if plan.worktree else None,
            created_branch=plan.created_branch or plan.remote is not None,
        )
    if plan.action != "already_there":
        _record_previous(repo, source)
    _report(plan, ctx)
    if args.format == "json":
        ctx.out.data(json.dumps(_json(plan)))
    landing = directives.landing_dir(plan.path, repo.toplevel, repo.prefix)
    will_cd = False
    if not args.no_cd and (plan.action != "already_there" or _shell_elsewhere(plan.path)):
        will_cd = directives.request_cd(landing, ctx.out)
    elif plan.action == "already_there" and directives.integration_active():
        will_cd = True  # the shell is already there; -x still goes through the wrapper
    if plan.action == "created":
        hooks.run_hooks(
            ctx,
            repo,
            "post-start",
            wt_context,
            enabled=not args.no_hooks,
            yes=args.yes,
            cwd=plan.path,
        )
    if plan.action != "already_there":
        hooks.run_hooks(
            ctx,
            repo,
            "post-switch",
            wt_context,
            enabled=not args.no_hooks,
            yes=args.yes,
            cwd=plan.path,
        )
    if args.execute:
        return _execute(args.execute, args.trailing, wt_context, landing, will_cd, ctx)
    return 0


def _shell_elsewhere(path: str) -> bool:
    """`git -C WT wt switch @`: git-wt runs in WT but the user's shell ($PWD) is not there."""
    pwd = os.environ.get("PWD")
    if not pwd or not os.path.isdir(pwd):
        return False
    return not is_within(os.path.realpath(pwd), os.path.realpath(path))


def _may_create(repo: Repository, args: argparse.Namespace, ctx: Context) -> bool:
    """Whether this switch may create a worktree (so its start hooks need approval too)."""
    if args.create:
        return True
    try:
        return resolve_existing(repo, args.selector, ctx.cwd).worktree is None
    except WtError:
        return False  # plan_switch reports the problem


# -- planning ------------------------------------------------------------------------


def plan_switch(repo: Repository, args: argparse.Namespace, ctx: Context) -> Plan:
    """Decide what to do without changing anything."""
    if args.create:
        return _plan_create(repo, args.selector, args.base)
    target = resolve_existing(repo, args.selector, ctx.cwd)
    if target.worktree is not None:
        return _plan_existing(repo, target.worktree)
    assert target.branch is not None
    return Plan(
        "created", target.branch, worktree_path_for(repo, target.branch), remote=target.remote
    )


def _plan_existing(repo: Repository, wt: Worktree) -> Plan:
    if wt.is_prunable:
        raise WtError(
            f"the worktree directory of {wt.branch or wt.path} is missing: {wt.path}",
            hint="git worktree prune",
        )
    here = repo.toplevel is not None and os.path.normpath(wt.path) == repo.toplevel
    return Plan("already_there" if here else "switched", wt.branch, wt.path, worktree=wt)


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
    return Plan("created", branch, path, created_branch=True, base=base_name or base_sha)


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


def create(repo: Repository, plan: Plan, args: argparse.Namespace, ctx: Context) -> Plan:
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
        _check_path_free(repo, plan, args.clobber, ctx)
        _worktree_add(repo, plan, args)
        repo.refresh_worktrees()
        repo.refresh_branches()
        made = repo.find_worktree_for_branch(plan.branch)
    plan.worktree = made
    return plan


def _check_path_free(repo: Repository, plan: Plan, clobber: bool, ctx: Context) -> None:
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
    os.rename(path, backup)
    ctx.out.warning(f"moved {path} aside to {backup} (--clobber)")


def _worktree_add(repo: Repository, plan: Plan, args: argparse.Namespace) -> None:
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
    if plan.created_branch:
        _, sha = resolve_base(repo, args.base)
        argv = ["worktree", "add", "--no-track", "-b", plan.branch, "--", plan.path, sha]
    elif plan.remote is not None:
        remote_ref = f"{plan.remote}/{plan.branch}"
        argv = ["worktree", "add", "--track", "-b", plan.branch, "--", plan.path, remote_ref]
        plan.base = remote_ref
    else:
        argv = ["worktree", "add", "--", plan.path, plan.branch]
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


def _record_previous(repo: Repository, source: Worktree | None) -> None:
    if source is None:
        return
    value = source.branch or source.path
    try:
        repo.git.run("config", "--local", keys.PREVIOUS, value, cwd=repo.any_dir)
    except GitError:
        pass  # only `switch -` loses out; not worth failing the switch for


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
    base = plan.base if plan.action == "created" else (source.branch if source else None)
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


def _report(plan: Plan, ctx: Context) -> None:
    name = plan.branch or "detached HEAD"
    if plan.action == "already_there":
        ctx.out.info(f"already in the worktree of {name} at {plan.path}")
    elif plan.action == "switched":
        ctx.out.success(f"switched to {name} at {plan.path}")
    elif plan.created_branch:
        ctx.out.success(f"created branch {name} from {plan.base} and its worktree at {plan.path}")
    elif plan.remote:
        ctx.out.success(
            f"created branch {name} tracking {plan.remote}/{name} and its worktree at {plan.path}"
        )
    else:
        ctx.out.success(f"created the worktree of {name} at {plan.path}")


def _json(plan: Plan) -> dict[str, Any]:
    return {
        "action": plan.action,
        "branch": plan.branch,
        "path": plan.path,
        "created_branch": plan.created_branch or plan.remote is not None,
        "base": plan.base if plan.action == "created" else None,
    }


# -- --execute -----------------------------------------------------------------------


def _expand_execute(
    command: str, extra: list[str], context: dict[str, Any], dialect: str = "posix"
) -> str:
    """CMD and the trailing ARGS as one command line of the shell dialect that runs it."""
    try:
        text = render(command, context, shell=True, dialect=dialect)
        rendered_args = [render(a, context, shell=False) for a in extra]
    except TemplateError as exc:
        raise ConfigError(f"--execute: {exc.message}", hint=exc.hint) from None
    if rendered_args:
        text = f"{text} {quote_args(rendered_args, dialect)}"
    return text


def _validate_execute(command: str, extra: list[str], context: dict[str, Any]) -> None:
    _expand_execute(command, extra, context)


def _execute(
    command: str,
    extra: list[str],
    context: dict[str, Any],
    landing: str,
    will_cd: bool,
    ctx: Context,
) -> int:
    # With shell integration the user's own shell runs CMD after the cd, so it is
    # escaped for that shell; otherwise sh runs it here.
    dialect = directives.exec_dialect() if will_cd else None
    if dialect is not None and directives.request_exec(
        _expand_execute(command, extra, context, dialect)
    ):
        return 0
    text = _expand_execute(command, extra, context)
    ctx.out.progress(f"running in {landing}:")
    ctx.out.gutter(text)
    from git_wt.git.run import scrubbed_env

    os.chdir(landing)
    os.execvpe("sh", ["sh", "-c", text], scrubbed_env())
    return 127  # not reached: exec replaces the process
