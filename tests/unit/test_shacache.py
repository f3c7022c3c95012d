"""The SHA-keyed cache: concurrent writers never leave half an entry."""

from __future__ import annotations

import threading
from pathlib import Path

from git_wt.git.shacache import ShaCache


def test_concurrent_writers_never_leave_half_an_entry(tmp_path: Path) -> None:
    root = str(tmp_path / "cache")
    big = list(range(20000))
    stop = threading.Event()
    seen_bad: list[object] = []

    def writer() -> None:
        cache = ShaCache(root)
        while not stop.is_set():
            cache.put("kind", "ab" * 20, big)

    def reader() -> None:
        while not stop.is_set():
            value = ShaCache(root).get("kind", "ab" * 20, "missing")
            if value not in ("missing", big):
                seen_bad.append(value)

    threads = [threading.Thread(target=writer) for _ in range(4)]
    threads += [threading.Thread(target=reader) for _ in range(2)]
    for thread in threads:
        thread.start()
    stop.wait(1.0)
    stop.set()
    for thread in threads:
        thread.join()
    assert seen_bad == []
    leftovers = [p.name for p in (tmp_path / "cache").rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
