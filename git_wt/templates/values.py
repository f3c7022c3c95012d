"""Template values on their way into text: how they print, `Raw`, markers and TemplateError."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from git_wt.errors import WtError


class TemplateError(WtError):
    """A template failed to parse or render."""


class Raw(str):
    """A value the user marked `| raw`: inserted into commands without escaping."""


class StandIn:
    """Mixed into a value that only stands in for one not known yet (a check made before
    a worktree exists): escaped as usual, never refused for what it holds."""


def plain(value: Any) -> str:
    """How a value prints in a template (lists joined by spaces, JSON for mappings)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return " ".join(plain(v) for v in value)
    if isinstance(value, Mapping):
        return json.dumps(value)
    return str(value)


# A command is rendered with every value replaced by a marker (its index between two
# private-use characters); the markers are escaped once it is known where each one landed.
MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"
MARK = re.compile(f"{MARK_OPEN}(\\d+){MARK_CLOSE}")


def marker(index: int) -> str:
    return f"{MARK_OPEN}{index}{MARK_CLOSE}"


def marker_at(text: str, i: int) -> tuple[int, int]:
    """The value index of the marker opening at `i`, and the index just after it."""
    end = text.index(MARK_CLOSE, i)
    return int(text[i + 1 : end]), end + 1
