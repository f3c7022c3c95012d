"""Terminal facts, each in one place: is it a terminal, can we prompt, how wide is text."""

from __future__ import annotations

import functools
import re
import sys
import unicodedata

# Control characters, and the lone surrogates that stand for bytes of a name that is
# not UTF-8 (git allows such branch names and paths; Python reads them with
# surrogateescape). Neither may reach a terminal: both become U+FFFD.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def is_terminal(stream: object) -> bool:
    """Whether `stream` is a terminal (False for anything closed or not a real file)."""
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return False


def can_prompt() -> bool:
    """Whether a question can be asked: answers come from stdin, the question goes to stderr."""
    return is_terminal(sys.stdin) and is_terminal(sys.stderr)


def printable(text: str) -> str:
    """Commit subjects and names come from other people: never let them drive the terminal.

    The one function every terminal write of such text goes through: each control
    character or undecodable byte becomes one U+FFFD, so lengths (and match positions)
    stay the same."""
    return _UNPRINTABLE.sub("\ufffd", text) if _UNPRINTABLE.search(text) else text


@functools.lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    """Terminal cells one character takes: 2 for wide East Asian, 0 for combining marks."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def display_width(text: str) -> int:
    """Terminal cells taken by `text`."""
    if text.isascii():
        return len(text)
    return _wide_width(text)


@functools.lru_cache(maxsize=4096)
def _wide_width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


def clip(text: str, width: int) -> str:
    """The longest start of `text` that fits in `width` cells."""
    if display_width(text) <= width:
        return text
    used = 0
    for n, ch in enumerate(text):
        used += char_width(ch)
        if used > width:
            return text[:n]
    return text


def cut(text: str, width: int) -> tuple[str, bool]:
    """`text` cut to leave room for an ellipsis in `width` cells; True when it was cut."""
    if display_width(text) <= width:
        return text, False
    return clip(text, width - 1), True


def truncate(text: str, width: int) -> str:
    """`text` in `width` cells, ending in an ellipsis when it had to be cut."""
    shown, was_cut = cut(text, width)
    return shown + "…" if was_cut else text
