"""A repository-wide lock in the state directory, for what git's own locks leave racy."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager

from git_wt.errors import WtError


@contextmanager
def repo_lock(state_dir: str, name: str = "lock") -> Iterator[None]:
    """Hold an exclusive advisory lock; other git-wt processes wait their turn."""
    try:
        os.makedirs(state_dir, exist_ok=True)
        fd = os.open(os.path.join(state_dir, name), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise WtError(
            f"cannot use git-wt's state directory {state_dir}: {exc.strerror}",
            hint=f"make {state_dir} a writable directory (remove whatever is in its place)",
        ) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
