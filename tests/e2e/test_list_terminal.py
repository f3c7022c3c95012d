"""`git wt list` on a real terminal (pty): rows at once, cells filled in place, Ctrl-C."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from helpers import commit, git, wt
from list_support import run_in_pty, screen_of, slow_git

COLUMNS, LINES = 150, 40


@pytest.fixture
def busy(repo: Path) -> Path:
    """A repo with worktrees in several states: ahead, behind, dirty, merged."""
    commit(repo, "base.txt", "base\n", "base")
    for n, name in enumerate(("feat/a", "feat/b", "fix-c")):
        path = repo.parent / f"repo.{name.replace('/', '-')}"
        git("worktree", "add", "-q", "-b", name, str(path), "main", cwd=repo)
        for i in range(n + 1):
            commit(path, f"{name.replace('/', '-')}-{i}.txt", f"{i}\n", f"{name} work {i}")
        (path / "notes.txt").write_text("scratch\n")
    commit(repo, "later.txt", "later\n", "main moves on")
    (repo / "README").write_text("edited\n")
    return repo


def final_frame(raw: str) -> list[str]:
    """The lines of the last frame drawn in place (colors kept)."""
    frame = raw.rsplit("\x1b[?2026h", 1)[1].split("\x1b[?2026l", 1)[0]
    frame = re.sub(r"^\r?\x1b\[\d+A", "", frame)
    return [line.removeprefix("\x1b[2K") for line in frame.split("\r\n") if line]


def buffered(repo: Path, **env: str | None) -> tuple[list[str], str]:
    result = wt("list", cwd=repo, env={"COLUMNS": str(COLUMNS), **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines(), result.stderr


def test_progressive_and_buffered_give_the_same_table(busy: Path) -> None:
    run = run_in_pty(["git", "wt", "list"], busy, columns=COLUMNS, lines=LINES)
    assert run.returncode == 0, run.output
    table, footer = buffered(busy)
    screen = screen_of(run.output, COLUMNS, LINES)
    assert screen == [*table, footer.rstrip("\n")]
    assert "\x1b[?25l" in run.output and run.output.rstrip().endswith(footer.rstrip())
    assert "\x1b[?25h" in run.output  # the cursor comes back


def test_progressive_with_colors_matches_forced_colors(busy: Path) -> None:
    run = run_in_pty(
        ["git", "wt", "list"], busy, env={"NO_COLOR": None}, columns=COLUMNS, lines=LINES
    )
    table, _ = buffered(busy, NO_COLOR=None, CLICOLOR_FORCE="1")
    assert any("\x1b[" in line for line in table)
    assert final_frame(run.output) == table


def test_slow_cells_show_placeholders_then_fill_in(busy: Path, tmp_path: Path) -> None:
    shim = slow_git(tmp_path / "slow-bin", ("rev-list",), 0.6)

    env = {"PATH": f"{shim}{os.pathsep}{os.environ['PATH']}"}
    # git puts its own directory first on PATH for `git wt`; call git-wt itself.
    run = run_in_pty(["git-wt", "list"], busy, env=env, columns=COLUMNS, lines=LINES)
    assert run.returncode == 0, run.output
    _, first = run.chunks[0]
    assert "feat/a" in first and "·" not in first  # rows at once, no dots before 200 ms
    with_dots = [t for t, text in run.chunks if "·" in text]
    assert with_dots and min(with_dots) >= 0.15
    table, footer = buffered(busy)
    assert screen_of(run.output, COLUMNS, LINES) == [*table, footer.rstrip("\n")]
    assert not any("·" in line for line in table)


def test_quick_run_never_shows_placeholders(busy: Path) -> None:
    """Nothing drawn within the placeholder delay carries a placeholder, so a run that
    finishes inside it never shows one (however slow the machine is today)."""
    run = run_in_pty(["git", "wt", "list"], busy, columns=COLUMNS, lines=LINES)
    early = "".join(text for at, text in run.chunks if at < 0.15)
    assert "·" not in early
    assert run.output.strip()


def test_no_progressive_on_a_terminal_prints_once(busy: Path) -> None:
    run = run_in_pty(["git", "wt", "list", "--no-progressive"], busy, columns=COLUMNS, lines=LINES)
    assert "\x1b[" not in run.output.replace("\x1b[2m", "").replace("\x1b[0m", "")
    table, footer = buffered(busy)
    assert screen_of(run.output, COLUMNS, LINES) == [*table, footer.rstrip("\n")]


def test_table_taller_than_the_terminal_is_printed_once(busy: Path) -> None:
    run = run_in_pty(["git", "wt", "list"], busy, columns=COLUMNS, lines=4)
    assert re.search(r"\x1b\[\d+A", run.output) is None
    table, _ = buffered(busy)
    assert screen_of(run.output, COLUMNS, 4)[: len(table)] == table


def test_ctrl_c_while_filling_restores_the_cursor(busy: Path, tmp_path: Path) -> None:
    import fcntl
    import signal
    import struct
    import subprocess
    import termios
    import time

    shim = slow_git(tmp_path / "slow-bin", ("rev-list",), 5)
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    env = dict(os.environ, PATH=f"{shim}{os.pathsep}{os.environ['PATH']}", PWD=str(busy))
    proc = subprocess.Popen(
        ["git-wt", "list"],
        cwd=busy,
        env=env,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        start_new_session=True,  # its own process group, as a shell's foreground job
    )
    os.close(slave)
    output = b""
    deadline = time.monotonic() + 20
    while b"feat/a" not in output and time.monotonic() < deadline:
        output += os.read(master, 65536)
    time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: the whole group
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    assert proc.wait(timeout=20) == 130
    os.close(master)
    text = output.decode()
    assert text.rfind("\x1b[?25h") > text.rfind("\x1b[?25l") >= 0
    assert "Traceback" not in text


def test_dumb_terminal_gets_the_plain_table(busy: Path) -> None:
    run = run_in_pty(["git", "wt", "list"], busy, env={"TERM": "dumb"}, columns=COLUMNS)
    assert "\x1b" not in run.output
    table, footer = buffered(busy)
    assert screen_of(run.output, COLUMNS, 50) == [*table, footer.rstrip("\n")]
