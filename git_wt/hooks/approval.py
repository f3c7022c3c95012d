"""Approving project-file hooks: one question per operation, before anything changes."""

# Sources, in run order: git config (`wt.hook.<type>` unnamed and multi-valued, and
# `wt.hook.<type>.<name>`, in the order git lists them; trusted), then the project file
# `.config/wt.toml` of the worktree the command runs in (approved per exact template).
# Every command runs through `sh -c` with the template context as JSON on stdin,
# `GIT_WT_*` variables in its environment and git's repository-locating variables removed.
# The processes themselves are started by git_wt.hooks.runner (imported only when needed).

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from git_wt.config import project
from git_wt.config.project import HOOK_TYPES, ProjectFile
from git_wt.context import Context
from git_wt.errors import WtError
from git_wt.git.repository import Repository
from git_wt.hooks.sources import HookCommand, project_dir, project_hooks
from git_wt.ui.output import confirm
from git_wt.ui.term import can_prompt

if TYPE_CHECKING:
    pass


@dataclass
class Gate:
    """What one operation decided about project hooks; the project file is read once."""

    project: ProjectFile | None
    covered: set[str] = field(default_factory=set)  # hook types already decided
    allowed: bool = True  # False once the user declined: no project hook runs


# One operation per Repository object (a command run); the repo is kept as the value so
# its id cannot be reused while the entry lives.
_GATES: dict[int, tuple[Repository, Gate]] = {}


def operation_gate(repo: Repository, worktree: str | None = None) -> Gate:
    entry = _GATES.get(id(repo))
    if entry is not None and entry[0] is repo:
        return entry[1]
    gate = Gate(project.load(worktree or project_dir(repo)))
    _GATES[id(repo)] = (repo, gate)
    return gate


def approve_operation(
    ctx: Context,
    repo: Repository,
    hook_types: Iterable[str],
    *,
    enabled: bool,
    yes: bool = False,
    worktree: str | None = None,
) -> None:
    """Ask once, before anything happens, about every unapproved project command that
    this operation may run. Declining skips all project hooks of the operation; without
    a terminal (and without --yes) it is an error, so nothing has been done yet."""
    if not enabled:
        return
    gate = operation_gate(repo, worktree)
    decide(ctx, repo, gate, list(hook_types), yes=yes)


def decide(
    ctx: Context,
    repo: Repository,
    gate: Gate,
    hook_types: list[str],
    *,
    yes: bool,
    late: bool = False,
) -> None:
    fresh = [t for t in HOOK_TYPES if t in hook_types and t not in gate.covered]
    gate.covered.update(fresh)
    if not gate.allowed or gate.project is None or not fresh:
        return
    commands = [c for t in fresh for c in project_hooks(gate.project, t)]
    if not commands or yes:
        return
    if late and not can_prompt():
        # The operation has already done its work; failing now would misreport it.
        from git_wt.config import approvals

        known = approvals.approved(approvals.project_identity(repo))
        pending = [c for c in commands if c.template not in known]
        if pending:
            ctx.out.warning(
                f"skipped the project's {', '.join(fresh)} hooks: they are not approved "
                "and there is no terminal to ask on"
            )
            ctx.out.hint("git wt config approvals add")
            gate.allowed = False
        return
    if not ask_approval(ctx, repo, commands, operation=True):
        gate.allowed = False


def ask_approval(
    ctx: Context, repo: Repository, commands: Sequence[HookCommand], *, operation: bool
) -> bool:
    """True when every command may run: approved before, or the user approves now (saved)."""
    from git_wt.config import approvals

    identity = approvals.project_identity(repo)
    known = approvals.approved(identity)
    pending = [c for c in commands if c.template not in known]
    if not pending:
        return True
    show_pending(ctx, identity, pending)
    if not can_prompt():
        raise WtError(
            "cannot ask for approval: there is no terminal to ask on",
            hint="run them this once with --yes, or approve them for good with: "
            "git wt config approvals add --yes",
        )
    if not confirm("Allow and remember?"):
        if operation:
            ctx.out.info("declined: continuing without the project's hooks")
        return False
    try:
        approvals.add(identity, (c.template for c in pending))
    except (OSError, WtError) as exc:
        ctx.out.warning(f"could not save the approval ({exc}); running them this time only")
    return True


def show_pending(ctx: Context, identity: str, pending: Sequence[HookCommand]) -> None:
    name = identity.rstrip("/").rpartition("/")[2] or identity
    count = len(pending)
    noun = "command" if count == 1 else "commands"
    ctx.out.warning(
        f"{name} needs your approval to run {count} {noun} from {project.PROJECT_FILE}:"
    )
    for cmd in pending:
        ctx.out.info(f"{cmd.hook_type} {cmd.name}:" if cmd.name else f"{cmd.hook_type}:")
        ctx.out.gutter(cmd.template)
