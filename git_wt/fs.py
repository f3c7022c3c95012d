"""Files: atomic writes, exclusive locks and the XDG base directories."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from git_wt.errors import WtError

XdgVar = Literal["XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"]

_XDG_DEFAULTS: dict[str, str] = {
    "XDG_CONFIG_HOME": ".config",
    "XDG_DATA_HOME": os.path.join(".local", "share"),
    "XDG_STATE_HOME": os.path.join(".local", "state"),
    "XDG_CACHE_HOME": ".cache",
}


def home() -> str:
    return os.path.expanduser("~")


def xdg_dir(var: XdgVar) -> str:
    """An XDG base directory: the variable when it holds an absolute path (the spec
    ignores relative ones), else its default under the home directory."""
    value = os.environ.get(var, "")
    return value if os.path.isabs(value) else os.path.join(home(), _XDG_DEFAULTS[var])


def atomic_write(
    path: str, data: bytes, *, mode: int | None = None, sync: bool = False, private: bool = True
) -> None:
    """Write `data` to a temp file beside `path`, then rename it over `path`: readers see
    the old or the new content, never a mix. A new file is readable by its owner only
    when `private`, else as the umask allows; `mode` sets its permissions outright."""
    directory = os.path.dirname(path) or "."
    # A random name, created exclusively (what tempfile.mkstemp does, without its import).
    tmp = os.path.join(directory, f".{os.path.basename(path)}.{os.urandom(6).hex()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
    fd = os.open(tmp, flags, 0o600 if private else 0o666)
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
