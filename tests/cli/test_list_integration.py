"""The list's integration shortcut (one walk, disjoint paths) agrees with `git wt remove`."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import commit, git, rev, wt

from git_wt.git.merged import integration_reason
from git_wt.git.repository import Repository
from git_wt.git.shacache import ShaCache
from git_wt.listing import tasks
from git_wt.listing.tasks import branch_stats, counts, integration


def branch(repo: Path, name: str, base: str = "main") -> None:
    git("switch", "-q", "-c", name, base, cwd=repo)


def build(repo: Path) -> list[str]:
    """Branches in every relation to main that the checks tell apart."""
    commit(repo, "shared.txt", "one\ntwo\nthree\n", "shared file")
    names = []
    branch(repo, "disjoint")
    commit(repo, "mine.txt", "mine\n", "own file")
    branch(repo, "same-file-clean")
    commit(repo, "shared.txt", "ONE\ntwo\nthree\n", "first line")
    branch(repo, "conflict")
    commit(repo, "shared.txt", "one\ntwo\nTHREE-conflict\n", "third line, theirs")
    branch(repo, "squashed")
    commit(repo, "sq.txt", "a\n", "squash part 1")
    commit(repo, "sq2.txt", "b\n", "squash part 2")
    branch(repo, "dir-vs-file")
    commit(repo, "thing/inside.txt", "x\n", "a directory")
    branch(repo, "picked")
    commit(repo, "pick.txt", "p\n", "to be cherry-picked")
    branch(repo, "ancestor")
    branch(repo, "criss")
    commit(repo, "criss.txt", "c\n", "criss")
    names += ["disjoint", "same-file-clean", "conflict", "squashed", "dir-vs-file", "picked"]
    names += ["ancestor", "criss"]
    git("switch", "-q", "main", cwd=repo)
    commit(repo, "shared.txt", "one\ntwo\nTHREE-main\n", "third line, ours")
    commit(repo, "thing", "a file\n", "a file where the branch has a directory")
    git("merge", "-q", "--squash", "squashed", cwd=repo)
    git("commit", "-q", "-m", "squash", cwd=repo)
    git("cherry-pick", "picked", cwd=repo)
    git("merge", "-q", "--no-edit", "criss", cwd=repo)
    git("switch", "-q", "criss", cwd=repo)
    git("merge", "-q", "--no-edit", "main~1", cwd=repo, check=False)
    git("switch", "-q", "main", cwd=repo)
    commit(repo, "after.txt", "z\n", "main moves on")
    return names


@pytest.mark.parametrize("shortcut_from", [0, 100])
def test_shortcut_gives_the_same_reason_as_the_full_checks(
    repo: Path, shortcut_from: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 0: the disjoint-paths shortcut is tried on every branch, not only far-behind ones.
    monkeypatch.setattr(tasks, "SHORTCUT_BEHIND", shortcut_from)
    names = build(repo)
    target = rev(repo, "main")
    r = Repository.discover(str(repo))
    cache = ShaCache(None)
    seen = {}
    for name in names:
        sha = rev(repo, name)
        found = counts(r, cache, target, sha)
        stats = branch_stats(r, cache, target, sha, found.merge_base if found else None)
        tree_of = git("rev-parse", f"{name}^{{tree}}", "main^{tree}", cwd=repo).split()
        trees = (tree_of[0], tree_of[1])
        fast = integration(r, cache, sha, target, found, stats, trees)
        full = integration_reason(r.git, r.common_dir, sha, target)
        assert fast == full, name
        seen[name] = fast
        mb = git("merge-base", target, sha, cwd=repo).strip()
        assert found is not None and (found.merge_base == mb or not found.unique_base)
        behind, ahead = git(
            "rev-list", "--left-right", "--count", f"{target}...{sha}", cwd=repo
        ).split()
        assert (found.ahead, found.behind) == (int(ahead), int(behind))
        shortstat = git("diff", "--shortstat", f"{target}...{sha}", cwd=repo)
        assert stats is not None
        if stats.files:
            assert f"{stats.files} file" in shortstat
        else:
            assert shortstat == ""
    assert seen["disjoint"] is None
    assert seen["squashed"] == "merge_adds_nothing"
    assert seen["ancestor"] == "ancestor"
    assert seen["picked"] in ("merge_adds_nothing", "patch_id_match")


def test_unrelated_history_is_never_integrated(repo: Path) -> None:
    git("switch", "-q", "--orphan", "island", cwd=repo)
    commit(repo, "island.txt", "i\n", "another root")
    git("switch", "-q", "main", cwd=repo)
    doc = wt("list", "--format", "json", "--branches", cwd=repo).json()
    island = next(i for i in doc["items"] if i["branch"] == "island")
    assert island["default_branch"]["integrated"] is None
    assert island["default_branch"]["ahead"] == 1 and island["default_branch"]["behind"] == 1
    assert island["symbols"] == "↕"


@pytest.mark.parametrize("columns", ["branch,branch-diff", "branch,ahead-behind", "branch,status"])
def test_any_relation_column_alone_is_filled(repo: Path, columns: str) -> None:
    path = repo.parent / "repo.feat"
    git("worktree", "add", "-q", "-b", "feat", str(path), cwd=repo)
    commit(path, "f.txt", "f\ng\n", "feature")
    git("config", "wt.list.columns", columns, cwd=repo)
    lines = wt("list", cwd=repo).stdout.splitlines()
    expected = {"branch,branch-diff": "+2", "branch,ahead-behind": "↑1", "branch,status": "↑"}
    assert lines[2].split() == ["+", "feat", expected[columns]]
