"""git's own options before `wt` (-C, --git-dir) reach the installed git-wt."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

from helpers import (
    Result,
    assert_no_traceback,
    git,
    wt,
)

# -- helpers local to this module ------------------------------------------------------


def run(
    *args: str, cwd: str | os.PathLike[str], env: dict[str, str | None] | None = None
) -> Result:
    """`git wt ARGS`; no call may ever print a traceback."""
    result = wt(*args, cwd=cwd, env=env)
    assert_no_traceback(result.stdout, result.stderr)
    return result


def run_git_wt(*git_args: str, cwd: Path) -> Result:
    """`git GIT_ARGS` where GIT_ARGS include `wt` (for `git --git-dir=... wt ...`)."""
    env = dict(os.environ, PWD=str(cwd))
    proc = subprocess.run(
        ["git", *git_args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        encoding="utf-8",
        errors="surrogateescape",
        timeout=60,
        check=False,
    )
    assert_no_traceback(proc.stdout, proc.stderr)
    return Result(proc.returncode, proc.stdout, proc.stderr)


def add_worktree(repo: Path, branch: str, path: Path | None = None) -> Path:
    path = path or repo.parent / f"repo.{branch}"
    git("worktree", "add", "-q", "-b", branch, str(path), "main", cwd=repo)
    return path


def items(result: Result) -> list[dict[str, Any]]:
    assert result.returncode == 0, result.stderr
    doc = result.json()
    assert isinstance(doc, dict)
    rows: list[dict[str, Any]] = doc["items"]
    return rows


def rows_by_path(result: Result) -> dict[str, dict[str, Any]]:
    return {row["path"]: row for row in items(result)}


def current_path(result: Result) -> str | None:
    current = [row["path"] for row in items(result) if row["is_current"]]
    assert len(current) <= 1
    return current[0] if current else None


# -- where a command starts ------------------------------------------------------------


def test_git_dash_C_works_too(repo: Path, work: Path) -> None:
    feat = add_worktree(repo, "feat")
    listed = run_git_wt("-C", str(feat), "wt", "list", "--format", "json", cwd=work)
    assert current_path(listed) == str(feat)


# -- GIT_DIR in the environment --------------------------------------------------------


def test_git_dash_dash_git_dir(repo: Path, work: Path) -> None:
    feat = add_worktree(repo, "feat")
    listed = run_git_wt(f"--git-dir={repo / '.git'}", "wt", "list", "--format", "json", cwd=work)
    assert set(rows_by_path(listed)) == {str(repo), str(feat)}
