"""Remotes: what a remote URL says about where a repository is hosted."""

from __future__ import annotations

import re

_URL = re.compile(r"^(?:[a-z+]+://)?(?:[^@/]+@)?([^/:]+)[:/](?:\d+/)?(.+?)(?:\.git)?/?$")


def parse_remote_url(url: str) -> tuple[str, str, str] | None:
    """`git@host:owner/repo.git` -> (host, owner, repo); None when it is a local path."""
    if url.startswith(("/", ".", "file:")):
        return None
    match = _URL.match(url)
    if not match:
        return None
    host, path = match.groups()
    owner, _, name = path.rpartition("/")
    return host, owner, name
