"""Concurrent `git wt remove` processes: one wins, nothing is lost."""

from __future__ import annotations

import fcntl
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from helpers import (
    assert_no_traceback,
    git,
    local_branches,
    worktree_paths,
    wt_popen,
)

# -- helpers local to this module ------------------------------------------------------


def add_worktree(repo: Path, branch: str, base: str = "main", path: Path | None = None) -> Path:
    """A linked worktree made with plain git (at the default sibling path unless given)."""
    path = path or repo.parent / f"repo.{branch}"
    git("worktree", "add", "-q", "-b", branch, str(path), base, cwd=repo)
    return path


def trash_dir(repo: Path) -> Path:
    common = git("rev-parse", "--path-format=absolute", "--git-common-dir", cwd=repo).strip()
    return Path(common) / "wt" / "trash"


def entry(branch: str | None, path: str | os.PathLike[str] | None, outcome: str) -> dict[str, Any]:
    return {
        "branch": branch,
        "path": None if path is None else str(path),
        "branch_outcome": outcome,
    }


def assert_removed(repo: Path, path: Path) -> None:
    assert not path.exists()
    assert str(path) not in worktree_paths(repo)


# -- concurrency -----------------------------------------------------------------------


def test_parallel_removes_of_different_worktrees_all_succeed(repo: Path) -> None:
    names = [f"par{i}" for i in range(6)]
    paths = [add_worktree(repo, name) for name in names]
    procs = [wt_popen("remove", name, cwd=repo) for name in names]
    outputs = [p.communicate(timeout=60) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert_no_traceback(out, err)
        assert proc.returncode == 0, err
    for path in paths:
        assert_removed(repo, path)
    assert worktree_paths(repo) == [str(repo)]
    assert local_branches(repo) == {"main"}


@pytest.mark.parametrize("attempt", range(3))
def test_parallel_removes_of_the_same_worktree_one_wins(repo: Path, attempt: int) -> None:
    feat = add_worktree(repo, "feat")
    procs = [wt_popen("remove", "feat", cwd=repo) for _ in range(2)]
    outputs = [p.communicate(timeout=60) for p in procs]
    codes = sorted(p.returncode for p in procs)
    for out, err in outputs:
        assert_no_traceback(out, err)
    assert codes == [0, 1], outputs
    loser_err = outputs[[p.returncode for p in procs].index(1)][1]
    assert any(line.startswith("✗") for line in loser_err.splitlines()), loser_err
    assert_removed(repo, feat)
    assert local_branches(repo) == {"main"}


def test_two_removes_that_both_passed_validation_one_wins(repo: Path) -> None:
    # A slow pre-remove hook holds both processes after validation, before the removal.
    feat = add_worktree(repo, "feat")
    git("config", "wt.hook.pre-remove", "sleep 0.5", cwd=repo)
    procs = [wt_popen("remove", "feat", cwd=repo) for _ in range(2)]
    outputs = [p.communicate(timeout=60) for p in procs]
    for out, err in outputs:
        assert_no_traceback(out, err)
    assert sorted(p.returncode for p in procs) == [0, 1], outputs
    loser_err = outputs[[p.returncode for p in procs].index(1)][1]
    assert any(line.startswith("✗") for line in loser_err.splitlines()), loser_err
    # The loser's message is about the worktree, not about installing git.
    assert "install git" not in loser_err, loser_err
    assert_removed(repo, feat)
    assert local_branches(repo) == {"main"}


def test_two_removes_of_the_same_branch_that_both_passed_validation_one_wins(
    repo: Path,
) -> None:
    # Hold git-wt's repository lock (lock.py: <git-common-dir>/wt/lock) so that both
    # processes validate while the branch still exists and only then take turns.
    git("branch", "feat", cwd=repo)
    lock_path = trash_dir(repo).parent / "lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        procs = [wt_popen("remove", "feat", "--format", "json", cwd=repo) for _ in range(2)]
        time.sleep(1.0)
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    outputs = [p.communicate(timeout=60) for p in procs]
    for out, err in outputs:
        assert_no_traceback(out, err)
    assert sorted(p.returncode for p in procs) == [0, 1], outputs
    winner = outputs[[p.returncode for p in procs].index(0)]
    assert winner[0].strip() and json.loads(winner[0]) == [entry("feat", None, "deleted")]
    loser_err = outputs[[p.returncode for p in procs].index(1)][1]
    assert any(line.startswith("✗") for line in loser_err.splitlines()), loser_err
    assert local_branches(repo) == {"main"}
