"""The committed project file `.config/wt.toml`: its hooks, in Worktrunk's three forms."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from typing import Any

from git_wt.errors import ConfigError, WtError
from git_wt.fs import MIB, read_bounded
from git_wt.ui.words import Name

PROJECT_FILE = os.path.join(".config", "wt.toml")


class HookType(Name):
    """The lifecycle hooks, in the order they are documented."""

    PRE_SWITCH = "pre-switch"
    POST_SWITCH = "post-switch"
    PRE_START = "pre-start"
    POST_START = "post-start"
    PRE_COMMIT = "pre-commit"
    POST_COMMIT = "post-commit"
    PRE_MERGE = "pre-merge"
    POST_MERGE = "post-merge"
    PRE_REMOVE = "pre-remove"
    POST_REMOVE = "post-remove"

    @property
    def blocking(self) -> bool:
        """pre-* hooks run in the foreground and abort the operation when they fail."""
        return self.value.startswith("pre-")


HOOK_TYPES = tuple(h.value for h in HookType)

# Older Worktrunk names that files in the wild still use.
HOOK_ALIASES = {"pre-create": "pre-start", "post-create": "post-start"}

_FORMS = (
    "a command string, a table of named commands (run at the same time), "
    "or an array of such tables (run one after another)"
)


@dataclass(frozen=True)
class ProjectCommand:
    """One command of the project file: its step within the hook type, name, template."""

    step: int
    name: str  # "" when the file gives a bare string
    template: str


@dataclass(frozen=True)
class ProjectFile:
    path: str
    hooks: dict[str, list[ProjectCommand]]  # hook type -> commands, in run order

    def commands(self, hook_type: str) -> list[ProjectCommand]:
        return self.hooks.get(hook_type, [])


def project_file_path(worktree: str) -> str:
    return os.path.join(worktree, PROJECT_FILE)


def load(worktree: str | None) -> ProjectFile | None:
    """Read `.config/wt.toml` from a worktree; None when there is none."""
    if not worktree:
        return None
    path = project_file_path(worktree)
    try:
        raw = read_bounded(path, MIB, root=worktree)
    except FileNotFoundError:
        return None
    except WtError as exc:
        raise ConfigError(
            exc.message,
            hint=f"replace {path} with a small regular file (or skip hooks with --no-hooks)",
        ) from None
    return parse(raw, path)


def toml_loads(text: str) -> dict[str, Any]:
    """Parse TOML with the standard library (tomli before 3.11); errors are ValueErrors."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except RecursionError:
        # Each nested array or inline table costs the parser a stack frame.
        raise ValueError("arrays or tables nested too deeply") from None
    return data


def parse(raw: bytes, path: str) -> ProjectFile:
    """Parse the file's bytes; every problem names the file and, where it can, the line."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(
            f"{path}:{line}: the file is not valid UTF-8", hint=f"fix or remove {path}"
        ) from None
    try:
        data = toml_loads(text)
    except ValueError as exc:
        raise ConfigError(
            f"{path}{_toml_position(str(exc), text)}: invalid TOML: {_toml_reason(str(exc))}",
            hint=f"fix the line named above in {path} (or skip hooks with --no-hooks)",
        ) from None
    hooks: dict[str, list[ProjectCommand]] = {}
    for key, value in data.items():
        hook_type = HOOK_ALIASES.get(key, key)
        if hook_type in HOOK_TYPES:
            hooks.setdefault(hook_type, []).extend(_commands(value, key, text, path))
        elif key.startswith(("pre-", "post-")):
            raise ConfigError(
                f"{path}:{line_of(text, key)}: unknown hook type {key!r}",
                hint="hook types: " + ", ".join(HOOK_TYPES),
            )
        # Anything else belongs to Worktrunk's other project settings; not ours to judge.
    return ProjectFile(path, hooks)


_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")


def _toml_position(message: str, text: str) -> str:
    match = _POSITION.search(message)
    if not match:
        return ""
    if match.group(1) is None:
        return f":{max(len(text.splitlines()), 1)}"
    return f":{match.group(1)}:{match.group(2)}"


def _toml_reason(message: str) -> str:
    return _POSITION.sub("", message) or message


def _commands(value: Any, key: str, text: str, path: str) -> list[ProjectCommand]:
    if isinstance(value, str):
        return [ProjectCommand(0, "", _command(value, key, text, path))]
    if isinstance(value, dict):
        return _table(value, 0, key, text, path)
    if isinstance(value, list) and value:
        found: list[ProjectCommand] = []
        for step, item in enumerate(value):
            if isinstance(item, str):
                found.append(ProjectCommand(step, "", _command(item, key, text, path)))
            elif isinstance(item, dict):
                found.extend(_table(item, step, key, text, path))
            else:
                _wrong(key, text, path)
        return found
    _wrong(key, text, path)
    return []  # not reached


def _table(
    table: dict[str, Any], step: int, key: str, text: str, path: str
) -> list[ProjectCommand]:
    if not table:
        raise ConfigError(
            f"{path}:{line_of(text, key)}: {key} has an empty table of commands",
            hint=f'give each command a name, e.g. install = "npm ci", or remove [{key}]',
        )
    found = []
    for name, command in table.items():
        if not isinstance(command, str):
            raise ConfigError(
                f"{path}:{line_of(text, name, after=line_of(text, key))}: "
                f"{key}.{name} must be a command string, not {_kind(command)}",
                hint=f"{key} may be {_FORMS}",
            )
        found.append(ProjectCommand(step, name, _command(command, f"{key}.{name}", text, path)))
    return found


def _command(value: str, key: str, text: str, path: str) -> str:
    if not value.strip():
        raise ConfigError(
            f"{path}:{line_of(text, key.rpartition('.')[2])}: {key} is an empty command",
            hint="write the command to run, or remove the entry",
        )
    return value


def _wrong(key: str, text: str, path: str) -> None:
    raise ConfigError(
        f"{path}:{line_of(text, key)}: {key} must be {_FORMS}",
        hint='for example: pre-start = "npm ci"',
    )


def _kind(value: Any) -> str:
    return {bool: "a boolean", int: "a number", float: "a number", list: "an array"}.get(
        type(value), "a table"
    )


def line_of(text: str, key: str, after: int = 0) -> int:
    """The first line (1-based, after line `after`) where a TOML key or table header names key."""
    quoted = re.escape(key)
    pattern = re.compile(rf"^\s*(?:\[\[?\s*)?(?:{quoted}|\"{quoted}\"|'{quoted}')\s*(?:[=.\]]|$)")
    for number, line in enumerate(text.splitlines(), 1):
        if number > after and pattern.match(line):
            return number
    return max(after, 1)
