"""The recipes of docs/hooks.md, pasted as they are into real repositories and run."""

from __future__ import annotations

import json
import os
import re
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import commit, git, sh, worktree_map, wt

DOC = Path(__file__).resolve().parents[2] / "docs" / "hooks.md"

FAKE_TOOL = """\
#!/bin/sh
printf '%s %s|%s\\n' "$(basename "$0")" "$*" "$PWD" >> "$TOOL_LOG"
if [ "$1 $2" = "run dev" ]; then exec sleep 300; fi
"""


def recipes() -> dict[str, list[tuple[str, str]]]:
    """Recipe title -> its fenced blocks (language, text), from the Recipes section."""
    text = DOC.read_text()
    section = text.split("\n## Recipes\n", 1)[1].split("\n## ", 1)[0]
    found: dict[str, list[tuple[str, str]]] = {}
    for part in section.split("\n### ")[1:]:
        title, body = part.split("\n", 1)
        found[title] = re.findall(r"```(\w+)\n(.*?)```", body, re.DOTALL)
    return found


def wait_for(check: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


@pytest.fixture
def tools(tmp_path: Path) -> tuple[dict[str, str | None], Path]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("npm", "createdb", "dropdb"):
        path = bin_dir / name
        path.write_text(FAKE_TOOL)
        path.chmod(0o755)
    log = tmp_path / "tools.log"
    env: dict[str, str | None] = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "TOOL_LOG": str(log),
    }
    return env, log


def project(repo: Path, toml: str) -> None:
    commit(repo, ".gitignore", ".env\n.env.local\n", "ignore local files")
    commit(repo, ".config/wt.toml", toml, "hooks")


def calls(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def test_install_dependencies(repo: Path, tools: tuple[dict[str, str | None], Path]) -> None:
    env, log = tools
    (_, toml), (_, shell) = recipes()["Install dependencies in every new worktree"]
    commit(repo, "package-lock.json", "{}\n", "lock file")
    project(repo, toml)
    r = wt("switch", "-c", "feature/x", "--yes", cwd=repo, env=env)
    assert r.returncode == 0, r.stderr
    new = repo.parent / "repo.feature-x"
    assert calls(log) == [f"npm ci|{new}"]
    # The git config variant, for every repository.
    result = sh(shell, cwd=repo)
    assert result.returncode == 0, result.stderr
    doc = json.loads(wt("hook", "show", "pre-start", "--format", "json", cwd=repo).stdout)
    assert [(h["label"], h["scope"]) for h in doc["hooks"]] == [
        ("user:install", "global"),
        ("project:install", None),
    ]


def test_copy_env(repo: Path, tools: tuple[dict[str, str | None], Path]) -> None:
    env, _ = tools
    ((_, toml),) = recipes()["Copy `.env` from the primary worktree"]
    project(repo, toml)
    (repo / ".env").write_text("SECRET=1\n")
    r = wt("switch", "-c", "feature/x", "--yes", cwd=repo, env=env)
    assert r.returncode == 0, r.stderr
    assert (repo.parent / "repo.feature-x" / ".env").read_text() == "SECRET=1\n"
    # Without a .env in the primary worktree the recipe does nothing, and succeeds.
    (repo / ".env").unlink()
    r = wt("switch", "-c", "other", "--yes", cwd=repo, env=env)
    assert r.returncode == 0, r.stderr
    assert not (repo.parent / "repo.other" / ".env").exists()


def test_dev_server(repo: Path, tools: tuple[dict[str, str | None], Path]) -> None:
    env, log = tools
    ((_, toml),) = recipes()["A dev server on the worktree's own port"]
    project(repo, toml)
    r = wt("switch", "-c", "fix-auth", "--yes", cwd=repo, env=env)
    assert r.returncode == 0, r.stderr
    new = repo.parent / "repo.fix-auth"
    wait_for(lambda: calls(log) == [f"npm run dev -- --port 16460|{new}"])
    gitdir = Path(git("rev-parse", "--absolute-git-dir", cwd=new).strip())
    pidfile = gitdir / "dev-server.pid"
    wait_for(pidfile.exists)
    pid = int(pidfile.read_text())
    os.kill(pid, 0)  # the server runs
    r = wt("remove", "fix-auth", "--yes", cwd=repo, env=env)
    assert r.returncode == 0, r.stderr
    assert "fix-auth" not in worktree_map(repo)

    def stopped() -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return False

    try:
        wait_for(stopped, timeout=10)
    finally:
        if not stopped():
            os.killpg(pid, signal.SIGKILL)


def test_database_per_worktree(repo: Path, tools: tuple[dict[str, str | None], Path]) -> None:
    env, log = tools
    ((_, toml),) = recipes()["A database per worktree"]
    project(repo, toml)
    r = wt("switch", "-c", "feature/Auth", "--yes", cwd=repo, env=env)
    assert r.returncode == 0, r.stderr
    new = repo.parent / "repo.feature-Auth"
    assert calls(log) == [f"createdb feature_auth_6xi|{new}"]
    assert (new / ".env.local").read_text() == "DATABASE_URL=postgres:///feature_auth_6xi\n"
    r = wt("remove", "feature/Auth", "--yes", "-D", cwd=repo, env=env)
    assert r.returncode == 0, r.stderr
    assert calls(log)[-1] == f"dropdb --if-exists feature_auth_6xi|{new}"
