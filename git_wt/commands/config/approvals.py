"""`git wt config approvals`: which project-file commands may run without asking."""

from __future__ import annotations

import argparse
import json
from typing import Any

from git_wt.config import approvals
from git_wt.config.project import HOOK_TYPES
from git_wt.context import Context
from git_wt.errors import WtError
from git_wt.git.repository import Repository
from git_wt.hooks import approval as hook_approval
from git_wt.hooks import sources as hook_sources
from git_wt.hooks.sources import HookCommand


def add_to(sub: Any) -> None:
    parser_class = sub._parser_class
    area = sub.add_parser(
        "approvals",
        help="approve the project file's hook commands, or forget approvals",
        description="Commands from the project file .config/wt.toml run only once you "
        "approve them. Approvals are kept per project (its remote as host/owner/repo, "
        "or its path) and per exact command text, in $XDG_CONFIG_HOME/git-wt/"
        "approvals.toml; editing a command asks again.",
    )
    area.set_defaults(_run=_need_action)
    actions = area.add_subparsers(
        dest="approvals_action", metavar="ACTION", parser_class=parser_class
    )
    list_ = actions.add_parser("list", help="this project's commands and whether each is approved")
    list_.add_argument("--format", choices=("text", "json"), default="text")
    list_.set_defaults(_run=run_list)
    add = actions.add_parser("add", help="approve this project's commands (asks first)")
    add.add_argument("-y", "--yes", action="store_true", help="approve without asking")
    add.set_defaults(_run=run_add)
    clear = actions.add_parser("clear", help="forget this project's approvals")
    clear.add_argument("--all", action="store_true", help="forget every project's approvals")
    clear.set_defaults(_run=run_clear)


def _need_action(args: argparse.Namespace, ctx: Context) -> int:
    raise WtError("name an action: list, add or clear", hint="git wt config approvals --help")


def _project_commands(repo: Repository) -> tuple[str | None, list[HookCommand]]:
    gate = hook_approval.operation_gate(repo)
    if gate.project is None:
        return None, []
    commands = [c for t in HOOK_TYPES for c in hook_sources.project_hooks(gate.project, t)]
    return gate.project.path, commands


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    repo = ctx.repo()
    identity = approvals.project_identity(repo)
    path, commands = _project_commands(repo)
    approved = approvals.approved(identity)
    templates = {c.template for c in commands}
    stale = sorted(t for t in approved if t not in templates)
    pending = [c for c in commands if c.template not in approved]
    state = "no_commands" if not commands else "approval_required" if pending else "approved"
    if args.format == "json":
        doc = {
            "project": identity,
            "project_file": path,
            "state": state,
            "commands": [
                {
                    "hook_type": c.hook_type,
                    "name": c.name or None,
                    "template": c.template,
                    "approved": c.template in approved,
                }
                for c in commands
            ],
            "stale": stale,
        }
        ctx.out.data(json.dumps(doc, indent=2))
        return 0
    lines = [f"project {identity} ({path or 'no .config/wt.toml here'})"]
    if not commands:
        lines.append("  (no project commands)")
    for c in commands:
        mark = "approved" if c.template in approved else "not approved"
        lines.append(f"  {c.hook_type} {c.short_name}  [{mark}]")
        lines.extend(f"    {line}" for line in c.template.splitlines())
    if stale:
        lines.append("approved, but no longer in the project file:")
        lines.extend(f"  {t}" for t in stale)
    ctx.out.data("\n".join(lines))
    return 0


def run_add(args: argparse.Namespace, ctx: Context) -> int:
    repo = ctx.repo()
    identity = approvals.project_identity(repo)
    path, commands = _project_commands(repo)
    if path is None:
        ctx.out.info("this worktree has no .config/wt.toml, so there is nothing to approve")
        return 0
    known = approvals.approved(identity)
    pending = [c for c in commands if c.template not in known]
    if not pending:
        ctx.out.info(f"all {len(commands)} project commands are already approved")
        return 0
    if args.yes:
        new = approvals.add(identity, (c.template for c in pending))
        ctx.out.success(f"approved {len(new)} command(s) for {identity}")
        return 0
    if hook_approval.ask_approval(ctx, repo, pending, operation=False):
        ctx.out.success(f"approved {len(pending)} command(s) for {identity}")
    else:
        ctx.out.info("nothing approved")
    return 0


def run_clear(args: argparse.Namespace, ctx: Context) -> int:
    if args.all:
        removed = approvals.clear(None)
        ctx.out.success(f"forgot {removed} approval(s) of every project")
        return 0
    repo = ctx.repo()
    identity = approvals.project_identity(repo)
    removed = approvals.clear(identity)
    ctx.out.success(f"forgot {removed} approval(s) for {identity}")
    return 0
