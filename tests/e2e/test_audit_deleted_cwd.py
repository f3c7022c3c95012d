"""Audit: a shell whose cwd was deleted gets a one-line error with a hint, exit 1."""

from __future__ import annotations

import subprocess
from pathlib import Path

from helpers import TIMEOUT, _env


def _assert_handled(result_code: int, stdout: str, stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
    assert result_code == 1, stderr
    assert stdout == ""
    lines = stderr.splitlines()
    assert lines and lines[0].startswith("✗ "), stderr
    assert any(line.startswith("↳ ") for line in lines), stderr


def test_a_cwd_that_was_deleted_is_a_handled_error(repo: Path, work: Path) -> None:
    gone = repo / "gone"
    gone.mkdir()
    # A shell whose directory was removed by another command (e.g. a remove elsewhere).
    script = 'cd "$1" && rmdir "$1" && exec git wt switch main'
    proc = subprocess.run(
        ["sh", "-c", script, "sh", str(gone)],
        cwd=repo,
        env=_env(None, gone),
        capture_output=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        check=False,
    )
    _assert_handled(proc.returncode, proc.stdout, proc.stderr)
