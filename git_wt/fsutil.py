"""Replacing files atomically: readers see the old content or the new, never a mix."""

from __future__ import annotations

import os
import tempfile


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
