"""Files: atomic writes, locks, XDG base directories, bounded reads of repository files."""

from __future__ import annotations

import fcntl
import os
import stat
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


# A file a repository supplies is read whole into memory: this much and no more.
MIB = 1 << 20

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "an unusual file")


def read_bounded(
    path: str, limit: int = MIB, *, root: str | None, hint: str | None = None
) -> bytes:
    """The bytes of `path`, read only when it is a regular file of at most `limit` bytes
    and, with a `root`, only when it resolves to a place inside `root` (a symlink may not
    lead out of it). FileNotFoundError when there is no such file; WtError (with `hint`)
    naming what is wrong otherwise. Nothing that could block (a FIFO, a terminal, a
    device) is ever opened."""
    real = os.path.realpath(path)
    if root is not None and not _inside(real, os.path.realpath(root)):
        if not os.path.exists(path):
            raise FileNotFoundError(path)
        raise WtError(f"{path} leads to {real}, outside {root}; git-wt does not read it", hint=hint)
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
    try:
        _check(path, os.stat(real), limit, hint)
        fd = os.open(real, flags)
    except (FileNotFoundError, WtError):
        raise
    except OSError as exc:
        raise WtError(f"cannot read {path}: {exc.strerror}", hint=hint) from None
    with os.fdopen(fd, "rb") as handle:
        _check(path, os.fstat(fd), limit, hint)  # what was opened, had it changed meanwhile
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise _too_large(path, limit, hint)
    return data


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _check(path: str, st: os.stat_result, limit: int, hint: str | None) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise WtError(
            f"{path} is {_kind(st.st_mode)}, not a regular file; git-wt does not read it",
            hint=hint,
        )
    if st.st_size > limit:
        raise _too_large(path, limit, hint)


def _too_large(path: str, limit: int, hint: str | None) -> WtError:
    size = f"{limit // MIB} MiB" if limit % MIB == 0 else f"{limit} bytes"
    return WtError(f"{path} is larger than {size}; git-wt does not read it", hint=hint)
