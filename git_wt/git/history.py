"""History: ancestry, merge bases, commit lists and the ahead/behind counts."""

from __future__ import annotations

from dataclasses import dataclass

from git_wt.git.repository import Repository
from git_wt.git.run import Git


def is_ancestor(repo: Repository, ancestor: str, descendant: str) -> bool:
    return repo.git.ok("merge-base", "--is-ancestor", ancestor, descendant, cwd=repo.any_dir)


def merge_base(repo: Repository, a: str, b: str) -> str | None:
    result = repo.git.run("merge-base", a, b, cwd=repo.any_dir, check=False)
    return result.stdout.strip() if result.ok else None


@dataclass(frozen=True)
class Commit:
    sha: str
    subject: str
    body: str


def commits_between(repo: Repository, base: str, head: str, limit: int = 0) -> list[Commit]:
    """Commits in base..head, oldest first."""
    args = ["log", "--reverse", "-z", "--format=%H%x1f%s%x1f%b"]
    if limit:
        args.append(f"--max-count={limit}")
    out = repo.git.run(*args, f"{base}..{head}", "--", cwd=repo.any_dir).stdout
    commits: list[Commit] = []
    for record in out.split("\0"):
        record = record.strip("\n")
        if not record:
            continue
        sha, subject, body = [*record.split("\x1f"), "", ""][:3]
        commits.append(Commit(sha, subject, body.strip()))
    return commits


def count_between(repo: Repository, base: str, head: str) -> int:
    """How many commits base..head holds."""
    return int(repo.git.out("rev-list", "--count", f"{base}..{head}", "--", cwd=repo.any_dir))


def has_merges(repo: Repository, base: str, head: str) -> bool:
    out = repo.git.out("rev-list", "--merges", "--max-count=1", f"{base}..{head}", "--")
    return bool(out)


def ahead_behind(git: Git, cwd: str, base: str, head: str) -> tuple[int, int] | None:
    """(ahead, behind) of `head` against `base` (any revisions); None when git cannot tell."""
    result = git.run(
        "rev-list", "--left-right", "--count", f"{base}...{head}", "--", cwd=cwd, check=False
    )
    if not result.ok:
        return None
    behind, ahead = (int(x) for x in result.stdout.split())
    return ahead, behind


@dataclass(frozen=True)
class Counts:
    """One walk's worth of facts about a commit against a target commit."""

    ahead: int
    behind: int
    merge_base: str | None  # None: unrelated histories
    unique_base: bool  # the merge base is the only one (so it is the one merges use)


def walk_counts(git: Git, cwd: str, target: str, sha: str) -> Counts | None:
    """Ahead/behind and the merge base of `sha` against `target`, from one history walk.

    `rev-list --left-right --boundary` lists the commits on each side and the commits
    just outside both; every merge base is among the latter, so a single one is the
    merge base. None when objects are missing (a shallow clone?).
    """
    if target == sha:
        return Counts(0, 0, sha, unique_base=True)
    walk = git.run(
        "rev-list", "--left-right", "--boundary", f"{target}...{sha}", "--", cwd=cwd, check=False
    )
    if not walk.ok:
        return None
    ahead = behind = 0
    bounds: list[str] = []
    for line in walk.stdout.splitlines():
        mark = line[:1]
        if mark == ">":
            ahead += 1
        elif mark == "<":
            behind += 1
        elif mark == "-":
            bounds.append(line[1:])
    unique = True
    base: str | None
    if ahead == 0:
        base = sha
    elif behind == 0:
        base = target
    elif len(bounds) == 1:
        base = bounds[0]
    elif not bounds:
        base = None
    else:
        # Several candidates (criss-cross merges, merged side branches): ask git.
        found_base = git.run("merge-base", target, sha, cwd=cwd, check=False)
        base = found_base.stdout.strip() if found_base.ok else None
        unique = False
    return Counts(ahead, behind, base, unique)
