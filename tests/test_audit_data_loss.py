"""Audit: nothing is lost without a force flag (SPEC 0, 2.3)."""

from __future__ import annotations

import os
from pathlib import Path

from helpers import commit, git, git_ok, init_repo, worktree_paths, wt


def test_remove_keeps_commits_only_a_detached_worktree_has(repo: Path, work: Path) -> None:
    path = work / "repo.detached"
    git("worktree", "add", "-q", "--detach", "--", str(path), cwd=repo)
    unique = commit(path, "work.txt", "work\n", "work on no branch")
    result = wt("remove", str(path), cwd=repo)
    assert "Traceback" not in result.stderr
    # Either refused (worktree kept) or the commit stays reachable from some ref.
    still_there = str(path) in worktree_paths(repo)
    reachable = git("for-each-ref", "--contains", unique, cwd=repo).strip() != ""
    assert still_there or reachable, result.stderr


def _has_object(root: Path, sha: str) -> bool:
    """Is the commit stored in any git directory below root?"""
    for dirpath, dirnames, _ in os.walk(root):
        if "objects" in dirnames and os.path.isfile(os.path.join(dirpath, "HEAD")):
            if git_ok("--git-dir", dirpath, "cat-file", "-e", f"{sha}^{{commit}}", cwd=root):
                return True
    return False


def test_remove_keeps_commits_inside_a_submodule_of_the_worktree(repo: Path, work: Path) -> None:
    sub_src = init_repo(work / "subsrc")
    allow = ("-c", "protocol.file.allow=always")
    git(*allow, "submodule", "add", "-q", str(sub_src), "sub", cwd=repo)
    git("commit", "-q", "-m", "add sub", cwd=repo)
    path = work / "repo.f"
    git("worktree", "add", "-q", "-b", "f", "--", str(path), cwd=repo)
    git(*allow, "submodule", "update", "--init", "-q", cwd=path)
    # A commit that exists only in the worktree's submodule, recorded in branch f.
    sub_commit = commit(path / "sub", "new.txt", "new\n", "submodule work")
    git("commit", "-q", "-am", "bump sub", cwd=path)
    assert git("status", "--porcelain", cwd=path) == ""
    result = wt("remove", "f", cwd=repo)
    assert "Traceback" not in result.stderr
    assert _has_object(work, sub_commit), result.stderr
