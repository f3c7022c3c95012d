"""Where hooks come from: git config (`wt.hook.<type>`, trusted) and the project file
`.config/wt.toml` (approved per exact template), in run order."""

# Sources, in run order: git config (`wt.hook.<type>` unnamed and multi-valued, and
# `wt.hook.<type>.<name>`, in the order git lists them; trusted), then the project file
# `.config/wt.toml` of the worktree the command runs in (approved per exact template).
# Every command runs through `sh -c` with the template context as JSON on stdin,
# `GIT_WT_*` variables in its environment and git's repository-locating variables removed.
# The processes themselves are started by git_wt.hooks.runner (imported only when needed).

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from git_wt.config.keys import HOOK_PREFIX
from git_wt.config.project import HOOK_TYPES, ProjectFile
from git_wt.errors import ConfigError
from git_wt.git.repository import Repository
from git_wt.templates.filters import sanitize_hash
from git_wt.templates.quoting import quote_arg

if TYPE_CHECKING:
    pass


USER = "user"


PROJECT = "project"


SWITCH_TYPES = ("pre-switch", "post-switch")


START_TYPES = ("pre-start", "post-start")


@dataclass(frozen=True)
class HookCommand:
    """One configured command: where it came from and what it runs."""

    hook_type: str
    source: str  # USER (git config) or PROJECT (.config/wt.toml)
    name: str  # "" when unnamed
    template: str
    step: int  # commands sharing (source, step) run at the same time
    origin: str  # the git config key, or the project file's path
    log_name: str  # file name (without .log) of its background log

    @property
    def short_name(self) -> str:
        return self.name or self.log_name

    @property
    def label(self) -> str:
        return f"{self.source}:{self.short_name}"


def user_hooks(repo: Repository) -> dict[str, list[HookCommand]]:
    """Every `wt.hook.*` key of git config, checked, in the order git lists them."""
    found: dict[str, list[HookCommand]] = {}
    for key, value in repo.config.items_with_prefix(HOOK_PREFIX):
        hook_type, _, name = key[len(HOOK_PREFIX) :].partition(".")
        if hook_type not in HOOK_TYPES:
            raise ConfigError(
                f"unknown hook type {hook_type!r} in git config key {key}",
                hint=f"hook types: {', '.join(HOOK_TYPES)}; remove the key with: "
                f"git config --unset-all {quote_arg(key)}",
            )
        if not value.strip():
            raise ConfigError(
                f"git config key {key} is set but holds no command",
                hint=f"git config --unset-all {quote_arg(key)}",
            )
        commands = found.setdefault(hook_type, [])
        commands.append(HookCommand(hook_type, USER, name, value, len(commands), key, ""))
    return {t: _with_log_names(c) for t, c in found.items()}


def project_hooks(pf: ProjectFile | None, hook_type: str) -> list[HookCommand]:
    if pf is None:
        return []
    return _with_log_names(
        [
            HookCommand(hook_type, PROJECT, c.name, c.template, c.step, pf.path, "")
            for c in pf.commands(hook_type)
        ]
    )


def _with_log_names(commands: list[HookCommand]) -> list[HookCommand]:
    """Unnamed commands log as cmd-0, cmd-1...; a repeated name gets a -2, -3... suffix."""
    result: list[HookCommand] = []
    seen: dict[str, int] = {}
    unnamed = 0
    for cmd in commands:
        if cmd.name:
            base = sanitize_hash(cmd.name)
        else:
            base = f"cmd-{unnamed}"
            unnamed += 1
        seen[base] = seen.get(base, 0) + 1
        log_name = base if seen[base] == 1 else f"{base}-{seen[base]}"
        result.append(
            HookCommand(
                cmd.hook_type, cmd.source, cmd.name, cmd.template, cmd.step, cmd.origin, log_name
            )
        )
    return result


def project_dir(repo: Repository) -> str | None:
    """The worktree whose project file applies: the one the command runs in."""
    if repo.toplevel:
        return repo.toplevel
    default = repo.default_branch_or_none()
    found = repo.find_worktree_for_branch(default) if default else None
    return found.path if found else None


def selected(
    commands: Sequence[HookCommand], names: Sequence[str]
) -> tuple[list[HookCommand], list[str]]:
    """Filter by `name`, `user:name`, `project:name`, `user:` or `project:`; returns the
    commands kept and the filters that matched nothing."""
    if not names:
        return list(commands), []
    kept: list[HookCommand] = []
    unmatched = []
    for wanted in names:
        source, colon, name = wanted.rpartition(":") if ":" in wanted else ("", "", wanted)
        hits = [
            c
            for c in commands
            if (not colon or c.source == source) and (not name or name in (c.name, c.log_name))
        ]
        if not hits:
            unmatched.append(wanted)
        kept.extend(c for c in hits if c not in kept)
    return [c for c in commands if c in kept], unmatched
