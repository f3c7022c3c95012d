"""Agents' runs are quiet and exact: no advice meant for people, exact errors, and a
stopped rebase keeps its branch in `list`. (Terminals and contention: tests/e2e.)"""

from __future__ import annotations

from pathlib import Path

from helpers import assert_no_traceback, commit, git, wt

# -- no "your shell is still in the old directory" off a terminal -------------------------


def test_switch_without_a_terminal_gives_no_cd_advice(repo: Path) -> None:
    res = wt("switch", "-c", "feat", cwd=repo, env={"SHELL": "/bin/bash"})
    assert res.returncode == 0, res.stderr
    assert res.err_lines == [
        f"✓ created branch feat from main and its worktree at {repo.parent / 'repo.feat'}"
    ]


def test_remove_without_a_terminal_gives_no_cd_advice(repo: Path) -> None:
    assert wt("switch", "--no-cd", "-c", "feat", cwd=repo).returncode == 0
    res = wt("remove", "--foreground", cwd=repo.parent / "repo.feat")
    assert res.returncode == 0, res.stderr
    assert "old directory" not in res.stderr
    assert not any(line.startswith("↳") for line in res.err_lines), res.stderr


# -- a repository with no commits --------------------------------------------------------


def _empty_repo(work: Path) -> Path:
    path = work / "empty"
    path.mkdir()
    git("init", "-q", "-b", "main", cwd=path)
    return path


def test_empty_repository_is_named_as_such(work: Path) -> None:
    path = _empty_repo(work)
    for args in (("switch", "-c", "x"), ("switch", "^"), ("config", "state", "default-branch")):
        res = wt(*args, cwd=path)
        assert res.returncode == 1, args
        assert_no_traceback(res.stderr)
        assert res.err_lines == [
            "✗ this repository has no commits yet, so it has no branches",
            "↳ make the first commit (git commit --allow-empty -m 'Initial commit'), "
            "then run this again",
        ], args


def test_list_in_an_empty_repository_says_so(work: Path) -> None:
    path = _empty_repo(work)
    res = wt("list", cwd=path)
    assert res.returncode == 0, res.stderr
    assert res.err_lines == [
        "○ 1 worktree",
        "▲ this repository has no commits yet, so nothing is compared",
        "↳ make the first commit (git commit --allow-empty -m 'Initial commit')",
    ]
    assert "cannot tell the default branch" not in res.stderr


# -- switch -c without a name --------------------------------------------------------------


def test_create_without_a_name_is_a_usage_error(repo: Path) -> None:
    res = wt("switch", "-c", cwd=repo)
    assert res.returncode == 2
    assert res.err_lines == [
        "✗ --create needs the name of the new branch",
        "↳ git wt switch --create BRANCH (or press alt-c in the picker)",
    ]


# -- a stopped rebase in list --------------------------------------------------------------


def _stopped_rebase(repo: Path) -> Path:
    assert wt("switch", "--no-cd", "-c", "feat", cwd=repo).returncode == 0
    feat = repo.parent / "repo.feat"
    commit(feat, "README", "feature\n", "feature edit")
    commit(repo, "README", "main\n", "main edit")
    git("rebase", "main", cwd=feat, check=False)  # stops at the conflict in README
    assert git("branch", "--show-current", cwd=feat) == ""  # HEAD is detached meanwhile
    return feat


def test_list_shows_the_branch_of_a_stopped_rebase(repo: Path) -> None:
    feat = _stopped_rebase(repo)
    doc = wt("list", "--format", "json", cwd=repo).json()
    rows = {item["path"]: item for item in doc["items"]}
    row = rows[str(feat)]
    assert (row["branch"], row["detached"], row["operation"]) == ("feat", True, "rebase")
    assert row["symbols"].startswith("✘")  # conflicts come first while they are there
    git("add", "README", cwd=feat)  # resolved, the rebase still stopped
    doc = wt("list", "--format", "json", cwd=repo).json()
    row = {item["path"]: item for item in doc["items"]}[str(feat)]
    assert row["branch"] == "feat"
    assert "↻" in row["symbols"]
    text = wt("list", cwd=repo)
    line = next(line for line in text.stdout.splitlines() if line.startswith("+"))
    assert line.split()[1:3] == ["feat", "+↻"]
    # --branches does not list the branch a second time as a branch without a worktree.
    branches = wt("list", "--branches", "--format", "json", cwd=repo).json()
    assert [i["branch"] for i in branches["items"]].count("feat") == 1
    # And the statusline of the worktree itself.
    status = wt("list", "statusline", cwd=feat)
    assert status.stdout.split()[0] == "feat"
