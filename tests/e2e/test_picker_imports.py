"""Switching by name in a fresh process never imports the picker."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import commit, git

pytest.importorskip("prompt_toolkit")


UP, DOWN = "\x1b[A", "\x1b[B"
TAB, SHIFT_TAB = "\t", "\x1b[Z"
ENTER, ESC, CTRL_C = "\r", "\x1b", "\x03"
CTRL_N, CTRL_P, CTRL_U, CTRL_D = "\x0e", "\x10", "\x15", "\x04"


# -- a repository with a few kinds of worktree ------------------------------------------------


@dataclass
class Layout:
    repo: Path
    login: Path  # one commit ahead of main, clean
    crash: Path  # same commit as main, clean (merged)
    docs: Path  # same commit as main, an untracked file (dirty)


def add_worktree(repo: Path, branch: str) -> Path:
    path = repo.parent / f"repo.{branch.replace('/', '-')}"
    git("worktree", "add", "-q", "-b", branch, str(path), "main", cwd=repo)
    return path


@pytest.fixture
def layout(repo: Path) -> Layout:
    login = add_worktree(repo, "feature/login")
    commit(login, "login.py", "def login():\n    pass\n", "add login")
    crash = add_worktree(repo, "fix/crash-on-start")
    docs = add_worktree(repo, "docs")
    (docs / "draft.md").write_text("draft\n")
    return Layout(repo, login, crash, docs)


# -- the command around it -------------------------------------------------------------------


def test_switching_by_name_never_imports_the_picker(layout: Layout) -> None:
    code = (
        "import sys; from git_wt.cli import main; "
        "rc = main(['switch', 'docs', '--no-cd']); "
        "heavy = sorted(m for m in sys.modules if m.startswith(('prompt_toolkit', 'questionary', "
        "'git_wt.picker'))); print(rc, heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=layout.repo,
        env=dict(os.environ, PWD=str(layout.repo)),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == "0 []"
