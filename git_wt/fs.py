"""Files: atomic replacement (readers see old or new, never a mix) and exclusive locks."""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from git_wt.errors import WtError


def atomic_write(path: str, data: bytes, *, mode: int | None = None, sync: bool = False) -> None:
    """Write `data` to a temp file beside `path`, then rename it over `path`."""
    directory = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


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
