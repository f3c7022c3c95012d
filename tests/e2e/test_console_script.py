"""The installed console script: through git, as git-wt, as python -m git_wt; help."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import wt_process
from pytest_console_scripts import ScriptRunner

import git_wt

# -- version and help --------------------------------------------------------------------------


def test_version_through_git(work: Path) -> None:
    res = wt_process("--version", cwd=work)
    assert res == (0, f"git-wt {git_wt.__version__}\n", "")


def test_version_through_console_script(script_runner: ScriptRunner, work: Path) -> None:
    res = script_runner.run(["git-wt", "--version"], cwd=work)
    assert res.returncode == 0
    assert res.stdout == f"git-wt {git_wt.__version__}\n"
    assert res.stderr == ""


def test_python_dash_m(work: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "git_wt", "--version"],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        0,
        f"git-wt {git_wt.__version__}\n",
        "",
    )


@pytest.mark.parametrize("argv", [["git-wt", "--help"], ["git", "wt", "-h"], ["git-wt"]])
def test_help_lists_commands(work: Path, argv: list[str]) -> None:
    proc = subprocess.run(argv, cwd=work, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage: git wt")
    for command in ("switch", "step", "config"):
        assert f"\n    {command} " in proc.stdout or f"\n    {command}\n" in proc.stdout, command
