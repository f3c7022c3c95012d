"""Durations as flags and git config give them: `0`, `90s`, `30m`, `12h`, `1d`, `1d12h`."""

from __future__ import annotations

import re

from git_wt.config.gitconfig import Config
from git_wt.errors import ConfigError, UsageError

_DURATION = re.compile(r"(\d+)\s*(s|m|h|d|w)")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str) -> int:
    """`0`, `90s`, `30m`, `12h`, `1d`, `2w`, `1d12h` -> seconds."""
    text = text.strip().lower()
    if text.isdigit():
        return int(text)
    pos = 0
    total = 0
    for match in _DURATION.finditer(text):
        if match.start() != pos:
            break
        total += int(match.group(1)) * _UNITS[match.group(2)]
        pos = match.end()
    if pos != len(text) or not text:
        raise UsageError(
            f"invalid duration {text!r}",
            hint="use a number with s, m, h, d or w, e.g. --min-age 12h or --min-age 0",
        )
    return total


def get_duration(config: Config, key: str, default: str) -> int:
    """The duration a git config key holds, in seconds; its default when unset."""
    value = config.get(key)
    if value is None:
        return parse_duration(default)
    try:
        return parse_duration(value)
    except UsageError:
        raise ConfigError(
            f"{key} must be a duration such as 0, 12h or 2d, not {value!r}",
            hint=f"git config {key} {default}",
        ) from None
