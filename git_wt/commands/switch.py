"""`git wt switch`: go to a branch's worktree, creating the worktree (and branch) if needed."""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from git_wt.context import Context
from git_wt.errors import UsageError
from git_wt.git.repository import is_within
from git_wt.ops.switch import (
    Plan,
    SwitchAction,
    SwitchOptions,
    expand_execute,
    finish,
    prepare,
)
from git_wt.shell import directives
from git_wt.templates.quoting import quote_arg

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


def options(args: argparse.Namespace) -> SwitchOptions:
    return SwitchOptions(
        selector=args.selector,
        create=args.create,
        base=args.base,
        clobber=args.clobber,
        hooks=not args.no_hooks,
        yes=args.yes,
        execute=args.execute,
        execute_args=tuple(args.trailing),
        cd=not args.no_cd,
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.trailing and not args.execute:
        raise UsageError(
            "arguments after -- are only used with -x/--execute",
            hint=f"git wt switch {quote_arg(args.selector or 'BRANCH')} -x CMD -- ARGS",
        )
    if args.selector is None:
        # The picker only chooses; the switch below runs exactly as if it had been typed.
        from git_wt.picker.choose import pick

        if args.create:
            raise UsageError(
                "--create needs the name of the new branch",
                hint="git wt switch --create BRANCH (or press alt-c in the picker)",
            )
        choice = pick(
            ctx, branches=args.branches, remotes=args.remotes, no_hooks=args.no_hooks, yes=args.yes
        )
        if choice is None:
            return 0  # cancelled: nothing changed
        args.selector, args.create = choice.selector, choice.create
    repo = ctx.repo()
    if args.base and not args.create:
        ctx.out.warning("--base only applies with --create; ignoring it")
    opts = options(args)
    switching = prepare(ctx, repo, opts)
    plan = switching.plan
    _report(plan, ctx)
    if args.format == "json":
        ctx.out.data(json.dumps(plan.as_json()))
    landing = directives.landing_dir(plan.path, repo.toplevel, repo.prefix)
    will_cd = False
    here = plan.action is SwitchAction.ALREADY_THERE
    if not args.no_cd and (not here or _shell_elsewhere(plan.path)):
        will_cd = directives.request_cd(landing, ctx.out)
    elif here and directives.integration_active():
        will_cd = True  # the shell is already there; -x still goes through the wrapper
    finish(ctx, repo, switching, opts)
    if opts.execute:
        return _execute(opts, switching.context, landing, will_cd=will_cd, ctx=ctx)
    return 0


def _shell_elsewhere(path: str) -> bool:
    """`git -C WT wt switch @`: git-wt runs in WT but the user's shell ($PWD) is not there."""
    pwd = os.environ.get("PWD")
    if not pwd or not os.path.isdir(pwd):
        return False
    return not is_within(os.path.realpath(pwd), os.path.realpath(path))


def _report(plan: Plan, ctx: Context) -> None:
    name = plan.branch or "detached HEAD"
    if plan.action is SwitchAction.ALREADY_THERE:
        ctx.out.info(f"already in the worktree of {name} at {plan.path}")
    elif plan.action is SwitchAction.SWITCHED:
        ctx.out.success(f"switched to {name} at {plan.path}")
    elif plan.created_branch:
        ctx.out.success(f"created branch {name} from {plan.base} and its worktree at {plan.path}")
    elif plan.remote:
        ctx.out.success(
            f"created branch {name} tracking {plan.remote}/{name} and its worktree at {plan.path}"
        )
    else:
        ctx.out.success(f"created the worktree of {name} at {plan.path}")


# -- --execute -----------------------------------------------------------------------


def _execute(
    opts: SwitchOptions, context: dict[str, Any], landing: str, *, will_cd: bool, ctx: Context
) -> int:
    assert opts.execute is not None
    command, extra = opts.execute, opts.execute_args
    # With shell integration the user's own shell runs CMD after the cd, so it is
    # escaped for that shell; otherwise sh runs it here.
    from git_wt.templates.guard import unsafe_values_allowed

    dialect = directives.exec_dialect() if will_cd else None
    allow = unsafe_values_allowed(ctx.repo())
    if dialect is not None and directives.request_exec(
        expand_execute(command, extra, context, dialect, allow_unsafe=allow)
    ):
        return 0
    text = expand_execute(command, extra, context, allow_unsafe=allow)
    ctx.out.progress(f"running in {landing}:")
    ctx.out.gutter(text)
    from git_wt.git.run import scrubbed_env
    from git_wt.proc import exec_replace

    exec_replace(["sh", "-c", text], cwd=landing, env=scrubbed_env())
