"""The words and commands of a POSIX sh command line, as the scanner reads them.

The scanner (`shscan`) feeds characters here as it walks the command: every command list
(the command line, a `$( ... )`, a `( ... )`, a `...` content) is a `Unit` that collects
simple commands, each a list of `Word`s after quote removal. A word keeps its literal text
and where template values (markers) sit in it; anything git-wt cannot know statically
(`$(...)`, `$'...'`, globs) makes it `opaque`. Output of a nested unit lands in the word
around it (its `parent`), which is how a value inside `$(...)` is followed outwards.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from git_wt.templates.programs import ASSIGNMENT, Plan

# What a parameter expansion stands for when a script's text is scanned once more: the
# expanded text is data git-wt does not know, so it must not look like shell syntax.
PLACEHOLDER = "_"
_FD = re.compile(r"[0-9]+|\{[A-Za-z_][A-Za-z0-9_]*\}")


class Word:
    """One word of a simple command: literal text and value markers, after quote removal."""

    __slots__ = (
        "bare",
        "command",
        "glob",
        "herestring",
        "opaque",
        "parts",
        "quoted",
        "refs",
        "target",
    )

    def __init__(self, command: Command) -> None:
        self.command = command
        self.parts: list[str | int] = []  # literal text, or the index of a value marker
        self.opaque = False  # holds an expansion whose text git-wt cannot know
        self.glob = False  # has unquoted *, ?, [, { or ~: the shell may expand it
        self.refs: list[str] = []  # parameters expanded in it ($name, ${name}, $1, $@)
        self.bare = ""  # its unquoted literal start (NAME= of an assignment)
        self.quoted = False  # anything but unquoted literal text in it
        self.target = False  # a redirection's file, not an argument
        self.herestring = False  # the word of <<<, read on standard input

    def literal(self, text: str, *, bare: bool) -> None:
        if bare and not self.quoted:
            self.bare += text
        else:
            self.quoted = True
        if self.parts and isinstance(self.parts[-1], str):
            self.parts[-1] += text
        else:
            self.parts.append(text)

    def value(self, index: int) -> None:
        self.quoted = True
        self.parts.append(index)

    def ref(self, name: str, *, in_quotes: bool) -> None:
        """A parameter expansion. Unquoted (or "$@") it may vanish or split into several
        words, so the word count is unknown from here on."""
        self.quoted = True
        self.refs.append(name)
        self.parts.append(PLACEHOLDER)
        if not in_quotes or name == "@":
            self.opaque = True

    def markers(self) -> Iterator[int]:
        return (p for p in self.parts if isinstance(p, int))

    def static(self, values: list[str]) -> str:
        """The word as the program receives it (`values[i]`: value i as plain text)."""
        return "".join(values[p] if isinstance(p, int) else p for p in self.parts)

    @property
    def assignment(self) -> str | None:
        """NAME when the word is an assignment NAME=VALUE (or NAME+=VALUE) to the shell."""
        match = ASSIGNMENT.match(self.bare)
        return match.group(0).rstrip("+=") if match else None

    @property
    def leading_name(self) -> str | None:
        """NAME when the word's text starts NAME= (an assignment for `env`)."""
        first = self.parts[0] if self.parts else None
        match = ASSIGNMENT.match(first) if isinstance(first, str) else None
        return match.group(0).rstrip("+=") if match else None


class Stdin:
    """The standard input of a command, where heredoc bodies go."""

    __slots__ = ("command",)

    def __init__(self, command: Command) -> None:
        self.command = command


Sink = Word | Stdin


class Command:
    """A simple command: its words, its standard input and the command it pipes into."""

    __slots__ = ("feeds", "pipe_to", "plan", "stdin", "unit", "words")

    def __init__(self, unit: Unit) -> None:
        self.unit = unit
        self.words: list[Word] = []  # arguments (redirection targets included, flagged)
        self.stdin = Stdin(self)
        self.pipe_to: Command | None = None
        self.feeds: list[Unit] = []  # bash's >(...): lists that read what it writes
        self.plan: Plan | None = None

    def readers(self) -> Iterator[Command]:
        """The commands that may read what this one writes: later ones of its pipeline,
        those of a >(...) it writes to, and on from there."""
        seen: set[int] = set()
        todo: list[Command] = [self]
        while todo:
            command = todo.pop()
            found = [command.pipe_to] if command.pipe_to is not None else []
            for unit in command.feeds:
                found.extend(unit.own)
            for reader in found:
                if id(reader) not in seen:
                    seen.add(id(reader))
                    todo.append(reader)
                    yield reader

    def arguments(self) -> list[Word]:
        return [w for w in self.words if not w.target]


class Unit:
    """A list of commands run by one shell: the command line, $( ), ( ) or `...`."""

    __slots__ = ("command", "commands", "own", "parent", "redirect", "word")

    def __init__(self, parent: Sink | None, commands: list[Command]) -> None:
        self.parent = parent  # where its output lands (None: the command's own output)
        self.commands = commands  # every command of the scan level, in order
        self.own: list[Command] = []  # the commands of this list
        self.command: Command | None = None
        self.word: Word | None = None
        self.redirect = ""  # "<" or "<<<": the next word is a redirection target

    def current_command(self) -> Command:
        if self.command is None:
            self.command = Command(self)
            self.commands.append(self.command)
            self.own.append(self.command)
        return self.command

    def current_word(self) -> Word:
        if self.word is None:
            command = self.current_command()
            self.word = Word(command)
            self.word.target = bool(self.redirect)
            self.word.herestring = self.redirect == "<<<"
            self.redirect = ""
            command.words.append(self.word)
        return self.word

    def end_word(self) -> None:
        self.word = None

    def end_command(self) -> None:
        self.word = None
        self.command = None
        self.redirect = ""

    def pipe(self) -> None:
        previous = self.command
        self.end_command()
        if previous is not None:
            previous.pipe_to = self.current_command()

    def redirection(self, operator: str, *, adjacent: bool) -> None:
        """A `<`/`>` operator: an fd number written right before it is not a word."""
        word = self.word
        if adjacent and word is not None and not word.quoted and _FD.fullmatch(word.bare):
            word.command.words.remove(word)
        self.word = None
        self.current_command()
        self.redirect = operator
