"""All the work a merge would bring in: the diff since the merge-base, uncommitted included."""

from __future__ import annotations

from dataclasses import dataclass

from git_wt.errors import WtError
from git_wt.git.history import merge_base
from git_wt.git.refs import rev
from git_wt.git.repository import Repository
from git_wt.ops.merge.source import resolve_target_branch, scratch_index


@dataclass(frozen=True)
class DiffOptions:
    """`git wt step diff`: TARGET (None: the default branch), extra `git diff` arguments."""

    target: str | None = None
    extra: tuple[str, ...] = ()
    color: bool = False


@dataclass(frozen=True)
class BranchDiff:
    path: str  # the worktree the diff was taken in
    text: str


def branch_diff(repo: Repository, opts: DiffOptions, cwd: str) -> BranchDiff:
    """The current worktree's work since its merge-base with TARGET."""
    wt = repo.current
    if wt is None:
        raise WtError("not inside a worktree", hint="cd into one, or pass -C PATH")
    target = resolve_target_branch(repo, opts.target, cwd)
    head = rev(repo, "HEAD", cwd=wt.path)
    tip = rev(repo, f"refs/heads/{target}")
    if head is None or tip is None:
        raise WtError("there is no commit to compare with yet", hint="commit something first")
    mb = merge_base(repo, head, tip)
    if mb is None:
        raise WtError(f"HEAD and {target} share no history", hint="name another TARGET")
    return BranchDiff(wt.path, full_diff(repo, wt.path, mb, opts.extra, color=opts.color))


def full_diff(
    repo: Repository, path: str, base: str, extra: tuple[str, ...], *, color: bool
) -> str:
    """`git diff BASE` over committed, staged, unstaged and untracked work.

    Untracked files are added intent-to-add in a scratch copy of the index, so they show
    as new files while the real index stays exactly as it was."""
    with scratch_index(repo, path) as env:
        repo.git.run("add", "--intent-to-add", "--all", "--", ":/", cwd=path, env=env)
        argv = ["diff", f"--color={'always' if color else 'never'}", *extra, base, "--"]
        return repo.git.run(*argv, cwd=path, env=env).stdout
