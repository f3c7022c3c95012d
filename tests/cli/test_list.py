"""`git wt list`: every status symbol from a real repository state, JSON fields, rows and order."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import Remote, commit, git, rev, wt


def add_worktree(repo: Path, branch: str, base: str = "main", *, create: bool = True) -> Path:
    path = repo.parent / f"repo.{branch.replace('/', '-')}"
    if create:
        git("worktree", "add", "-q", "-b", branch, str(path), base, cwd=repo)
    else:
        git("worktree", "add", "-q", str(path), branch, cwd=repo)
    return path


def items(cwd: Path, *args: str) -> dict[str, dict[str, Any]]:
    result = wt("list", "--format", "json", *args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return {item["branch"] or item["head"]["short_sha"]: item for item in result.json()["items"]}


def symbols(cwd: Path, *args: str) -> dict[str, str]:
    return {name: item["symbols"] for name, item in items(cwd, *args).items()}


# -- working tree and worktree state -------------------------------------------------------


def test_staged_modified_untracked(repo: Path) -> None:
    commit(repo, "a.txt", "a\n", "add a")
    staged = add_worktree(repo, "staged")
    (staged / "a.txt").write_text("staged change\n")
    git("add", "a.txt", cwd=staged)
    modified = add_worktree(repo, "modified")
    (modified / "a.txt").write_text("unstaged change\n")
    untracked = add_worktree(repo, "untracked")
    (untracked / "new.txt").write_text("new\n")
    everything = add_worktree(repo, "everything")
    (everything / "a.txt").write_text("one\n")
    git("add", "a.txt", cwd=everything)
    (everything / "a.txt").write_text("two\n")
    (everything / "new.txt").write_text("new\n")
    got = symbols(repo)
    # Same commit as main, but uncommitted work means "not integrated" (no `_`).
    assert got["staged"] == "+"
    assert got["modified"] == "!"
    assert got["untracked"] == "?"
    assert got["everything"] == "+!?"
    assert got["main"] == ""


def test_conflicts_win_over_the_merge_in_progress(repo: Path) -> None:
    commit(repo, "f.txt", "base\n", "base")
    path = add_worktree(repo, "clash")
    commit(path, "f.txt", "theirs\n", "theirs")
    commit(repo, "f.txt", "ours\n", "ours")
    git("merge", "main", cwd=path, check=False)
    item = items(repo)["clash"]
    assert item["symbols"] == "✘↕"
    assert item["working_tree"]["conflicts"] == 1
    assert item["operation"] == "merge"


def test_rebase_in_progress(repo: Path) -> None:
    path = add_worktree(repo, "rebasing")
    commit(path, "r.txt", "r\n", "to edit")
    commit(repo, "m.txt", "m\n", "main moves")
    env = {"GIT_SEQUENCE_EDITOR": "sed -i -e 's/^pick/edit/'"}
    git("rebase", "-i", "main", cwd=path, env=env)
    by_path = {i["path"]: i for i in items(repo).values()}
    item = by_path[str(path)]
    assert item["operation"] == "rebase"
    assert item["symbols"] == "↻↑"  # detached mid-rebase, its commit replayed onto main
    assert item["detached"] is True


def test_prunable_and_locked(repo: Path) -> None:
    gone = add_worktree(repo, "gone")
    shutil.rmtree(gone)
    add_worktree(repo, "kept")
    git("worktree", "lock", "--reason", "on a USB disk", str(repo.parent / "repo.kept"), cwd=repo)
    got = items(repo)
    assert got["gone"]["symbols"] == "⊟"
    assert got["gone"]["prunable"] is True
    assert got["gone"]["working_tree"] is None
    assert got["kept"]["symbols"] == "⊞_"
    assert got["kept"]["locked"] is True


# -- against the default branch --------------------------------------------------------------


def test_ahead_behind_diverged_same_commit(repo: Path) -> None:
    same = add_worktree(repo, "same")
    ahead = add_worktree(repo, "ahead")
    commit(ahead, "a.txt", "a\nb\n", "ahead")
    behind = add_worktree(repo, "behind")
    diverged = add_worktree(repo, "diverged")
    commit(diverged, "d.txt", "d\n", "diverged")
    commit(repo, "m.txt", "m\n", "main moves")
    got = items(repo)
    assert got["same"]["symbols"] == "⊂"  # main moved on: an ancestor, nothing of its own
    assert got["ahead"]["symbols"] == "↕"
    (same / "wip.txt").write_text("wip\n")
    assert symbols(repo)["same"] == "?↓"  # uncommitted work: not integrated, just behind
    (same / "wip.txt").unlink()
    git("reset", "-q", "--hard", "HEAD~1", cwd=repo)
    got = items(repo)
    assert got["same"]["symbols"] == "_"
    assert got["same"]["default_branch"]["integrated"] == "same_commit"
    assert got["ahead"]["symbols"] == "↑"
    assert got["ahead"]["default_branch"] == {
        "ahead": 1,
        "behind": 0,
        "added_lines": 2,
        "deleted_lines": 0,
        "integrated": None,
    }
    commit(repo, "m.txt", "m\n", "main moves again")
    got = items(repo)
    assert got["behind"]["symbols"] == "⊂"  # an ancestor: its work is in main already
    assert got["behind"]["default_branch"]["integrated"] == "ancestor"
    assert got["diverged"]["symbols"] == "↕"
    assert (
        got["diverged"]["default_branch"]["ahead"],
        got["diverged"]["default_branch"]["behind"],
    ) == (1, 1)
    assert same and behind


def test_squash_merged_branch_is_integrated(repo: Path) -> None:
    path = add_worktree(repo, "squashed")
    commit(path, "s1.txt", "one\n", "part one")
    commit(path, "s2.txt", "two\n", "part two")
    commit(repo, "other.txt", "other\n", "unrelated work on main")
    git("merge", "--squash", "squashed", cwd=repo)
    git("commit", "-q", "-m", "squash merge", cwd=repo)
    item = items(repo)["squashed"]
    assert item["symbols"] == "⊂"
    assert item["default_branch"]["integrated"] == "merge_adds_nothing"
    assert item["default_branch"]["ahead"] == 2


# -- upstream ----------------------------------------------------------------------------------


def test_upstream_in_sync_ahead_behind_both(remote: Remote) -> None:
    clone = remote.clone
    git("branch", "--track", "feature", "origin/feature", cwd=clone)
    path = add_worktree(clone, "feature", create=False)
    assert symbols(clone)["feature"] == "↑|"
    commit(path, "mine.txt", "mine\n", "local")
    assert symbols(clone)["feature"] == "↑⇡"
    tree = git("rev-parse", "HEAD^{tree}", cwd=path).strip()
    theirs = git("commit-tree", tree, "-p", remote.feature_sha, "-m", "pushed elsewhere", cwd=clone)
    git("update-ref", "refs/remotes/origin/feature", theirs.strip(), cwd=clone)
    got = items(clone)["feature"]
    assert got["symbols"] == "↑⇅"
    assert got["upstream"] == {"name": "origin/feature", "ahead": 1, "behind": 1}
    git("reset", "-q", "--hard", theirs.strip(), cwd=path)
    assert symbols(clone)["feature"] == "↑|"


def test_upstream_behind(remote: Remote) -> None:
    clone = remote.clone
    git("branch", "--track", "feature", "origin/feature", cwd=clone)
    path = add_worktree(clone, "feature", create=False)
    git("reset", "-q", "--hard", "HEAD~1", cwd=path)
    got = items(clone)["feature"]
    assert got["symbols"] == "_⇣"
    assert got["upstream"] == {"name": "origin/feature", "ahead": 0, "behind": 1}


# -- JSON document -------------------------------------------------------------------------


def test_json_document(repo: Path) -> None:
    path = add_worktree(repo, "feat/x")
    sha = commit(path, "x.txt", "x\ny\n", "feature x")
    (path / "x.txt").write_text("x\n")
    main_sha = rev(repo, "main")
    result = wt("list", "--format", "json", cwd=path)
    assert result.returncode == 0 and result.stderr == ""
    doc = result.json()
    assert doc == {
        "default_branch": "main",
        "items": [
            {
                "branch": "feat/x",
                "path": str(path),
                "kind": "worktree",
                "is_current": True,
                "is_main": False,
                "detached": False,
                "locked": False,
                "prunable": False,
                "operation": None,
                "head": {
                    "sha": sha,
                    "short_sha": sha[:7],
                    "subject": "feature x",
                    "committed_at": "2024-01-02T03:04:05Z",
                },
                "working_tree": {
                    "staged": 0,
                    "modified": 1,
                    "untracked": 0,
                    "conflicts": 0,
                    "added_lines": 0,
                    "deleted_lines": 1,
                },
                "default_branch": {
                    "ahead": 1,
                    "behind": 0,
                    "added_lines": 2,
                    "deleted_lines": 0,
                    "integrated": None,
                },
                "upstream": None,
                "symbols": "!↑",
            },
            {
                "branch": "main",
                "path": str(repo),
                "kind": "worktree",
                "is_current": False,
                "is_main": True,
                "detached": False,
                "locked": False,
                "prunable": False,
                "operation": None,
                "head": {
                    "sha": main_sha,
                    "short_sha": main_sha[:7],
                    "subject": "initial commit",
                    "committed_at": "2024-01-02T03:04:05Z",
                },
                "working_tree": {
                    "staged": 0,
                    "modified": 0,
                    "untracked": 0,
                    "conflicts": 0,
                    "added_lines": 0,
                    "deleted_lines": 0,
                },
                "upstream": None,
                "symbols": "",
            },
        ],
    }


def test_json_branches_and_remotes(remote: Remote) -> None:
    clone = remote.clone
    git("branch", "idea", cwd=clone)
    doc = wt("list", "--format", "json", "--branches", "--remotes", cwd=clone).json()
    kinds = [(i["kind"], i["branch"], i["path"]) for i in doc["items"]]
    assert kinds == [
        ("worktree", "main", str(clone)),
        ("branch", "idea", None),
        ("remote", "origin/feature", None),
    ]
    remote_item = doc["items"][2]
    assert remote_item["working_tree"] is None
    assert remote_item["default_branch"]["ahead"] == 1
    assert remote_item["symbols"] == "↑"


def test_detached_worktree_row(repo: Path) -> None:
    sha = rev(repo, "HEAD")
    path = repo.parent / "repo.detached"
    git("worktree", "add", "-q", "--detach", str(path), "HEAD", cwd=repo)
    item = items(repo)[sha[:7]]
    assert item["branch"] is None and item["detached"] is True
    assert item["head"]["sha"] == sha
    assert item["default_branch"]["integrated"] == "same_commit"
    table = wt("list", cwd=repo).stdout
    assert f"+  ({sha[:7]})" in table


# -- rows, order, defaults ---------------------------------------------------------------------


def test_order_current_then_primary_then_newest(repo: Path) -> None:
    old = add_worktree(repo, "old")
    new = add_worktree(repo, "new")
    commit(old, "o.txt", "o\n", "old work")
    env = {"GIT_COMMITTER_DATE": "2024-02-02T00:00:00+00:00"}
    (new / "n.txt").write_text("n\n")
    git("add", "n.txt", cwd=new)
    git("commit", "-q", "-m", "new work", cwd=new, env=env)
    lines = wt("list", cwd=old).stdout.splitlines()
    assert [line.split()[:2] for line in lines[1:]] == [["@", "old"], ["^", "main"], ["+", "new"]]


def test_config_defaults_for_branches(repo: Path) -> None:
    git("branch", "spare", cwd=repo)
    assert [i for i in items(repo)] == ["main"]
    git("config", "wt.list.branches", "true", cwd=repo)
    assert list(items(repo)) == ["main", "spare"]
    assert list(items(repo, "--no-branches")) == ["main"]
    lines = wt("list", cwd=repo).stdout.splitlines()
    assert lines[2].split()[:2] == ["/", "spare"]


def test_bad_boolean_config_is_a_clear_error(repo: Path) -> None:
    git("config", "wt.list.remotes", "maybe", cwd=repo)
    result = wt("list", cwd=repo)
    assert result.returncode == 1
    assert "wt.list.remotes" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("value", ["branch,bogus", "gutter"])
def test_unknown_column_is_a_clear_error(repo: Path, value: str) -> None:
    git("config", "wt.list.columns", value, cwd=repo)
    result = wt("list", cwd=repo)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith("✗ wt.list.columns names unknown column")


def test_columns_config_chooses_and_orders(repo: Path) -> None:
    path = add_worktree(repo, "feat")
    commit(path, "f.txt", "f\n", "feature")
    git("config", "wt.list.columns", "path, branch status", cwd=repo)
    lines = wt("list", cwd=repo).stdout.splitlines()
    assert lines == [
        "   Path       Branch  Status",
        "@  .          main",
        "+  ../repo.feat  feat    ↑",
    ] or lines[0].split() == ["Path", "Branch", "Status"]
    assert lines[2].split() == ["+", "../repo.feat", "feat", "↑"]


def test_json_ignores_the_columns_choice(repo: Path) -> None:
    git("config", "wt.list.columns", "branch", cwd=repo)
    item = items(repo)["main"]
    assert item["working_tree"] is not None and "symbols" in item


def test_outside_a_repository(tmp_path: Path) -> None:
    result = wt("list", cwd=tmp_path)
    assert result.returncode == 1
    assert "not inside a git repository" in result.stderr


def test_odd_branch_names_are_listed_as_they_are(repo: Path) -> None:
    names = ["feat;rm", "a$(touch${IFS}x)", "x'y", "ünï/cödé", "dots.in.name"]
    for name in names:
        git("branch", "--", name, cwd=repo)
    first = add_worktree(repo, names[0], create=False)
    commit(first, "f.txt", "f\n", "odd one")
    got = items(repo, "--branches")
    assert set(got) == {"main", *names}
    assert got["feat;rm"]["symbols"] == "↑"
    assert got["feat;rm"]["path"] == str(first)
    assert not (repo / "x").exists() and not (first / "x").exists()
    lines = wt("list", "--branches", cwd=repo).stdout.splitlines()
    assert {line.split()[1] for line in lines[1:]} == {"main", *names}
    assert wt("list", "statusline", cwd=first).stdout == "feat;rm  ↑  ↑1  +1\n"


def test_missing_default_branch_is_reported(repo: Path) -> None:
    git("config", "wt.default-branch", "trunk", cwd=repo)
    result = wt("list", cwd=repo)
    assert result.returncode == 0
    assert result.stderr.splitlines()[1:] == [
        "▲ the default branch trunk does not exist here, so nothing is compared with it",
        "↳ git wt config state default-branch clear",
    ]
    assert "trunk↕" not in result.stdout
