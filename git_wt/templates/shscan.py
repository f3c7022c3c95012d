"""Where a value lands in a POSIX sh command, found by scanning it the way sh parses it.

The command is scanned with a stack of contexts ("layers"):
  top     the command line itself          cmd      inside $( ... )
  paren   inside a ( ... ) subshell        comment  after a word-initial `#`
  dq      inside "..."                     sq       inside '...'
  dsq     inside $'...' (bash, zsh; a plain '...' for dash)
  brace   inside ${ ... }                  arith    inside $((...)), ((...)), $[...],
                                                    or a bash subscript name[...]
  hd      an unquoted heredoc body         hdq      a heredoc body after <<'WORD'
  bq      a `...` boundary: its content is un-backslashed first and parsed as a new
          command (a new "top"), so a value below it is escaped for its own context and
          then once more for every `...` it sits in.
Values made only of plain (`is_bare`) characters are inserted as they are everywhere. Where
the shell's rules are murky (${...}, $((...))) or the scanner cannot be sure how a shell
parses the rest of the command, any other value is refused instead of guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from git_wt.templates.quoting import (
    is_bare,
    quote_args,
    quote_bare,
    quote_in_double,
    quote_in_heredoc,
    quote_in_single,
)
from git_wt.templates.shwords import Command, Sink, Stdin, Unit, Word
from git_wt.templates.values import MARK, MARK_OPEN, Raw, TemplateError, marker_at, plain

_TOPLIKE = frozenset({"top", "cmd", "paren"})
_LITERAL = frozenset({"sq", "hdq", "comment"})  # where backslash-newline stays as it is
_BREAKS = frozenset(" \t\n;&|()<>")
_NAME_END = re.compile(r"[A-Za-z0-9_]")
_PARAM = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?!-]")
_SIMPLE_BRACE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])\}")
_BRACE_NAME = re.compile(r"\{[#!]?([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])")
_HIDING = frozenset({"brace", "arith", "dsq"})  # text whose result git-wt cannot know
_GLOB = frozenset("*?[{~")

_EXPANSION = "expansion"
_ESCAPED = "escaped"
_UNSURE = "unsure"

_REFUSALS = {
    _EXPANSION: (
        "inside ${...} or arithmetic ($((...)), ((...)), name[...]), where quotes do not "
        "protect it",
        "move it out: assign it first (v={{ ... }}) and use ${v...}, or filter it down "
        "to plain characters (| sanitize_db, | hash)",
    ),
    _ESCAPED: (
        "directly after a `\\` or `$`, which would change its meaning",
        "remove the `\\` or `$` in front of it, or put a space or a quote in between",
    ),
}


class _Frame:
    __slots__ = ("end", "kind", "parens", "resume", "square", "stdin", "unit")

    def __init__(
        self,
        kind: str,
        end: int = -1,
        resume: int = -1,
        *,
        square: bool = False,
        unit: Unit | None = None,
        stdin: Stdin | None = None,
    ) -> None:
        self.kind = kind
        self.square = square  # arith: bash's $[...] or a subscript name[...], not $((...))
        self.parens = 0  # open ( or [ inside arith
        self.end = end  # heredoc body: where it stops
        self.resume = resume  # heredoc body: just after its delimiter line
        self.unit = unit  # top, cmd, paren: the commands it holds
        self.stdin = stdin  # heredoc body: the standard input it feeds


class _Pending:
    """A heredoc whose operator was seen; its body starts after the next newline."""

    __slots__ = ("command", "quoted", "strip", "word")

    def __init__(self, word: str, *, strip: bool, quoted: bool, command: Command | None) -> None:
        self.word = word
        self.strip = strip
        self.quoted = quoted
        self.command = command  # the command whose standard input the body is


class _Placement:
    __slots__ = ("layers", "refusal", "unsure")

    def __init__(self, layers: tuple[str, ...], refusal: str | None, unsure: str) -> None:
        self.layers = layers
        self.refusal = refusal  # why only plain (is_bare) values may go here
        self.unsure = unsure  # with refusal _UNSURE: what confused the scanner


class _Body:
    """A heredoc body of one scan level, re-checked once the values are known."""

    __slots__ = ("depth", "here", "text")

    def __init__(self, text: str, here: _Pending, depth: int) -> None:
        self.text = text
        self.here = here
        self.depth = depth  # layers outside this scan level


def _skip_continuations(text: str, i: int) -> int:
    """The index of the next character from `i` on that is not a backslash-newline."""
    while text.startswith("\\\n", i):
        i += 2
    return i


def _body_lines(
    text: str, start: int, *, quoted: bool, strip: bool
) -> Iterator[tuple[int, int, str, tuple[str, ...]]]:
    """The lines of a heredoc body from `start` as a shell compares them with the
    delimiter: (start, index after the line, text, other readings). Leading tabs go for
    <<-; without a quoted delimiter, backslash-newline joins a line with the next (bash,
    zsh), but dash compares some of the pieces on their own: those are the other readings."""
    n = len(text)
    line = start
    while line < n:
        pieces: list[str] = []
        pos = line
        while True:
            stop = text.find("\n", pos)
            stop = n if stop < 0 else stop
            piece = text[pos:stop]
            pieces.append(piece)
            trailing = len(piece) - len(piece.rstrip("\\"))
            if quoted or stop == n or trailing % 2 == 0:
                break
            pos = stop + 1
        joined = "".join(p[:-1] for p in pieces[:-1]) + pieces[-1]
        others: tuple[str, ...] = ()
        if len(pieces) > 1:
            others = tuple(
                {v for p in pieces for v in (p, p[:-1], p.lstrip("\t"), p[:-1].lstrip("\t"))}
            )
        yield line, min(stop + 1, n), joined.lstrip("\t") if strip else joined, others
        line = stop + 1


class PosixScan:
    """Find, for every value marker, the contexts of sh syntax it sits in, and the words
    and commands of every command list (`shwords`)."""

    def __init__(self) -> None:
        self.placements: dict[int, _Placement] = {}
        self.bodies: list[_Body] = []
        self.after_escape: set[int] = set()
        self.unsure: str | None = None
        self.commands: list[Command] = []
        self.sinks: dict[int, Sink] = {}  # where each value marker lands
        self.refs: list[tuple[str, Sink]] = []  # where each parameter expansion lands

    # -- words and commands

    @staticmethod
    def _sink(stack: list[_Frame]) -> tuple[Sink | None, bool]:
        """Where text at the top of the stack lands, and whether an expansion hides it."""
        hidden = False
        for frame in reversed(stack):
            if frame.unit is not None:
                return frame.unit.current_word(), hidden
            if frame.stdin is not None:
                return frame.stdin, hidden
            if frame.kind == "comment":
                return None, hidden
            if frame.kind in _HIDING:
                hidden = True
        return None, hidden

    def _lit(self, stack: list[_Frame], text: str, *, bare: bool = False) -> None:
        sink, hidden = self._sink(stack)
        if isinstance(sink, Word):
            if hidden:
                sink.opaque = sink.quoted = True
            else:
                if bare and any(ch in _GLOB for ch in text):
                    sink.glob = True
                sink.literal(text, bare=bare)

    def _opaque(self, stack: list[_Frame]) -> Sink | None:
        sink, _ = self._sink(stack)
        if isinstance(sink, Word):
            sink.opaque = sink.quoted = True
        return sink

    def _ref(self, stack: list[_Frame], name: str) -> None:
        sink, hidden = self._sink(stack)
        if sink is None:
            return
        self.refs.append((name, sink))
        if isinstance(sink, Word):
            if hidden:
                sink.opaque = sink.quoted = True
            else:
                sink.ref(name, in_quotes=stack[-1].kind == "dq")

    def _unit(self, stack: list[_Frame]) -> Unit | None:
        for frame in reversed(stack):
            if frame.unit is not None:
                return frame.unit
            if frame.stdin is not None or frame.kind not in _TOPLIKE:
                return None
        return None

    def doubt(self, why: str) -> None:
        # From here on the scanner may be out of step with the shell: refuse to guess.
        if self.unsure is None:
            self.unsure = why

    def place(self, index: int, layers: tuple[str, ...], *, escaped: bool) -> None:
        refusal: str | None = None
        if escaped or index in self.after_escape:
            refusal = _ESCAPED
        elif "brace" in layers or "arith" in layers:
            refusal = _EXPANSION
        elif self.unsure is not None:
            refusal = _UNSURE
        self.placements[index] = _Placement(layers, refusal, self.unsure or "")

    def scan(self, text: str, prefix: tuple[str, ...], parent: Sink | None = None) -> None:
        """One level: a whole command, or the content of a `...` (prefix ends in bq)."""
        stack = [_Frame("top", unit=Unit(parent, self.commands))]
        pending: list[_Pending] = []
        word_start = True  # a `#` here starts a comment
        escaped = False  # the next character is a marker right after `\` or `$`
        i, n = 0, len(text)
        while i < n:
            body = next((k for k in range(len(stack) - 1, 0, -1) if stack[k].end >= 0), 0)
            if body and i >= stack[body].end:
                if len(stack) - 1 > body:
                    self.doubt("a heredoc body that ends inside an unfinished construct")
                i = stack[body].resume
                del stack[body:]
                word_start = True
                if pending:
                    i = self._start_body(text, i, pending.pop(0), stack, prefix)
                continue
            frame = stack[-1]
            kind = frame.kind
            ch = text[i]
            if ch == "\\" and text[i + 1 : i + 2] == "\n" and kind not in _LITERAL:
                # A line continuation vanishes before the shell tokenizes: `$\<newline>(`
                # is `$(`, and `\<newline>#` can still start a comment.
                i += 2
                continue
            if ch == MARK_OPEN:
                index, i = marker_at(text, i)
                self.place(index, prefix + tuple(f.kind for f in stack), escaped=escaped)
                sink, hidden = self._sink(stack)
                if sink is not None:
                    self.sinks[index] = sink
                if isinstance(sink, Word):
                    if hidden:
                        sink.opaque = sink.quoted = True
                    else:
                        sink.value(index)
                escaped = word_start = False
                continue
            if kind == "sq":
                if ch == "'":
                    stack.pop()
                else:
                    self._lit(stack, ch)
                i += 1
                continue
            if kind == "hdq":
                i += 1
                continue
            if kind == "comment":
                if ch == "\n":
                    stack.pop()  # the newline itself belongs to the command
                else:
                    i += 1
                continue
            if ch == "\\":
                nxt = text[i + 1 : i + 2]
                if nxt == MARK_OPEN:
                    escaped = True
                    if kind == "dq":  # "\v" keeps its backslash before a plain value
                        self._lit(stack, "\\")
                    i += 1
                    continue
                if kind == "dsq" and nxt == "'":
                    # bash and zsh read \' as a quote; dash ends the string there.
                    self.doubt("\\' inside $'...'")
                if kind == "dq":
                    self._lit(stack, nxt if nxt in '$`"\\' else "\\" + nxt)
                elif kind != "hd":
                    self._lit(stack, nxt)
                i += 2
                word_start = False
                continue
            if kind == "dsq":
                if ch == "'":
                    stack.pop()
                i += 1
                continue
            if ch == "$":
                at = self._peek(text, i + 1)
                nxt = text[at : at + 1]
                after = self._peek(text, at + 1) if nxt == "(" else at + 1
                if nxt == "(" and text[after : after + 1] == "(":
                    self._opaque(stack)
                    stack.append(_Frame("arith"))
                    i = after + 1
                elif nxt == "(":
                    # Its output lands in the word around it.
                    stack.append(_Frame("cmd", unit=Unit(self._opaque(stack), self.commands)))
                    i = at + 1
                    word_start = True
                    continue
                elif nxt == "{":
                    simple = _SIMPLE_BRACE.match(text, at)
                    if simple:
                        self._ref(stack, simple.group(1))
                        i = simple.end()
                    else:
                        named = _BRACE_NAME.match(text, at)
                        if named:
                            self._ref(stack, named.group(1))
                        self._opaque(stack)
                        stack.append(_Frame("brace"))
                        i = at + 1
                elif nxt == "[":  # bash's old $[ arithmetic ]
                    self._opaque(stack)
                    stack.append(_Frame("arith", square=True))
                    i = at + 1
                elif nxt == "'" and kind in _TOPLIKE:
                    self._opaque(stack)
                    stack.append(_Frame("dsq"))
                    i = at + 1
                elif nxt == MARK_OPEN:
                    self._opaque(stack)  # a value naming a parameter
                    escaped = True
                    i = at
                    continue
                elif nxt == "$":
                    self._ref(stack, "$")
                    i = at + 1
                    if text[i : i + 1] == MARK_OPEN:  # zsh reads $$'...' as $ and $'...'
                        escaped = True
                        continue
                else:
                    param = _PARAM.match(text, at)
                    if param:
                        self._ref(stack, param.group(0))
                        i = param.end()
                    else:
                        self._lit(stack, "$", bare=kind in _TOPLIKE)
                        i += 1
                word_start = False
                continue
            if ch == "`":
                i = self._backticks(text, i, stack, prefix)
                word_start = False
                continue
            if kind == "dq":
                if ch == '"':
                    stack.pop()
                else:
                    self._lit(stack, ch)
                i += 1
                continue
            if kind == "hd":
                i += 1
                continue
            if kind == "brace":
                if ch == "}":
                    stack.pop()
                elif ch == "{":
                    self.doubt("a `{` inside ${...}")
                elif ch == '"':
                    stack.append(_Frame("dq"))
                elif ch == "'":
                    # Literal inside "${x:-'a'}" for some operators, a quote for others.
                    if self._quoted(stack):
                        self.doubt("a `'` inside a quoted ${...}")
                    else:
                        stack.append(_Frame("sq"))
                i += 1
                continue
            if kind == "arith" and frame.square:
                if ch == "[":
                    frame.parens += 1
                elif ch == "]":
                    if frame.parens:
                        frame.parens -= 1
                    else:
                        stack.pop()
                elif ch == '"':
                    stack.append(_Frame("dq"))
                elif ch == "'":
                    self.doubt("a `'` inside $[...] or name[...]")
                    stack.append(_Frame("sq"))
                i += 1
                continue
            if kind == "arith":
                if ch == "(":
                    frame.parens += 1
                elif ch == ")":
                    if frame.parens:
                        frame.parens -= 1
                    elif text[self._peek(text, i + 1) :][:1] == ")":
                        stack.pop()
                        i = self._peek(text, i + 1) + 1
                        continue
                    else:
                        self.doubt("a `$((` that is not arithmetic")
                        stack.pop()
                elif ch == '"':
                    stack.append(_Frame("dq"))
                elif ch == "'":
                    self.doubt("a `'` inside $((...))")
                    stack.append(_Frame("sq"))
                i += 1
                continue
            # The command line, $( ... ) or ( ... ).
            unit = frame.unit
            assert unit is not None
            if ch == "'":
                unit.current_word().quoted = True
                stack.append(_Frame("sq"))
                word_start = False
            elif ch == '"':
                unit.current_word().quoted = True
                stack.append(_Frame("dq"))
                word_start = False
            elif ch == "#" and word_start:
                unit.end_word()
                stack.append(_Frame("comment"))
            elif ch == "(" and word_start and text[i + 1 : i + 2] == "(":
                # bash and zsh: the arithmetic command (( ... )); dash: two subshells.
                self._opaque(stack)
                stack.append(_Frame("arith"))
                i += 2
                continue
            elif ch == "[" and not word_start and _NAME_END.match(text, max(i - 1, 0)):
                # bash evaluates a subscript name[...] as arithmetic, even quoted text.
                self._opaque(stack)
                stack.append(_Frame("arith", square=True))
            elif ch == "(":
                if text[i - 1 : i] == "=":
                    # bash array assignment: after a syntax error in it, bash goes on
                    # parsing at the next line, whatever quote that line was in.
                    self.doubt("a bash array assignment `name=(`")
                outer: Sink | None = None
                feeds = False
                if text[i - 1 : i] in ("<", ">") and i > 0:
                    # bash's process substitution is a word naming a file: <(...) writes
                    # into it, >(...) reads what the command writes there.
                    unit.redirect = ""
                    word = unit.current_word()
                    word.opaque = word.quoted = True
                    outer, feeds = (word, False) if text[i - 1] == "<" else (None, True)
                else:
                    unit.end_command()
                inner = Unit(outer, self.commands)
                if feeds:
                    unit.current_command().feeds.append(inner)
                stack.append(_Frame("paren", unit=inner))
                word_start = True
            elif ch == ")":
                if kind != "top":
                    stack.pop()
                else:
                    unit.end_command()  # a `case` pattern
                # `$(a)b` is one word; after `(a)` a new one starts.
                word_start = kind != "cmd"
            elif ch == "<" and text[self._peek(text, i + 1) :][:1] == "<":
                at = self._peek(text, i + 1) + 1
                if text[self._peek(text, at) :][:1] == "<":
                    # A here-string: its word is an ordinary one.
                    unit.redirection("<<<", adjacent=not word_start)
                    i = self._peek(text, at) + 1
                    word_start = True
                    continue
                unit.redirection("<<", adjacent=not word_start)
                unit.redirect = ""
                i = self._heredoc_operator(text, at, pending, unit.current_command())
                word_start = False
                continue
            elif ch == "\n":
                word_start = True
                unit.end_command()
                if pending:
                    i = self._start_body(text, i + 1, pending.pop(0), stack, prefix)
                    continue
            elif ch in _BREAKS:
                self._operator(text, i, unit, adjacent=not word_start)
                word_start = True
            else:
                # A `case` pattern's `)` would close $( or ( early; that only matters
                # when it decides between two different kinds of quoting.
                if (
                    word_start
                    and kind != "top"
                    and self._is_word(text, i, "case")
                    and any(f.kind not in _TOPLIKE for f in stack)
                ):
                    self.doubt("a `case` inside $(...) or (...)")
                word_start = False
                self._lit(stack, ch, bare=True)
            i += 1

    @staticmethod
    def _operator(text: str, i: int, unit: Unit, *, adjacent: bool) -> None:
        """A blank or an operator character (;&|<>) on a command line."""
        ch = text[i]
        before, after = text[i - 1 : i] if i else "", text[i + 1 : i + 2]
        if ch in " \t":
            unit.end_word()
        elif ch in "<>":
            unit.redirection(ch, adjacent=adjacent)
        elif ch == "&":
            if before in ("<", ">") or after == ">":
                unit.redirection(">", adjacent=False)  # >&N, &>FILE
            elif before != "|":
                unit.end_command()
        elif ch == "|":
            if before == ">":
                pass  # >|FILE
            elif after == "|" or before == "|":
                unit.end_command()
            else:
                unit.pipe()
        else:  # ;
            unit.end_command()

    def _peek(self, text: str, i: int) -> int:
        """Where the token goes on after `i`. dash and bash join `$\\<newline>(` into `$(`,
        zsh does not always: a continuation inside an operator makes the rest uncertain."""
        j = _skip_continuations(text, i)
        if j != i:
            self.doubt("a line continuation inside `$(`, `${`, `<<` or `))`")
        return j

    @staticmethod
    def _is_word(text: str, i: int, word: str) -> bool:
        for letter in word:
            i = _skip_continuations(text, i)
            if text[i : i + 1] != letter:
                return False
            i += 1
        i = _skip_continuations(text, i)
        return i == len(text) or text[i] in _BREAKS

    @staticmethod
    def _quoted(stack: list[_Frame]) -> bool:
        """Whether the innermost ${...} sits in "..." or a heredoc body."""
        for frame in reversed(stack[:-1]):
            if frame.kind in ("dq", "hd"):
                return True
            if frame.kind in _TOPLIKE:
                return False
        return False

    def _backticks(self, text: str, i: int, stack: list[_Frame], prefix: tuple[str, ...]) -> int:
        """Scan `...` from its opening backtick; return where scanning goes on."""
        # In a heredoc body, bash stops at the delimiter line; dash reads on.
        n = min([f.end for f in stack if f.end >= 0], default=len(text))
        j = i + 1
        while j < n and text[j] != "`":
            if text[j] == "\\" and j + 1 < n:
                if text[j + 1] == MARK_OPEN:
                    self.after_escape.add(marker_at(text, j + 1)[0])
                j += 2
            else:
                j += 1
        # In "...", \" is un-backslashed too; in a heredoc body shells disagree.
        in_dq: bool | None = False
        for frame in reversed(stack):
            if frame.kind == "dq":
                in_dq = True
                break
            if frame.kind == "hd":
                in_dq = None
                break
            if frame.kind in _TOPLIKE:
                break
        if j >= n and n < len(text):
            self.doubt("an unfinished `...` in a heredoc body")
        content = text[i + 1 : j]
        inner: list[str] = []
        k = 0
        while k < len(content):
            ch = content[k]
            nxt = content[k + 1 : k + 2]
            if ch == "\\" and nxt and (nxt in "\\$`" or (nxt == '"' and in_dq is not False)):
                if nxt == '"' and in_dq is None:
                    self.doubt('\\" inside `...` in a heredoc body')
                inner.append(nxt)
                k += 2
                continue
            inner.append(ch)
            k += 1
        parent = self._opaque(stack)
        self.scan("".join(inner), prefix + tuple(f.kind for f in stack) + ("bq",), parent)
        return min(j + 1, n)

    def _heredoc_operator(
        self, text: str, i: int, pending: list[_Pending], command: Command | None = None
    ) -> int:
        """Read `-WORD` or `WORD` (possibly quoted) after `<<` at `i`; return the index after it."""
        n = len(text)
        j = self._peek(text, i)
        strip = text[j : j + 1] == "-"
        if strip:
            j = self._peek(text, j + 1)
        while j < n and text[j] in " \t":
            j = self._peek(text, j + 1)
        start = j
        word: list[str] = []
        quoted = False
        while j < n and text[j] not in _BREAKS:
            ch = text[j]
            if ch == "'":
                quoted = True
                close = text.find("'", j + 1)
                close = n if close < 0 else close
                word.append(text[j + 1 : close])
                j = close + 1
            elif ch == '"':
                quoted = True
                j += 1
                while j < n and text[j] != '"':
                    if text[j] == "\\" and text[j + 1 : j + 2] in ('"', "\\", "$", "`"):
                        j += 1
                    word.append(text[j : j + 1])
                    j += 1
                j += 1
            elif ch == "\\":
                if text[j + 1 : j + 2] == "\n":
                    self.doubt("a line continuation inside a heredoc delimiter")
                else:
                    quoted = True
                    word.append(text[j + 1 : j + 2])
                j += 2
            else:
                word.append(ch)
                j += 1
        if MARK_OPEN in text[start:j]:
            raise TemplateError(
                "a template value cannot be the delimiter of a heredoc (<<WORD)",
                hint="write the delimiter literally, e.g. <<'EOF'",
            )
        if j > start:
            pending.append(_Pending("".join(word), strip=strip, quoted=quoted, command=command))
        return min(j, n)

    def _start_body(
        self, text: str, start: int, here: _Pending, stack: list[_Frame], prefix: tuple[str, ...]
    ) -> int:
        """Push the frame for a heredoc body starting at `start`; return `start`."""
        # A heredoc inside another one's body: bash reads the outer body first.
        limit = min([f.end for f in stack if f.end >= 0], default=len(text))
        end = resume = limit
        for line, after, content, others in _body_lines(
            text[:limit], start, quoted=here.quoted, strip=here.strip
        ):
            if here.word in others or (others and content == here.word):
                self.doubt("a heredoc delimiter line joined by backslash-newline")
            if content == here.word:
                end, resume = line, after
                break
        else:
            if limit < len(text):
                self.doubt("a heredoc that does not end inside the heredoc around it")
        stdin = here.command.stdin if here.command is not None else None
        stack.append(_Frame("hdq" if here.quoted else "hd", end=end, resume=resume, stdin=stdin))
        self.bodies.append(_Body(text[start:end], here, len(prefix)))
        return start


def _refuse(text: str, where: str, hint: str) -> TemplateError:
    shown = text if len(text) <= 60 else text[:57] + "..."
    return TemplateError(f"the value {shown!r} cannot be placed safely {where}", hint=hint)


def _escape_in(value: Any, layers: tuple[str, ...]) -> str:
    """A value escaped for its layers (outermost first): its own context, then once for
    every `...` boundary it sits behind."""
    cut = max((k for k, layer in enumerate(layers) if layer == "bq"), default=-1)
    local = layers[cut + 1 :]
    where = local[-1] if local else "top"
    text = plain(value)
    if where in _TOPLIKE or where == "comment":
        if where == "comment" and "\n" in text:
            raise _refuse(text, "in a # comment (it has a newline)", "move it out of the comment")
        if isinstance(value, (list, tuple)):
            out = quote_args(plain(v) for v in value)
        else:
            out = quote_bare(text)
    elif where == "dq":
        out = quote_in_double(text)
    elif where == "sq":
        out = quote_in_single(text)
    elif where == "hd":
        out = quote_in_heredoc(text)
    elif where == "hdq":
        if "\n" in text:
            raise _refuse(
                text,
                "in a quoted heredoc (<<'WORD') body (it has a newline)",
                "use an unquoted delimiter (<<WORD), where values are escaped",
            )
        out = text
    elif where == "dsq":
        # Must read the same as $'...' (bash, zsh) and as $ then '...' (dash).
        if "'" in text or "\\" in text:
            raise _refuse(text, "inside $'...'", "put it in '...' or \"...\" instead")
        out = text
    else:  # brace, arith: only plain values get here
        out = text
    for _ in range(layers[: cut + 1].count("bq")):
        out = quote_in_heredoc(out)
    return out


def refuse_misplaced(scan: PosixScan, values: Mapping[int, Any]) -> None:
    """Refuse a value (by marker index) that is not plain where quoting cannot help."""
    for index, value in values.items():
        placement = scan.placements.get(index)
        if isinstance(value, Raw):
            continue
        if placement is None:  # not met by the scanner: refuse to guess
            placement = _Placement(("top",), _UNSURE, "an unexpected construct")
        shown = plain(value)
        if placement.refusal is not None and not is_bare(shown):
            if placement.refusal == _UNSURE:
                raise _refuse(
                    shown,
                    f"after {placement.unsure} (git-wt cannot tell how the shell reads the rest)",
                    "simplify the command, or pass the value to a script as an argument",
                )
            where, hint = _REFUSALS[placement.refusal]
            raise _refuse(shown, where, hint)


def escape_scanned(scan: PosixScan, values: Mapping[int, Any]) -> dict[int, str]:
    """Every value (by marker index; a nested script's values already escaped for it)
    escaped for where the scan found it."""
    refuse_misplaced(scan, values)
    escaped: dict[int, str] = {}
    for index, value in values.items():
        placement = scan.placements.get(index)
        if isinstance(value, Raw):
            escaped[index] = str(value)
            continue
        assert placement is not None
        escaped[index] = _escape_in(value, placement.layers)
    for body in scan.bodies:
        if MARK_OPEN not in body.text:
            continue

        def seen(match: re.Match[str], depth: int = body.depth) -> str:
            index = int(match.group(1))
            value = values[index]
            if isinstance(value, Raw):
                return str(value)
            return _escape_in(value, scan.placements[index].layers[depth:])

        here = body.here
        rendered = MARK.sub(seen, body.text)
        for _, _, line, others in _body_lines(rendered, 0, quoted=here.quoted, strip=here.strip):
            if line == here.word or here.word in others:
                raise TemplateError(
                    f"a value would end the heredoc early: a line would read {here.word!r}",
                    hint="use a delimiter that cannot occur in the values",
                )
    return escaped
