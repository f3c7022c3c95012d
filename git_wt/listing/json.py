"""The `--format json` document of `git wt list` (SPEC 2.2): `to_json(listing) -> dict`."""

from __future__ import annotations

from typing import Any

from git_wt.listing.model import Listing


def to_json(listing: Listing) -> dict[str, Any]:
    """The document of SPEC 2.2 (fields are only ever added, never renamed)."""
    import datetime

    items = []
    for row in listing.rows:
        item: dict[str, Any] = {
            "branch": row.branch,
            "path": row.path,
            "kind": row.kind,
            "is_current": row.is_current,
            "is_main": row.is_main,
            "detached": row.detached,
            "locked": row.locked,
            "prunable": row.prunable,
            "operation": row.operation,
            "head": None,
            "working_tree": None,
        }
        if row.head is not None:
            when = datetime.datetime.fromtimestamp(row.head.committed_at, datetime.timezone.utc)
            item["head"] = {
                "sha": row.head.sha,
                "short_sha": row.head.short_sha,
                "subject": row.head.subject,
                "committed_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
        if row.working_tree is not None:
            item["working_tree"] = _fields(row.working_tree, _WORKING_TREE)
        if row.relation is not None and row.branch != listing.default_branch:
            item["default_branch"] = _fields(row.relation, _DEFAULT_BRANCH)
        item["upstream"] = _fields(row.upstream, _UPSTREAM) if row.upstream else None
        if listing.ci_requested:
            item["ci"] = row.ci.to_json() if row.ci else None
        item["symbols"] = row.symbols(listing.default_branch)
        items.append(item)
    return {"default_branch": listing.default_branch, "items": items}


# The keys of each object, in document order: named here, so a new attribute on a row's
# parts never reaches the document by accident.
_WORKING_TREE = ("staged", "modified", "untracked", "conflicts", "added_lines", "deleted_lines")
_DEFAULT_BRANCH = ("ahead", "behind", "added_lines", "deleted_lines", "integrated")
_UPSTREAM = ("name", "ahead", "behind")


def _fields(value: object, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(value, name) for name in names}
