"""`git wt list statusline`: one line for the current worktree, for prompts."""

from __future__ import annotations

from pathlib import Path

from helpers import Remote, commit, git, wt


def test_statusline_of_a_feature_worktree(repo: Path) -> None:
    path = repo.parent / "repo.feat"
    git("worktree", "add", "-q", "-b", "feat", str(path), cwd=repo)
    commit(path, "f.txt", "1\n2\n3\n", "feature")
    commit(repo, "m.txt", "m\n", "main moves")
    (path / "f.txt").write_text("1\n")
    (path / "new.txt").write_text("new\n")
    result = wt("list", "statusline", cwd=path / ".")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout == "feat  !?↕  -2  ↑1 ↓1  +3\n"


def test_statusline_in_a_subdirectory_of_the_primary(repo: Path) -> None:
    (repo / "sub").mkdir()
    (repo / "sub" / "notes.txt").write_text("n\n")
    assert wt("list", "statusline", cwd=repo / "sub").stdout == "main  ?\n"


def test_statusline_with_upstream(remote: Remote) -> None:
    commit(remote.clone, "c.txt", "c\n", "local")
    assert wt("list", "statusline", cwd=remote.clone).stdout == "main  ⇡  ⇡1\n"


def test_statusline_json_is_one_list_item(repo: Path) -> None:
    doc = wt("list", "statusline", "--format", "json", cwd=repo).json()
    assert doc["default_branch"] == "main"
    [item] = doc["items"]
    assert item["branch"] == "main" and item["is_current"] and item["is_main"]
    assert item["working_tree"]["untracked"] == 0
    assert item["symbols"] == ""


def test_statusline_detached_and_mid_rebase(repo: Path) -> None:
    path = repo.parent / "repo.r"
    git("worktree", "add", "-q", "-b", "r", str(path), cwd=repo)
    commit(path, "r.txt", "r\n", "r")
    commit(repo, "m.txt", "m\n", "m")
    git("rebase", "-i", "main", cwd=path, env={"GIT_SEQUENCE_EDITOR": "sed -i -e 's/^pick/edit/'"})
    line = wt("list", "statusline", cwd=path).stdout
    # HEAD is detached while the rebase is stopped; the line names the branch being rebased.
    assert line == "r  ↻↑  ↑1  +1\n"


def test_statusline_needs_a_worktree(repo: Path, work: Path) -> None:
    git("clone", "-q", "--bare", str(repo), str(work / "bare.git"), cwd=work)
    result = wt("list", "statusline", cwd=work / "bare.git")
    assert result.returncode == 1
    assert "✗ the statusline needs a worktree" in result.stderr
