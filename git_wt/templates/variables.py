"""The template context: the variables templates (paths, hooks, --execute) can use."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import Any

from git_wt.git.refs import short_ref, upstream_of
from git_wt.git.remotes import parse_remote_url
from git_wt.git.repository import Repository


def upstream_name(repo: Repository, branch: str | None) -> str | None:
    """The short name of a branch's upstream (`origin/x`, or `x` for a local one)."""
    found = upstream_of(repo, branch) if branch else None
    return short_ref(found) if found else None


def path_context(repo: Repository, branch: str) -> dict[str, Any]:
    """What the worktree-path template may use (cheap: no git calls beyond config)."""
    ctx: dict[str, Any] = {
        "branch": branch,
        "repo": repo.repo_name,
        "repo_path": repo.repo_path,
        "primary_worktree_path": repo.primary.path if repo.primary else repo.repo_path,
    }
    remote = repo.primary_remote()
    if remote:
        ctx["remote"] = remote
        url = repo.config.get(f"remote.{remote}.url") or ""
        ctx["remote_url"] = url
        parsed = parse_remote_url(url)
        if parsed:
            ctx["owner"] = parsed[1]
            ctx["remote_repo"] = parsed[2]
    return ctx


def full_context(
    repo: Repository,
    *,
    branch: str | None,
    worktree_path: str,
    commit: str | None,
    base: str | None = None,
    base_worktree_path: str | None = None,
    target: str | None = None,
    target_worktree_path: str | None = None,
    hook_type: str | None = None,
    hook_name: str | None = None,
    args: Sequence[str] = (),
    cwd: str | None = None,
) -> dict[str, Any]:
    """Every variable of SPEC 3.3; conditional ones are absent (undefined) when unknown."""
    ctx = path_context(repo, branch or "")
    if branch is None:
        del ctx["branch"]  # a detached HEAD must not render as a branch name
    ctx.update(
        worktree_path=worktree_path,
        worktree_name=os.path.basename(worktree_path.rstrip(os.sep)),
        cwd=cwd or worktree_path,
        args=list(args),
        vars=branch_vars(repo, branch),
    )
    ctx.setdefault("remote", "")
    ctx.setdefault("remote_url", "")
    default = repo.default_branch_or_none()
    if default:
        ctx["default_branch"] = default
    if commit:
        ctx["commit"] = commit
        ctx["short_commit"] = commit[:7]
    upstream = upstream_name(repo, branch)
    ctx["upstream"] = upstream or ""
    optional = {
        "base": base,
        "base_worktree_path": base_worktree_path,
        "target": target,
        "target_worktree_path": target_worktree_path,
        "hook_type": hook_type,
        "hook_name": hook_name,
    }
    ctx.update({k: v for k, v in optional.items() if v is not None})
    # Older Worktrunk names, so templates written for it keep working unchanged.
    ctx.update(
        main_worktree=ctx["repo"],
        repo_root=ctx["repo_path"],
        worktree=worktree_path,
        main_worktree_path=ctx["primary_worktree_path"],
    )
    return ctx


def vars_prefix(branch: str) -> str:
    return f"wt.state.{branch}.vars."


# git config variable names: a letter, then letters, digits and hyphens (case-insensitive).
VAR_KEY = re.compile(r"[A-Za-z][A-Za-z0-9-]*")


def var_key(branch: str, key: str) -> str:
    """The git config key holding one of a branch's vars."""
    return vars_prefix(branch) + key.lower()


def decode_var(value: str) -> Any:
    """Stored text -> template value: JSON objects and arrays become mappings and lists."""
    import json

    if value[:1] not in ("{", "["):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def branch_vars(repo: Repository, branch: str | None) -> dict[str, Any]:
    """Per-branch values from `git wt config state vars`, JSON values decoded."""
    if not branch:
        return {}
    prefix = vars_prefix(branch)
    result: dict[str, Any] = {}
    for key, value in repo.config.items_with_prefix(prefix):
        name = key[len(prefix) :]
        if "." not in name:
            result[name] = decode_var(value)
    return result
