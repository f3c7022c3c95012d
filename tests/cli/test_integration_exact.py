"""Integration is exact: a change that differs from the target only in white space is
not merged, so remove, step prune and list never treat it as integrated."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers import assert_no_traceback, commit, git, local_branches, wt

# (the branch's version of line two, the version main took) — equal but for white space.
CASES = {
    "indentation": ("  TWO\n", "    TWO\n"),
    "tab-vs-space": ("\tTWO\n", "    TWO\n"),
    "trailing-space": ("TWO \n", "TWO\n"),
}


def whitespace_twin(repo: Path, ours: str, theirs: str) -> Path:
    """A branch whose change main applied with different white space, then edited again
    (so a simulated merge conflicts and only a patch-id could call it merged)."""
    commit(repo, "f.txt", "one\ntwo\nthree\n", "base for f")
    feat = repo.parent / "repo.feat"
    git("worktree", "add", "-q", "-b", "feat", str(feat), "main", cwd=repo)
    commit(feat, "f.txt", f"one\n{ours}three\n", "change line two")
    commit(repo, "f.txt", f"one\n{theirs}three\n", "main's take on line two")
    commit(repo, "f.txt", "one\n2\nthree\n", "edit the same line again")
    merged = subprocess.run(
        ["git", "merge-tree", "--write-tree", "main", "feat"],
        cwd=repo,
        capture_output=True,
        check=False,
    )
    assert merged.returncode == 1, "the case must make merge-tree conflict"
    return feat


@pytest.mark.parametrize("case", list(CASES))
def test_remove_keeps_a_branch_that_differs_only_in_white_space(repo: Path, case: str) -> None:
    feat = whitespace_twin(repo, *CASES[case])
    res = wt("remove", "feat", "--format", "json", cwd=repo)
    assert_no_traceback(res.stdout, res.stderr)
    assert res.returncode == 0, res.stderr
    assert res.json() == [
        {"branch": "feat", "path": str(feat), "branch_outcome": "retained_unmerged"}
    ]
    assert "feat" in local_branches(repo)


@pytest.mark.parametrize("case", list(CASES))
def test_prune_leaves_a_branch_that_differs_only_in_white_space(repo: Path, case: str) -> None:
    feat = whitespace_twin(repo, *CASES[case])
    res = wt("step", "prune", "--min-age", "0", "--format", "json", cwd=repo)
    assert_no_traceback(res.stdout, res.stderr)
    assert res.returncode == 0, res.stderr
    assert res.json() == []
    assert feat.is_dir()
    assert "feat" in local_branches(repo)


@pytest.mark.parametrize("case", list(CASES))
def test_list_does_not_call_a_white_space_twin_integrated(repo: Path, case: str) -> None:
    whitespace_twin(repo, *CASES[case])
    res = wt("list", "--format", "json", cwd=repo)
    assert res.returncode == 0, res.stderr
    rows = {item["branch"]: item for item in res.json()["items"]}
    assert rows["feat"]["default_branch"]["integrated"] is None
