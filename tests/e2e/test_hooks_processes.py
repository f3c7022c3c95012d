"""Hooks and real processes: Ctrl-C and SIGTERM during a blocking hook, lazy imports."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import (
    assert_no_traceback,
    branch_exists,
    git,
    worktree_map,
    wt,
)


def add_hook(repo: Path, hook_type: str, command: str, name: str = "") -> None:
    key = f"wt.hook.{hook_type}" + (f".{name}" if name else "")
    git("config", "--add", key, command, cwd=repo)


def write_project(repo: Path, text: str) -> None:
    (repo / ".config").mkdir(exist_ok=True)
    (repo / ".config" / "wt.toml").write_text(text)


def q(path: Path) -> str:
    return shlex.quote(str(path))


def wait_for(check: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for a background hook")
        time.sleep(0.05)


def sibling(repo: Path, branch: str) -> Path:
    return repo.parent / f"repo.{branch.replace('/', '-')}"


# -- Ctrl-C --------------------------------------------------------------------------


def _interrupt_pre_start(repo: Path, tmp_path: Path, argv: list[str]) -> tuple[int, str, int]:
    pidfile = tmp_path / "hook.pid"
    add_hook(repo, "pre-start", f"echo $$ > {q(pidfile)}; sleep 60; echo never")
    proc = subprocess.Popen(
        [*argv, "switch", "-c", "feature"],
        cwd=repo,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, "PWD": str(repo)},
    )
    wait_for(lambda: pidfile.exists() and pidfile.read_text().strip() != "")
    hook_pid = int(pidfile.read_text())
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    return proc.returncode, err, hook_pid


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.parametrize("through_git", [False, True], ids=["git-wt", "git wt"])
def test_ctrl_c_during_pre_start_stops_the_hook_and_leaves_nothing(
    repo: Path, tmp_path: Path, *, through_git: bool
) -> None:
    argv = ["git", "wt"] if through_git else ["git-wt"]
    code, err, hook_pid = _interrupt_pre_start(repo, tmp_path, argv)
    # git itself dies of the signal after waiting for git-wt; git-wt exits 130.
    assert code == (-signal.SIGINT if through_git else 130), err
    wait_for(lambda: _gone(hook_pid), timeout=5)
    assert "feature" not in worktree_map(repo)
    assert not sibling(repo, "feature").exists()
    assert not branch_exists(repo, "feature")
    assert "never" not in err.splitlines()
    assert_no_traceback(err)


def test_sigterm_during_a_blocking_hook_stops_it_too(repo: Path, tmp_path: Path) -> None:
    pidfile = tmp_path / "hook.pid"
    add_hook(repo, "pre-switch", f"echo $$ > {q(pidfile)}; sleep 60")
    proc = subprocess.Popen(
        ["git-wt", "switch", "-c", "feature"],
        cwd=repo,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PWD": str(repo)},
    )
    wait_for(lambda: pidfile.exists() and pidfile.read_text().strip() != "")
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 143, err
    assert "✗ stopped by SIGTERM while a blocking hook ran" in err
    wait_for(lambda: _gone(int(pidfile.read_text())), timeout=5)
    assert not branch_exists(repo, "feature")


# -- project file errors -------------------------------------------------------------


HEAVY = ("plumbum", "questionary", "prompt_toolkit", "tomlkit", "jinja2")


def _imported(repo: Path, *args: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "git_wt", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "PWD": str(repo)},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    names = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    return {n.split(".")[0] for n in names}


def test_switching_without_hooks_imports_nothing_heavy(repo: Path) -> None:
    assert wt("switch", "-c", "feature", cwd=repo).returncode == 0
    imported = _imported(repo, "switch", "feature")
    assert imported.isdisjoint(HEAVY), imported & set(HEAVY)
    # An approved project file is read with the standard library only.
    write_project(repo, 'pre-switch = "true"\n')
    assert wt("config", "approvals", "add", "--yes", cwd=repo).returncode == 0
    imported = _imported(repo, "switch", "feature", "--no-hooks")
    assert imported.isdisjoint(HEAVY), imported & set(HEAVY)
