"""Issue 12 findings that need a process of their own: a worktree the process cannot
read (root's powers dropped when the tests run as root), and bytes that are not UTF-8
written to a real stdout."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from helpers import git, worktree_map


def test_step_eval_writes_bytes_that_are_not_utf8_as_they_came(repo: Path) -> None:
    proc = subprocess.run(
        ["git", "wt", "step", "eval", b"\xffname".decode("utf-8", "surrogateescape")],
        cwd=repo,
        capture_output=True,
        check=False,
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, b"\xffname\n", b"")


# -- finding 7: an unreadable worktree is named as such -----------------------------------


def _without_root_powers() -> list[str]:
    """A prefix that runs a command without root's power to read any file, if root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    assert setpriv, "the tests run as root: they need setpriv (util-linux)"
    return [setpriv, "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"]


def test_removing_an_unreadable_worktree_says_it_cannot_be_read(repo: Path) -> None:
    path = repo.parent / "locked-out"
    git("worktree", "add", "-q", "-b", "locked-out", str(path), cwd=repo)
    path.chmod(0o000)
    try:
        proc = subprocess.run(
            [*_without_root_powers(), "git", "wt", "remove", "locked-out"],
            cwd=repo,
            capture_output=True,
            encoding="utf-8",
            check=False,
        )
    finally:
        path.chmod(0o755)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.splitlines() == [
        f"✗ cannot read {path}: permission denied",
        f"↳ give yourself access first (chmod u+rwx {path}), then run it again",
    ]
    assert path.is_dir() and "locked-out" in worktree_map(repo)
