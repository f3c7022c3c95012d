"""Agents' runs with real processes: advice only on a terminal, vars set in parallel."""

from __future__ import annotations

from pathlib import Path

from helpers import config_get, wt_popen
from tty_support import wt_tty


def test_a_person_at_a_terminal_still_gets_the_advice(repo: Path) -> None:
    res = wt_tty("switch", "-c", "feat", cwd=repo, env={"SHELL": "/bin/bash"})
    assert res.returncode == 0, res.stderr
    assert (
        "▲ your shell is still in the old directory: the shell integration is not installed"
        in res.err_lines
    )


def test_parallel_vars_set_never_lose_a_value(repo: Path) -> None:
    n = 30
    procs = [
        wt_popen("config", "state", "vars", "set", f"key{i}", f"value{i}", cwd=repo)
        for i in range(n)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    for i in range(n):
        assert config_get(repo, f"wt.state.main.vars.key{i}") == f"value{i}"
