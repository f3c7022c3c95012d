"""One walker over the parser: the command tree that help, completion and the man page read."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from git_wt.shell.spec import Command, Value

# What a positional or an option value completes to, by its metavar (the kinds are
# listed in git_wt.shell.spec).
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


class Sub(NamedTuple):
    """One subcommand of a parser. An alias, or one added without help, is not `listed`."""

    name: str
    parser: argparse.ArgumentParser
    help: str | None
    listed: bool


def subcommands(parser: argparse.ArgumentParser) -> Iterator[Sub]:
    """The parser's subcommands in definition order, aliases included."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            for name, sub in action.choices.items():
                yield Sub(name, sub, helps.get(name), name in helps)


def command_path(parser: argparse.ArgumentParser, argv: list[str]) -> str | None:
    """`config shell install` for argv naming nested commands: where help lives."""
    words: list[str] = []
    current = parser
    skip = False
    for word in argv:
        if skip:
            skip = False
            continue
        if word == "-C" and not words:
            skip = True
            continue
        if word.startswith("-"):
            continue
        found = {sub.name: sub.parser for sub in subcommands(current)}
        if word not in found:
            break
        words.append(word)
        current = found[word]
    return " ".join(words) or None


def cli_spec() -> Command:
    """The whole CLI as one tree for completion, built from the same parser `git wt` runs."""
    from git_wt.cli.parser import build_parser

    return command_from(build_parser(), (), "")


def command_from(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = (), help: str = ""
) -> Command:
    """The completion spec of `parser` (at `path`) and everything below it."""
    from git_wt.shell.spec import Command, Option, Positional

    subs: list[Command] = []
    options: list[Option] = []
    positionals: list[Positional] = []
    new_name: list[str] = []
    for sub in subcommands(parser):
        if sub.listed:  # not an alias: complete the canonical name only
            subs.append(command_from(sub.parser, (*path, sub.name), _one_line(sub.help)))
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            continue
        if action.option_strings:
            if action.help == argparse.SUPPRESS:
                continue
            value = _value_of(action, path) if _takes_value(action) else None
            options.append(Option(tuple(action.option_strings), _one_line(action.help), value))
            if action.dest in _NEW_NAME_DESTS and value is None:
                new_name.extend(action.option_strings)
        else:
            repeat = action.nargs in ("*", "+", argparse.REMAINDER)
            positionals.append(Positional(_value_of(action, path), repeat))
    return Command(path, help, tuple(subs), tuple(options), tuple(positionals), tuple(new_name))


def _one_line(text: str | None) -> str:
    if not text or text == argparse.SUPPRESS:
        return ""
    return " ".join(text.replace("%%", "%").split())


def _value_of(action: argparse.Action, path: tuple[str, ...]) -> Value:
    from git_wt.shell.spec import Value

    if action.choices is not None:
        return Value("choices", tuple(str(c) for c in action.choices))
    kind = _BY_DEST.get((*path, action.dest))
    if kind is None:
        metavar = action.metavar if isinstance(action.metavar, str) else ""
        kind = _BY_METAVAR.get(metavar.upper(), "")
    if kind == "hook":
        from git_wt.config.project import HOOK_TYPES

        return Value("choices", tuple(HOOK_TYPES))
    return Value(kind)


def _takes_value(action: argparse.Action) -> bool:
    return action.nargs != 0 and not isinstance(
        action, (argparse._HelpAction, argparse._VersionAction)
    )
