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
            wt = row.working_tree
            item["working_tree"] = {
                "staged": wt.staged,
                "modified": wt.modified,
                "untracked": wt.untracked,
                "conflicts": wt.conflicts,
                "added_lines": wt.added_lines,
                "deleted_lines": wt.deleted_lines,
            }
        if row.relation is not None and row.branch != listing.default_branch:
            rel = row.relation
            item["default_branch"] = {
                "ahead": rel.ahead,
                "behind": rel.behind,
                "added_lines": rel.added_lines,
                "deleted_lines": rel.deleted_lines,
                "integrated": rel.integrated,
            }
        item["upstream"] = (
            {"name": row.upstream.name, "ahead": row.upstream.ahead, "behind": row.upstream.behind}
            if row.upstream
            else None
        )
        if listing.ci_requested:
            item["ci"] = row.ci.to_json() if row.ci else None
        item["symbols"] = row.symbols(listing.default_branch)
        items.append(item)
    return {"default_branch": listing.default_branch, "items": items}
