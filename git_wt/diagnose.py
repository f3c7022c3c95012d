"""Why the shell could not change directory, and what fixes it."""

from __future__ import annotations

import os


def why_no_cd() -> tuple[str, str]:
    """A (reason, fix) pair for a switch that could not move the user's shell."""
    if os.environ.get("GIT_WT_SHELL_ACTIVE"):
        return (
            "git-wt was run through a path or a wrapper that bypasses the shell function",
            "type plain `git wt ...` (not `command git wt` or a full path)",
        )
    return (
        "shell integration is not installed",
        "run `git wt config shell install`, then open a new shell",
    )
