"""Generated shell code in real shells: syntax, cheap to load, fish payloads; regeneration."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import files_named, wt

from git_wt.shell import generate

SYNTAX_CHECK = {"bash": ["bash", "-n"], "zsh": ["zsh", "-n"], "fish": ["fish", "-n"]}


# -- one source of truth ------------------------------------------------------------------


def test_regenerate_check_mode(tmp_path: Path) -> None:
    run = [sys.executable, "-m", "git_wt.shell", "--root", str(tmp_path)]
    assert subprocess.run([*run, "--check"], capture_output=True).returncode == 1
    assert subprocess.run(run, capture_output=True).returncode == 0
    assert subprocess.run([*run, "--check"], capture_output=True).returncode == 0
    assert (tmp_path / "shell" / "git-wt.bash").read_text() == generate.init_code("bash")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_generated_code_parses(shell: str, tmp_path: Path) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    for text in (generate.init_code(shell), generate.completion_code(shell)):
        script = tmp_path / f"code.{shell}"
        script.write_text(text)
        res = subprocess.run([*SYNTAX_CHECK[shell], str(script)], capture_output=True, text=True)
        assert res.returncode == 0, res.stderr


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_loading_the_init_code_never_starts_git_wt(shell: str, tmp_path: Path) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    fake = tmp_path / "bin"
    fake.mkdir()
    marker = tmp_path / "ran"
    for name in ("git-wt", "python", "python3"):
        (fake / name).write_text(f"#!/bin/sh\ntouch '{marker}'\n")
        (fake / name).chmod(0o755)
    init = tmp_path / f"init.{shell}"
    init.write_text(generate.init_code(shell))
    env = dict(os.environ, PATH=f"{fake}{os.pathsep}{os.environ['PATH']}")
    argv = [shell, "-c", f"source '{init}'"]
    res = subprocess.run(argv, env=env, capture_output=True, text=True, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""
    assert not marker.exists()


# -- fish and POSIX payload escaping ----------------------------------------------------------


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_exec_payload_is_safe_to_source(
    repo: Path, cd_file: Path, exec_file: Path, hermetic_env: Path
) -> None:
    name = "x'y$(touch${IFS}pwned)"
    env = {
        "GIT_WT_CD_FILE": str(cd_file),
        "GIT_WT_EXEC_FILE": str(exec_file),
        "GIT_WT_SHELL": "fish",
    }
    command = "printf '%s|' {{ branch }} \"{{ branch }}\" '{{ branch }}'"
    res = wt(
        "switch",
        "-c",
        name,
        "-x",
        command,
        "--",
        "{{ branch }}",
        "$HOME",
        "a\\'b",
        cwd=repo,
        env=env,
    )
    assert res.returncode == 0, res.stderr
    out = subprocess.run(
        ["fish", "--no-config", str(exec_file)], capture_output=True, text=True, cwd=hermetic_env
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout == f"{name}|{name}|{name}|{name}|$HOME|a\\'b|"
    assert files_named(hermetic_env, "pwned") == []
