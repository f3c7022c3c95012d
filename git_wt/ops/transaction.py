"""Transactions: every mutating operation journals its undo steps, defers signals through
its critical section, and is rolled back (or finished) by the next command if it was killed.

A section looks like this::

    with transaction(repo, "switch", "switch -c feature") as txn:
        txn.will("worktree_add", path=path, branch=branch, sha=sha)  # journaled first
        ...the git call...
        txn.settle()  # optional: from here on, finish instead of rolling back

Each step names an undo kind from `_UNDO` with JSON data, and is written to
`<git common dir>/wt/journal/<id>.json` before the change it covers, so a process
that dies by SIGKILL or a power cut leaves behind exactly what the next git-wt command
needs to put things back (`recover`). Every undo is idempotent: it checks what is there
and tolerates the change never having happened. While the section runs, SIGINT, SIGTERM
and SIGHUP are only recorded; if one arrived before `settle()`, the section is rolled
back when it ends, and then the signal takes effect (KeyboardInterrupt for SIGINT, exit
128+N for the others). Each rollback step's result is checked: one that fails keeps the
journal and raises RollbackError, so nothing claims to be put back when it is not."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

from git_wt.errors import WtError
from git_wt.fs import atomic_write
from git_wt.git.refs import delete_branch
from git_wt.git.repository import Repository, Worktree, parse_worktrees
from git_wt.templates.quoting import quote_arg
from git_wt.ui.output import Output

DEFERRED_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
JOURNAL_VERSION = 1


class RollbackError(WtError):
    """A step could not be undone; the journal stays for the next command to retry."""


class _Interrupted(BaseException):
    """Raised by `checkpoint()` when a signal arrived: unwinds to the rollback."""


# -- deferred signals -------------------------------------------------------------------


@dataclass
class _Deferral:
    previous: dict[int, Any] = field(default_factory=dict)
    received: int | None = None
    depth: int = 0


_deferral = _Deferral()


def _record(signum: int, frame: FrameType | None) -> None:
    if _deferral.received is None:
        _deferral.received = signum


@contextmanager
def signals_deferred() -> Iterator[_Deferral]:
    """Record SIGINT/SIGTERM/SIGHUP instead of acting on them; nested uses share one state.
    The caller acts on `received` (see `act_on_signal`) after the outermost use ends."""
    state = _deferral
    if state.depth == 0:
        state.received = None
        if threading.current_thread() is threading.main_thread():
            for sig in DEFERRED_SIGNALS:
                if signal.getsignal(sig) != signal.SIG_IGN:  # ignored stays ignored
                    state.previous[sig] = signal.signal(sig, _record)
    state.depth += 1
    try:
        yield state
    finally:
        state.depth -= 1
        if state.depth == 0:
            for restored, handler in state.previous.items():
                signal.signal(restored, handler)
            state.previous = {}


def pending_signal() -> int | None:
    return _deferral.received


def act_on_signal(signum: int) -> None:
    """What the signal would have done had it not been deferred (handlers are restored)."""
    handler = signal.getsignal(signum)
    if handler == signal.SIG_IGN:
        return
    if signum == signal.SIGINT and handler is signal.default_int_handler:
        raise KeyboardInterrupt
    if callable(handler) and handler is not signal.default_int_handler:
        handler(signum, None)
        return
    raise SystemExit(128 + signum)


# -- the journal ------------------------------------------------------------------------


def journal_dir(repo: Repository) -> str:
    return os.path.join(repo.state_dir, "journal")


@dataclass
class Transaction:
    """One critical section of one operation, with its journal."""

    repo: Repository
    operation: str
    title: str
    path: str = ""
    steps: list[dict[str, Any]] = field(default_factory=list)
    settled: bool = False
    failed: bool = False
    undone: bool = False  # rolled back already (undo_now)
    started: float = field(default_factory=time.time)
    _lock_fd: int | None = None

    def will(self, kind: str, **data: Any) -> None:
        """Journal the undo of the change about to be made (before making it)."""
        assert kind in _UNDO, kind
        self.steps.append({"kind": kind, **data})
        self._write()

    def settle(self) -> None:
        """The point of no return: from here on the operation is finished, not undone."""
        self.settled = True
        self._write()

    def undo(self) -> None:
        """Roll the steps back; RollbackError (journal kept) when one cannot be undone."""
        failures = rollback(self.repo, self.steps, None)
        if failures:
            self.failed = True
            raise RollbackError(
                "could not put everything back: " + failures[0],
                detail="\n".join(failures[1:]) or None,
                hint="fix that, then run any git-wt command to finish the rollback "
                f"(its journal is {self.path})",
            )

    def undo_now(self) -> list[str]:
        """Roll back at once, before raising an error of one's own: what could not be
        undone (then the journal stays for the next command), [] when all is back."""
        failures = rollback(self.repo, self.steps, None)
        self.undone = True
        self.failed = bool(failures)
        return failures

    def checkpoint(self) -> None:
        """Stop here, rolling back, when a signal arrived meanwhile."""
        if pending_signal() is not None and not self.settled:
            raise _Interrupted

    def as_json(self) -> dict[str, Any]:
        return {
            "version": JOURNAL_VERSION,
            "operation": self.operation,
            "title": self.title,
            "pid": os.getpid(),
            "started": self.started,
            "settled": self.settled,
            "steps": self.steps,
        }

    def _open(self) -> None:
        directory = self.repo.state_path("journal", "")
        name = f"{int(self.started)}-{os.getpid()}-{os.urandom(4).hex()}"
        self.path = os.path.join(directory, name + ".json")
        # The lock says "its owner is alive": the kernel drops it when the process dies.
        lock = self.path[:-5] + ".lock"
        while True:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(lock))
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)  # a recovery took it for an orphan and deleted it: again
        self._lock_fd = fd
        self._write()

    def _write(self) -> None:
        if self.path:
            data = json.dumps(self.as_json(), indent=1).encode()
            atomic_write(self.path, data + b"\n", sync=True)

    def _close(self) -> None:
        if not self.path:
            return
        with suppress(FileNotFoundError):
            os.unlink(self.path)
        _release(self.path[:-5] + ".lock", self._lock_fd)
        self._lock_fd = None
        self.path = ""


def _release(lock_path: str, fd: int | None) -> None:
    with suppress(FileNotFoundError):
        os.unlink(lock_path)
    if fd is not None:
        os.close(fd)


_active: Transaction | None = None


@contextmanager
def transaction(repo: Repository, operation: str, title: str) -> Iterator[Transaction]:
    """A critical section (see the module docstring). A section started inside another
    joins it: one journal, one rollback, signals deferred until the outer one ends."""
    global _active
    if _active is not None:
        yield _active
        return
    txn = Transaction(repo, operation, title)
    error: BaseException | None = None
    with signals_deferred() as deferral:
        txn._open()
        _active = txn
        try:
            yield txn
            if deferral.received is not None and not txn.settled:
                raise _Interrupted
        except BaseException as exc:
            if not txn.settled and not txn.undone:
                txn.undo()
            if deferral.received is None or isinstance(exc, RollbackError):
                raise
            error = exc  # the signal goes first: it caused this (a git child it killed too)
        finally:
            _active = None
            if not txn.failed:
                txn._close()
    if deferral.received is not None:
        act_on_signal(deferral.received)
    if isinstance(error, _Interrupted):
        # The signal's own handler let us live on, but the section did not happen.
        raise WtError(f"{title}: interrupted by a signal, so nothing was changed")
    if error is not None:
        raise error


def rollback(repo: Repository, steps: list[dict[str, Any]], started: float | None) -> list[str]:
    """Undo `steps` last first; every step runs. Returns what could not be undone."""
    failures: list[str] = []
    for step in reversed(steps):
        try:
            _UNDO[step["kind"]](repo, step, started)
        except WtError as exc:
            failures.append(exc.message)
        except OSError as exc:
            failures.append(f"{exc.strerror or exc}: {exc.filename}")
    repo.refresh_worktrees()
    repo.refresh_branches()
    return failures


# -- undo steps ---------------------------------------------------------------------------
# Each takes (repo, step, started): `step` is the journaled dict; `started` is when the
# section began when a later command recovers it (debris younger than that is the dead
# section's), None when the section rolls itself back in process.


def _remove_stale_lock(path: str, started: float | None) -> None:
    """Drop a git lock file a killed section's git call left behind. Only in recovery
    (`started` set): a git that git-wt runs and that is interrupted removes its own locks,
    and one that is not ours may be in use. A lock younger than the section that is still
    there after two seconds is taken for the dead section's."""
    if started is None:
        return
    deadline = time.monotonic() + 2
    while True:
        try:
            mtime = os.lstat(path).st_mtime
        except FileNotFoundError:
            return
        if time.monotonic() >= deadline:
            break
        time.sleep(0.1)
    if mtime >= started - 1:
        with suppress(FileNotFoundError):
            os.unlink(path)


def _registered(repo: Repository, path: str) -> Worktree | None:
    out = repo.git.run("worktree", "list", "--porcelain", "-z", cwd=repo.any_dir).stdout
    real = os.path.realpath(path)
    for wt in parse_worktrees(out):
        if not wt.bare and os.path.realpath(wt.path) == real:
            return wt
    return None


def _admin_dirs_of(repo: Repository, path: str, started: float | None) -> list[str]:
    """Administrative dirs (<common>/worktrees/NAME) that belong to the worktree at `path`,
    or that the interrupted `worktree add` made before it wrote where they belong."""
    base = os.path.join(repo.common_dir, "worktrees")
    try:
        names = os.listdir(base)
    except OSError:
        return []
    found = []
    dotgit = os.path.realpath(os.path.join(path, ".git"))
    for name in names:
        admin = os.path.join(base, name)
        try:
            with open(os.path.join(admin, "gitdir"), encoding="utf-8") as handle:
                if os.path.realpath(handle.readline().strip()) == dotgit:
                    found.append(admin)
        except FileNotFoundError:
            young = started is not None and os.stat(admin).st_mtime >= started - 1
            if os.path.isdir(admin) and young:
                found.append(admin)
        except OSError:
            continue
    return found


def _is_half_made(repo: Repository, path: str) -> bool:
    """An unregistered directory that `worktree add` started: empty, or with a .git file
    that points into this repository's worktrees/ (nothing else would have one)."""
    try:
        entries = os.listdir(path)
    except OSError:
        return False
    if not entries:
        return True
    try:
        with open(os.path.join(path, ".git"), encoding="utf-8") as handle:
            line = handle.readline().strip()
    except OSError:
        return False
    target = line[len("gitdir:") :].strip() if line.startswith("gitdir:") else ""
    base = os.path.realpath(os.path.join(repo.common_dir, "worktrees"))
    return os.path.realpath(os.path.join(path, target)).startswith(base + os.sep)


def _undo_worktree_add(repo: Repository, step: dict[str, Any], started: float | None) -> None:
    """Remove the worktree `worktree add` made (registration and directory), then the
    branch it created, unless that branch moved since (a commit made there is kept)."""
    path: str = step["path"]
    there = _registered(repo, path)
    if there is not None and there.branch != step.get("checkout") and there.locked is None:
        return  # a worktree of another branch took the path: not ours to touch
    if there is not None:
        repo.git.run(
            "worktree", "remove", "--force", "--force", "--", path, cwd=repo.any_dir, check=False
        )
    # Anything else there (git refused because something took the path) is not ours.
    if os.path.isdir(path) and _registered(repo, path) is None and _is_half_made(repo, path):
        shutil.rmtree(path)
    for admin in _admin_dirs_of(repo, path, started):
        shutil.rmtree(admin, ignore_errors=True)
    if _registered(repo, path) is not None:
        raise WtError(f"could not remove the half-made worktree at {path}")
    branch, sha = step.get("branch"), step.get("sha")
    if not branch or not sha:
        return
    _remove_stale_lock(os.path.join(repo.common_dir, "refs", "heads", branch + ".lock"), started)
    current = _ref_value(repo, f"refs/heads/{branch}")
    if current == sha and not delete_branch(repo, branch, sha, "git-wt: roll back its creation"):
        raise WtError(f"could not delete the branch {branch} it created")


def _ref_value(repo: Repository, ref: str) -> str | None:
    result = repo.git.run(
        "rev-parse", "--verify", "--quiet", "--end-of-options", ref, cwd=repo.any_dir, check=False
    )
    return result.stdout.strip() or None if result.ok else None


def _undo_ref(repo: Repository, step: dict[str, Any], started: float | None) -> None:
    """Put `ref` back at `old` if it is still where this section moved it (`new`, or a
    commit made on top of `new`/`old` when `on_top`); a ref someone else moved stays."""
    ref: str = step["ref"]
    old: str | None = step.get("old")
    _remove_stale_lock(os.path.join(repo.common_dir, ref + ".lock"), started)
    current = _ref_value(repo, ref)
    if current == old:
        return
    ours = set(step.get("new") or [])
    if current is not None and current not in ours and step.get("on_top"):
        parent = _ref_value(repo, f"{current}^")
        ours_or_old = ours | ({old} if old else set())
        if parent in ours_or_old:
            ours.add(current)
    if current not in ours:
        return
    reason = "git-wt: roll back an interrupted operation"
    if old is None:
        argv = ["update-ref", "-m", reason, "-d", ref, current or ""]
    else:
        argv = ["update-ref", "-m", reason, ref, old, current or ""]
    result = repo.git.run(*argv, cwd=repo.any_dir, check=False)
    if not result.ok:
        raise WtError(f"could not put {ref} back at {(old or 'nothing')[:7]}: {result.stderr}")


def _git_path(repo: Repository, path: str, name: str) -> str:
    return repo.git.out("rev-parse", "--path-format=absolute", "--git-path", name, cwd=path)


def _undo_checkout(repo: Repository, step: dict[str, Any], started: float | None) -> None:
    """Put the files and index of the worktree at `path` back from tree `new` to `old`,
    for the paths that differ between them (they were clean before the section began,
    so nothing of anyone's is overwritten): a two-tree read-tree back when the index got
    as far as `new`, then any such path whose file differs from the index is rewritten.
    Paths in `keep` (changes that were there before) are never rewritten. With `fresh`,
    no path `new` adds existed before, so anything found there is removed."""
    path, old, new = step["path"], step["old"], step["new"]
    keep = set(step.get("keep") or ())
    if not os.path.isdir(path):
        return
    _remove_stale_lock(_git_path(repo, path, "index.lock"), started)
    raw = repo.git.out("diff-tree", "-r", "-z", "--no-renames", old, new, cwd=path)
    fields = raw.split("\0")
    changes: dict[str, tuple[str, str]] = {}  # path -> (status, blob in new)
    for i in range(0, len(fields) - 1, 2):
        meta = fields[i].split()
        if len(meta) >= 5 and fields[i + 1] not in keep:
            changes[fields[i + 1]] = (meta[4][0], meta[3])
    if not changes:
        return
    differs = repo.git.run("diff-index", "--cached", "-z", "--name-only", new, cwd=path).stdout
    if not changes.keys() & set(differs.split("\0")):
        moved = repo.git.run("read-tree", "-m", "-u", new, old, cwd=path, check=False)
        if not moved.ok:
            raise WtError(f"could not put the files in {path} back: {moved.stderr.strip()}")
    dirty = repo.git.run("diff-files", "-z", "--name-only", cwd=path).stdout.split("\0")
    stale = [p for p in dirty if p in changes and changes[p][0] != "A"]
    if stale:
        restored = repo.git.run(
            "checkout-index", "-f", "-q", "-z", "--stdin", cwd=path, input="\0".join(stale)
        )
        if not restored.ok:
            raise WtError(f"could not put the files in {path} back: {restored.stderr.strip()}")
    added = [(p, blob) for p, (status, blob) in changes.items() if status == "A"]
    if added:
        tracked = set(repo.git.run("ls-files", "-z", cwd=path, check=False).stdout.split("\0"))
        added = [(p, blob) for p, blob in added if p not in tracked]
        if step.get("fresh"):
            # Nothing was at these paths before (the caller checked): whatever is there
            # now, even a file cut short, was written by the section.
            _remove_paths(path, [p for p, _ in added])
        else:
            _remove_added(repo, path, added)


def _remove_added(repo: Repository, root: str, added: list[tuple[str, str]]) -> None:
    """Delete the files an interrupted update wrote for paths that `old` does not have,
    but only where the content is exactly what it wrote."""
    present = [(p, blob) for p, blob in added if os.path.lexists(os.path.join(root, p))]
    files = [
        (p, blob)
        for p, blob in present
        if "\n" not in p and not os.path.islink(os.path.join(root, p))
    ]
    hashes: list[str] = []
    if files:
        names = "".join(f"{p}\n" for p, _ in files)
        out = repo.git.run("hash-object", "--stdin-paths", cwd=root, input=names, check=False)
        hashes = out.stdout.split()
    for (p, blob), sha in zip(files, hashes, strict=False):
        if sha == blob:
            os.unlink(os.path.join(root, p))
            _prune_empty_parents(root, p)
    for p, _ in present:
        full = os.path.join(root, p)
        if os.path.islink(full):
            os.unlink(full)
            _prune_empty_parents(root, p)


def _remove_paths(root: str, paths: list[str]) -> None:
    for p in paths:
        full = os.path.join(root, p)
        if os.path.islink(full) or os.path.isfile(full):
            os.unlink(full)
            _prune_empty_parents(root, p)


def _prune_empty_parents(root: str, rel: str) -> None:
    parent = os.path.dirname(rel)
    while parent:
        try:
            os.rmdir(os.path.join(root, parent))
        except OSError:
            return
        parent = os.path.dirname(parent)


def _undo_rebase(repo: Repository, step: dict[str, Any], started: float | None) -> None:
    """Abort the rebase this section started, if it is still stopped half-way (a rebase
    that finished is kept: the branch's old commits stay in its reflog)."""
    path, old = step["path"], step["old"]
    if not os.path.isdir(path):
        return
    _remove_stale_lock(_git_path(repo, path, "index.lock"), started)
    for state in ("rebase-merge", "rebase-apply"):
        directory = _git_path(repo, path, state)
        if not os.path.isdir(directory):
            continue
        orig = _read_first_line(os.path.join(directory, "orig-head"))
        if orig is not None and orig != old:
            return  # someone else's rebase
        if orig is None and started is not None and os.stat(directory).st_mtime < started - 1:
            return  # not started by the section: leave it to its owner
        head_name = _read_first_line(os.path.join(directory, "head-name"))
        _abort_rebase(repo, path, head_name or f"refs/heads/{step.get('branch', '')}")
        return


def _read_first_line(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.readline().strip()
    except OSError:
        return None


def _abort_rebase(repo: Repository, path: str, head_name: str) -> None:
    """`git rebase --abort`; when a kill cut the rebase's own checkout short, that
    refuses (files of either side lie around untracked), so the rebase is dropped and the
    branch checked out by force: git refused to start with uncommitted changes, so
    nothing but the rebase's own writes is in the way."""
    from git_wt.git.run import scrubbed_env

    env = scrubbed_env({"GIT_EDITOR": "true"})
    aborted = repo.git.run("rebase", "--abort", cwd=path, env=env, check=False)
    if aborted.ok:
        return
    branch = head_name[len("refs/heads/") :] if head_name.startswith("refs/heads/") else ""
    repo.git.run("rebase", "--quit", cwd=path, env=env, check=False)
    for state in ("rebase-merge", "rebase-apply"):  # a state git cannot read at all
        shutil.rmtree(_git_path(repo, path, state), ignore_errors=True)
    back = repo.git.run("checkout", "-f", "-q", branch, "--", cwd=path, check=False)
    if not branch or not back.ok:
        raise WtError(f"could not abort the rebase in {path}: {aborted.stderr.strip()}")


def _undo_worktree_locks(repo: Repository, step: dict[str, Any], started: float | None) -> None:
    """The section runs git commands that lock the index and HEAD of the worktree at
    `path`; one killed by SIGKILL leaves `index.lock` or `HEAD.lock` behind, which
    recovery removes."""
    if started is None or not os.path.isdir(step["path"]):
        return
    for name in ("index.lock", "HEAD.lock"):
        _remove_stale_lock(_git_path(repo, step["path"], name), started)


def _undo_rename(repo: Repository, step: dict[str, Any], started: float | None) -> None:
    src, dst = step["src"], step["dst"]
    if os.path.lexists(dst) and not os.path.lexists(src):
        os.rename(dst, src)
    elif os.path.lexists(dst):
        raise WtError(f"cannot move {dst} back to {src}: something is there again")


def _undo_detach(repo: Repository, step: dict[str, Any], started: float | None) -> None:
    """A removal moves the directory into its trash entry, then the git directory (which
    drops the registration). While git still has the worktree registered, the directory
    goes back and the half-made entry is dropped; once the registration is gone the
    removal went through, and the entry stays for `git wt undo` (and its expiry)."""
    path, trash, entry = step["path"], step["trash"], step.get("entry")
    if _registered(repo, path) is None:
        return
    if os.path.lexists(trash) and not os.path.lexists(path):
        os.rename(trash, path)
    if entry and os.path.isdir(entry) and not os.path.lexists(trash):
        shutil.rmtree(entry)


def _undo_partial_files(repo: Repository, step: dict[str, Any], started: float | None) -> None:
    """Delete the temporary files (named with `marker`) a killed copy left under `root`
    (in process every copy removes its own temporary file as it stops)."""
    root, marker = step["root"], step["marker"]
    if started is None:
        return
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            if marker in name:
                with suppress(FileNotFoundError):
                    os.unlink(os.path.join(dirpath, name))


UndoFn = Callable[[Repository, dict[str, Any], float | None], None]
_UNDO: dict[str, UndoFn] = {
    "worktree_add": _undo_worktree_add,
    "ref": _undo_ref,
    "checkout": _undo_checkout,
    "rebase": _undo_rebase,
    "rename": _undo_rename,
    "worktree_locks": _undo_worktree_locks,
    "detach": _undo_detach,
    "partial_files": _undo_partial_files,
}


# -- recovery -----------------------------------------------------------------------------


def recover(repo: Repository, out: Output) -> None:
    """Roll back (or finish) what killed git-wt processes left half done in this
    repository, one line on stderr for each. Costs one directory listing when there is
    nothing to do; journals whose owner still runs are left alone."""
    directory = journal_dir(repo)
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in sorted(n for n in names if n.endswith(".json")):
        _recover_one(repo, out, os.path.join(directory, name))
    for name in names:
        if name.endswith(".lock") and name[:-5] + ".json" not in names:
            _drop_orphan_lock(os.path.join(directory, name))


def _drop_orphan_lock(path: str) -> None:
    """A lock whose journal is gone: its owner died between deleting the two."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CLOEXEC)
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return
    if not os.path.exists(path[:-5] + ".json"):
        _release(path, fd)
    else:
        os.close(fd)


def _recover_one(repo: Repository, out: Output, path: str) -> None:
    from git_wt.fs import repo_lock

    lock_path = path[:-5] + ".lock"
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)  # its owner is still at work
        return
    try:
        with open(path, encoding="utf-8") as handle:
            journal = json.load(handle)
    except (OSError, ValueError):
        os.close(fd)  # finished meanwhile (or not ours to read)
        return
    title = f"{journal.get('title', journal.get('operation', '?'))} (pid {journal.get('pid')})"
    steps = journal.get("steps", [])
    if journal.get("version") != JOURNAL_VERSION or any(s.get("kind") not in _UNDO for s in steps):
        os.close(fd)
        out.warning(f"cannot read the journal of an interrupted {title}: {path}")
        return
    with signals_deferred() as deferral, repo_lock(repo.state_dir):
        started = float(journal.get("started", 0))
        if journal.get("settled"):
            failures = []  # past its point of no return: what is done stands
            verb = "finished"
        else:
            failures = rollback(repo, steps, started)
            verb = "rolled back"
        if failures:
            os.close(fd)
            out.warning(f"could not undo all of an interrupted {title}: {failures[0]}")
            out.hint(f"fix that and run git-wt again; or give up on it: rm {quote_arg(path)}")
        else:
            with suppress(FileNotFoundError):
                os.unlink(path)
            _release(lock_path, fd)
            out.warning(f"{verb} an interrupted {title}")
    if deferral.received is not None:
        act_on_signal(deferral.received)


# -- half-made worktrees --------------------------------------------------------------------


def unfinished(repo: Repository, wt: Worktree) -> str | None:
    """Why the worktree is not finished (git still marks it "initializing", or it has no
    index though HEAD names a commit), or None when it is fine."""
    if wt.bare or not os.path.isdir(wt.path):
        return None
    if wt.locked == "initializing":
        return 'git still marks it "initializing"'
    if wt.head and wt.head.strip("0"):
        index = os.path.join(repo.worktree_git_dir(wt), "index")
        if not os.path.exists(index):
            return "it has no index (its checkout never finished)"
    return None


def refuse_unfinished(repo: Repository, wt: Worktree, action: str) -> None:
    """Refuse to switch to, merge from or commit in a half-made worktree, with the fix."""
    why = unfinished(repo, wt)
    if why is None:
        return
    path = quote_arg(wt.path)
    raise WtError(
        f"cannot {action}: the worktree of {wt.branch or wt.path} was never finished ({why})",
        hint=f"finish its checkout: git -C {path} reset --hard; "
        f"or remove it: git worktree remove --force --force {path}",
    )
