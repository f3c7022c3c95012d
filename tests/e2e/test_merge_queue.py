"""Merges into one target queue: parallel `git wt merge` processes all land, in turn."""

from __future__ import annotations

import fcntl
import os
import subprocess
import time
from pathlib import Path

from helpers import (
    Result,
    assert_no_traceback,
    commit,
    git,
    local_branches,
    worktree_paths,
    wt_popen,
    wt_process,
)

N = 6


def _feature_worktrees(repo: Path, n: int) -> list[Path]:
    paths = []
    for i in range(n):
        res = wt_process("switch", "--no-cd", "-c", f"f{i}", cwd=repo)
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
        time.sleep(2)
        assert proc.poll() is None  # still waiting, not failed
        assert (repo / "file0.txt").exists() is False
    finally:
        os.close(fd)  # the other merge is done
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "◎ waiting for the merge of other-branch into main" in err.splitlines()
    assert (repo / "file0.txt").read_text() == "change 0\n"


def test_merge_wait_times_out_with_a_hint(repo: Path) -> None:
    (path,) = _feature_worktrees(repo, 1)
    git("config", "wt.merge.wait", "1s", cwd=repo)
    head = git("rev-parse", "main", cwd=repo)
    fd = _hold_queue(repo)
    try:
        res = wt_process("merge", cwd=path)
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
    res = wt_process("merge", cwd=path)
    assert res.returncode == 1
    assert res.err_lines == [
        "✗ wt.merge.wait must be a duration such as 0, 12h or 2d, not 'soon'",
        "↳ git config wt.merge.wait 10m",
    ]
    assert "f0" in local_branches(repo)


def test_step_push_queues_too(repo: Path) -> None:
    (path,) = _feature_worktrees(repo, 1)
    git("config", "wt.merge.wait", "1", cwd=repo)
    fd = _hold_queue(repo)
    try:
        res = wt_process("step", "push", cwd=path)
    finally:
        os.close(fd)
    assert res.returncode == 1
    assert res.err_lines[0] == "◎ waiting for the merge of other-branch into main"
    res = wt_process("step", "push", cwd=path)
    assert res.returncode == 0, res.stderr


def test_a_locked_index_in_the_target_is_named(repo: Path) -> None:
    (path,) = _feature_worktrees(repo, 1)
    head = git("rev-parse", "main", cwd=repo)
    lock = repo / ".git" / "index.lock"
    lock.write_text("")
    res = wt_process("merge", cwd=path)
    assert res.returncode == 1
    assert_no_traceback(res.stdout, res.stderr)
    assert (
        "✗ cannot update the files in main's worktree: another git process holds its index "
        "lock; nothing was changed"
    ) in res.err_lines
    assert res.err_lines[-1] == (
        "↳ run the command again when that git process is done; if none is running, "
        f"remove the stale lock: rm {lock}"
    )
    assert "stash" not in res.stderr
    assert git("rev-parse", "main", cwd=repo) == head
    lock.unlink()
    assert git("status", "--porcelain", cwd=repo) == ""
    res = wt_process("merge", cwd=path)
    assert res.returncode == 0, res.stderr


SHIM = """#!/bin/sh
# Make the branch move under the merge (update-ref fails) and the rollback fail too.
case "$1" in
update-ref)
    case "$*" in
    *refs/heads/main*) echo "fatal: cannot lock ref 'refs/heads/main'" >&2; exit 1;;
    esac;;
read-tree)
    if [ -e "$SHIM_MARK" ]; then
        echo "fatal: Unable to create 'index.lock': File exists." >&2; exit 128
    fi
    : > "$SHIM_MARK";;
esac
exec "$REAL_GIT" "$@"
"""


def test_a_failed_rollback_is_reported(repo: Path, tmp_path: Path) -> None:
    (path,) = _feature_worktrees(repo, 1)
    bin_dir = tmp_path / "shim"
    bin_dir.mkdir()
    shim = bin_dir / "git"
    shim.write_text(SHIM)
    shim.chmod(0o755)
    real = subprocess.run(["which", "git"], capture_output=True, text=True, check=True)
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "REAL_GIT": real.stdout.strip(),
        "SHIM_MARK": str(tmp_path / "mark"),
    }
    # git-wt itself, not `git wt`: git puts its exec-path first on PATH for its children.
    proc = subprocess.run(
        ["git-wt", "merge", "--no-remove"],
        cwd=path,
        env={**os.environ, "PWD": str(path), **env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    res = Result(proc.returncode, proc.stdout, proc.stderr)
    assert res.returncode == 1
    assert_no_traceback(res.stdout, res.stderr)
    new = git("rev-parse", "f0", cwd=repo).strip()
    old = git("rev-parse", "main", cwd=repo).strip()
    assert (
        "✗ main moved while git-wt was updating it, and the files in its worktree could not "
        f"be put back: they hold {new[:7]}, its branch does not"
    ) in res.err_lines
    assert res.err_lines[-1] == (
        f"↳ see `git status` in {repo}; to put the files back run there: "
        f"git read-tree -m -u {new} {old}"
    )
    assert "its files were put back" not in res.stderr
    # The hint's command does put them back.
    git("read-tree", "-m", "-u", new, old, cwd=repo)
    assert git("status", "--porcelain", cwd=repo) == ""
