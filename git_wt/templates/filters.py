"""Worktrunk's template filters (sanitize, sanitize_db, sanitize_hash, hash, hash_port, ...)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any

from git_wt.templates.siphash import short_hash, stable_hash
from git_wt.templates.values import Raw, plain


def hash_port(value: Any) -> int:
    return 10000 + stable_hash(str(value)) % 10000


def sanitize(value: Any) -> str:
    return str(value).replace("/", "-").replace("\\", "-")


def sanitize_db(value: Any) -> str:
    text = str(value)
    cleaned = re.sub(r"[^a-z0-9]+", "_", text.lower())
    if cleaned[:1].isdigit():
        cleaned = "_" + cleaned
    return f"{cleaned[:44]}_{short_hash(text)}"


_UNSAFE_FILENAME = re.compile(r'[/\\:*?"<>|\x00-\x1f]')


def sanitize_hash(value: Any) -> str:
    text = str(value)
    cleaned = _UNSAFE_FILENAME.sub("-", text)
    return cleaned if cleaned == text else f"{cleaned}-{short_hash(text)}"


FILTERS: dict[str, Callable[[Any], Any]] = {
    "sanitize": sanitize,
    "sanitize_db": sanitize_db,
    "sanitize_hash": sanitize_hash,
    "hash": lambda v: short_hash(str(v)),
    "hash_port": hash_port,
    "dirname": lambda v: os.path.dirname(str(v)),
    "basename": lambda v: os.path.basename(str(v)),
    "raw": lambda v: Raw(v if isinstance(v, str) else plain(v)),
}
