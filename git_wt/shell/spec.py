"""The command tree that completion needs, as data: git_wt.cli.tree builds it from the parser."""

from __future__ import annotations

import importlib.resources
import json
from dataclasses import dataclass
from typing import Any

# What a positional or an option value completes to. Kinds the shells know:
#   branch    worktree branches, then local, then remote-only (no remote prefix), shortcuts
#   worktree  worktree branches, then other local branches
#   ref       like branch, for --base (no `-` shortcut)
#   hook      hook types
#   dir       directories
#   file      files
#   choices   the fixed words in `choices`
#   ""        nothing


@dataclass(frozen=True)
class Value:
    kind: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Option:
    flags: tuple[str, ...]
    help: str
    value: Value | None  # None: a flag that takes no value

    @property
    def name(self) -> str:
        """The longest flag, used as the option's identity."""
        return max(self.flags, key=len)


@dataclass(frozen=True)
class Positional:
    value: Value
    repeat: bool  # nargs * or +: every further word has this kind


@dataclass(frozen=True)
class Command:
    path: tuple[str, ...]
    help: str
    subcommands: tuple[Command, ...]
    options: tuple[Option, ...]
    positionals: tuple[Positional, ...]
    # Flags that make the branch positional a new name (switch --create).
    new_name_flags: tuple[str, ...]

    @property
    def key(self) -> str:
        return " ".join(self.path)

    def walk(self) -> list[Command]:
        """This command and all below it, depth first in definition order."""
        found = [self]
        for sub in self.subcommands:
            found.extend(sub.walk())
        return found


# The spec as shipped: written by `python -m git_wt.shell` from the parser (git_wt.cli.tree),
# read here, so that init and completion code never need to build the whole CLI.
SPEC_FILE = "cli-spec.json"


def to_json(command: Command) -> str:
    """The spec as the text of SPEC_FILE (stable: the same tree gives the same bytes)."""
    return json.dumps(_encode(command), indent=1, ensure_ascii=False) + "\n"


def from_json(text: str) -> Command:
    return _decode(json.loads(text))


def shipped() -> Command:
    """The spec shipped in git_wt/shell/data (a test proves it equals the parser's)."""
    data = importlib.resources.files("git_wt.shell") / "data" / SPEC_FILE
    return from_json(data.read_text("utf-8"))


def _encode(command: Command) -> dict[str, Any]:
    return {
        "path": list(command.path),
        "help": command.help,
        "options": [
            {"flags": list(o.flags), "help": o.help, "value": _encode_value(o.value)}
            for o in command.options
        ],
        "positionals": [
            {"value": _encode_value(p.value), "repeat": p.repeat} for p in command.positionals
        ],
        "new_name_flags": list(command.new_name_flags),
        "subcommands": [_encode(sub) for sub in command.subcommands],
    }


def _encode_value(value: Value | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {"kind": value.kind, "choices": list(value.choices)}


def _decode(data: dict[str, Any]) -> Command:
    return Command(
        path=tuple(data["path"]),
        help=data["help"],
        subcommands=tuple(_decode(sub) for sub in data["subcommands"]),
        options=tuple(
            Option(tuple(o["flags"]), o["help"], None if o["value"] is None else _value(o["value"]))
            for o in data["options"]
        ),
        positionals=tuple(Positional(_value(p["value"]), p["repeat"]) for p in data["positionals"]),
        new_name_flags=tuple(data["new_name_flags"]),
    )


def _value(data: dict[str, Any]) -> Value:
    return Value(data["kind"], tuple(data["choices"]))
