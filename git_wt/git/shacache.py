"""On-disk caches under `<git-common-dir>/wt/cache/`: SHA-keyed facts that never go stale."""

from __future__ import annotations

import os
import threading
import time
from typing import Any

from git_wt.fs import atomic_write

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
        import json  # here, not at the top: the prompt's statusline often needs none

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
        write_json(path, {"value": value}, self._made, self._lock)

    def prune(self, max_age: float = 30 * 86400, every: float = 86400) -> int:
        """Drop entries older than `max_age` seconds, at most once per `every` seconds.

        Entries never go stale, but branches come and go: without this the directory
        would only grow. A dropped entry that is still wanted is simply computed again.
        Returns how many files were removed.
        """
        if self.root is None:
            return 0
        stamp = os.path.join(self.root, ".pruned")
        now = time.time()
        try:
            if now - os.path.getmtime(stamp) < every:
                return 0
        except OSError:
            pass
        removed = 0
        for folder, _, files in os.walk(self.root):
            for name in files:
                path = os.path.join(folder, name)
                try:
                    if name != ".pruned" and now - os.path.getmtime(path) > max_age:
                        os.unlink(path)
                        removed += 1
                except OSError:
                    continue
        try:
            os.makedirs(self.root, exist_ok=True)
            with open(stamp, "w", encoding="utf-8"):
                pass
        except OSError:
            pass
        return removed


def write_json(path: str, doc: Any, made: set[str] | None = None, lock: Any = None) -> None:
    """Write JSON to `path` atomically, its folder made on first use; errors are ignored."""
    import json

    folder = os.path.dirname(path)
    try:
        if made is None or folder not in made:
            os.makedirs(folder, exist_ok=True)
            if made is not None and lock is not None:
                with lock:
                    made.add(folder)
        data = json.dumps(doc, separators=(",", ":")).encode("utf-8")
        atomic_write(path, data, private=False)
    except OSError:
        pass


def read_fresh(path: str, max_age: float) -> Any:
    """A JSON document written less than `max_age` seconds ago, else None."""
    import json

    try:
        if time.time() - os.path.getmtime(path) > max_age:
            return None
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def pair_key(*shas: str) -> str:
    return "-".join(shas)
