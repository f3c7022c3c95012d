"""`git wt merge` with real processes: the bash wrapper, python -m git_wt, a racing writer."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import (
    Result,
    assert_no_traceback,
    commit,
    git,
    rev,
    worktree_map,
    wt,
)

# -- helpers local to this module ------------------------------------------------------


def run(
    *args: str, cwd: str | os.PathLike[str], env: dict[str, str | None] | None = None
) -> Result:
    result = wt(*args, cwd=cwd, env=env)
    assert_no_traceback(result.stdout, result.stderr)
    return result


def add_worktree(repo: Path, branch: str, base: str = "main") -> Path:
    path = repo.parent / f"repo.{branch.replace('/', '-')}"
    git("worktree", "add", "-q", "-b", branch, str(path), base, cwd=repo)
    return path


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def script(tmp: Path, name: str, body: str) -> Path:
    path = tmp / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return path


@pytest.fixture
def feature(repo: Path) -> Path:
    """`feature` in its own worktree, two commits ahead of main."""
    path = add_worktree(repo, "feature")
    commit(path, "one.txt", "one\n", "add one")
    commit(path, "two.txt", "two\n", "add two")
    return path


# -- the happy path ----------------------------------------------------------------------


def test_the_bash_wrapper_lands_the_shell_in_the_target_worktree(
    repo: Path, feature: Path, tmp_path: Path
) -> None:
    body = "\n".join(
        [
            'eval "$(git wt config shell init bash)"',
            f"cd {shlex.quote(str(feature))}",
            "git wt merge",
            'echo "rc=$?"',
            "pwd",
        ]
    )
    proc = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", body],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PWD": str(tmp_path)},
    )
    assert proc.stdout.splitlines()[-2:] == ["rc=0", str(repo)], proc.stderr
    assert "your shell is still in the old directory" not in proc.stderr
    assert not feature.exists()


# -- hooks -------------------------------------------------------------------------------


def test_merge_is_registered_after_remove_in_help(repo: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "git_wt", "--help"], capture_output=True, text=True, check=True
    )
    names = [line.split()[0] for line in proc.stdout.splitlines() if line.startswith("    ")]
    assert names.index("merge") == names.index("remove") + 1


def test_python_module_entry_point_runs_merge(repo: Path, feature: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "git_wt", "merge", "--no-remove"],
        cwd=feature,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PWD": str(feature)},
    )
    assert proc.returncode == 0, proc.stderr
    assert worktree_map(repo)["feature"] == str(feature)


# -- backup refs ---------------------------------------------------------------------------


def test_a_backup_written_meanwhile_is_not_overwritten(repo: Path, feature: Path) -> None:
    write(feature / "wip.txt", "wip\n")
    assert run("step", "squash", "-y", cwd=feature).returncode == 0
    commit(feature, "three.txt", "3\n", "three")
    tip = rev(feature, "HEAD")
    intruder = rev(repo, "main")
    real_git = shutil.which("git")
    assert real_git
    shim = repo.parent / "shim"
    shim.mkdir()
    # A git that lets another writer update the backup ref just before git-wt's update.
    script(
        shim,
        "git",
        'if [ "$1" = update-ref ]; then case "$*" in *wt-backup*)\n'
        f"  {real_git} update-ref refs/wt-backup/feature {intruder}\n"
        "esac; fi\n"
        f'exec {real_git} "$@"\n',
    )
    # `python -m git_wt`, not `git wt`: git would put its exec-path ahead of the shim.
    proc = subprocess.run(
        [sys.executable, "-m", "git_wt", "step", "squash", "-y"],
        cwd=feature,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PWD": str(feature), "PATH": f"{shim}{os.pathsep}{os.environ['PATH']}"},
    )

    assert_no_traceback(proc.stdout, proc.stderr)
    assert proc.returncode == 1
    assert "✗ could not write the backup ref refs/wt-backup/feature" in proc.stderr
    assert rev(repo, "refs/wt-backup/feature") == intruder
    assert rev(feature, "HEAD") == tip  # not squashed
    assert git("status", "--porcelain", cwd=feature) == ""
