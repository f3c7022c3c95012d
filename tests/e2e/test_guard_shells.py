"""Issue 12, finding 1, run by real shells: a branch name placed in a command that
evaluates it again (sh -c, bash -c, eval, behind env, timeout, nice, ...) arrives intact
and never runs; `switch -x` quotes it for the shell inside the command too."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from helpers import files_named, wt_process

from git_wt.templates.render import render

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


def _run(shell: str, command: str, cwd: Path, fake_bin: Path) -> str:
    env = dict(os.environ, HOME=str(cwd), PATH=f"{fake_bin}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run(
        [shell, "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=30
    )
    return done.stdout


# -- every example of the finding, rendered and run by sh and bash -----------------------------

INTACT = [
    "sh -c 'printf %s {{ x }}'",
    "sh -c 'cd {{ x }} 2>/dev/null; printf %s {{ x }}'",
    'bash -c "printf %s {{ x }}"',
    "bash -c \"printf '%s' '{{ x }}'\"",
    'eval "printf %s {{ x }}"',
    "eval printf %s {{ x }}",
    "env sh -c 'printf %s {{ x }}'",
    "env -i PATH=\"$PATH\" FOO=1 sh -c 'printf %s {{ x }}'",
    "timeout 5 sh -c 'printf %s {{ x }}'",
    "timeout -s KILL 5 bash -c 'printf %s {{ x }}'",
    "nice sh -c 'printf %s {{ x }}'",
    "nice -n 5 sh -c 'printf %s {{ x }}'",
    "nohup sh -c 'printf %s {{ x }}' 2>/dev/null",
    "setsid -w sh -c 'printf %s {{ x }}'",
    "stdbuf -oL sh -c 'printf %s {{ x }}'",
    "echo | xargs sh -c 'printf %s {{ x }}'",
    "command sh -c 'printf %s {{ x }}'",
    "exec sh -c 'printf %s {{ x }}'",
    "time sh -c 'printf %s {{ x }}' 2>/dev/null",
    "command eval 'printf %s {{ x }}'",
    "sh -c \"bash -c 'printf %s {{ x }}'\"",
    "sh -c 'eval \"printf %s {{ x }}\"'",
    'sh -c \'sh -c "printf %s \\"{{ x }}\\""\'',
    "sh -c 'printf %s \"$1\"' sh {{ x }}",
]


@pytest.mark.parametrize("template", INTACT)
@pytest.mark.parametrize("shell", ["sh", "bash"])
def test_reevaluated_values_arrive_intact(
    tmp_path: Path, fake_bin: Path, shell: str, template: str
) -> None:
    command = render(template, {"x": PAYLOAD}, shell=True)
    assert _run(shell, command, tmp_path, fake_bin) == PAYLOAD, command
    assert files_named(tmp_path, "pwned") == []


def test_execute_quotes_for_the_inner_shell(repo: Path, hermetic_env: Path) -> None:
    res = wt_process(
        "switch", "-c", PAYLOAD, "-x", "sh -c 'printf %s {{ branch }} > name.txt'", cwd=repo
    )
    assert res.returncode == 0, res.stderr
    assert (repo.parent / f"repo.{PAYLOAD}" / "name.txt").read_text() == PAYLOAD
    assert files_named(hermetic_env, "pwned") == []
