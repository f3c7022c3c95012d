"""Refs: short names, exact lookups, upstreams, and the one safe branch delete."""

from __future__ import annotations

from git_wt.git.repository import Repository

_SHORT_PREFIXES = ("refs/heads/", "refs/remotes/", "refs/tags/")


def short_ref(ref: str) -> str:
    """`refs/heads/x` -> `x`, `refs/remotes/origin/x` -> `origin/x`; others unchanged."""
    for prefix in _SHORT_PREFIXES:
        if ref.startswith(prefix):
            return ref[len(prefix) :]
    return ref


def rev(repo: Repository, ref: str, cwd: str | None = None) -> str | None:
    """The commit `ref` names, or None when it names none."""
    result = repo.git.run(
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        f"{ref}^{{commit}}",
        cwd=cwd or repo.any_dir,
        check=False,
    )
    return result.stdout.strip() if result.ok else None


def upstream_of(repo: Repository, branch: str) -> str | None:
    """The full ref of a local branch's upstream (refs/remotes/... or refs/heads/...)."""
    out = repo.git.out(
        "for-each-ref", "--format=%(upstream)", f"refs/heads/{branch}", cwd=repo.any_dir
    )
    return out.strip() or None


def delete_branch(repo: Repository, branch: str, expected: str, reason: str = "") -> bool:
    """Delete `branch` only if it still points at `expected`, and drop its `branch.X`
    config section with it; False (nothing changed) when the branch moved meanwhile."""
    argv = ["update-ref"]
    if reason:
        argv += ["-m", reason]
    deleted = repo.git.run(
        *argv, "-d", f"refs/heads/{branch}", expected, cwd=repo.any_dir, check=False
    )
    if not deleted.ok:
        return False
    repo.git.run(
        "config", "--local", "--remove-section", f"branch.{branch}", cwd=repo.any_dir, check=False
    )
    return True
