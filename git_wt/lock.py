"""Advisory file locks: the repository-wide one in the state directory, and plain ones."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager

from git_wt.errors import WtError


def _open_lock(path: str, mode: int) -> int:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return os.open(path, os.O_RDWR | os.O_CREAT, mode)


@contextmanager
def _held(fd: int) -> Iterator[None]:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


@contextmanager
def file_lock(path: str, mode: int = 0o644) -> Iterator[None]:
    """Hold an exclusive lock on `path` (created if needed); other holders wait."""
    with _held(_open_lock(path, mode)):
        yield


@contextmanager
def repo_lock(state_dir: str, name: str = "lock") -> Iterator[None]:
    """The lock git-wt processes of one repository take for what git leaves racy."""
    try:
        fd = _open_lock(os.path.join(state_dir, name), 0o644)
    except OSError as exc:
        raise WtError(
            f"cannot use git-wt's state directory {state_dir}: {exc.strerror}",
            hint=f"make {state_dir} a writable directory (remove whatever is in its place)",
        ) from None
    with _held(fd):
        yield
