"""Parallel `git wt list` processes share the SHA-keyed cache safely."""

from __future__ import annotations

from pathlib import Path

from helpers import commit, git


def feature(repo: Path) -> Path:
    path = repo.parent / "repo.feat"
    git("worktree", "add", "-q", "-b", "feat", str(path), cwd=repo)
    commit(path, "f.txt", "f\n", "feature")
    return path


def test_parallel_runs_share_the_cache(repo: Path) -> None:
    from helpers import wt_popen

    feature(repo)
    procs = [wt_popen("list", "--format", "json", cwd=repo) for _ in range(6)]
    outputs = [p.communicate()[0] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert len(set(outputs)) == 1
