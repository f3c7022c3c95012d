"""Audit: stdout stays clean data; NO_COLOR output carries no escape sequences (SPEC 0)."""

from __future__ import annotations

from pathlib import Path

from helpers import commit, git, wt


def test_list_never_prints_escape_sequences_from_commit_subjects(repo: Path) -> None:
    # A subject from someone else's branch can carry terminal control sequences (colors,
    # window title, cursor movement); with NO_COLOR and no TTY the table has none.
    git("commit", "-q", "--allow-empty", "-m", "evil \x1b[31mRED\x1b]0;title\x07 end", cwd=repo)
    result = wt("list", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout


def test_merge_into_a_clean_target_that_already_has_the_same_file(repo: Path, work: Path) -> None:
    # main gained file.txt after the branch left; the branch has the very same file
    # uncommitted. main's worktree is clean, so nothing there can be overwritten.
    path = work / "repo.a"
    git("worktree", "add", "-q", "-b", "a", "--", str(path), cwd=repo)
    commit(repo, "file.txt", "same\n", "file on main")
    (path / "file.txt").write_text("same\n")
    (path / "other.txt").write_text("other\n")
    assert git("status", "--porcelain", cwd=repo) == ""
    result = wt("merge", "-y", cwd=path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert (repo / "other.txt").read_text() == "other\n"
