"""Which values of a fish or PowerShell command line reach a program that may run them.

No scanner reads these dialects as closely as `shscan` reads sh, so this one is blunt: the
command line is split into simple commands at unquoted `;`, `|`, `&` and newlines; a
value may carry shell characters only when its command starts with a program known to
treat arguments as data and nothing on the line is a construct this reader does not
follow (command substitution, blocks, PowerShell's call operator, ...).
"""

from __future__ import annotations

from collections.abc import Iterator

from git_wt.templates.programs import DATA, classify
from git_wt.templates.values import MARK_OPEN, marker_at

# Lower-cased command names that only print or move: PowerShell matches names without case.
_SAFE_POWERSHELL = frozenset({"write-output", "write-host", "echo", "set-location", "cd"})
_FISH_PREFIXES = frozenset({"and", "or", "not", "command", "builtin", "time"})
_PS_TYPOGRAPHIC = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'"}
_PS_TYPOGRAPHIC.update({"\u201c": '"', "\u201d": '"', "\u201e": '"'})


class _Unsure(Exception):
    """The reader met a construct it does not follow."""


def exposed(text: str, dialect: str) -> tuple[set[int], str]:
    """Marker indices that may reach a program that runs them, and the first such program
    (or what confused the reader)."""
    try:
        commands = list(_commands(text, dialect))
    except _Unsure as unsure:
        every = {marker_at(text, i)[0] for i, ch in enumerate(text) if ch == MARK_OPEN}
        return every, str(unsure)
    found: set[int] = set()
    program = ""
    for words in commands:
        markers = [p for word in words for p in word if isinstance(p, int)]
        if not markers:
            continue
        name = _program(words, dialect)
        if name is None:
            found.update(markers)
            program = program or _first_text(words)
    return found, program


def _first_text(words: list[list[str | int]]) -> str:
    first = words[0] if words else []
    return "".join(p for p in first if isinstance(p, str)) if first else ""


def _program(words: list[list[str | int]], dialect: str) -> str | None:
    """The safe program a command runs, or None."""
    texts: list[str | None] = []
    valued: set[int] = set()
    for k, word in enumerate(words):
        if any(isinstance(p, int) for p in word):
            valued.add(k)
            texts.append("".join(p if isinstance(p, str) else "x" for p in word))
        else:
            texts.append("".join(p for p in word if isinstance(p, str)))
    start = 0
    if dialect == "fish":
        while start < len(texts) and start not in valued and texts[start] in _FISH_PREFIXES:
            start += 1
    if start >= len(texts) or start in valued:
        return None
    name = texts[start] or ""
    if dialect == "powershell":
        return name if name.lower() in _SAFE_POWERSHELL else None
    shifted = {k - start for k in valued if k >= start}
    plan = classify(texts[start:], valued=shifted, shell=False)
    return name if all(role == DATA for role in plan.roles) else None


def _commands(text: str, dialect: str) -> Iterator[list[list[str | int]]]:
    """The simple commands of the line: words of literal text and marker indices."""
    esc = "`" if dialect == "powershell" else "\\"
    words: list[list[str | int]] = []
    word: list[str | int] | None = None
    quote: str | None = None
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if dialect == "powershell":
            ch = _PS_TYPOGRAPHIC.get(ch, ch)
        if ch == MARK_OPEN:
            index, i = marker_at(text, i)
            word = word if word is not None else []
            word.append(index)
            continue
        if quote == "'":
            if ch == "\\" and dialect == "fish" and i + 1 < n:
                word = _add(word, text[i + 1])
                i += 2
                continue
            if ch == "'":
                quote = None
            else:
                word = _add(word, ch)
            i += 1
            continue
        if ch == esc and i + 1 < n:
            word = _add(word, text[i + 1])
            i += 2
            continue
        if quote == '"':
            if ch == '"':
                quote = None
            elif ch == "$" and text[i + 1 : i + 2] == "(":
                raise _Unsure('a command substitution inside "..."')
            else:
                word = _add(word, ch)
            i += 1
            continue
        if ch in "'\"":
            quote = ch
            word = word if word is not None else []
        elif ch in " \t":
            if word is not None:
                words.append(word)
                word = None
        elif ch in ";|&\n":
            if dialect == "powershell" and ch == "&" and text[i + 1 : i + 2] != "&":
                raise _Unsure("PowerShell's call operator `&`")
            if word is not None:
                words.append(word)
                word = None
            if words:
                yield words
            words = []
        elif ch in "(){}" or (ch == "@" and dialect == "powershell" and word is None):
            raise _Unsure(f"a `{ch}` outside quotes")
        else:
            word = _add(word, ch)
        i += 1
    if word is not None:
        words.append(word)
    if words:
        yield words


def _add(word: list[str | int] | None, ch: str) -> list[str | int]:
    if word is None:
        word = []
    if word and isinstance(word[-1], str):
        word[-1] += ch
    else:
        word.append(ch)
    return word
