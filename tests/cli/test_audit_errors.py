"""Audit: a user mistake or an environment problem is a one-line error with a hint, exit 1
(SPEC 0), never a traceback."""

from __future__ import annotations

from pathlib import Path

from helpers import git, local_branches, worktree_paths, wt


def _assert_handled(result_code: int, stdout: str, stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
    assert result_code == 1, stderr
    assert stdout == ""
    lines = stderr.splitlines()
    assert lines and lines[0].startswith("✗ "), stderr
    assert any(line.startswith("↳ ") for line in lines), stderr


def test_a_worktree_path_whose_parent_cannot_be_created_is_a_handled_error(
    repo: Path, work: Path
) -> None:
    (work / "blocker").write_text("a file, not a directory\n")
    git("config", "wt.worktree-path", "{{ repo_path }}/../blocker/{{ branch }}", cwd=repo)
    result = wt("switch", "--create", "feature", "--no-cd", cwd=repo)
    _assert_handled(*result)


def test_an_unwritable_state_directory_is_a_handled_error(repo: Path) -> None:
    (repo / ".git" / "wt").write_text("")  # the state directory cannot be created
    result = wt("switch", "--create", "feature", "--no-cd", cwd=repo)
    _assert_handled(*result)


def test_a_failed_worktree_add_leaves_no_branch_behind(repo: Path) -> None:
    # The worktree directory name is too long for the filesystem: git creates the
    # branch, then fails. The hint says to run the same switch again, which must then
    # not fail with "branch feature already exists".
    template = "{{ repo_path }}/../{{ branch }}" + "x" * 260
    git("config", "wt.worktree-path", template, cwd=repo)
    result = wt("switch", "--create", "feature", "--no-cd", cwd=repo)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert local_branches(repo) == {"main"}, result.stderr
    assert worktree_paths(repo) == [str(repo)]


def test_create_refuses_a_name_git_rejects_as_a_branch(repo: Path, work: Path) -> None:
    git("switch", "-q", "-c", "other", cwd=repo)
    git("switch", "-q", "main", cwd=repo)
    git("branch", "-q", "-D", "other", cwd=repo)
    # `@{-1}` is not a valid branch name (git check-ref-format refs/heads/@{-1} fails).
    result = wt("switch", "--create", "@{-1}", "--no-cd", cwd=repo)
    assert result.returncode == 1, result.stderr
    assert local_branches(repo) == {"main"}
