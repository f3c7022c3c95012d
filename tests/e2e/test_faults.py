"""Fault injection: git-wt's mutating commands killed with SIGINT, SIGTERM and SIGKILL at
chosen and at random moments leave nothing lost or half made (benchmarks/faults.py runs
the same trials by the thousand)."""

from __future__ import annotations

import importlib.util
import json
import os
import random
import signal
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import git, wt

ROOT = Path(__file__).resolve().parents[2]


def _load_faults() -> Any:
    spec = importlib.util.spec_from_file_location("faults", ROOT / "benchmarks" / "faults.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["faults"] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


faults = _load_faults()
INT, TERM, KILL = (
    faults.Kill(s, group=True) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL)
)
TERM_PID = faults.Kill(signal.SIGTERM, group=False)
FILES = 500  # enough that `worktree add` and `read-tree` take a moment


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    root = tmp_path_factory.mktemp("faults")
    yield faults.Lab(str(root), FILES, path_first=(sysconfig.get_path("scripts"),))


_prepared: dict[str, Any] = {}


def prepared(lab: Any, name: str) -> Any:
    """The scenario's repository, built once per test module."""
    if name not in _prepared:
        _prepared[name] = faults.prepare(lab, faults.SCENARIOS[name], name)
    return _prepared[name]


def assert_intact(outcome: Any) -> None:
    assert outcome.problems == [], f"{outcome.kill}: {outcome.problems}\n{outcome.stderr}"


def _admin_dir_appeared(base: str) -> bool:
    return os.path.isdir(
        os.path.join(base, "repo", ".git", "worktrees", f"repo.{faults.NEW_BRANCH}")
    )


# -- chosen moments ---------------------------------------------------------------------------


@pytest.mark.parametrize("kill", [INT, TERM, KILL], ids=lambda k: k.label)
def test_switch_create_killed_while_checking_out(lab: Any, kill: Any) -> None:
    """Killed while `git worktree add` writes the files (the issue's 3,000-file case):
    no branch, directory or half-checked-out worktree stays behind."""
    p = prepared(lab, "switch")
    outcome = faults.run_trial(lab, p, kill, 0, sleep=0, when=_admin_dir_appeared)
    assert_intact(outcome)
    repo = os.path.join(p.base, "repo")
    assert git("branch", "--list", faults.NEW_BRANCH, cwd=repo) == ""
    assert not os.path.exists(os.path.join(p.base, f"repo.{faults.NEW_BRANCH}"))
    if kill is KILL:
        assert f"rolled back an interrupted switch -c {faults.NEW_BRANCH}" in outcome.stderr
    else:
        assert outcome.returncode == 128 + kill.signum


def test_push_killed_between_files_and_branch(lab: Any) -> None:
    """Ctrl-C after the target's files moved but before its branch did: the files go back."""
    p = prepared(lab, "push")
    repo = os.path.join(p.base, "repo")
    outcome = faults.run_trial(lab, p, INT, 0, sleep=0, hang="update-ref:before")
    assert_intact(outcome)
    assert outcome.returncode == 130
    assert git("status", "--porcelain", cwd=repo) == ""
    assert git("rev-parse", "main", cwd=repo) == git("rev-parse", "HEAD", cwd=repo)


def test_push_sigkilled_between_files_and_branch_is_rolled_back_next_time(lab: Any) -> None:
    p = prepared(lab, "push")
    outcome = faults.run_trial(lab, p, KILL, 0, sleep=0, hang="update-ref:before")
    assert_intact(outcome)
    assert "rolled back an interrupted push feat into main" in outcome.stderr


def test_remove_killed_between_its_two_moves_is_rolled_back_next_time(repo: Path) -> None:
    """Killed after moving the directory into the trash but before its git directory (a
    window of microseconds, so the state is made here as the journal describes it)."""
    feat = repo.parent / "repo.feat"
    git("worktree", "add", "-q", "-b", "feat", str(feat), cwd=repo)
    entry = repo / ".git" / "wt" / "trash" / "repo.feat-1-1"
    entry.mkdir(parents=True)
    os.rename(feat, entry / "tree")
    journal = repo / ".git" / "wt" / "journal"
    journal.mkdir()
    step = {"kind": "detach", "path": str(feat), "trash": str(entry / "tree"), "entry": str(entry)}
    (journal / "1-1-dead.json").write_text(
        json.dumps(
            {
                "version": 1,
                "operation": "remove",
                "title": "remove feat",
                "pid": 1,
                "started": 0,
                "settled": False,
                "steps": [step],
            }
        )
    )
    listed = wt("list", cwd=repo)
    assert "rolled back an interrupted remove feat (pid 1)" in listed.stderr
    assert (feat / "README").is_file()
    assert not entry.exists()
    assert git("status", "--porcelain", cwd=feat) == ""
    assert os.listdir(journal) == []


def test_squash_sigkilled_before_its_commit_keeps_the_branch(lab: Any) -> None:
    p = prepared(lab, "squash")
    feat = os.path.join(p.base, "repo.feat")
    p.reset()
    head = git("rev-parse", "HEAD", cwd=feat)
    outcome = faults.run_trial(lab, p, KILL, 0, sleep=0, hang="commit:before")
    assert_intact(outcome)
    assert git("rev-parse", "HEAD", cwd=feat) == head
    assert "rolled back an interrupted squash feat" in outcome.stderr


def _rebase_started(base: str) -> bool:
    admin = os.path.join(base, "repo", ".git", "worktrees", "repo.feat")
    return os.path.isdir(os.path.join(admin, "rebase-merge"))


@pytest.mark.parametrize("kill", [INT, KILL], ids=lambda k: k.label)
def test_rebase_killed_as_it_starts_is_aborted(lab: Any, kill: Any) -> None:
    """Killed the moment git starts the rebase: it is aborted (by the next command after
    SIGKILL), the branch is where it was, and no rebase is left in progress."""
    p = prepared(lab, "rebase")
    p.reset()
    old = git("rev-parse", "feat", cwd=p.where)
    outcome = faults.run_trial(lab, p, kill, 0, sleep=0, when=_rebase_started)
    assert_intact(outcome)
    assert git("rev-parse", "feat", cwd=p.where) in (old, git("rev-parse", "HEAD", cwd=p.where))
    assert git("symbolic-ref", "HEAD", cwd=p.where) == "refs/heads/feat\n"


def test_a_half_made_worktree_is_never_switched_to_or_merged_from(repo: Path) -> None:
    """Without a journal (made by something else), git-wt refuses with the fix."""
    half = repo.parent / "repo.half"
    tracked = git("ls-files", cwd=repo)
    git("worktree", "add", "-q", "--no-checkout", "-b", "half", str(half), cwd=repo)
    switched = wt("switch", "--no-cd", "half", cwd=repo)
    assert switched.returncode == 1
    assert "was never finished (it has no index" in switched.stderr
    assert "git worktree remove --force --force" in switched.stderr
    merged = wt("merge", "-y", "--no-hooks", cwd=half)
    assert merged.returncode == 1
    assert "cannot merge: the worktree of half was never finished" in merged.stderr
    assert git("ls-files", cwd=repo) == tracked


def test_a_live_operation_s_journal_is_left_alone(repo: Path) -> None:
    """Another git-wt still at work holds its journal's lock: no one rolls it back."""
    git("worktree", "add", "-q", "-b", "feat", str(repo.parent / "repo.feat"), cwd=repo)
    journal = repo / ".git" / "wt" / "journal"
    journal.mkdir(parents=True)
    (journal / "1-1-live.json").write_text(
        '{"version": 1, "operation": "switch", "title": "switch -c feat", "pid": 1,'
        ' "started": 0, "settled": false, "steps": [{"kind": "worktree_add", "path": "'
        + str(repo.parent / "repo.feat")
        + '", "checkout": "feat", "branch": null, "sha": null}]}'
    )
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT);"
            " fcntl.flock(fd, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(30)",
            str(journal / "1-1-live.lock"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        listed = wt("list", cwd=repo)
        assert listed.returncode == 0
        assert "rolled back" not in listed.stderr
        assert (repo.parent / "repo.feat").is_dir()
    finally:
        holder.kill()
        holder.wait()
    listed = wt("list", cwd=repo)
    assert "rolled back an interrupted switch -c feat (pid 1)" in listed.stderr
    assert not (repo.parent / "repo.feat").exists()
    assert os.listdir(journal) == []


# -- a random sample ---------------------------------------------------------------------------

# One trial per command (the benchmark runs thousands); the delays fall after start-up,
# where the commands do their work.
_rng = random.Random(11)
SAMPLE = [
    (name, _rng.choice([INT, TERM_PID, TERM, KILL]), _rng.uniform(0.25, 0.8))
    for name in faults.SCENARIOS
]


@pytest.mark.parametrize(
    ("name", "kill", "delay"), SAMPLE, ids=[f"{n}-{k.label}" for n, k, _ in SAMPLE]
)
def test_killed_at_a_random_moment(lab: Any, name: str, kill: Any, delay: float) -> None:
    assert_intact(faults.run_trial(lab, prepared(lab, name), kill, delay, sleep=0.02))
