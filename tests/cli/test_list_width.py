"""`git wt list` fitted to the terminal width: least important columns go first, and are counted."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import commit, git, wt


@pytest.fixture
def two(repo: Path) -> Path:
    path = repo.parent / "repo.feature-with-a-long-name"
    git("worktree", "add", "-q", "-b", "feature-with-a-long-name", str(path), cwd=repo)
    commit(path, "f.txt", "one\ntwo\n", "a rather long commit subject that needs room to be read")
    (path / "f.txt").write_text("one\n")
    return repo


def table(repo: Path, width: int) -> tuple[list[str], str]:
    result = wt("list", cwd=repo, env={"COLUMNS": str(width)})
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines(), result.stderr


ALL = ["Branch", "Status", "HEAD±", "main↕", "main…±", "Path", "Commit", "Age", "Message"]


@pytest.mark.parametrize(
    ("width", "headers"),
    [
        (200, ALL),
        (104, ALL[:7]),  # the message cannot shrink enough, then the age goes
        (85, ALL[:5]),  # then the commit and the path
        (50, ALL[:4]),
        (40, ALL[:2]),
    ],
)
def test_columns_drop_by_priority(two: Path, width: int, headers: list[str]) -> None:
    lines, footer = table(two, width)
    assert lines[0].split() == headers
    hidden = len(ALL) - len(headers)
    suffix = "" if not hidden else f", {hidden} column{'s' if hidden > 1 else ''} hidden"
    assert footer == f"○ 2 worktrees, 1 with changes, 1 ahead of main{suffix}\n"
    assert all(len(line) <= width for line in lines)


def test_branch_shrinks_last(two: Path) -> None:
    lines, footer = table(two, 20)
    assert lines == ["   Branch", "@  main", "+  feature-with-a-l…"]
    # The status column is hidden, so its checks never ran: no change counts either.
    assert footer == "○ 2 worktrees, 8 columns hidden\n"


def test_message_shrinks_before_it_is_dropped(two: Path) -> None:
    full, _ = table(two, 200)
    natural = max(len(line) for line in full)
    lines, footer = table(two, natural - 10)
    assert lines[0].split()[-1] == "Message"
    assert lines[2].endswith("…")
    assert max(len(line) for line in lines) == natural - 10
    assert "hidden" not in footer


def test_no_width_limit_without_a_terminal(two: Path) -> None:
    result = wt("list", cwd=two, env={"COLUMNS": None})
    assert result.stdout.splitlines()[2].endswith(
        "a rather long commit subject that needs room to be read"
    )
