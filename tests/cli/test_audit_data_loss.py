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


def test_remove_keeps_commits_only_a_per_worktree_ref_holds(repo: Path, work: Path) -> None:
    path = work / "repo.f"
    git("worktree", "add", "-q", "-b", "f", "--", str(path), cwd=repo)
    unique = commit(path, "keep.txt", "keep\n", "kept under refs/worktree/")
    git("update-ref", "refs/worktree/keep", unique, cwd=path)
    git("reset", "-q", "--hard", "HEAD~1", cwd=path)  # f is back on main: "integrated"
    result = wt("remove", "f", cwd=repo)
    assert "Traceback" not in result.stderr
    still_there = str(path) in worktree_paths(repo)
    reachable = git("for-each-ref", "--contains", unique, cwd=repo).strip() != ""
    assert still_there or reachable, result.stderr


def _has_object(root: Path, sha: str) -> bool:
    """Is the commit stored in any git directory below root?"""
    for dirpath, dirnames, _ in os.walk(root):
        is_git_dir = "objects" in dirnames and os.path.isfile(os.path.join(dirpath, "HEAD"))
        if is_git_dir and git_ok(
            "--git-dir", dirpath, "cat-file", "-e", f"{sha}^{{commit}}", cwd=root
        ):
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


def test_merge_keeps_an_ignored_directory_where_the_branch_adds_a_file(
    repo: Path, work: Path
) -> None:
    commit(repo, ".gitignore", "out/\n", "ignore out/")
    path = work / "repo.a"
    git("worktree", "add", "-q", "-b", "a", "--", str(path), cwd=repo)
    (path / "out").write_text("a file now\n")
    git("add", "-f", "out", cwd=path)
    git("commit", "-q", "-m", "out becomes a file", cwd=path)
    (repo / "out").mkdir()
    (repo / "out" / "data").write_text("precious\n")
    result = wt("merge", "-y", cwd=path)
    assert "Traceback" not in result.stderr
    # The primary worktree's ignored out/data must survive (or the merge must refuse).
    assert (repo / "out" / "data").is_file(), result.stderr
    assert (repo / "out" / "data").read_text() == "precious\n"


def test_squash_works_for_a_branch_nested_under_a_merged_branch_name(
    repo: Path, work: Path
) -> None:
    # Merging `a` (2 commits, squashed) leaves refs/wt-backup/a behind.
    path = work / "repo.a"
    git("worktree", "add", "-q", "-b", "a", "--", str(path), cwd=repo)
    commit(path, "f1", "1\n", "c1")
    commit(path, "f2", "2\n", "c2")
    assert wt("merge", "-y", cwd=path).returncode == 0
    # Later, a branch `a/b` (git accepts it now that `a` is gone) is squashed.
    path = work / "repo.a-b"
    git("worktree", "add", "-q", "-b", "a/b", "--", str(path), cwd=repo)
    commit(path, "f3", "3\n", "c3")
    commit(path, "f4", "4\n", "c4")
    result = wt("step", "squash", "-y", cwd=path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert git("rev-list", "--count", "main..a/b", cwd=repo).strip() == "1"
