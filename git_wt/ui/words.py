"""Small wording helpers shared by every message, and names that read as their value."""

from __future__ import annotations

import enum


def plural(n: int, word: str, many: str | None = None) -> str:
    """`1 file`, `2 files`; `many` for irregular plurals."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


class Name(str, enum.Enum):
    """A fixed set of names: compares, formats and serialises (JSON) as its text."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)
