"""On-disk caches under `<git-common-dir>/wt/cache/`: SHA-keyed facts that never go stale."""

from __future__ import annotations

import json
import os
import threading
import time
from typing import Any

# Bump when the meaning of a cached value changes: old entries are then simply not read.
VERSION = "v1"

_MISSING = object()


class ShaCache:
    """Results of pure functions of commit SHAs, one small JSON file per (kind, key).

    A key names every input (commit SHAs), so an entry can never be stale: a new commit
    gives a new key. Writers put a private temp file next to the entry and rename it
    into place, so concurrent runs never see half an entry. Every failure (read-only
    repository, full disk, a corrupt file) just means a miss.
    """

    def __init__(self, root: str | None) -> None:
        self.root = os.path.join(root, VERSION) if root else None
        self._memory: dict[tuple[str, str], Any] = {}
        self._made: set[str] = set()
        self._lock = threading.Lock()

    def _path(self, kind: str, key: str) -> str | None:
        if self.root is None:
            return None
        return os.path.join(self.root, kind, key[:2], key + ".json")

    def get(self, kind: str, key: str, default: Any = None) -> Any:
        """The cached value, or `default` when there is none (a stored None is a value)."""
        found = self._memory.get((kind, key), _MISSING)
        if found is not _MISSING:
            return found
        path = self._path(kind, key)
        if path is None:
            return default
        try:
            with open(path, encoding="utf-8") as handle:
                doc = json.load(handle)
        except (OSError, ValueError):
            return default
        if not isinstance(doc, dict) or "value" not in doc:
            return default
        self._memory[(kind, key)] = doc["value"]
        return doc["value"]

    def has(self, kind: str, key: str) -> bool:
        return self.get(kind, key, _MISSING) is not _MISSING

    def put(self, kind: str, key: str, value: Any) -> None:
        self._memory[(kind, key)] = value
        path = self._path(kind, key)
        if path is None:
            return
        write_atomic(path, {"value": value}, self._made, self._lock)


def write_atomic(path: str, doc: Any, made: set[str] | None = None, lock: Any = None) -> None:
    """Write JSON to `path` through a temp file and a rename; errors are ignored."""
    folder = os.path.dirname(path)
    tmp = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        if made is None or folder not in made:
            os.makedirs(folder, exist_ok=True)
            if made is not None and lock is not None:
                with lock:
                    made.add(folder)
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(doc, handle, separators=(",", ":"))
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def read_fresh(path: str, max_age: float) -> Any:
    """A JSON document written less than `max_age` seconds ago, else None."""
    try:
        if time.time() - os.path.getmtime(path) > max_age:
            return None
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def pair_key(*shas: str) -> str:
    return "-".join(shas)
