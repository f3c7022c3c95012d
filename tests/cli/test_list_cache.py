"""The SHA-keyed cache of `git wt list`: used on the next run, never stale, safe to share."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import commit, git, rev, wt

from git_wt.git.shacache import VERSION


def feature(repo: Path) -> Path:
    path = repo.parent / "repo.feat"
    git("worktree", "add", "-q", "-b", "feat", str(path), cwd=repo)
    commit(path, "f.txt", "f\n", "feature")
    return path


def cache_file(repo: Path, kind: str, *shas: str) -> Path:
    key = "-".join(shas)
    return repo / ".git" / "wt" / "cache" / VERSION / kind / key[:2] / f"{key}.json"


def relation(repo: Path) -> dict[str, object]:
    doc = wt("list", "--format", "json", cwd=repo).json()
    found: dict[str, object] = next(i for i in doc["items"] if i["branch"] == "feat")[
        "default_branch"
    ]
    return found


def git_calls(repo: Path) -> list[str]:
    err = wt("-v", "list", cwd=repo).stderr
    return [line.split()[2] for line in err.splitlines() if line.startswith("$ git")]


def test_first_run_fills_the_cache_and_the_second_uses_it(repo: Path) -> None:
    path = feature(repo)
    main_sha, feat_sha = rev(repo, "main"), rev(path, "HEAD")
    cold = git_calls(repo)
    assert "rev-list" in cold and "diff" in cold
    assert json.loads(cache_file(repo, "counts", main_sha, feat_sha).read_text()) == {
        "value": [1, 0, main_sha, True]
    }
    assert cache_file(repo, "diff-stats", main_sha, feat_sha).exists()
    assert cache_file(repo, "integration", feat_sha, main_sha).exists()
    warm = git_calls(repo)
    assert not {"rev-list", "merge-tree", "diff", "merge-base"} & {
        w for w in warm if w != "--no-optional-locks"
    }
    # Only the skeleton and the per-worktree status remain.
    assert sorted(set(warm)) == [
        "--no-optional-locks",
        "config",
        "for-each-ref",
        "rev-parse",
        "worktree",
    ]


def test_cached_values_are_read_and_new_commits_get_new_keys(repo: Path) -> None:
    path = feature(repo)
    main_sha, feat_sha = rev(repo, "main"), rev(path, "HEAD")
    assert relation(repo)["ahead"] == 1
    # Plant a value no git run would give: the next run must show it (the cache is read).
    planted = f'{{"value": [42, 7, "{main_sha}", true]}}'
    cache_file(repo, "counts", main_sha, feat_sha).write_text(planted)
    assert (relation(repo)["ahead"], relation(repo)["behind"]) == (42, 7)
    # A new commit on the branch is a new key: the planted value is never seen again.
    commit(path, "g.txt", "g\n", "more")
    assert (relation(repo)["ahead"], relation(repo)["behind"]) == (2, 0)
    # So does a new commit on the default branch.
    commit(repo, "m.txt", "m\n", "main moves")
    assert (relation(repo)["ahead"], relation(repo)["behind"]) == (2, 1)


def test_corrupt_or_unwritable_cache_is_only_a_miss(repo: Path) -> None:
    path = feature(repo)
    main_sha, feat_sha = rev(repo, "main"), rev(path, "HEAD")
    wt("list", cwd=repo)
    cache_file(repo, "counts", main_sha, feat_sha).write_text("{not json")
    assert relation(repo)["ahead"] == 1
    root = repo / ".git" / "wt" / "cache"
    for sub in root.rglob("*"):
        if sub.is_file():
            sub.unlink()
    root.chmod(0o500)
    try:
        result = wt("list", cwd=repo)
        assert result.returncode == 0 and "Traceback" not in result.stderr
    finally:
        root.chmod(0o700)


def test_old_entries_are_pruned_once_a_day(repo: Path) -> None:
    import os
    import time

    path = feature(repo)
    main_sha, feat_sha = rev(repo, "main"), rev(path, "HEAD")
    wt("list", cwd=repo)
    entry = cache_file(repo, "counts", main_sha, feat_sha)
    stamp = repo / ".git" / "wt" / "cache" / VERSION / ".pruned"
    assert entry.exists() and stamp.exists()
    old = time.time() - 40 * 86400
    os.utime(entry, (old, old))
    wt("list", cwd=repo)
    assert entry.exists()  # pruned less than a day ago: no walk this time
    os.utime(stamp, (old, old))
    os.utime(entry, (old, old))
    wt("list", "--format", "json", cwd=repo)  # JSON output does not prune
    assert entry.exists()
    wt("list", cwd=repo)
    assert not entry.exists()
    assert cache_file(repo, "diff-stats", main_sha, feat_sha).exists()  # recent: kept
    assert relation(repo)["ahead"] == 1
