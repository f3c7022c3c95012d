"""The repository model: commands work from anywhere in a repo, bare layouts, odd worktrees."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from helpers import (
    Result,
    assert_no_traceback,
    branch_exists,
    commit,
    git,
    init_repo,
    local_branches,
    worktree_paths,
    wt,
)

# -- helpers local to this module ------------------------------------------------------


def run(
    *args: str, cwd: str | os.PathLike[str], env: Mapping[str, str | None] | None = None
) -> Result:
    """`git wt ARGS`; no call may ever print a traceback."""
    result = wt(*args, cwd=cwd, env=env)
    assert_no_traceback(result.stdout, result.stderr)
    return result


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


WORKTREE_FLAGS = (
    "branch",
    "path",
    "kind",
    "is_current",
    "is_main",
    "detached",
    "locked",
    "prunable",
)


def flags(row: dict[str, Any]) -> dict[str, Any]:
    return {key: row[key] for key in WORKTREE_FLAGS}


def switch_create(branch: str, cwd: Path, *extra: str) -> dict[str, Any]:
    result = run(*extra, "switch", "-c", branch, "--no-cd", "--format", "json", cwd=cwd)
    assert result.returncode == 0, result.stderr
    doc: dict[str, Any] = result.json()
    return doc


# -- where a command starts ------------------------------------------------------------


def test_commands_work_from_a_subdirectory(repo: Path, work: Path) -> None:
    commit(repo, "src/pkg/mod.py", "x = 1\n", "add src")
    sub = repo / "src" / "pkg"
    listed = run("list", "--format", "json", cwd=sub)
    assert [row["path"] for row in items(listed)] == [str(repo)]
    assert current_path(listed) == str(repo)

    doc = switch_create("feat", sub)
    assert doc["path"] == str(work / "repo.feat")  # relative to the primary, not the subdir
    assert (work / "repo.feat" / "src" / "pkg" / "mod.py").is_file()

    result = run("remove", "feat", cwd=sub)
    assert result.returncode == 0, result.stderr
    assert worktree_paths(repo) == [str(repo)]
    assert not branch_exists(repo, "feat")


def test_commands_work_from_a_linked_worktree(repo: Path, work: Path) -> None:
    feat = add_worktree(repo, "feat")
    listed = run("list", "--format", "json", cwd=feat)
    rows = rows_by_path(listed)
    assert set(rows) == {str(repo), str(feat)}
    assert current_path(listed) == str(feat)
    assert rows[str(repo)]["is_main"] is True
    assert rows[str(feat)]["is_main"] is False

    doc = switch_create("other", feat)
    assert doc["path"] == str(work / "repo.other")  # a sibling of the primary
    assert branch_exists(repo, "other")

    result = run("remove", "other", cwd=feat)
    assert result.returncode == 0, result.stderr
    assert worktree_paths(repo) == [str(repo), str(feat)]
    assert not branch_exists(repo, "other")

    result = run("remove", "main", cwd=feat)
    assert result.returncode == 1
    assert worktree_paths(repo) == [str(repo), str(feat)]


def test_commands_work_from_a_linked_worktrees_subdirectory(repo: Path) -> None:
    feat = add_worktree(repo, "feat")
    (feat / "deep" / "er").mkdir(parents=True)
    listed = run("list", "--format", "json", cwd=feat / "deep" / "er")
    assert current_path(listed) == str(feat)


@pytest.mark.parametrize("chdir", [["-C", "repo"], ["-C", "repo/src"], ["-C", ".", "-C", "repo"]])
def test_dash_C_runs_as_if_started_there(repo: Path, work: Path, chdir: list[str]) -> None:
    (repo / "src").mkdir()
    feat = add_worktree(repo, "feat")
    listed = run(*chdir, "list", "--format", "json", cwd=work)
    assert set(rows_by_path(listed)) == {str(repo), str(feat)}
    assert current_path(listed) == str(repo)


def test_dash_C_into_a_linked_worktree_then_remove_it(
    repo: Path, work: Path, cd_file: Path
) -> None:
    feat = add_worktree(repo, "feat")
    result = run("-C", "repo.feat", "remove", cwd=work, env={"GIT_WT_CD_FILE": str(cd_file)})
    assert result.returncode == 0, result.stderr
    assert not feat.exists()
    assert worktree_paths(repo) == [str(repo)]
    assert cd_file.read_text().strip("\n") == str(repo)


def test_dash_C_to_a_missing_directory_is_a_clean_error(work: Path) -> None:
    result = run("-C", "nowhere", "list", cwd=work)
    assert result.returncode in (1, 2)
    assert result.stdout == ""
    assert result.err_lines and result.err_lines[0].startswith("✗")


def test_outside_any_repository_is_a_clean_error(work: Path) -> None:
    result = run("list", cwd=work)
    assert result.returncode == 1
    assert result.stdout == ""
    assert [line[0] for line in result.err_lines] == ["✗", "↳"]


def test_a_repository_path_with_spaces(work: Path) -> None:
    spaced = init_repo(work / "my repo")
    doc = switch_create("feat", spaced)
    assert doc["path"] == str(work / "my repo.feat")
    listed = run("list", "--format", "json", cwd=spaced)
    assert set(rows_by_path(listed)) == {str(spaced), str(work / "my repo.feat")}
    result = run("remove", "feat", cwd=spaced)
    assert result.returncode == 0, result.stderr
    assert worktree_paths(spaced) == [str(spaced)]


# -- GIT_DIR in the environment --------------------------------------------------------


def test_git_dir_in_the_environment_from_outside(repo: Path, work: Path) -> None:
    feat = add_worktree(repo, "feat")
    elsewhere = work / "elsewhere"
    elsewhere.mkdir()
    env = {"GIT_DIR": str(repo / ".git")}
    listed = run("list", "--format", "json", cwd=elsewhere, env=env)
    rows = rows_by_path(listed)
    assert set(rows) == {str(repo), str(feat)}
    assert rows[str(repo)]["is_main"] is True
    assert str(elsewhere) not in rows


def test_git_dir_in_the_environment_wins_over_the_cwds_repository(repo: Path, work: Path) -> None:
    feat = add_worktree(repo, "feat")
    other = init_repo(work / "other")
    env = {"GIT_DIR": str(repo / ".git")}
    listed = run("list", "--format", "json", cwd=other, env=env)
    assert set(rows_by_path(listed)) == {str(repo), str(feat)}

    result = run("remove", "feat", cwd=other, env=env)
    assert result.returncode == 0, result.stderr
    assert not feat.exists()
    assert worktree_paths(repo) == [str(repo)]
    assert local_branches(repo) == {"main"}
    assert local_branches(other) == {"main"}


# -- bare repositories -----------------------------------------------------------------


@pytest.fixture
def seed(work: Path) -> Path:
    return init_repo(work / "seed")


def test_bare_clone_creates_sibling_worktrees(seed: Path, work: Path) -> None:
    bare = work / "proj.git"
    git("clone", "-q", "--bare", str(seed), str(bare), cwd=work)
    doc = switch_create("x", bare)
    assert doc == {
        "action": "created",
        "branch": "x",
        "path": str(work / "proj.x"),
        "created_branch": True,
        "base": "main",
    }
    assert (work / "proj.x" / "README").is_file()
    assert worktree_paths(bare) == [str(bare), str(work / "proj.x")]

    for where in (bare, work / "proj.x"):
        listed = run("list", "--format", "json", cwd=where)
        rows = items(listed)
        assert [row["path"] for row in rows] == [str(work / "proj.x")], where
        assert [row["branch"] for row in rows] == ["x"]
        assert rows[0]["is_main"] is False

    table = run("list", cwd=bare)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert len(lines) == 2, table.stdout  # the header and x; no row for the bare dir
    assert " x " in lines[1]


def test_bare_clone_remove_from_the_bare_dir_and_from_inside(
    seed: Path, work: Path, cd_file: Path
) -> None:
    bare = work / "proj.git"
    git("clone", "-q", "--bare", str(seed), str(bare), cwd=work)
    switch_create("x", bare)
    switch_create("y", bare)
    result = run("remove", "x", cwd=bare)
    assert result.returncode == 0, result.stderr
    assert not (work / "proj.x").exists()
    assert not branch_exists(bare, "x")

    result = run("remove", cwd=work / "proj.y", env={"GIT_WT_CD_FILE": str(cd_file)})
    assert result.returncode == 0, result.stderr
    assert not (work / "proj.y").exists()
    assert worktree_paths(bare) == [str(bare)]
    assert local_branches(bare) == {"main"}
    assert cd_file.read_text().strip("\n") == str(bare)


def test_hidden_bare_layout_puts_worktrees_in_the_project(seed: Path, work: Path) -> None:
    project = work / "project"
    project.mkdir()
    git("clone", "-q", "--bare", str(seed), str(project / ".bare"), cwd=work)
    (project / ".git").write_text("gitdir: ./.bare\n")

    doc = switch_create("x", project)
    assert Path(doc["path"]).parent == project
    assert Path(doc["path"], "README").is_file()
    main_doc = run("switch", "main", "--no-cd", "--format", "json", cwd=project)
    assert main_doc.returncode == 0, main_doc.stderr
    main_path = main_doc.json()["path"]
    assert Path(main_path).parent == project

    listed = run("list", "--format", "json", cwd=project)
    rows = rows_by_path(listed)
    assert set(rows) == {doc["path"], main_path}
    assert str(project) not in rows
    assert str(project / ".bare") not in rows
    assert all(row["is_main"] is False for row in rows.values())

    result = run("remove", "x", cwd=Path(main_path))
    assert result.returncode == 0, result.stderr
    assert not Path(doc["path"]).exists()
    assert (project / ".bare").is_dir()
    assert (project / ".git").is_file()


# -- unusual worktrees -----------------------------------------------------------------


def test_a_detached_worktree_is_listed(repo: Path) -> None:
    detached = repo.parent / "repo.detached"
    git("worktree", "add", "-q", "--detach", str(detached), "main", cwd=repo)
    listed = run("list", "--format", "json", cwd=repo)
    rows = rows_by_path(listed)
    assert flags(rows[str(detached)]) == {
        "branch": None,
        "path": str(detached),
        "kind": "worktree",
        "is_current": False,
        "is_main": False,
        "detached": True,
        "locked": False,
        "prunable": False,
    }
    assert rows[str(detached)]["head"]["sha"] == git("rev-parse", "main", cwd=repo).strip()
    table = run("list", cwd=repo)
    assert table.returncode == 0
    assert "repo.detached" in table.stdout


def test_locked_and_prunable_worktrees_are_listed(repo: Path) -> None:
    locked = add_worktree(repo, "locked")
    gone = add_worktree(repo, "gone")
    git("worktree", "lock", "--reason", "usb", str(locked), cwd=repo)
    shutil.rmtree(gone)
    listed = run("list", "--format", "json", cwd=repo)
    rows = rows_by_path(listed)
    assert flags(rows[str(locked)]) == {
        "branch": "locked",
        "path": str(locked),
        "kind": "worktree",
        "is_current": False,
        "is_main": False,
        "detached": False,
        "locked": True,
        "prunable": False,
    }
    assert flags(rows[str(gone)]) == {
        "branch": "gone",
        "path": str(gone),
        "kind": "worktree",
        "is_current": False,
        "is_main": False,
        "detached": False,
        "locked": False,
        "prunable": True,
    }
    assert "⊞" in rows[str(locked)]["symbols"]
    assert "⊟" not in rows[str(locked)]["symbols"]
    assert "⊟" in rows[str(gone)]["symbols"]
    assert "⊞" not in rows[str(gone)]["symbols"]
    assert rows[str(repo)]["locked"] is False
    assert rows[str(repo)]["prunable"] is False

    table = run("list", cwd=repo)
    assert table.returncode == 0, table.stderr
    by_branch = {line.split()[1]: line for line in table.stdout.splitlines()[1:]}
    assert "⊞" in by_branch["locked"]
    assert "⊟" in by_branch["gone"]


def test_from_inside_the_git_dir(repo: Path) -> None:
    feat = add_worktree(repo, "feat")
    listed = run("list", "--format", "json", cwd=repo / ".git")
    assert set(rows_by_path(listed)) == {str(repo), str(feat)}
