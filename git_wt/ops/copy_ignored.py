"""Copying gitignored files between worktrees: clones where possible, never an overwrite."""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from git_wt.config import keys
from git_wt.errors import WtError
from git_wt.fs import read_bounded
from git_wt.git.repository import Repository, Worktree, is_within
from git_wt.ops.targets import expand_shortcut, find_worktree
from git_wt.ops.transaction import transaction
from git_wt.templates.quoting import quote_arg
from git_wt.ui.words import Name

INCLUDE_FILE = ".worktreeinclude"


class Reflink(Name):
    """Copy-on-write clones: when possible, required, or never."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


REFLINK_MODES = tuple(m.value for m in Reflink)
# Other tools' metadata directories; copying them between worktrees would confuse them.
SKIPPED_NAMES = frozenset(
    {".git", ".hg", ".svn", ".bzr", ".jj", ".pijul", ".sl", ".worktrees", ".conductor"}
)
FICLONE = 0x40049409  # _IOW(0x94, 9, int): clone a whole file on Linux (btrfs, XFS, ...)
_NO_CLONE_ERRNOS = {
    errno.EOPNOTSUPP,
    errno.ENOTTY,
    errno.EXDEV,
    errno.EINVAL,
    errno.ENOSYS,
    errno.EBADF,
    errno.EPERM,
}
_CHUNK = 64  # files per worker task: few enough tasks, small enough for balance


class EntryKind(Name):
    FILE = "file"
    DIR = "dir"
    SYMLINK = "symlink"


@dataclass(frozen=True)
class Entry:
    """One top-level thing to copy: a file, symlink or whole directory (path has no `/`)."""

    path: str
    kind: EntryKind


@dataclass
class Stats:
    files: int = 0
    dirs: int = 0
    symlinks: int = 0
    bytes: int = 0
    existing: int = 0  # already present at the destination: left alone
    special: int = 0  # sockets, FIFOs, devices: never copied
    cloned: int = 0  # files copied as copy-on-write clones
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


@dataclass(frozen=True)
class CopyOptions:
    """`git wt step copy-ignored`: worktree selectors and how to copy."""

    source: str | None = None  # None: the primary worktree
    dest: str | None = None  # None: the current worktree
    dry_run: bool = False  # list, copy nothing
    reflink: str | None = None  # auto, always, never; None: wt.copy-ignored.reflink


@dataclass(frozen=True)
class CopyResult:
    source: Worktree
    dest: Worktree
    entries: list[Entry]
    dry_run: bool
    same: bool = False  # source and destination are one worktree: nothing was listed
    stats: Stats | None = None  # None: nothing was copied
    seconds: float = 0.0
    warnings: tuple[str, ...] = ()


def copy_ignored(repo: Repository, opts: CopyOptions, cwd: str) -> CopyResult:
    """Copy (or with dry_run list) the gitignored entries of one worktree into another."""
    source = _worktree_for(repo, opts.source, cwd, default_primary=True)
    dest = _worktree_for(repo, opts.dest, cwd, default_primary=False)
    reflink = opts.reflink or repo.config.get(keys.COPY_IGNORED_REFLINK) or Reflink.AUTO.value
    if os.path.realpath(source.path) == os.path.realpath(dest.path):
        return CopyResult(source, dest, [], opts.dry_run, same=True)
    entries = list_entries(repo, source.path, dest.path)
    if opts.dry_run or not entries:
        return CopyResult(source, dest, entries, opts.dry_run)
    copier = Copier(reflink)
    started = time.monotonic()
    with transaction(repo, "copy-ignored", f"copy-ignored into {dest.path}") as txn:
        # Files are written under a temporary name and linked into place when complete;
        # a killed copy leaves only temporary files, which the next command deletes.
        txn.will("partial_files", root=dest.path, marker=copier.marker)
        copier.checkpoint = txn.checkpoint
        stats = copier.copy(source.path, dest.path, entries)
    took = time.monotonic() - started
    return CopyResult(
        source,
        dest,
        entries,
        dry_run=False,
        same=False,
        stats=stats,
        seconds=took,
        warnings=tuple(copier.warnings),
    )


def _worktree_for(
    repo: Repository, selector: str | None, cwd: str, *, default_primary: bool
) -> Worktree:
    if selector is None:
        wt = repo.primary if default_primary else repo.current
        if wt is None and default_primary:
            default = repo.default_branch()
            wt = repo.find_worktree_for_branch(default)
        if wt is None:
            raise WtError(
                "there is no worktree to use here",
                hint="name one: --from BRANCH / --to BRANCH",
            )
        return wt
    expanded = expand_shortcut(repo, selector)
    found = expanded if isinstance(expanded, Worktree) else find_worktree(repo, expanded, cwd)
    if found is None:
        raise WtError(
            f"{selector} has no worktree",
            hint=f"create one: git wt switch {quote_arg(selector)}",
        )
    if found.is_prunable:
        raise WtError(f"the directory of {selector} is missing", hint="git worktree prune")
    return found


def list_entries(repo: Repository, source: str, dest: str) -> list[Entry]:
    """The gitignored entries of `source` worth copying (filtered by .worktreeinclude)."""
    include = os.path.join(source, INCLUDE_FILE)
    if os.path.lexists(include):
        # A repository supplies this file: git reads it only once it proved to be a
        # regular file of bounded size inside the worktree.
        read_bounded(include, root=source, hint=f"fix or remove {include}")
        raw = _ls_ignored(repo, source, f"--exclude-from={include}")
        raw = _really_ignored(repo, source, raw)
    else:
        raw = _ls_ignored(repo, source, "--exclude-standard")
    trees = [wt.path for wt in repo.worktrees if not wt.bare and wt.path != source] + [dest]
    entries: list[Entry] = []
    kept_dirs: list[str] = []
    for rel in sorted(set(raw)):
        if any(rel == d or rel.startswith(d + "/") for d in kept_dirs):
            continue  # inside a directory that is copied whole
        for entry in _entries_at(source, rel, trees):
            entries.append(entry)
            if entry.kind is EntryKind.DIR:
                kept_dirs.append(entry.path)
    return entries


def _entries_at(source: str, rel: str, trees: Sequence[str]) -> Iterator[Entry]:
    """The entry at `rel`; a directory holding another worktree or repository is split
    into its children so everything around the nested tree is still copied."""
    if any(part in SKIPPED_NAMES for part in rel.split("/")):
        return
    full = os.path.join(source, rel)
    try:
        st = os.lstat(full)
    except OSError:
        return
    if stat.S_ISLNK(st.st_mode):
        yield Entry(rel, EntryKind.SYMLINK)
    elif stat.S_ISREG(st.st_mode):
        yield Entry(rel, EntryKind.FILE)
    elif stat.S_ISDIR(st.st_mode):
        if os.path.lexists(os.path.join(full, ".git")) or any(
            os.path.normpath(t) == os.path.normpath(full) for t in trees
        ):
            return  # a nested repository or worktree (or the destination itself)
        if any(is_within(t, full) for t in trees):
            for name in sorted(os.listdir(full)):
                yield from _entries_at(source, f"{rel}/{name}", trees)
            return
        yield Entry(rel, EntryKind.DIR)


def _ls_ignored(repo: Repository, source: str, rule: str) -> list[str]:
    out = repo.git.run(
        "ls-files", "-z", "--others", "--ignored", "--directory", rule, cwd=source
    ).stdout
    return [p.rstrip("/") for p in out.split("\0") if p]


def _really_ignored(repo: Repository, source: str, paths: list[str]) -> list[str]:
    """Keep the paths git's own ignore rules ignore (.worktreeinclude only narrows them)."""
    if not paths:
        return []
    result = repo.git.run(
        "check-ignore", "-z", "--stdin", cwd=source, input="\0".join(paths) + "\0", check=False
    )
    if result.returncode not in (0, 1):
        raise WtError(
            f"git could not check {INCLUDE_FILE} against the ignore rules",
            detail=result.stderr.strip() or None,
            hint=f"check the patterns in {os.path.join(source, INCLUDE_FILE)}",
        )
    ignored = {p.rstrip("/") for p in result.stdout.split("\0") if p}
    return [p for p in paths if p in ignored]


# -- copying -------------------------------------------------------------------------------


class Copier:
    """Copies entries without ever replacing what exists; clones files when it can."""

    def __init__(self, reflink: str = "auto", jobs: int | None = None) -> None:
        if reflink not in REFLINK_MODES:
            raise WtError(f"unknown reflink mode {reflink!r}", hint="auto, always or never")
        self.mode = Reflink(reflink)
        self.can_clone = self.mode is not Reflink.NEVER
        self.jobs = jobs or min(8, (os.cpu_count() or 2) * 2)
        self.stats = Stats()
        self.warnings: list[str] = []
        # In the names of files still being written: ".NAME" + marker + a number.
        self.marker = f".wt-copy-{os.getpid()}-{os.urandom(3).hex()}"
        self.checkpoint: Callable[[], None] = lambda: None  # raises to stop between files
        self._serial = itertools.count()

    def copy(self, source: str, dest: str, entries: Sequence[Entry]) -> Stats:
        files: list[tuple[str, str, os.stat_result]] = []
        for entry in entries:
            src = os.path.join(source, entry.path)
            dst = os.path.join(dest, entry.path)
            if not self._parents_safe(dest, entry.path):
                self.warnings.append(
                    f"skipped {entry.path}: a directory above it in {dest} is a symlink"
                )
                continue
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            files.extend(self._plan(src, dst))
        chunks = [files[i : i + _CHUNK] for i in range(0, len(files), _CHUNK)]
        if len(chunks) <= 1 or self.jobs <= 1:
            for chunk in chunks:
                self._copy_chunk(chunk)
        else:
            with ThreadPoolExecutor(max_workers=self.jobs) as pool:
                for _ in pool.map(self._copy_chunk, chunks):
                    pass
        return self.stats

    def _parents_safe(self, dest: str, rel: str) -> bool:
        parent = os.path.dirname(rel)
        while parent:
            if os.path.islink(os.path.join(dest, parent)):
                return False
            parent = os.path.dirname(parent)
        return not os.path.islink(dest)

    def _plan(self, src: str, dst: str) -> Iterator[tuple[str, str, os.stat_result]]:
        """Create directories and symlinks now; yield the regular files to copy."""
        try:
            st = os.lstat(src)
        except FileNotFoundError:
            return
        mode = st.st_mode
        if stat.S_ISLNK(mode):
            self._symlink(src, dst)
        elif stat.S_ISREG(mode):
            yield src, dst, st
        elif stat.S_ISDIR(mode):
            yield from self._plan_dir(src, dst, st)
        else:
            self.stats.special += 1

    def _plan_dir(
        self, src: str, dst: str, st: os.stat_result
    ) -> Iterator[tuple[str, str, os.stat_result]]:
        if os.path.islink(dst) or (os.path.lexists(dst) and not os.path.isdir(dst)):
            self.warnings.append(f"skipped {dst}: something that is not a directory is there")
            return
        if not os.path.lexists(dst):
            os.mkdir(dst, stat.S_IMODE(st.st_mode) | stat.S_IRWXU)
            self.stats.dirs += 1
        try:
            children = list(os.scandir(src))
        except OSError as exc:
            self.warnings.append(f"could not read {src}: {exc.strerror}")
            return
        for child in children:
            if child.name == ".git":
                continue
            yield from self._plan(child.path, os.path.join(dst, child.name))
        try:
            os.chmod(dst, stat.S_IMODE(st.st_mode))
        except OSError:
            pass

    def _symlink(self, src: str, dst: str) -> None:
        if os.path.lexists(dst):
            self.stats.existing += 1
            return
        os.symlink(os.readlink(src), dst)
        self.stats.symlinks += 1

    def _copy_chunk(self, chunk: list[tuple[str, str, os.stat_result]]) -> None:
        files = nbytes = cloned = existing = 0
        for src, dst, st in chunk:
            self.checkpoint()
            result = self._copy_file(src, dst, st)
            if result is None:
                existing += 1
                continue
            files += 1
            nbytes += st.st_size
            cloned += result
        with self.stats.lock:
            self.stats.files += files
            self.stats.bytes += nbytes
            self.stats.cloned += cloned
            self.stats.existing += existing

    def _copy_file(self, src: str, dst: str, st: os.stat_result) -> bool | None:
        """Copy one file; True when cloned, False when copied, None when dst existed.

        The copy is written under a temporary name beside `dst` and hard-linked into
        place only when complete (a link never replaces an existing file), so `dst`
        never holds half a file, even if the process is killed."""
        if os.path.lexists(dst):
            return None
        parent, name = os.path.split(dst)
        tmp = os.path.join(parent, f".{name}{self.marker}-{next(self._serial)}")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        out_fd = os.open(tmp, flags | getattr(os, "O_CLOEXEC", 0), 0o600)
        cloned = False
        try:
            in_fd = os.open(src, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
            try:
                cloned = self._clone(in_fd, out_fd, dst)
                if not cloned:
                    _copy_bytes(in_fd, out_fd, st.st_size, share=self.mode is not Reflink.NEVER)
            finally:
                os.close(in_fd)
            os.fchmod(out_fd, stat.S_IMODE(st.st_mode))
            os.utime(out_fd, ns=(st.st_atime_ns, st.st_mtime_ns))
            os.close(out_fd)
            out_fd = -1
            placed = _place(tmp, dst)
        finally:
            if out_fd >= 0:
                os.close(out_fd)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        return cloned if placed else None

    def _clone(self, in_fd: int, out_fd: int, dst: str) -> bool:
        if not self.can_clone or sys.platform != "linux":
            if self.mode is Reflink.ALWAYS:
                raise WtError(
                    "copy-on-write clones are not available here",
                    hint="use --reflink auto (or never)",
                )
            return False
        import fcntl

        try:
            fcntl.ioctl(out_fd, FICLONE, in_fd)
            return True
        except OSError as exc:
            if exc.errno not in _NO_CLONE_ERRNOS:
                raise
            if self.mode is Reflink.ALWAYS:
                raise WtError(
                    f"this filesystem cannot clone files (copy-on-write): {exc.strerror}",
                    hint="use --reflink auto to fall back to plain copies",
                ) from None
            self.can_clone = False  # the first refusal decides for the rest of the run
            return False


def _place(tmp: str, dst: str) -> bool:
    """Give the finished copy `tmp` the name `dst` unless something has it; True if placed."""
    try:
        os.link(tmp, dst)
        return True
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
    # A filesystem without hard links: rename, after checking nothing took the name.
    if os.path.lexists(dst):
        return False
    os.rename(tmp, dst)
    return True


def _copy_bytes(in_fd: int, out_fd: int, size: int, *, share: bool) -> None:
    """Copy in the kernel, else with a read/write loop.

    copy_file_range may itself share extents (btrfs and XFS do), so it is used only
    when sharing is allowed; `--reflink never` asks for real copies, made by sendfile."""
    left = size
    kernel_copy = getattr(os, "copy_file_range", None) if share else None
    try:
        while left > 0 and kernel_copy is not None:
            done = kernel_copy(in_fd, out_fd, min(left, 1 << 30))
            if done == 0:
                break
            left -= done
        sendfile = getattr(os, "sendfile", None) if sys.platform == "linux" else None
        while left > 0 and sendfile is not None:
            done = sendfile(out_fd, in_fd, None, min(left, 1 << 30))
            if done == 0:
                break
            left -= done
        if left <= 0:
            return
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
            raise
    while True:
        block = os.read(in_fd, 1 << 20)
        if not block:
            return
        view = memoryview(block)
        while view:
            written = os.write(out_fd, view)
            view = view[written:]


def human_bytes(n: int) -> str:
    size = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"
