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
    """The full ref of a local branch's upstream (refs/remotes/... or refs/heads/...), as
    git derives it: `branch.X.merge` mapped through the fetch refspecs of `branch.X.remote`
    (read from the config snapshot, so no git process)."""
    remote = repo.config.get(f"branch.{branch}.remote")
    merge = repo.config.get(f"branch.{branch}.merge")
    if not remote or not merge:
        return None
    if not merge.startswith("refs/"):
        merge = f"refs/heads/{merge}"
    if remote == ".":
        return merge
    specs = repo.config.get_all(f"remote.{remote}.fetch")
    if any(_refspec_maps(spec[1:], merge) is not None for spec in specs if spec[:1] == "^"):
        return None  # a negative refspec leaves the branch out
    for spec in specs:
        if spec[:1] != "^":
            found = _refspec_maps(spec.lstrip("+"), merge)
            if found:
                return found
    return None


def _refspec_maps(spec: str, ref: str) -> str | None:
    """Where the fetch refspec `spec` puts `ref` ("" for a refspec without a destination);
    None when it does not match."""
    src, _, dst = spec.partition(":")
    if "*" not in src:
        return dst if src == ref else None
    before, _, after = src.partition("*")
    if not (ref.startswith(before) and ref.endswith(after)) or len(ref) < len(src) - 1:
        return None
    return dst.replace("*", ref[len(before) : len(ref) - len(after)], 1)


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
