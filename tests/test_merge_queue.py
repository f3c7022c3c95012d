"""Merges into one target queue: parallel `git wt merge` processes all land, in turn."""

from __future__ import annotations

import fcntl
import os
import subprocess
import time
from pathlib import Path

from helpers import (
    assert_no_traceback,
    commit,
    git,
    local_branches,
    wt,
    wt_popen,
    worktree_paths,
)

N = 6


def _feature_worktrees(repo: Path, n: int) -> list[Path]:
    paths = []
    for i in range(n):
        res = wt("switch", "--no-cd", "-c", f"f{i}", cwd=repo)
        assert res.returncode == 0, res.stderr
        path = repo.parent / f"repo.f{i}"
        commit(path, f"file{i}.txt", f"change {i}\n", f"change {i}")
        paths.append(path)
    return paths


def test_parallel_merges_into_main_all_succeed(repo: Path) -> None:
    paths = _feature_worktrees(repo, N)
    procs = [wt_popen("merge", "--format", "json", cwd=p) for p in paths]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    for code, out, err in results:
        assert_no_traceback(out, err)
        assert code == 0, err
    tracked = set(git("ls-files", cwd=repo).split())
    assert tracked == {"README", *(f"file{i}.txt" for i in range(N))}
    assert git("status", "--porcelain", cwd=repo) == ""
    # Each merge built on the one before: main is a straight line of N new commits.
    assert git("rev-list", "--count", "--merges", "main", cwd=repo).strip() == "0"
    assert git("rev-list", "--count", "main", cwd=repo).strip() == str(N + 1)
    assert local_branches(repo) == {"main"}
    assert worktree_paths(repo) == [str(repo)]


def _hold_queue(repo: Path, target: str = "main") -> int:
    """Take the merge queue's lock for `target` as another merge would hold it."""
    path = repo / ".git" / "wt" / "locks" / f"merge-{target}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.ftruncate(fd, 0)
    os.write(fd, b"other-branch\n")
    return fd


def test_merge_waits_for_the_queue_and_says_so(repo: Path) -> None:
    (path,) = _feature_worktrees(repo, 1)
    fd = _hold_queue(repo)
    try:
        proc = wt_popen("merge", cwd=path)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
            if time.monotonic() > deadline - 28:
                break
        assert proc.poll() is None  # still waiting, not failed
    finally:
        os.close(fd)  # the other merge is done
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "◎ waiting for the merge of other-branch into main" in err.splitlines()
    assert (repo / "file0.txt").read_text() == "change 0\n"


def test_merge_wait_times_out_with_a_hint(repo: Path) -> None:
    (path,) = _feature_worktrees(repo, 1)
    git("config", "wt.merge.wait", "1s", cwd=repo)
    head = git("rev-parse", "main", cwd=repo)
    fd = _hold_queue(repo)
    try:
        res = wt("merge", cwd=path)
    finally:
        os.close(fd)
    assert res.returncode == 1
    assert_no_traceback(res.stdout, res.stderr)
    assert res.err_lines == [
        "◎ waiting for the merge of other-branch into main",
        "✗ gave up after 1s waiting for the merge of other-branch into main",
        "↳ run the merge again once it is done, or wait longer: git config wt.merge.wait 30m",
    ]
    assert git("rev-parse", "main", cwd=repo) == head
    assert "f0" in local_branches(repo)
    assert git("status", "--porcelain", cwd=path) == ""  # nothing was committed or moved


def test_merge_wait_rejects_a_bad_duration(repo: Path) -> None:
    (path,) = _feature_worktrees(repo, 1)
    git("config", "wt.merge.wait", "soon", cwd=repo)
    res = wt("merge", cwd=path)
    assert res.returncode == 1
    assert res.err_lines[0] == "✗ wt.merge.wait must be a duration like 30s or 10m, not 'soon'"
    assert "f0" in local_branches(repo)


def test_step_push_queues_too(repo: Path) -> None:
    (path,) = _feature_worktrees(repo, 1)
    git("config", "wt.merge.wait", "1", cwd=repo)
    fd = _hold_queue(repo)
    try:
        res = wt("step", "push", cwd=path)
    finally:
        os.close(fd)
    assert res.returncode == 1
    assert res.err_lines[0] == "◎ waiting for the merge of other-branch into main"
    res = wt("step", "push", cwd=path)
    assert res.returncode == 0, res.stderr


def _unused(_: subprocess.Popen[str]) -> None:
    pass
