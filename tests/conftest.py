"""Fixtures shared by every test module. Reuse these instead of writing your own.

Autouse `no_leaks` (every test): the environment, cwd, sys streams and signal handlers are
as they were when the test ends (the CLI runs in this process).

Autouse `hermetic_env` (every test): HOME, XDG_{CONFIG,DATA,STATE,CACHE}_HOME under tmp;
GIT_CONFIG_GLOBAL = $HOME/.gitconfig (init.defaultBranch=main), GIT_CONFIG_NOSYSTEM=1;
fixed author/committer name, email and date; NO_COLOR=1; no GIT_DIR/GIT_WORK_TREE/
GIT_INDEX_FILE/GIT_WT_*/COLUMNS/LINES variables; the installed `git-wt` script first on
PATH; the test's cwd is tmp_path, and git never discovers a repository above tmp_path.

Fixtures:
  work     <tmp>/work, an empty directory; sibling worktrees of repos in it stay in tmp
  repo     <tmp>/work/repo: a non-bare repo, one commit (README) on `main`
  remote   a Remote(origin, clone, seed, feature_sha): bare <tmp>/work/origin.git with
           `main` and `feature` (one commit ahead), cloned to <tmp>/work/clone, which
           has only the local branch `main`
  cd_file / exec_file   empty files to pass as GIT_WT_CD_FILE / GIT_WT_EXEC_FILE,
           like the shell wrapper creates them

Tests live in three folders: unit/ (pure functions, no process), cli/ (the CLI in
process through `wt`, against real repositories), e2e/ (real processes: the installed
console script, shells, terminals, signals, concurrency).

Helpers (tests/helpers.py, `from helpers import ...`):
  wt(*args, cwd=, env=, input=) -> Result(returncode, stdout, stderr): `git wt ARGS` run
      in this process through git_wt.cli.main, with the environment, cwd and file
      descriptors a process started by git would have; env= overrides (None removes);
      stdin is /dev/null
  wt_process(...) the same through the installed console script in its own process
  wt_popen(*args, cwd=, env=) for concurrent runs
  git(*args, cwd=, env=, check=True) -> stdout; git_ok(...) -> bool
  commit(repo_dir, filename, content, message) -> sha; init_repo(path, branch="main")
  rev, branch_exists, local_branches, config_get, worktrees, worktree_map,
  worktree_paths, files_named, assert_no_traceback, json_doc, sh
"""

from __future__ import annotations

import os
import signal
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import Remote, commit, git, init_repo

FIXED_DATE = "2024-01-02T03:04:05+00:00"


@pytest.fixture(autouse=True)
def no_leaks() -> Iterator[None]:
    """What one test changes of the process (the CLI runs in it) is back when it ends:
    the environment, the cwd, the standard streams and the signal handlers."""
    env, cwd = _environment(), os.getcwd()
    streams = (sys.stdin, sys.stdout, sys.stderr)
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    yield
    assert _environment() == env, "the test left os.environ changed"
    assert os.getcwd() == cwd, "the test left the cwd changed"
    assert (sys.stdin, sys.stdout, sys.stderr) == streams, "the test left sys streams changed"
    assert {sig: signal.getsignal(sig) for sig in handlers} == handlers, "signal handlers changed"


def _environment() -> dict[str, str]:
    """os.environ without the variable pytest itself updates in every phase of a test."""
    return {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}


@pytest.fixture(autouse=True)
def hermetic_env(no_leaks: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    tmp = tmp_path.resolve()
    home = tmp / "home"
    home.mkdir()
    for name, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_CACHE_HOME", ".cache"),
    ):
        (home / sub).mkdir(parents=True)
        monkeypatch.setenv(name, str(home / sub))
    gitconfig = home / ".gitconfig"
    gitconfig.write_text("[init]\n\tdefaultBranch = main\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp.parent))
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Test User")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "test@example.com")
        monkeypatch.setenv(f"GIT_{role}_DATE", FIXED_DATE)
    monkeypatch.setenv("NO_COLOR", "1")
    for name in (
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_COMMON_DIR",
        "GIT_PREFIX",
        "GIT_CONFIG_PARAMETERS",
        "GIT_CONFIG_COUNT",
        "GIT_WT_CD_FILE",
        "GIT_WT_EXEC_FILE",
        "GIT_WT_SHELL",
        "GIT_WT_SHELL_ACTIVE",
        "CLICOLOR_FORCE",
        # A terminal's size must come from the test (pytest-xdist's workers set these).
        "COLUMNS",
        "LINES",
    ):
        monkeypatch.delenv(name, raising=False)
    scripts = sysconfig.get_path("scripts")
    path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and p != scripts]
    monkeypatch.setenv("PATH", os.pathsep.join([scripts, *path]))
    monkeypatch.chdir(tmp)
    return tmp


@pytest.fixture
def work(hermetic_env: Path) -> Path:
    path = hermetic_env / "work"
    path.mkdir()
    return path


@pytest.fixture
def repo(work: Path) -> Path:
    return init_repo(work / "repo")


@pytest.fixture
def remote(work: Path) -> Remote:
    seed = init_repo(work / "seed")
    git("switch", "-q", "-c", "feature", cwd=seed)
    feature_sha = commit(seed, "feature.txt", "feature\n", "feature work")
    git("switch", "-q", "main", cwd=seed)
    origin = work / "origin.git"
    git("clone", "-q", "--bare", str(seed), str(origin), cwd=work)
    clone = work / "clone"
    git("clone", "-q", str(origin), str(clone), cwd=work)
    return Remote(origin=origin, clone=clone, seed=seed, feature_sha=feature_sha)


@pytest.fixture
def cd_file(hermetic_env: Path) -> Path:
    path = hermetic_env / "wt-cd"
    path.write_text("")
    return path


@pytest.fixture
def exec_file(hermetic_env: Path) -> Path:
    path = hermetic_env / "wt-exec"
    path.write_text("")
    return path
