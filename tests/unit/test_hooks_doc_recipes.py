"""docs/hooks.md has its recipes section, parsed without running anything."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "hooks.md"


def recipes() -> dict[str, list[tuple[str, str]]]:
    """Recipe title -> its fenced blocks (language, text), from the Recipes section."""
    text = DOC.read_text()
    section = text.split("\n## Recipes\n", 1)[1].split("\n## ", 1)[0]
    found: dict[str, list[tuple[str, str]]] = {}
    for part in section.split("\n### ")[1:]:
        title, body = part.split("\n", 1)
        found[title] = re.findall(r"```(\w+)\n(.*?)```", body, re.DOTALL)
    return found


def test_the_recipes_section_has_the_four_recipes() -> None:
    assert list(recipes()) == [
        "Install dependencies in every new worktree",
        "Copy `.env` from the primary worktree",
        "A dev server on the worktree's own port",
        "A database per worktree",
    ]
