"""The merge queue: one merge (or `step push`) into a target branch at a time; others wait."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

from git_wt.config import keys
from git_wt.config.duration import get_duration
from git_wt.context import Context
from git_wt.errors import WtError
from git_wt.git.repository import Repository

DEFAULT_WAIT = "10m"
_POLL = 0.1  # seconds between tries while another merge holds the lock
_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


def lock_path(repo: Repository, target: str) -> str:
    """`<common dir>/wt/locks/merge-<target>.lock`, the branch name %-escaped to one name."""
    escaped = "".join(c if c in _SAFE else _percent(c) for c in target)
    return os.path.join(repo.state_dir, "locks", f"merge-{escaped}.lock")


def _percent(char: str) -> str:
    # A name that is not UTF-8 (git allows it) escapes its own bytes.
    return "".join(f"%{b:02X}" for b in char.encode("utf-8", "surrogateescape"))


def wait_limit(repo: Repository) -> int:
    """wt.merge.wait in seconds (`30s`, `10m`, `1h`, or plain seconds); default 10 minutes."""
    return get_duration(repo.config, keys.MERGE_WAIT, DEFAULT_WAIT)


def describe_duration(seconds: int) -> str:
    for unit, size in (("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


@contextmanager
def turn(
    ctx: Context, repo: Repository, target: str, branch: str, action: str = "merge"
) -> Iterator[None]:
    """Hold TARGET's place in the queue for `branch`: wait (saying once for whom) while
    another merge or push into TARGET runs, up to wt.merge.wait; give up with a hint.

    The lock is an flock, so a merge that is killed gives its turn up with its process."""
    limit = wait_limit(repo)
    path = lock_path(repo, target)
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise WtError(
            f"cannot use the merge queue's lock {path}: {exc.strerror}",
            hint=f"make {os.path.dirname(path)} a writable directory",
        ) from None
    try:
        _acquire(ctx, fd, target, limit, action)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{branch}\n".encode("utf-8", "surrogateescape"), 0)
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _acquire(ctx: Context, fd: int, target: str, limit: int, action: str) -> None:
    deadline = time.monotonic() + limit
    holder: str | None = None
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        if holder is None:
            # The holder writes its branch just after it gets the lock: give it a moment.
            holder = _holder(fd) or "another branch"
            ctx.out.progress(f"waiting for the merge of {holder} into {target}")
        if time.monotonic() >= deadline:
            raise WtError(
                f"gave up after {describe_duration(limit)} waiting for the merge of {holder} "
                f"into {target}",
                hint=f"run the {action} again once it is done, or wait longer: "
                f"git config {keys.MERGE_WAIT} 30m",
            )
        time.sleep(min(_POLL, max(0.0, deadline - time.monotonic())))


def _holder(fd: int) -> str | None:
    for _ in range(5):
        try:
            name = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip()
        except OSError:
            return None
        if name:
            return name
        time.sleep(0.02)
    return None
