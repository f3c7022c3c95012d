"""Small wording helpers shared by every message."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    """`1 file`, `2 files`; `many` for irregular plurals."""
    return f"{n} {word if n == 1 else (many or word + 's')}"
