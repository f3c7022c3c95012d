"""`git wt config show` warns about keys left over from the Go git-wt tools."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import git, wt


def test_config_show_names_a_legacy_key_and_its_replacement(repo: Path) -> None:
    git("config", "wt.basedir", "../trees", cwd=repo)
    res = wt("config", "show", "--format", "json", cwd=repo)
    assert res.returncode == 0, res.stderr
    problems = json.loads(res.stdout)["problems"]
    legacy = [p for p in problems if p.startswith("wt.basedir")]
    assert len(legacy) == 1
    assert "wt.worktree-path" in legacy[0]


def test_config_show_without_legacy_keys_has_no_such_warning(repo: Path) -> None:
    res = wt("config", "show", "--format", "json", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert not [p for p in json.loads(res.stdout)["problems"] if "Go git-wt" in p]
