"""The guarantee: no text a template value carries ever runs as code, at any shell level.

A rendered command is scanned (`shscan`) into commands and words; `programs.classify`
says what each command does with each word. Values are escaped for where they land, and
once more for every shell that evaluates them again: the script of `sh|bash|zsh|dash|ksh
-c`, and `eval`, also behind `env`, `timeout`, `nice`, ... (up to `_MAX_DEPTH` levels).
A value that would reach a program git-wt cannot prove safe (anything not in the list of
`programs`, a pipe into one, a variable or `"$1"` handed on to one) must be inert: no
shell-active character at all. Otherwise the command is refused, unless the user set
`wt.template.allow-unsafe-values`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from git_wt.config.keys import TEMPLATE_ALLOW_UNSAFE_VALUES
from git_wt.templates.programs import DATA, SCRIPT, UNKNOWN, Plan, classify
from git_wt.templates.shscan import PosixScan, escape_scanned, refuse_misplaced
from git_wt.templates.shwords import Command, Sink, Stdin, Word
from git_wt.templates.values import MARK, Raw, StandIn, TemplateError, marker, plain

if TYPE_CHECKING:
    from git_wt.git.repository import Repository

_MAX_DEPTH = 4  # shells inside shells git-wt quotes for; deeper is "cannot prove safe"

_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
# ASCII that no shell reads as syntax inside a word (the quoting module's plain characters,
# and a space: paths keep working). `#` and braces are checked where they matter.
_INERT_ASCII = frozenset(_ALNUM + "_@%+=:,./- #{}")


def unsafe_values_allowed(repo: Repository) -> bool:
    """The opt-out: values with shell characters may reach any program (off by default)."""
    return repo.config.get_bool(TEMPLATE_ALLOW_UNSAFE_VALUES, default=False)


def inert(text: str) -> bool:
    """Whether a value is plain enough for a program that may hand it to a shell: no
    `$ ` ; | & < > ( ) \\ ' "`, glob or history character, newline or other control
    character; no word-initial `#` and no `{...}` that could brace-expand."""
    for ch in text:
        code = ord(ch)
        if code < 0x80:
            if ch not in _INERT_ASCII:
                return False
        elif code < 0xA0:  # C1 control characters
            return False
    if "{" in text and "}" in text:
        return False
    return not (text.startswith("#") or " #" in text)


@dataclass(frozen=True)
class Origin:
    """Where a value came from, for the refusal: the template variable and its text."""

    name: str
    text: str


@dataclass(frozen=True)
class _Reach:
    """A program a value reaches, and how (for the message); `script`: a shell script."""

    program: str
    via: str = ""
    script: bool = False  # the value lands in a script, to be quoted for its shell
    into: bool = False  # `program` names code, not a program ("into shell code")


def check_inert(guard: Guard, indices: Iterable[int], where: str) -> None:
    """Refuse any of these values that is not inert (they reach `where`, read by nobody)."""
    guard.check(indices, _Reach(where))


def _describe(program: str) -> str:
    return f"`{program}`" if program else "a program named by a template value"


class Guard:
    """Escapes and checks the values of one command; see the module docstring."""

    def __init__(
        self,
        values: Sequence[Any],
        origins: Sequence[Origin],
        env: Mapping[str, int] | None = None,
        *,
        allow_unsafe: bool = False,
    ) -> None:
        self.values = values  # by marker index; origins beyond them come from `env`
        self.origins = origins
        self.env = dict(env or {})  # environment variable -> origin index
        self.allow_unsafe = allow_unsafe

    # -- entry points

    def command(self, text: str) -> str:
        """A rendered POSIX command with every marker replaced by its escaped value."""
        taint = {name: {index} for name, index in self.env.items()}
        return _substitute(text, self._level(text, taint, 0))

    def argv(self, args: Sequence[Sequence[str | int]]) -> list[str]:
        """A command run without a shell (`step for-each`): words of literal text and
        marker indices. A `sh -c` script among them is escaped as a command."""
        texts = [self._static(parts) for parts in args]
        valued = {k for k, parts in enumerate(args) if any(isinstance(p, int) for p in parts)}
        plan = classify(texts, valued=valued, shell=False)
        taint = self._assignment_taint(plan, args, texts)
        out: list[str] = []
        for k, parts in enumerate(args):
            role = plan.roles[k]
            markers = [p for p in parts if isinstance(p, int)]
            if role == SCRIPT:
                seeds = dict(taint)
                seeds.update(self._positional(plan, [list(_markers(a)) for a in args]))
                script = "".join(marker(p) if isinstance(p, int) else p for p in parts)
                out.append(_substitute(script, self._level(script, seeds, 1)))
                continue
            if role == UNKNOWN:
                for index in markers:
                    self.check({index}, _Reach(plan.program))
            out.append(texts[k])
        return out

    # -- one shell level

    def _level(self, text: str, taint: dict[str, set[int]], depth: int) -> dict[int, str]:
        scan = PosixScan()
        scan.scan(text, ())
        present = {int(m.group(1)) for m in MARK.finditer(text)}
        refuse_misplaced(scan, {i: self.values[i] for i in present})
        for command in scan.commands:
            command.plan = self._classify(command)
        chains = {index: _chain(sink) for index, sink in scan.sinks.items()}
        ref_chains = [(name, _chain(sink)) for name, sink in scan.refs]
        taint = self._propagate(scan.commands, chains, ref_chains, taint)
        nested: dict[int, str] = {}
        for command in scan.commands:
            nested.update(self._nested(command, chains, ref_chains, taint, depth))
        self._check_exec_output(scan.commands, set(chains), ref_chains, taint)
        for index, chain in chains.items():
            for sink in chain:
                reach = self._reach(sink)
                if reach is None:
                    continue
                if reach.script:
                    if sink is chain[0] and index in nested:
                        continue  # quoted for the inner shell
                    reach = _Reach("a shell script git-wt cannot read", into=True)
                self.check({index}, reach)
        for name, chain in ref_chains:
            origins = taint.get(name)
            if not origins:
                continue
            for sink in chain:
                reach = self._reach(sink)
                if reach is not None:
                    if reach.script:
                        reach = _Reach("shell code", via=f"${name}", into=True)
                    else:
                        reach = _Reach(reach.program, via=f"${name}")
                    self.check(origins, reach)
        effective = {i: nested[i] if i in nested else self.values[i] for i in present}
        return escape_scanned(scan, effective)

    def _check_exec_output(
        self,
        commands: list[Command],
        markers: set[int],
        ref_chains: list[tuple[str, list[Sink]]],
        taint: Mapping[str, set[int]],
    ) -> None:
        """`exec > >(sh)` hands everything the shell writes from then on to sh."""
        for command in commands:
            words = command.arguments()
            if not (words and words[0].parts == ["exec"] and command.feeds):
                continue
            for reader in command.readers():
                assert reader.plan is not None
                if not reader.plan.stdin_safe:
                    carried = {i for name, _ in ref_chains for i in taint.get(name, ())}
                    self.check(markers | carried, _Reach(reader.plan.program, via="exec"))

    def _classify(self, command: Command) -> Plan:
        words = command.arguments()
        texts: list[str | None] = [None if w.opaque else self._static(w.parts) for w in words]
        valued = {k for k, w in enumerate(words) if any(True for _ in w.markers())}
        bare = {k for k, w in enumerate(words) if not w.quoted}
        assigns = {k for k, w in enumerate(words) if w.assignment is not None}
        return classify(texts, valued=valued, bare=bare, assigns=assigns)

    def _static(self, parts: Iterable[str | int]) -> str:
        return "".join(plain(self.values[p]) if isinstance(p, int) else p for p in parts)

    def _reach(self, sink: Sink) -> _Reach | None:
        """What a value landing in `sink` reaches that git-wt must check; None: data."""
        command = sink.command
        plan = command.plan
        assert plan is not None
        if isinstance(sink, Stdin) or sink.herestring:
            role = DATA if plan.stdin_safe else UNKNOWN
        elif sink.target:
            role = DATA
        else:
            role = plan.roles[command.arguments().index(sink)]
        if role == UNKNOWN:
            return _Reach(plan.program)
        for later in command.readers():
            if later.plan is not None and not later.plan.stdin_safe:
                return _Reach(later.plan.program, via="a pipe")
        if role == SCRIPT:
            return _Reach("", script=True)
        return None

    def check(self, origins: Iterable[int], reach: _Reach) -> None:
        if self.allow_unsafe:
            return
        for index in sorted(origins):
            value = self.values[index] if index < len(self.values) else None
            if isinstance(value, (Raw, StandIn)):
                continue
            origin = self.origins[index]
            if inert(origin.text):
                continue
            shown = origin.text if len(origin.text) <= 60 else origin.text[:57] + "..."
            target = reach.program if " " in reach.program else _describe(reach.program)
            via = f" through {reach.via}" if reach.via else ""
            raise TemplateError(
                f"refusing to pass {origin.name} = {shown!r} {'into' if reach.into else 'to'} "
                f"{target}{via}, which may run "
                f"it as shell code (to allow it: git config {TEMPLATE_ALLOW_UNSAFE_VALUES} true)",
                hint="git-wt hands values with shell characters only to programs it knows "
                "treat them as data (docs/hooks.md); filter it to plain characters "
                "(| sanitize_db, | hash) or rename it",
            )

    # -- variables that carry values

    def _propagate(
        self,
        commands: list[Command],
        chains: Mapping[int, list[Sink]],
        ref_chains: list[tuple[str, list[Sink]]],
        taint: dict[str, set[int]],
    ) -> dict[str, set[int]]:
        """Variables assigned from values (NAME=..., for NAME in ..., env NAME=...)."""
        taint = {name: set(origins) for name, origins in taint.items()}

        def carried(word: Word) -> set[int]:
            found = {i for i, chain in chains.items() if word in chain}
            for name, chain in ref_chains:
                if word in chain:
                    found |= taint.get(name, set())
            return found

        changed = True
        while changed:
            changed = False
            for command in commands:
                for name, word_set in _assignments(command):
                    origins: set[int] = set()
                    for word in word_set:
                        origins |= carried(word)
                    if origins - taint.get(name, set()):
                        taint.setdefault(name, set()).update(origins)
                        changed = True
        return taint

    def _assignment_taint(
        self, plan: Plan, args: Sequence[Sequence[str | int]], texts: Sequence[str | None]
    ) -> dict[str, set[int]]:
        taint = {name: {index} for name, index in self.env.items()}
        for k in plan.assignments:
            text = texts[k] or ""
            taint.setdefault(text.split("=", 1)[0], set()).update(_markers(args[k]))
        return taint

    @staticmethod
    def _positional(plan: Plan, carried: Sequence[Sequence[int]]) -> dict[str, set[int]]:
        """$0, $1, ... $@ of `sh -c SCRIPT NAME ARGS...`: the values in those words."""
        seeds: dict[str, set[int]] = {}
        every: set[int] = set()
        for n, k in enumerate(plan.positional):
            seeds[str(n)] = set(carried[k])
            if n:
                every |= set(carried[k])
        seeds["@"] = seeds["*"] = every
        return seeds

    def _nested(
        self,
        command: Command,
        chains: Mapping[int, list[Sink]],
        ref_chains: list[tuple[str, list[Sink]]],
        taint: dict[str, set[int]],
        depth: int,
    ) -> dict[int, str]:
        """Escape the values of a `sh -c` or `eval` script for the shell that runs it."""
        plan = command.plan
        if plan is None or not plan.script:
            return {}
        words = command.arguments()
        script = [words[k] for k in plan.script]
        if depth + 1 > _MAX_DEPTH or any(w.opaque or w.glob for w in script):
            return {}  # its values are checked as reaching code git-wt cannot read
        text = " ".join(
            "".join(marker(p) if isinstance(p, int) else p for p in w.parts) for w in script
        )
        seeds = dict(taint)
        if not plan.evaluated:
            carried: list[list[int]] = []
            for word in words:
                found = [i for i, chain in chains.items() if word in chain]
                for name, chain in ref_chains:
                    if word in chain:
                        found.extend(taint.get(name, set()))
                carried.append(found)
            seeds.update(self._positional(plan, carried))
        return self._level(text, seeds, depth + 1)


def _substitute(text: str, escaped: Mapping[int, str]) -> str:
    return MARK.sub(lambda m: escaped[int(m.group(1))], text)


def _markers(parts: Iterable[str | int]) -> Iterable[int]:
    return (p for p in parts if isinstance(p, int))


def _chain(sink: Sink) -> list[Sink]:
    """The sink a value lands in, then every word the output of its command lands in."""
    chain = [sink]
    parent = sink.command.unit.parent
    while parent is not None:
        chain.append(parent)
        parent = parent.command.unit.parent
    return chain


def _assignments(command: Command) -> Iterable[tuple[str, list[Word]]]:
    plan = command.plan
    words = command.arguments()
    if plan is None:
        return
    for k in plan.assignments:
        word = words[k]
        name = word.assignment or word.leading_name
        if name:
            yield name, [word]
    if len(words) >= 2 and not words[0].quoted and words[0].bare in ("for", "select"):
        yield words[1].bare, words[2:]
