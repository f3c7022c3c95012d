"""Small git probes and actions shared by merge and the steps (status, staging, ancestry)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from git_wt.errors import WtError
from git_wt.git.repository import Repository

STAGE_MODES = ("all", "tracked", "none")

# Files under the git dir whose presence means an operation stopped half-way.
_IN_PROGRESS = (
    ("rebase-merge", "a rebase"),
    ("rebase-apply", "a rebase (or git am)"),
    ("MERGE_HEAD", "a merge"),
    ("CHERRY_PICK_HEAD", "a cherry-pick"),
    ("REVERT_HEAD", "a revert"),
    ("BISECT_LOG", "a bisect"),
)


@dataclass(frozen=True)
class StatusEntry:
    """One line of `git status --porcelain -z`: index state, worktree state, path."""

    index: str
    worktree: str
    path: str
    orig_path: str | None = None

    @property
    def untracked(self) -> bool:
        return self.index == "?"

    @property
    def staged(self) -> bool:
        return self.index not in (" ", "?", "!")

    @property
    def unstaged(self) -> bool:
        return self.worktree not in (" ", "?", "!")


def status(repo: Repository, path: str, untracked: str = "all") -> list[StatusEntry]:
    out = repo.git.run(
        "--no-optional-locks",
        "status",
        "--porcelain=v1",
        "-z",
        f"--untracked-files={untracked}",
        "--ignore-submodules=none",
        cwd=path,
    ).stdout
    entries: list[StatusEntry] = []
    tokens = out.split("\0")
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if len(token) < 4:
            continue
        x, y, name = token[0], token[1], token[3:]
        orig = None
        if x in "RC" or y in "RC":
            orig = tokens[i] if i < len(tokens) else None
            i += 1
        entries.append(StatusEntry(x, y, name, orig))
    return entries


def operation_in_progress(repo: Repository, path: str) -> str | None:
    """What git operation is stopped half-way in the worktree at `path`, if any."""
    args: list[str] = ["rev-parse", "--path-format=absolute"]
    for marker, _ in _IN_PROGRESS:
        args += ["--git-path", marker]
    paths = repo.git.out(*args, cwd=path).split("\n")
    for (_, what), found in zip(_IN_PROGRESS, paths, strict=False):
        if found and os.path.exists(found):
            return what
    return None


def unmerged_paths(repo: Repository, path: str) -> list[str]:
    out = repo.git.run("ls-files", "--unmerged", "-z", cwd=path).stdout
    seen: list[str] = []
    for record in out.split("\0"):
        if "\t" in record:
            name = record.split("\t", 1)[1]
            if name not in seen:
                seen.append(name)
    return seen


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def check_ready(repo: Repository, path: str, branch: str | None, action: str) -> str:
    """Refuse to `action` mid-operation, with conflicts, or on a detached HEAD; the branch."""
    what = operation_in_progress(repo, path)
    if what:
        raise WtError(
            f"cannot {action}: {what} is in progress in {path}",
            hint="finish it (e.g. git rebase --continue) or abort it (git rebase --abort), "
            "then run the command again",
        )
    conflicts = unmerged_paths(repo, path)
    if conflicts:
        raise WtError(
            f"cannot {action}: {plural(len(conflicts), 'path')} with unresolved conflicts",
            detail="\n".join(conflicts[:10]),
            hint="resolve them and `git add` the results, then run the command again",
        )
    if branch is None:
        raise WtError(
            f"cannot {action}: HEAD is detached (not on a branch)",
            hint="create or switch to a branch first: git switch -c NAME",
        )
    return branch


def has_work(entries: list[StatusEntry], mode: str) -> bool:
    """Would staging with `mode` leave something staged?"""
    if mode == "all":
        return bool(entries)
    if mode == "tracked":
        return any(e.staged or e.unstaged for e in entries if not e.untracked)
    return any(e.staged for e in entries)


def stage(repo: Repository, path: str, mode: str) -> list[str]:
    """Stage per `--stage`; returns the untracked paths that `all` added."""
    if mode == "all":
        new = [e.path for e in status(repo, path) if e.untracked]
        repo.git.run("add", "--all", "--", ":/", cwd=path)
        return new
    if mode == "tracked":
        repo.git.run("add", "--update", "--", ":/", cwd=path)
    return []


def has_staged(repo: Repository, path: str, against: str = "HEAD") -> bool:
    return not repo.git.ok("diff", "--cached", "--quiet", "--no-ext-diff", against, "--", cwd=path)


def staged_paths(
    repo: Repository, path: str, against: str = "HEAD", env: Mapping[str, str] | None = None
) -> list[str]:
    out = repo.git.run(
        "diff", "--cached", "--name-only", "-z", "--no-renames", against, "--", cwd=path, env=env
    ).stdout
    return [p for p in out.split("\0") if p]


def rev(repo: Repository, ref: str, cwd: str | None = None) -> str | None:
    result = repo.git.run(
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        f"{ref}^{{commit}}",
        cwd=cwd or repo.any_dir,
        check=False,
    )
    return result.stdout.strip() if result.ok else None


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
    return int(repo.git.out("rev-list", "--count", f"{base}..{head}", "--", cwd=repo.any_dir))


def has_merges(repo: Repository, base: str, head: str) -> bool:
    out = repo.git.out("rev-list", "--merges", "--max-count=1", f"{base}..{head}", "--")
    return bool(out)


@dataclass(frozen=True)
class DiffStat:
    files: int = 0
    added: int = 0
    deleted: int = 0

    def describe(self) -> str:
        return f"{plural(self.files, 'file')}, +{self.added} -{self.deleted}"


def diff_stat(repo: Repository, old: str, new: str) -> DiffStat:
    out = repo.git.run(
        "diff", "--numstat", "-z", "--no-renames", old, new, "--", cwd=repo.any_dir
    ).stdout
    files = added = deleted = 0
    for record in out.split("\0"):
        parts = record.split("\t")
        if len(parts) < 3:
            continue
        files += 1
        added += int(parts[0]) if parts[0].isdigit() else 0
        deleted += int(parts[1]) if parts[1].isdigit() else 0
    return DiffStat(files, added, deleted)


def changed_paths(repo: Repository, old: str, new: str) -> list[tuple[str, str]]:
    """(status letter, path) for every path that differs between two commits."""
    out = repo.git.run(
        "diff", "--name-status", "-z", "--no-renames", old, new, "--", cwd=repo.any_dir
    ).stdout
    tokens = [t for t in out.split("\0") if t]
    return list(zip(tokens[0::2], tokens[1::2], strict=False))


def upstream_of(repo: Repository, branch: str) -> str | None:
    """The full ref of a local branch's upstream (refs/remotes/... or refs/heads/...)."""
    out = repo.git.out(
        "for-each-ref", "--format=%(upstream)", f"refs/heads/{branch}", cwd=repo.any_dir
    )
    return out.strip() or None


def short_ref(ref: str) -> str:
    for prefix in ("refs/heads/", "refs/remotes/", "refs/tags/"):
        if ref.startswith(prefix):
            return ref[len(prefix) :]
    return ref
