"""Where `git wt switch -` goes: per shell with the integration, else `wt.state.previous`."""

from __future__ import annotations

import os

from git_wt.config import keys
from git_wt.errors import GitError
from git_wt.fs import atomic_write
from git_wt.git.repository import Repository, Worktree, is_within
from git_wt.shell import CD_FILE


def _shell() -> tuple[int, str] | None:
    """(pid, start time) of the integrated shell that runs this command, when one does.

    Only a run through the wrapper (which names its cd file) counts: programs a shell
    started inherit GIT_WT_SHELL_ACTIVE too, but they are not that shell."""
    if not os.environ.get(CD_FILE):
        return None
    from git_wt.shell.diagnose import loaded

    info = loaded()
    if info is None or info.pid is None or info.pid <= 0:
        return None
    return info.pid, _started(info.pid)


def _started(pid: int) -> str:
    """When process `pid` started (clock ticks since boot, from /proc), or "" unknown:
    a file left by a shell that is gone must not steer a new shell with the same pid."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as handle:
            stat = handle.read()
    except OSError:
        return ""
    fields = stat[stat.rfind(")") + 2 :].split()
    return fields[19] if len(fields) > 19 else ""


def _dir(repo: Repository) -> str:
    return os.path.join(repo.state_dir, "previous")


def read(repo: Repository) -> str | None:
    """The branch (or path, for a detached worktree) `-` names, or None when there is none."""
    shell = _shell()
    if shell is None:
        return repo.config.get(keys.PREVIOUS) or None
    pid, started = shell
    try:
        path = os.path.join(_dir(repo), str(pid))
        with open(path, encoding="utf-8", errors="surrogateescape") as handle:
            stamp, _, value = handle.read(65536).partition("\n")
    except OSError:
        return None
    if stamp != started:
        return None
    return value.strip("\n") or None


def record(repo: Repository, source: Worktree | None, destination: str) -> None:
    """Remember the worktree a switch to `destination` leaves, for `-`.

    Through the integration: the worktree the shell itself is in ($PWD), in a file of
    that shell's own; otherwise the worktree git-wt runs in, in wt.state.previous.
    Nothing is recorded when the switch leaves no worktree, or stays where it is."""
    shell = _shell()
    origin = _shell_worktree(repo) if shell is not None else source
    if origin is None or os.path.realpath(origin.path) == os.path.realpath(destination):
        return
    value = origin.branch or origin.path
    if shell is None:
        try:
            repo.git.run("config", "--local", keys.PREVIOUS, value, cwd=repo.any_dir)
        except GitError:
            pass  # only `switch -` loses out; not worth failing the switch for
        return
    pid, started = shell
    try:
        os.makedirs(_dir(repo), exist_ok=True)
        # A branch name that is not UTF-8 (git allows it) keeps its own bytes.
        data = f"{started}\n{value}\n".encode("utf-8", "surrogateescape")
        atomic_write(os.path.join(_dir(repo), str(pid)), data)
    except OSError:
        return  # as above
    _forget_gone_shells(repo)


def _shell_worktree(repo: Repository) -> Worktree | None:
    """The worktree holding the shell's directory ($PWD), the innermost when nested."""
    pwd = os.environ.get("PWD")
    if not pwd or not os.path.isabs(pwd):
        return None
    here = os.path.realpath(pwd)
    inside = [
        wt for wt in repo.worktrees if not wt.bare and is_within(here, os.path.realpath(wt.path))
    ]
    return max(inside, key=lambda wt: len(os.path.realpath(wt.path)), default=None)


def _forget_gone_shells(repo: Repository) -> None:
    """Drop the files of shells that have exited (a few bytes each, but no need to keep)."""
    try:
        names = os.listdir(_dir(repo))
    except OSError:
        return
    for name in names:
        if name.isdigit() and not _alive(int(name)):
            try:
                os.unlink(os.path.join(_dir(repo), name))
            except OSError:
                pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True
