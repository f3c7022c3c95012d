"""Approvals with real processes: the prompt in a real pty, concurrent writers of the store."""

from __future__ import annotations

import os
import pty
import select
import shlex
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from helpers import branch_exists, git, init_repo, worktree_map, wt

PROMPT = b"Allow and remember?"


def store() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"]) / "git-wt" / "approvals.toml"


def write_project(repo: Path, text: str) -> None:
    (repo / ".config").mkdir(exist_ok=True)
    (repo / ".config" / "wt.toml").write_text(text)


def wait_for(check: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


def project_with_hooks(repo: Path, out: Path) -> None:
    write_project(
        repo,
        f"""\
pre-switch = "echo pre-switch >> {out}"
pre-start = "echo pre-start >> {out}"

[post-start]
server = "echo post-start >> {out}"
""",
    )


def lines_of(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def run_in_pty(argv: list[str], cwd: Path, answer: bytes | None) -> tuple[int, str]:
    """Run argv with a pseudo-terminal as stdin/stdout/stderr; type `answer` at the prompt."""
    master, slave = pty.openpty()
    env = {**os.environ, "PWD": str(cwd), "TERM": "xterm", "COLUMNS": "120", "LINES": "40"}
    proc = subprocess.Popen(
        argv, cwd=cwd, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    seen = b""
    answered = False
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break  # the child closed the terminal
                if not chunk:
                    break
                seen += chunk
                if b"\x1b[6n" in chunk:  # prompt_toolkit asks where the cursor is
                    os.write(master, b"\x1b[1;1R")
            if answer is not None and not answered and PROMPT in seen:
                time.sleep(0.2)
                os.write(master, answer)
                answered = True
            if proc.poll() is not None and not ready:
                break
        code = proc.wait(timeout=30)
    finally:
        os.close(master)
    return code, seen.decode("utf-8", "replace")


# -- a real terminal -----------------------------------------------------------------


def test_prompt_yes_saves_and_runs(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    project_with_hooks(repo, out)
    code, screen = run_in_pty(["git", "wt", "switch", "-c", "feature"], repo, b"y")
    assert code == 0, screen
    assert screen.count("needs your approval to run 3 commands") == 1
    assert "created branch feature" in screen
    wait_for(lambda: len(lines_of(out)) == 3)
    assert lines_of(out) == ["pre-switch", "pre-start", "post-start"]
    assert "echo post-start" in store().read_text()
    # Remembered: no question the next time.
    code, screen = run_in_pty(["git", "wt", "switch", "-c", "second"], repo, None)
    assert code == 0, screen
    assert "Allow and remember?" not in screen


def test_prompt_no_skips_project_hooks_and_continues(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    project_with_hooks(repo, out)
    git("config", "wt.hook.pre-start", f"echo user >> {shlex.quote(str(out))}", cwd=repo)
    code, screen = run_in_pty(["git", "wt", "switch", "-c", "feature"], repo, b"n")
    assert code == 0, screen
    assert "declined: continuing without the project's hooks" in screen
    assert "feature" in worktree_map(repo)
    time.sleep(0.5)
    assert lines_of(out) == ["user"]
    assert not store().exists()


def test_declining_skips_even_approved_project_commands(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    project_with_hooks(repo, out)
    assert wt("config", "approvals", "add", "--yes", cwd=repo).returncode == 0
    text = (repo / ".config" / "wt.toml").read_text()
    write_project(repo, text + f'post-switch = "echo new >> {out}"\n')
    code, screen = run_in_pty(["git", "wt", "switch", "-c", "feature"], repo, b"n")
    assert code == 0, screen
    time.sleep(0.5)
    assert lines_of(out) == []


def test_ctrl_c_at_the_prompt_changes_nothing(repo: Path, tmp_path: Path) -> None:
    project_with_hooks(repo, tmp_path / "out")
    code, screen = run_in_pty(["git-wt", "switch", "-c", "feature"], repo, b"\x03")
    assert code == 130, screen
    assert not branch_exists(repo, "feature")
    assert "Traceback" not in screen


def test_approvals_add_prompts_on_a_terminal(repo: Path, tmp_path: Path) -> None:
    project_with_hooks(repo, tmp_path / "out")
    code, screen = run_in_pty(["git", "wt", "config", "approvals", "add"], repo, b"y")
    assert code == 0, screen
    assert "approved 3 command(s)" in screen
    r = wt("config", "approvals", "add", cwd=repo)
    assert r.err_lines == ["○ all 3 project commands are already approved"]


# -- the store -----------------------------------------------------------------------


def test_concurrent_writers_never_lose_entries(work: Path) -> None:
    script = (
        "import sys; from git_wt.config import approvals; "
        "approvals.add(sys.argv[1], [f'cmd {sys.argv[2]} {i}' for i in range(5)])"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, f"example.com/o/r{n % 3}", str(n)])
        for n in range(16)
    ]
    assert all(p.wait(timeout=60) == 0 for p in procs)
    from git_wt.config import approvals

    everything = approvals.load_all(str(store()))
    assert sum(len(v) for v in everything.values()) == 16 * 5
    assert everything["example.com/o/r0"][:1] != []


def test_concurrent_cli_approvals_of_different_projects(work: Path) -> None:
    repos = []
    for n in range(6):
        repo = init_repo(work / f"r{n}")
        write_project(repo, f'pre-start = "echo {n}"\n')
        repos.append(repo)
    procs = [
        subprocess.Popen(
            ["git", "wt", "config", "approvals", "add", "--yes"],
            cwd=r,
            env={**os.environ, "PWD": str(r)},
            stderr=subprocess.PIPE,
        )
        for r in repos
    ]
    assert all(p.wait(timeout=60) == 0 for p in procs)
    from git_wt.config import approvals

    everything = approvals.load_all(str(store()))
    assert everything == {str(r): [f"echo {n}"] for n, r in enumerate(repos)}
