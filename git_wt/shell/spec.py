"""The command tree that completion needs, read from the argparse parser (so it cannot drift)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass

# What a positional or an option value completes to. Kinds the shells know:
#   branch    worktree branches, then local, then remote-only (no remote prefix), shortcuts
#   worktree  worktree branches, then other local branches
#   ref       like branch, for --base (no `-` shortcut)
#   hook      hook types
#   dir       directories
#   file      files
#   choices   the fixed words in `choices`
#   ""        nothing
_BY_METAVAR = {
    "BRANCH": "branch",
    "BASE": "ref",
    "REF": "ref",
    "TARGET": "ref",
    "SELECTOR": "worktree",
    "SEL": "worktree",
    "WORKTREE": "worktree",
    "PATH": "dir",
    "DIR": "dir",
    "FILE": "file",
    "TYPE": "hook",
    "HOOK_TYPE": "hook",
}

# Where the metavar says too little: (command path, dest) -> kind.
_BY_DEST: dict[tuple[str, ...], str] = {
    ("remove", "selectors"): "worktree",
}

# Options whose presence turns a branch argument into a new name (nothing to complete).
_NEW_NAME_DESTS = ("create",)


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


def _one_line(text: str | None) -> str:
    if not text or text == argparse.SUPPRESS:
        return ""
    return " ".join(text.replace("%%", "%").split())


def _value_of(action: argparse.Action, path: tuple[str, ...]) -> Value:
    if action.choices is not None and not isinstance(action, argparse._SubParsersAction):
        return Value("choices", tuple(str(c) for c in action.choices))
    kind = _BY_DEST.get((*path, action.dest))
    if kind is None:
        metavar = action.metavar if isinstance(action.metavar, str) else ""
        kind = _BY_METAVAR.get(metavar.upper(), "")
    if kind == "hook":
        from git_wt.hooks.sources import HOOK_TYPES

        return Value("choices", tuple(HOOK_TYPES))
    return Value(kind)


def _takes_value(action: argparse.Action) -> bool:
    return action.nargs != 0 and not isinstance(
        action, (argparse._HelpAction, argparse._VersionAction)
    )


def command_from(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = (), help: str = ""
) -> Command:
    subcommands: list[Command] = []
    options: list[Option] = []
    positionals: list[Positional] = []
    new_name: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: _one_line(a.help) for a in action._choices_actions}
            for name, subparser in action.choices.items():
                if name not in helps:
                    continue  # an alias: complete the canonical name only
                subcommands.append(command_from(subparser, (*path, name), helps[name]))
        elif action.option_strings:
            if action.help == argparse.SUPPRESS:
                continue
            value = _value_of(action, path) if _takes_value(action) else None
            options.append(Option(tuple(action.option_strings), _one_line(action.help), value))
            if action.dest in _NEW_NAME_DESTS and value is None:
                new_name.extend(action.option_strings)
        else:
            repeat = action.nargs in ("*", "+", argparse.REMAINDER)
            positionals.append(Positional(_value_of(action, path), repeat))
    return Command(
        path, help, tuple(subcommands), tuple(options), tuple(positionals), tuple(new_name)
    )


def cli_spec() -> Command:
    """The whole CLI as one tree, built from the same parser `git wt` runs."""
    from git_wt.cli import build_parser

    return command_from(build_parser(), (), "")
