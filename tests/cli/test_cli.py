"""The command line as a whole: version, help, usage errors, step eval, config state."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers import (
    Remote,
    Result,
    assert_no_traceback,
    commit,
    config_get,
    files_named,
    git,
    init_repo,
    wt,
)

# -- version and help --------------------------------------------------------------------------


def test_command_help(work: Path) -> None:
    res = wt("switch", "--help", cwd=work)
    assert res.returncode == 0
    assert res.stdout.startswith("usage: git wt switch")
    for flag in ("--create", "--base", "--execute", "--clobber", "--no-cd", "--format"):
        assert flag in res.stdout
    assert res.stderr == ""


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["--nope"],
        ["switch", "--nope"],
        ["switch", "x", "--format", "yaml"],
        ["config", "state", "default-branch", "frob"],
        ["step", "nosuch"],
    ],
)
def test_usage_errors_exit_2(repo: Path, args: list[str]) -> None:
    res = wt(*args, cwd=repo)
    assert res.returncode == 2
    assert res.stdout == ""
    assert res.err_lines[0].startswith("✗ ")
    assert_no_traceback(res.stderr)


def test_outside_a_repository(work: Path) -> None:
    outside = work / "plain"
    outside.mkdir()
    res = wt("switch", "x", cwd=outside)
    assert res.returncode == 1
    assert res.stdout == ""
    lines = res.err_lines
    assert len(lines) == 2, res.stderr
    assert lines[0].startswith("✗ ")
    assert "repository" in lines[0]
    assert lines[1].startswith("↳ ")
    assert_no_traceback(res.stderr)


# -- step eval ---------------------------------------------------------------------------------


def test_step_eval_hash_port(repo: Path) -> None:
    assert wt("step", "eval", "{{ branch | hash_port }}", cwd=repo) == (0, "12107\n", "")


def test_step_eval_variables(repo: Path) -> None:
    res = wt("step", "eval", "{{ repo }} {{ worktree_name }} {{ default_branch }}", cwd=repo)
    assert res == (0, "repo repo main\n", "")
    sub = repo / "a"
    sub.mkdir()
    res = wt("step", "eval", "{{ worktree_path }}|{{ cwd }}", cwd=sub)
    assert res.stdout == f"{repo}|{sub}\n"


def test_step_eval_shell_escapes(repo: Path, work: Path) -> None:
    branch = "x$(touch${IFS}pwned)"
    git("switch", "-q", "-c", branch, cwd=repo)
    res = wt("step", "eval", "--shell", 'printf "%s" "{{ branch }}" {{ branch }}', cwd=repo)
    assert res.returncode == 0, res.stderr
    ran = subprocess.run(
        ["sh", "-c", res.stdout], cwd=work, capture_output=True, text=True, check=False
    )
    assert ran.stdout == branch + branch
    assert files_named(work, "pwned") == []


def test_step_eval_undefined_variable(repo: Path) -> None:
    res = wt("step", "eval", "{{ nope }}", cwd=repo)
    assert res.returncode == 1
    assert res.stdout == ""
    assert "nope" in res.err_lines[0]
    assert_no_traceback(res.stderr)


def test_step_eval_detached_head_has_no_branch(repo: Path) -> None:
    git("switch", "-q", "--detach", "HEAD", cwd=repo)
    res = wt("step", "eval", "{{ branch }}", cwd=repo)
    assert res.returncode == 1
    assert res.stdout == ""


# -- config state default-branch ---------------------------------------------------------------


def default_branch(cwd: Path) -> Result:
    return wt("config", "state", "default-branch", "get", cwd=cwd)


def test_default_branch_from_init_default_branch(work: Path) -> None:
    repo = init_repo(work / "r", branch="primary")
    git("branch", "master", cwd=repo)
    git("config", "init.defaultBranch", "primary", cwd=repo)
    assert default_branch(repo) == (0, "primary\n", "")
    assert config_get(repo, "wt.default-branch") == "primary"


def test_default_branch_from_origin_head(remote: Remote) -> None:
    git("symbolic-ref", "HEAD", "refs/heads/feature", cwd=remote.origin)
    clone = remote.clone.parent / "clone2"
    git("clone", "-q", str(remote.origin), str(clone), cwd=remote.clone.parent)
    git("branch", "main", "origin/main", cwd=clone)
    # Local branches: feature and main; init.defaultBranch=main exists, but the remote wins.
    assert default_branch(clone) == (0, "feature\n", "")
    assert config_get(clone, "wt.default-branch") == "feature"


def test_default_branch_only_branch(work: Path) -> None:
    repo = init_repo(work / "r", branch="solo")
    assert default_branch(repo) == (0, "solo\n", "")
    assert config_get(repo, "wt.default-branch") == "solo"


@pytest.mark.parametrize(
    ("branches", "expected"),
    [
        (["zz", "master"], "master"),
        (["zz", "develop"], "develop"),
        (["zz", "trunk"], "trunk"),
        (["zz", "master", "main"], "main"),
        (["zz", "trunk", "develop", "master"], "master"),
    ],
)
def test_default_branch_fallbacks(work: Path, branches: list[str], expected: str) -> None:
    repo = init_repo(work / "r", branch=branches[0])
    for name in branches[1:]:
        git("branch", name, cwd=repo)
    git("config", "init.defaultBranch", "nonexistent", cwd=repo)
    assert default_branch(repo) == (0, f"{expected}\n", "")
    assert config_get(repo, "wt.default-branch") == expected


def test_default_branch_undetectable(work: Path) -> None:
    repo = init_repo(work / "r", branch="x")
    git("branch", "y", cwd=repo)
    res = default_branch(repo)
    assert res.returncode == 1
    assert res.stdout == ""
    assert any(
        line.startswith("↳ ") and "git wt config state default-branch set" in line
        for line in res.err_lines
    )
    assert config_get(repo, "wt.default-branch") is None


def test_default_branch_cache_wins(repo: Path) -> None:
    git("branch", "other", cwd=repo)
    git("config", "wt.default-branch", "other", cwd=repo)
    assert default_branch(repo) == (0, "other\n", "")


def test_default_branch_set_get_clear(repo: Path) -> None:
    git("branch", "dev", cwd=repo)
    res = wt("config", "state", "default-branch", "set", "dev", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert res.stdout == ""
    assert res.err_lines[0].startswith("✓ ")
    assert config_get(repo, "wt.default-branch") == "dev"
    assert default_branch(repo) == (0, "dev\n", "")
    # The cache drives `^` and the default base of switch --create.
    commit(repo, "main-only.txt", "x\n", "main moves on")
    made = wt("switch", "-c", "topic", "--no-cd", "--format", "json", cwd=repo)
    assert made.json()["base"] == "dev"
    cleared = wt("config", "state", "default-branch", "clear", cwd=repo)
    assert cleared.returncode == 0
    assert cleared.stdout == ""
    assert config_get(repo, "wt.default-branch") is None
    assert default_branch(repo) == (0, "main\n", "")


def test_default_branch_set_missing_branch_warns(repo: Path) -> None:
    res = wt("config", "state", "default-branch", "set", "ghost", cwd=repo)
    assert res.returncode == 0
    assert any(line.startswith("▲ ") and "ghost" in line for line in res.err_lines)
    assert config_get(repo, "wt.default-branch") == "ghost"


def test_default_branch_in_bare_repo(repo: Path, work: Path) -> None:
    bare = work / "b.git"
    git("clone", "-q", "--bare", str(repo), str(bare), cwd=work)
    git("branch", "other", "main", cwd=bare)
    assert default_branch(bare) == (0, "main\n", "")


# -- global behaviour --------------------------------------------------------------------------


def test_verbose_echoes_git_commands(repo: Path) -> None:
    res = wt("-v", "switch", "-c", "feat", "--no-cd", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert res.stdout == ""
    assert any(line.startswith("$ git worktree add") for line in res.err_lines), res.stderr
    quiet = wt("switch", "feat", "--no-cd", cwd=repo)
    assert not any(line.startswith("$ git") for line in quiet.err_lines)


def test_colors(repo: Path) -> None:
    plain = wt("switch", "-c", "a", "--no-cd", cwd=repo, env={"NO_COLOR": None})
    assert plain.returncode == 0
    assert "\x1b[" not in plain.stderr  # not a terminal
    forced = wt(
        "switch",
        "-c",
        "b",
        "--no-cd",
        "--format",
        "json",
        cwd=repo,
        env={"NO_COLOR": None, "CLICOLOR_FORCE": "1"},
    )
    assert forced.returncode == 0
    assert "\x1b[" in forced.stderr
    assert "\x1b[" not in forced.stdout
    assert forced.json()["branch"] == "b"
    both = wt("switch", "-c", "c", "--no-cd", cwd=repo, env={"CLICOLOR_FORCE": "1"})
    assert "\x1b[" not in both.stderr  # NO_COLOR wins
