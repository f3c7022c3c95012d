"""Running hooks around an operation: pre-* block and abort, post-* detach and log.

Every command runs through `sh -c` with the template context as JSON on stdin,
`GIT_WT_*` variables in its environment and git's repository-locating variables removed.
The processes themselves are started by git_wt.hooks.runner (imported only when needed)."""

# Sources, in run order: git config (`wt.hook.<type>` unnamed and multi-valued, and
# `wt.hook.<type>.<name>`, in the order git lists them; trusted), then the project file
# `.config/wt.toml` of the worktree the command runs in (approved per exact template).
# Every command runs through `sh -c` with the template context as JSON on stdin,
# `GIT_WT_*` variables in its environment and git's repository-locating variables removed.
# The processes themselves are started by git_wt.hooks.runner (imported only when needed).

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from git_wt.context import Context
from git_wt.errors import ConfigError, GitError, WtError
from git_wt.git.refs import delete_branch
from git_wt.git.repository import Repository
from git_wt.git.run import scrubbed_env
from git_wt.hooks.approval import decide, operation_gate
from git_wt.hooks.sources import USER, HookCommand, project_hooks, user_hooks
from git_wt.templates.filters import sanitize_hash
from git_wt.templates.render import render
from git_wt.templates.values import StandIn, TemplateError
from git_wt.templates.variables import branch_vars

if TYPE_CHECKING:
    from git_wt.hooks.runner import Prepared


# The directive files belong to the git-wt process the shell wrapper started; a hook
# (possibly outliving it) must never move the user's shell or queue commands for it.
_PRIVATE_ENV = ("GIT_WT_CD_FILE", "GIT_WT_EXEC_FILE")


_EXPORTED = (
    "hook_type",
    "hook_name",
    "branch",
    "worktree_path",
    "worktree_name",
    "commit",
    "repo",
    "repo_path",
    "primary_worktree_path",
    "default_branch",
    "base",
    "target",
)


def default_cwd(repo: Repository, hook_type: str, context: Mapping[str, Any]) -> str:
    """pre-switch: the source worktree; post-remove: the primary; others: the one acted on.
    (For pre-switch and others the caller's context names that worktree.)"""
    if hook_type == "post-remove":
        return repo.home_dir
    path = str(context.get("worktree_path") or "")
    return path if path and os.path.isdir(path) else repo.home_dir


def hook_env(context: Mapping[str, Any], *, background: bool) -> dict[str, str]:
    env = scrubbed_env()
    # A blocking hook may run a nested `git wt switch` that should still move the user's
    # shell, so it keeps the cd file; --execute payloads stay the wrapper's own business.
    for name in _PRIVATE_ENV if background else ("GIT_WT_EXEC_FILE",):
        env.pop(name, None)
    exported = exported_values(context)
    for key in _EXPORTED:
        name = f"GIT_WT_{key.upper()}"
        if name in exported:
            env[name] = exported[name]
        else:
            env.pop(name, None)
    if background:
        env["GIT_WT_BACKGROUND"] = "1"
    else:
        env.pop("GIT_WT_BACKGROUND", None)
    return env


def exported_values(context: Mapping[str, Any]) -> dict[str, str]:
    """The GIT_WT_* variables a hook's environment carries, from its template context."""
    return {
        f"GIT_WT_{key.upper()}": value
        for key in _EXPORTED
        if isinstance(value := context.get(key), str)
    }


def prepare(
    repo: Repository,
    commands: Sequence[HookCommand],
    context: Mapping[str, Any],
    cwd: str,
    *,
    background: bool,
) -> list[Prepared]:
    """Expand every command first, so a bad template stops the hook before any runs."""
    from git_wt.hooks.runner import Prepared
    from git_wt.templates.guard import unsafe_values_allowed

    prepared = []
    branch = context.get("branch")
    allow = unsafe_values_allowed(repo)
    for cmd in commands:
        full = dict(context, hook_type=cmd.hook_type, hook_name=cmd.name, cwd=cwd)
        text = expand(cmd, full, allow_unsafe=allow)
        env = hook_env(full, background=background)
        log = log_path(repo, branch if isinstance(branch, str) else None, cmd)
        prepared.append(Prepared(cmd, text, full, cwd, env, log))
    return prepared


def expand(cmd: HookCommand, context: Mapping[str, Any], *, allow_unsafe: bool = False) -> str:
    """The hook's command; a value that could still run as code is refused (`guard`)."""
    try:
        return render(
            cmd.template,
            context,
            shell=True,
            allow_unsafe=allow_unsafe,
            env=exported_values(context),
        )
    except TemplateError as exc:
        raise ConfigError(
            f"cannot expand the {cmd.hook_type} hook {cmd.label} ({_origin(cmd)}): {exc.message}",
            hint=exc.hint,
        ) from None


def _origin(cmd: HookCommand) -> str:
    return f"git config {cmd.origin}" if cmd.source == USER else cmd.origin


def log_path(repo: Repository, branch: str | None, cmd: HookCommand) -> str:
    """`<common dir>/wt/logs/<branch>/<source>/<type>/<name>.log` (names made file-safe)."""
    return repo.state_path(
        "logs",
        sanitize_hash(branch or "HEAD"),
        cmd.source,
        cmd.hook_type,
        f"{cmd.log_name}.log",
    )


def commands_for(ctx: Context, repo: Repository, hook_type: str, *, yes: bool) -> list[HookCommand]:
    """User commands, then (if approved for this operation) the project's."""
    commands = list(user_hooks(repo).get(hook_type, []))
    gate = operation_gate(repo)
    if gate.project is not None and gate.allowed:
        decide(ctx, repo, gate, [hook_type], yes=yes, late=not hook_type.startswith("pre-"))
        if gate.allowed:
            commands.extend(project_hooks(gate.project, hook_type))
    return commands


def check_templates(
    repo: Repository,
    hook_types: Iterable[str],
    context: Mapping[str, Any],
    *,
    enabled: bool,
) -> None:
    """Expand the templates of hooks that will run later, before anything is created.
    Values that only exist afterwards (the new commit) get stand-ins."""
    if not enabled:
        return
    stand_in = {"commit": "0" * 40, "short_commit": "0" * 7, **context}
    # An earlier hook may still set vars (`git wt config state vars set`), so any key
    # passes here; the real values are read just before each hook type runs.
    stand_in["vars"] = _AnyVars(stand_in.get("vars") or {})
    from git_wt.templates.guard import unsafe_values_allowed

    gate = operation_gate(repo)
    allow = unsafe_values_allowed(repo)
    for hook_type in hook_types:
        commands = list(user_hooks(repo).get(hook_type, []))
        if gate.allowed:
            commands.extend(project_hooks(gate.project, hook_type))
        where = str(stand_in.get("worktree_path") or repo.home_dir)
        for cmd in commands:
            full = dict(stand_in, hook_type=hook_type, hook_name=cmd.name, cwd=where)
            expand(cmd, full, allow_unsafe=allow)


class _AnyVars(StandIn, dict[str, Any]):
    """vars for checking templates: keys not set yet still resolve (to more of the same)."""

    def __missing__(self, key: str) -> Any:
        return _AnyVars()

    def __contains__(self, key: object) -> bool:
        return True


def run_hooks(
    ctx: Context,
    repo: Repository,
    hook_type: str,
    context: Mapping[str, Any],
    *,
    enabled: bool,
    yes: bool = False,
    cwd: str | None = None,
) -> None:
    """Run every hook of one type; a failing pre-* hook raises HookError (the operation
    stops), post-* hooks start in the background and never fail the command."""
    if not enabled:
        return
    commands = commands_for(ctx, repo, hook_type, yes=yes)
    if not commands:
        return
    where = cwd or default_cwd(repo, hook_type, context)
    background = not hook_type.startswith("pre-")
    branch = context.get("branch")
    if isinstance(branch, str) and any("vars" in c.template for c in commands):
        # Re-read: an earlier hook of this command may have set some.
        repo.reload_config()
        context = dict(context, vars=branch_vars(repo, branch))
    prepared = prepare(repo, commands, context, where, background=background)
    run_commands(ctx, repo, hook_type, prepared, background=background, hint=NO_HOOKS_HINT)


def run_commands(
    ctx: Context,
    repo: Repository,
    hook_type: str,
    prepared: Sequence[Prepared],
    *,
    background: bool,
    hint: str | None,
) -> None:
    """Run expanded commands: detached with logs, or blocking (HookError on failure)."""
    from git_wt.hooks import runner as hookexec

    if background:
        runner_log = repo.state_path("logs", "runner.log")
        hookexec.start_background(ctx, hook_type, prepared, runner_log)
    else:
        hookexec.run_foreground(ctx, hook_type, prepared, hint=hint)


NO_HOOKS_HINT = "fix the command, or skip hooks for this run with --no-hooks"


def run_pre_start(
    ctx: Context,
    repo: Repository,
    context: Mapping[str, Any],
    *,
    enabled: bool,
    yes: bool,
    path: str,
    branch: str | None,
    head: str | None,
    created_branch: bool,
) -> None:
    """pre-start for a worktree this command just created. When a hook fails or is
    interrupted, the new worktree is removed again (and the branch, if this command
    created it and it has not moved), so no half-made worktree stays registered and
    the same command can simply be run again."""
    from git_wt.hooks import runner as hookexec

    # Interrupts stay deferred until the clean-up is done (a second Ctrl-C cannot stop it).
    with hookexec.interrupts_deferred():
        try:
            run_hooks(ctx, repo, "pre-start", context, enabled=enabled, yes=yes, cwd=path)
        except (WtError, KeyboardInterrupt):
            discard_new_worktree(ctx, repo, path, branch if created_branch else None, head)
            raise


def discard_new_worktree(
    ctx: Context, repo: Repository, path: str, branch: str | None, head: str | None
) -> None:
    """Undo a worktree creation: the registration and directory, then the branch (only
    if it still points where it was created, so nothing committed meanwhile is lost)."""
    try:
        repo.git.run("worktree", "remove", "--force", "--force", "--", path, cwd=repo.any_dir)
    except GitError as exc:
        ctx.out.warning(f"could not remove the new worktree at {path}: {exc.message}")
        return
    what = f"the new worktree at {path}"
    if branch and head:
        if delete_branch(repo, branch, head):
            what += f" and the branch {branch}"
        else:
            ctx.out.warning(f"kept the branch {branch}: it moved since it was created")
    repo.refresh_worktrees()
    repo.refresh_branches()
    ctx.out.info(f"removed {what} again, because pre-start did not finish")
