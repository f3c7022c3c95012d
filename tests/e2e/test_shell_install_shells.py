"""The installed integration in real interactive shells and a real terminal (tmux)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import Result, assert_no_traceback, wt
from tty_support import run_tty, wt_tty

NO_ZDOTDIR = {"ZDOTDIR": None}


def home() -> Path:
    return Path(os.environ["HOME"])


def install(*args: str, env: dict[str, str | None] | None = None) -> Result:
    res = wt("config", "shell", "install", *args, cwd=home(), env={**NO_ZDOTDIR, **(env or {})})
    assert_no_traceback(res.stderr)
    return res


# -- diagnostics -------------------------------------------------------------------------


# The advice is for a person: these runs have stderr on a terminal (tty_support).


def test_powershell_git_wt_advice(repo: Path) -> None:
    # `git wt` typed in PowerShell: git's parent is the shell named in the variable.
    script = 'GIT_WT_SHELL_ACTIVE="1 powershell 0.1.0 $$" git wt switch -c feat; exit $?'
    res = run_tty(["sh", "-c", script], cwd=repo)
    assert res.returncode == 0, res.stderr
    assert "type `git-wt switch ...` instead of `git wt switch ...`" in res.stderr


def test_wrapper_from_another_protocol_is_reported_without_the_cd_file(repo: Path) -> None:
    assert wt("switch", "--no-cd", "-c", "feat", cwd=repo).returncode == 0
    no_file = wt_tty(
        "switch", "^", cwd=repo.parent / "repo.feat", env={"GIT_WT_SHELL_ACTIVE": "0 bash 0.0.1 1"}
    )
    assert "from git-wt 0.0.1" in no_file.stderr


def warning_of(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith("▲ ")]
    assert len(lines) == 1, stderr
    return lines[0]


def test_not_installed(repo: Path) -> None:
    res = wt_tty("switch", "-c", "feat", cwd=repo, env={"SHELL": "/bin/bash"})
    assert warning_of(res.stderr) == (
        "▲ your shell is still in the old directory: the shell integration is not installed"
    )
    assert res.stderr.splitlines()[-1] == (
        "↳ run `git wt config shell install`, then open a new shell; "
        f"for now: cd {repo.parent / 'repo.feat'}"
    )


def test_installed_but_not_loaded(repo: Path) -> None:
    assert install("bash", "-y").returncode == 0
    res = wt_tty("switch", "-c", "feat", cwd=repo, env={"SHELL": "/bin/bash"})
    if "bash" not in res.stderr:
        pytest.skip("the process tree names another shell")
    assert warning_of(res.stderr) == (
        "▲ your shell is still in the old directory: the shell integration is installed in "
        "~/.bashrc but not loaded in this shell"
    )
    assert "open a new shell, or run `source ~/.bashrc`" in res.stderr


def test_started_by_a_program_without_the_integration(repo: Path) -> None:
    env = {"GIT_WT_SHELL_ACTIVE": "1 bash 0.1.0 1"}
    res = wt_tty("switch", "-c", "feat", cwd=repo, env=env)
    assert "started by a script or program" in warning_of(res.stderr)


# -- git wt config show ------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_interactive_bash_after_install_has_integration(repo: Path) -> None:
    assert install("bash", "-y").returncode == 0
    script = 'type -t git; git wt switch -c feat >/dev/null 2>&1; echo "$?|$PWD"'
    res = subprocess.run(
        ["bash", "-i", "-c", script],
        cwd=repo,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PWD": str(repo)},
    )
    assert res.stdout.splitlines() == ["function", f"0|{repo.parent / 'repo.feat'}"]


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_interactive_zsh_after_install_has_integration(repo: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "ZDOTDIR"}
    assert install("zsh", "-y").returncode == 0
    script = 'whence -w git; git wt switch -c feat >/dev/null 2>&1; echo "$?|$PWD"'
    res = subprocess.run(
        ["zsh", "-i", "-c", script],
        cwd=repo,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    assert res.stdout.splitlines() == ["git: function", f"0|{repo.parent / 'repo.feat'}"]


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_interactive_fish_after_install_has_integration(repo: Path) -> None:
    assert install("fish", "-y").returncode == 0
    script = 'type -t git; git wt switch -c feat >/dev/null 2>&1; echo "$status|$PWD"'
    res = subprocess.run(
        ["fish", "-i", "-c", script],
        cwd=repo,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert res.stdout.splitlines()[-2:] == ["function", f"0|{repo.parent / 'repo.feat'}"]
    plain = subprocess.run(
        ["fish", "-c", "type -t git"],
        cwd=repo,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert plain.stdout.strip() == "file"  # scripts keep the real git


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize(("answer", "installed"), [("y", True), ("n", False)])
def test_confirmation_on_a_terminal(answer: str, *, installed: bool, hermetic_env: Path) -> None:
    import time

    keep = ("HOME", "PATH", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "GIT_CONFIG_GLOBAL")
    env = " ".join(f"{k}='{os.environ[k]}'" for k in keep)
    session = f"gitwt-confirm-{os.getpid()}-{answer}"
    command = f"env -i {env} TERM=xterm git wt config shell install bash; sleep 30"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "20", command], check=True
    )
    try:

        def screen() -> str:
            return subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout

        def wait_for(text: str) -> str:
            deadline = time.monotonic() + 15
            while text not in (shown := screen()):
                assert time.monotonic() < deadline, shown
                time.sleep(0.05)
            return shown

        wait_for("Add git-wt's shell integration to ~/.bashrc? [y/N]")
        subprocess.run(["tmux", "send-keys", "-t", session, answer], check=True)
        shown = wait_for("✓ bash" if installed else "✗ cancelled")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    assert ((home() / ".bashrc").exists()) is installed, shown
