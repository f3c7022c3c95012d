"""Issue 12, finding 1, through the CLI: hooks, `switch -x` and `step for-each` refuse a
branch name that would reach a program that may run it, name the hook or command, the
variable, the value and the opt-out, and get the name intact into `sh -c`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import files_named, git, wt

PAYLOAD = "r$(cd;touch${IFS}pwned)"
KEY = "wt.template.allow-unsafe-values"

# Programs that hand an argument to a shell, as tmux and ssh do.
FAKE_TMUX = '#!/bin/sh\n[ "$1" = new-window ] && shift\nexec sh -c "$1"\n'
FAKE_SSH = '#!/bin/sh\nshift\nexec sh -c "$*"\n'
RECORDER = '#!/bin/sh\nprintf "%s\\n" "$@" > "$HOME/recorded"\n'


@pytest.fixture
def fake_bin(tmp_path: Path) -> Path:
    where = tmp_path / "fakebin"
    where.mkdir()
    for name, body in (("tmux", FAKE_TMUX), ("ssh", FAKE_SSH), ("record", RECORDER)):
        (where / name).write_text(body)
        (where / name).chmod(0o755)
    return where


def _path(fake_bin: Path) -> dict[str, str | None]:
    return {"PATH": f"{fake_bin}{os.pathsep}{os.environ['PATH']}"}


# -- end to end: hooks, --execute and for-each ----------------------------------------------


@pytest.fixture
def hostile(repo: Path, work: Path) -> Path:
    """A worktree of the branch PAYLOAD (its path holds the payload too)."""
    path = work / "repo.hostile"
    git("worktree", "add", "-q", "-b", PAYLOAD, "--", str(path), cwd=repo)
    return path


def test_a_hook_running_sh_c_gets_the_name_intact(
    hostile: Path, work: Path, hermetic_env: Path
) -> None:
    template = "sh -c 'cd {{ worktree_path }} && printf %s {{ branch }} > got.txt'"
    git("config", "wt.hook.pre-merge", template, cwd=hostile)
    res = wt("hook", "pre-merge", cwd=hostile)
    assert res.returncode == 0, res.stderr
    assert (hostile / "got.txt").read_text() == PAYLOAD
    assert files_named(hermetic_env, "pwned") == []


def test_a_hook_handing_the_name_to_tmux_is_refused(
    hostile: Path, fake_bin: Path, hermetic_env: Path
) -> None:
    git("config", "wt.hook.pre-merge", "tmux new-window '{{ branch }}'", cwd=hostile)
    res = wt("hook", "pre-merge", cwd=hostile, env=_path(fake_bin))
    assert res.returncode == 1
    assert res.err_lines[0] == (
        "✗ cannot expand the pre-merge hook user:cmd-0 (git config wt.hook.pre-merge): "
        "refusing to pass "
        f"branch = {PAYLOAD!r} to `tmux`, which may run it as shell code "
        f"(to allow it: git config {KEY} true)"
    )
    assert files_named(hermetic_env, "pwned") == []


def test_the_opt_out_lets_the_value_through(
    hostile: Path, fake_bin: Path, hermetic_env: Path
) -> None:
    git("config", "wt.hook.pre-merge", "record new-window {{ branch }}", cwd=hostile)
    assert wt("hook", "pre-merge", cwd=hostile, env=_path(fake_bin)).returncode == 1
    git("config", KEY, "true", cwd=hostile)
    res = wt("hook", "pre-merge", cwd=hostile, env=_path(fake_bin))
    assert res.returncode == 0, res.stderr
    assert (hermetic_env / "home" / "recorded").read_text() == f"new-window\n{PAYLOAD}\n"


def test_a_hook_evaluating_git_wt_branch_is_refused(hostile: Path, hermetic_env: Path) -> None:
    git("config", "wt.hook.pre-merge", 'sh -c "echo $GIT_WT_BRANCH"', cwd=hostile)
    res = wt("hook", "pre-merge", cwd=hostile)
    assert res.returncode == 1
    assert "refusing to pass $GIT_WT_BRANCH = " in res.err_lines[0]
    assert files_named(hermetic_env, "pwned") == []


def test_execute_refuses_before_creating_anything(
    repo: Path, fake_bin: Path, hermetic_env: Path
) -> None:
    res = wt(
        "switch",
        "-c",
        PAYLOAD,
        "-x",
        "tmux new-window '{{ branch }}'",
        cwd=repo,
        env=_path(fake_bin),
    )
    assert res.returncode == 1
    assert res.err_lines[0].startswith(f"✗ --execute: refusing to pass branch = {PAYLOAD!r}")
    assert not (repo.parent / f"repo.{PAYLOAD}").exists()
    assert files_named(hermetic_env, "pwned") == []


def test_execute_arguments_are_followed_too(repo: Path, fake_bin: Path) -> None:
    res = wt(
        "switch",
        "-c",
        PAYLOAD,
        "-x",
        "tmux new-window",
        "--",
        "{{ branch }}",
        cwd=repo,
        env=_path(fake_bin),
    )
    assert res.returncode == 1
    assert res.err_lines[0].startswith(f"✗ --execute: refusing to pass branch = {PAYLOAD!r}")


def test_for_each_behind_env_quotes_and_refuses(
    repo: Path, hostile: Path, fake_bin: Path, hermetic_env: Path
) -> None:
    res = wt(
        "step", "for-each", "--", "env", "sh", "-c", "printf %s {{ branch }} > got.txt", cwd=repo
    )
    assert res.returncode == 0, res.stderr
    assert (hostile / "got.txt").read_text() == PAYLOAD
    res = wt("step", "for-each", "--", "ssh", "host", "{{ branch }}", cwd=repo, env=_path(fake_bin))
    assert res.returncode == 1
    assert res.err_lines[-2] == (
        f"✗ cannot expand the command for {PAYLOAD}: refusing to pass branch = {PAYLOAD!r} "
        f"to `ssh`, which may run it as shell code (to allow it: git config {KEY} true)"
    )
    assert files_named(hermetic_env, "pwned") == []
