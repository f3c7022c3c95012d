"""`git wt list` into a pipe: the plain table on stdout, the footer on stderr."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import commit, git, wt

COLUMNS, LINES = 150, 40


@pytest.fixture
def busy(repo: Path) -> Path:
    """A repo with worktrees in several states: ahead, behind, dirty, merged."""
    commit(repo, "base.txt", "base\n", "base")
    for n, name in enumerate(("feat/a", "feat/b", "fix-c")):
        path = repo.parent / f"repo.{name.replace('/', '-')}"
        git("worktree", "add", "-q", "-b", name, str(path), "main", cwd=repo)
        for i in range(n + 1):
            commit(path, f"{name.replace('/', '-')}-{i}.txt", f"{i}\n", f"{name} work {i}")
        (path / "notes.txt").write_text("scratch\n")
    commit(repo, "later.txt", "later\n", "main moves on")
    (repo / "README").write_text("edited\n")
    return repo


def test_pipe_gets_plain_table_and_footer_on_stderr(busy: Path) -> None:
    result = wt("list", cwd=busy)
    assert "\x1b" not in result.stdout
    assert result.stdout.splitlines()[0].split() == [
        "Branch",
        "Status",
        "HEAD±",
        "main↕",
        "main…±",
        "Path",
        "Commit",
        "Age",
        "Message",
    ]
    assert result.stderr == "○ 4 worktrees, 4 with changes, 3 ahead of main\n"
