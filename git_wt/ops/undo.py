"""The undo trash: what a removal takes away waits here for `wt.remove.keep`, so that
`git wt undo` can put it back; expired entries are purged by later commands.

An entry is a directory `<git-common-dir>/wt/trash/<epoch>-<pid>-<random>-<label>`:
`manifest.json` (written before anything is moved in), `tree/` (the worktree's directory
with every file it had) and `admin/` (its git directory from `<common>/worktrees/`, which
holds its index, HEAD, per-worktree refs and config). The epoch in the name is the
removal time, so finding expired entries reads one directory and no file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from git_wt.config import keys
from git_wt.config.duration import get_duration
from git_wt.errors import WtError
from git_wt.fs import atomic_write, repo_lock
from git_wt.git.repository import Repository
from git_wt.templates.quoting import quote_arg

TRASH = "trash"
MANIFEST = "manifest.json"
TREE = "tree"
ADMIN = "admin"
# An entry being deleted is first renamed to this prefix: it leaves the list at once, and
# a purge and an undo can never both get it.
DOOMED = ".doomed-"
# Other processes leave an entry alone this long, whatever the keep time: its removal may
# still be under way (with keep 0 the removing process deletes its own entry).
GRACE = 60
_LABEL = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Entry:
    """One removal in the trash."""

    dir: str
    removed_at: float
    branch: str | None = None
    sha: str | None = None  # the branch's tip when it was removed
    head: str | None = None  # the worktree's HEAD commit
    path: str | None = None  # the worktree's directory; None for a branch alone
    admin: str | None = None  # its git directory's name under <common>/worktrees
    config: tuple[tuple[str, str], ...] = ()  # the branch's `branch.X.*` keys

    @property
    def id(self) -> str:
        return os.path.basename(self.dir)

    @property
    def tree(self) -> str:
        return os.path.join(self.dir, TREE)

    @property
    def has_tree(self) -> bool:
        return os.path.isdir(self.tree)

    def manifest(self) -> dict[str, Any]:
        return {
            "version": 1,
            "removed_at": self.removed_at,
            "branch": self.branch,
            "sha": self.sha,
            "head": self.head,
            "path": self.path,
            "admin": self.admin,
            "config": [list(pair) for pair in self.config],
        }

    def as_json(self, keep: int) -> dict[str, Any]:
        return {
            "id": self.id,
            "branch": self.branch,
            "path": self.path if self.has_tree else None,
            "commit": self.sha or self.head,
            "removed_at": _iso(self.removed_at),
            "expires_at": _iso(self.removed_at + max(keep, GRACE)),
        }


def _iso(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def keep_seconds(repo: Repository) -> int:
    """`wt.remove.keep` in seconds (read from the config snapshot: no process)."""
    return get_duration(repo.config, keys.REMOVE_KEEP, keys.DEFAULT_REMOVE_KEEP)


def trash_dir(repo: Repository) -> str:
    return os.path.join(repo.state_dir, TRASH)


# -- filling the trash (ops/remove calls these under the repository lock) -------------


def open_entry(
    repo: Repository,
    *,
    branch: str | None,
    sha: str | None,
    head: str | None = None,
    path: str | None = None,
    admin: str | None = None,
    with_config: bool = True,
) -> Entry:
    """A new entry with its manifest, written before anything is moved into it, so that a
    removal killed half-way still leaves an entry that says what it holds."""
    now = time.time()
    label = _LABEL.sub("-", os.path.basename(path) if path else branch or "entry")[:80]
    name = f"{int(now)}-{os.getpid()}-{os.urandom(3).hex()}-{label}"
    directory = repo.state_path(TRASH, name)
    os.mkdir(directory)
    config = branch_config(repo, branch) if branch and sha and with_config else ()
    entry = Entry(directory, now, branch, sha, head, path, admin, config)
    atomic_write(os.path.join(directory, MANIFEST), json.dumps(entry.manifest()).encode())
    return entry


def branch_config(repo: Repository, branch: str) -> tuple[tuple[str, str], ...]:
    """The local `branch.<branch>.*` keys in file order (upstream, description, ...)."""
    listed = repo.git.run("config", "--local", "-z", "--list", cwd=repo.any_dir, check=False)
    prefix = f"branch.{branch}."
    found: list[tuple[str, str]] = []
    for record in listed.stdout.split("\0"):
        key, _, value = record.partition("\n")
        # Subsections keep their case and may hold dots; the variable name has none.
        if key.startswith(prefix) and key[len(prefix) :] and "." not in key[len(prefix) :]:
            found.append((key, value))
    return tuple(found)


def keep_git_dir(repo: Repository, entry: Entry, admin: str) -> None:
    """Move a worktree's git directory into its entry: this is what unregisters it."""
    if os.path.dirname(os.path.normpath(admin)) != os.path.join(repo.common_dir, "worktrees"):
        raise OSError(f"{admin} is not where git keeps worktrees' git directories")
    os.rename(admin, os.path.join(entry.dir, ADMIN))


def discard(entry: Entry, *, foreground: bool) -> None:
    """Delete an entry now (keep is 0, or the removal kept nothing in it)."""
    doomed = _doom(entry.dir)
    if doomed:
        _delete([doomed], foreground=foreground)


def _doom(path: str) -> str | None:
    target = os.path.join(os.path.dirname(path), DOOMED + os.path.basename(path))
    try:
        os.rename(path, target)
    except OSError:
        return None  # gone already, or restored meanwhile
    return target


def _delete(paths: Sequence[str], *, foreground: bool) -> None:
    if not paths:
        return
    if not foreground:
        from git_wt.proc import spawn_detached

        try:
            spawn_detached(["rm", "-rf", "--", *paths])
            return
        except OSError:
            pass  # no `rm` to start: delete them here
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


# -- reading and purging ---------------------------------------------------------------


def _born(trash: str, name: str) -> float:
    """When an entry was made: the epoch its name starts with, else its mtime."""
    head = name.removeprefix(DOOMED).partition("-")[0]
    if head.isdigit():
        return float(head)
    try:
        return os.lstat(os.path.join(trash, name)).st_mtime
    except OSError:
        return time.time()


def purge_expired(repo: Repository, *, foreground: bool = False) -> list[str]:
    """Delete the entries older than the keep time (at least GRACE), and what a killed
    deletion left behind; returns the ids purged. Cheap: one directory listing."""
    trash = trash_dir(repo)
    try:
        names = os.listdir(trash)
    except OSError:
        return []
    if not names:
        return []
    keep = keep_seconds(repo)
    now = time.time()
    doomed: list[str] = []
    purged: list[str] = []
    for name in names:
        if now - _born(trash, name) < max(keep, GRACE):
            continue
        if name.startswith(DOOMED):
            doomed.append(os.path.join(trash, name))  # a deletion that was cut short
            continue
        target = _doom(os.path.join(trash, name))
        if target:
            doomed.append(target)
            purged.append(name)
    _delete(doomed, foreground=foreground)
    return purged


def purge_all(repo: Repository) -> list[Entry]:
    """Empty the trash now (`git wt undo --purge`); returns the entries deleted."""
    with repo_lock(repo.state_dir):
        gone = entries(repo)
        trash = trash_dir(repo)
        names = os.listdir(trash) if os.path.isdir(trash) else []
        doomed = [
            os.path.join(trash, n) if n.startswith(DOOMED) else _doom(os.path.join(trash, n))
            for n in names
        ]
    _delete([d for d in doomed if d], foreground=True)
    return gone


def entries(repo: Repository) -> list[Entry]:
    """What can be restored, newest first (entries without a readable manifest are left
    for the purge)."""
    trash = trash_dir(repo)
    try:
        names = os.listdir(trash)
    except OSError:
        return []
    found = []
    for name in names:
        if name.startswith(DOOMED):
            continue
        entry = _read(os.path.join(trash, name))
        if entry is not None and (entry.has_tree or entry.branch):
            found.append(entry)
    found.sort(key=lambda e: (e.removed_at, e.id), reverse=True)
    return found


def _read(directory: str) -> Entry | None:
    try:
        with open(os.path.join(directory, MANIFEST), encoding="utf-8") as handle:
            doc = json.load(handle)
        return Entry(
            dir=directory,
            removed_at=float(doc["removed_at"]),
            branch=_text(doc.get("branch")),
            sha=_text(doc.get("sha")),
            head=_text(doc.get("head")),
            path=_text(doc.get("path")),
            admin=_text(doc.get("admin")),
            config=tuple((str(k), str(v)) for k, v in doc.get("config") or ()),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


# -- restoring -----------------------------------------------------------------------


@dataclass(frozen=True)
class UndoOptions:
    selector: str | None = None  # a branch or the worktree's path; None: the newest entry


@dataclass(frozen=True)
class UndoResult:
    entry: Entry
    worktree_restored: bool
    branch_restored: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "branch": self.entry.branch,
            "path": self.entry.path if self.worktree_restored else None,
            "commit": self.entry.sha or self.entry.head,
            "worktree_restored": self.worktree_restored,
            "branch_restored": self.branch_restored,
        }


def undo(repo: Repository, opts: UndoOptions, cwd: str) -> UndoResult:
    """Put back the newest removal (or the one of `opts.selector`): its directory with
    every file, its registration at the same path, its branch at the old tip with the
    branch's config. Refuses, changing nothing, when the path or the branch is taken."""
    with repo_lock(repo.state_dir):
        repo.refresh_worktrees()
        repo.refresh_branches()
        entry = _pick(entries(repo), opts.selector, cwd)
        restore_tree = entry.has_tree and entry.path is not None
        registered = restore_tree and _still_registered(repo, entry)
        if restore_tree and not registered:
            _check_path_free(repo, entry)
        make_branch = _check_branch_free(repo, entry, with_tree=restore_tree)
        if make_branch:
            _restore_branch(repo, entry)
        if restore_tree:
            try:
                if registered:
                    assert entry.path is not None
                    os.rename(entry.tree, entry.path)
                else:
                    _restore_tree(repo, entry)
            except BaseException:
                if make_branch:
                    _drop_branch(repo, entry)
                raise
        discard(entry, foreground=True)
    return UndoResult(entry, restore_tree, make_branch)


def _pick(found: list[Entry], selector: str | None, cwd: str) -> Entry:
    if not found:
        raise WtError(
            "there is nothing to undo: the trash is empty",
            hint="removals are kept for wt.remove.keep (default 1d); see git wt undo --list",
        )
    if selector is None:
        return found[0]
    path = os.path.normpath(os.path.join(cwd, os.path.expanduser(selector)))
    for entry in found:
        if entry.branch == selector or (entry.path and os.path.normpath(entry.path) == path):
            return entry
    raise WtError(f"there is no removal of {selector} to undo", hint="git wt undo --list")


def _still_registered(repo: Repository, entry: Entry) -> bool:
    """A removal killed after moving the directory but before its git directory: git
    still has the worktree registered, with its directory missing. Moving the directory
    back is then all it takes."""
    assert entry.path is not None
    if os.path.lexists(entry.path) or os.path.isdir(os.path.join(entry.dir, ADMIN)):
        return False
    wt = repo.find_worktree_at(entry.path)
    return wt is not None and wt.branch == entry.branch


def _check_path_free(repo: Repository, entry: Entry) -> None:
    assert entry.path is not None
    name = entry.branch or entry.path
    if os.path.lexists(entry.path) or repo.find_worktree_at(entry.path) is not None:
        raise WtError(
            f"cannot restore the worktree of {name}: {entry.path} is taken again",
            hint="move whatever is there away (or remove that worktree), then run "
            f"git wt undo {quote_arg(name)} again",
        )
    if entry.admin is None or not os.path.isdir(os.path.join(entry.dir, ADMIN)):
        raise WtError(
            f"cannot restore the worktree of {name}: its git directory was not kept",
            hint=f"its files are in {entry.tree}; copy them out by hand",
        )


def _check_branch_free(repo: Repository, entry: Entry, *, with_tree: bool) -> bool:
    """True when the branch must be created again; raises when its name is taken."""
    branch = entry.branch
    if branch is None:
        return False
    tip = repo.local_branches.get(branch)
    q = quote_arg(branch)
    if tip is None:
        if (entry.sha or entry.head) is None:
            raise WtError(
                f"cannot restore branch {branch}: its commit was not recorded",
                hint="git reflog may still name it",
            )
        return True
    if tip != (entry.sha or entry.head):
        was = f", not at {entry.sha[:7]}" if entry.sha else ""
        raise WtError(
            f"cannot restore {branch}: the name is taken again (a branch at {tip[:7]}{was})",
            hint=f"rename it (git branch -m {q} NEW), then run git wt undo {q} again",
        )
    if not with_tree:
        raise WtError(
            f"there is nothing to restore: branch {branch} exists at {tip[:7]}",
            hint="git wt undo --list",
        )
    holder = repo.find_worktree_for_branch(branch)
    if holder is not None and holder.path != entry.path:
        raise WtError(
            f"cannot restore the worktree of {branch}: {holder.path} has the branch checked out",
            hint=f"switch that worktree to another branch, then run git wt undo {q} again",
        )
    return False


def _restore_branch(repo: Repository, entry: Entry) -> None:
    # Without a recorded tip (the branch was deleted while it was being removed), the
    # worktree's HEAD commit is the one it had checked out.
    sha = entry.sha or entry.head
    assert entry.branch is not None and sha is not None
    zero = "0" * len(sha)  # create only: fails if the name was taken meanwhile
    repo.git.run(
        "update-ref",
        "-m",
        "git wt undo",
        f"refs/heads/{entry.branch}",
        sha,
        zero,
        cwd=repo.any_dir,
    )
    for key, value in entry.config:
        repo.git.run("config", "--local", "--add", "--", key, value, cwd=repo.any_dir)


def _drop_branch(repo: Repository, entry: Entry) -> None:
    """Roll back `_restore_branch` (the restore of the directory failed)."""
    from git_wt.git.refs import delete_branch

    sha = entry.sha or entry.head
    assert entry.branch is not None and sha is not None
    delete_branch(repo, entry.branch, sha)


def _restore_tree(repo: Repository, entry: Entry) -> None:
    """Put the git directory back under <common>/worktrees, then the directory at its
    path; the worktree is registered again exactly as it was."""
    assert entry.path is not None and entry.admin is not None
    parent = os.path.join(repo.common_dir, "worktrees")
    os.makedirs(parent, exist_ok=True)
    name = entry.admin
    n = 1
    while os.path.lexists(os.path.join(parent, name)):
        name = f"{entry.admin}{n}"  # the name is taken by a newer worktree: git's scheme
        n += 1
    admin = os.path.join(parent, name)
    if name != entry.admin:
        atomic_write(os.path.join(entry.tree, ".git"), f"gitdir: {admin}\n".encode(), private=False)
    os.rename(os.path.join(entry.dir, ADMIN), admin)
    try:
        os.makedirs(os.path.dirname(entry.path), exist_ok=True)
        os.rename(entry.tree, entry.path)
    except BaseException:
        os.rename(admin, os.path.join(entry.dir, ADMIN))
        raise
