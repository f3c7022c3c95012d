"""The error taxonomy: every failure a user can meet maps to one of these."""

from __future__ import annotations

import enum
import shlex
from collections.abc import Sequence


class ExitCode(enum.IntEnum):
    """What `git wt` exits with."""

    OK = 0
    FAILURE = 1  # a handled error: one line, a hint
    USAGE = 2  # the command line itself is wrong
    INTERNAL = 70  # a bug (EX_SOFTWARE)
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)


class WtError(Exception):
    """A handled failure: one line saying what happened, an optional hint, exit 1."""

    exit_code: int = ExitCode.FAILURE

    def __init__(self, message: str, hint: str | None = None, detail: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.detail = detail


class UsageError(WtError):
    """The command line itself is wrong (unknown flag, bad value): exit 2."""

    exit_code = ExitCode.USAGE


class ConfigError(WtError):
    """A configuration value or file is invalid; the message names the key or file."""


class HookError(WtError):
    """A blocking hook failed, so the operation stopped."""


class GitError(WtError):
    """A git command failed; carries the quoted command, its exit code and stderr."""

    def __init__(self, args: Sequence[str], returncode: int, stderr: str) -> None:
        self.argv = list(args)
        self.returncode = returncode
        self.stderr = stderr.strip()
        first = self.stderr.splitlines()[-1] if self.stderr else f"exit status {returncode}"
        super().__init__(
            f"git failed: {first}",
            detail=f"$ {shlex.join(self.argv)}\n{self.stderr}" if self.stderr else None,
        )
