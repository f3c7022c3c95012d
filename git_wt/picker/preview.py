"""The picker's preview pane: diffs and logs computed on worker threads and cached."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass

from git_wt.errors import WtError
from git_wt.git.repository import Repository
from git_wt.git.run import scrubbed_env
from git_wt.listing.model import Row
from git_wt.picker.rows import Fragment, Item
from git_wt.picker.screen import TAB_NAMES

TABS = TAB_NAMES
DIFF, UNCOMMITTED, LOG = TABS

MAX_LINES = 4000
LOG_COMMITS = 200
# Plain, complete diffs whatever the user's configuration says: no pager, no colors
# (the pane colors them), no external diff tools (they may be interactive).
_DIFF_OPTIONS = ("--no-color", "--no-ext-diff", "--stat", "--patch", "--find-renames")

Line = list[Fragment]

_META = (
    "+++",
    "---",
    "index ",
    "new file",
    "deleted file",
    "similarity",
    "dissimilarity",
    "rename ",
    "copy ",
    "old mode",
    "new mode",
    "Binary files",
)


@dataclass(frozen=True)
class Preview:
    lines: list[Line]


# -- computing ---------------------------------------------------------------------------------


def _git(repo: Repository, *args: str, cwd: str, env: dict[str, str] | None = None) -> str:
    result = repo.git.run(*args, cwd=cwd, env=env, check=False)
    if not result.ok:
        raise WtError(result.stderr.strip() or f"git {args[0]} failed")
    return result.stdout


def merge_base(repo: Repository, a: str, b: str) -> str | None:
    result = repo.git.run("merge-base", "--end-of-options", a, b, cwd=repo.common_dir, check=False)
    if not result.ok:
        return None
    return result.stdout.strip() or None


def _index_of(repo: Repository, row: Row) -> str | None:
    if row.worktree is None:
        return None
    return os.path.join(repo.worktree_git_dir(row.worktree), "index")


def working_diff(repo: Repository, row: Row, base: str) -> str:
    """`git diff BASE` against the worktree of `row`, untracked files included.

    Untracked files only show in a diff once the index knows them, so they are marked
    intent-to-add in a throwaway copy of the index (GIT_INDEX_FILE): the worktree's
    real index, and so what the user has staged, is never touched.
    """
    assert row.path is not None
    with tempfile.TemporaryDirectory(prefix="git-wt-preview-") as tmp:
        index = os.path.join(tmp, "index")
        env = scrubbed_env({"GIT_INDEX_FILE": index})
        source = _index_of(repo, row)
        try:
            if source is None:
                raise FileNotFoundError(index)
            shutil.copyfile(source, index)
            _git(repo, "add", "--intent-to-add", "--all", "--", ".", cwd=row.path, env=env)
        except (OSError, WtError):
            # No index to copy (or one git cannot use from elsewhere, e.g. a split
            # index): start from HEAD's tree instead; slower, same result.
            if os.path.exists(index):
                os.unlink(index)
            _git(repo, "read-tree", "HEAD", cwd=row.path, env=env)
            _git(repo, "add", "--intent-to-add", "--all", "--", ".", cwd=row.path, env=env)
        return _git(
            repo, "diff", *_DIFF_OPTIONS, "--end-of-options", base, "--", cwd=row.path, env=env
        )


def committed_diff(repo: Repository, base: str, sha: str) -> str:
    return _git(
        repo, "diff", *_DIFF_OPTIONS, "--end-of-options", base, sha, "--", cwd=repo.common_dir
    )


def log_entries(repo: Repository, sha: str, target: str | None) -> list[tuple[str, str, str, bool]]:
    """(short sha, relative date, subject, already in the target) for recent commits."""
    out = _git(
        repo,
        "log",
        "--no-color",
        "--no-show-signature",
        f"--max-count={LOG_COMMITS}",
        "--format=%H%x00%h%x00%cr%x00%s",
        "--end-of-options",
        sha,
        "--",
        cwd=repo.common_dir,
    )
    own: set[str] | None = None
    if target and target != sha:
        unmerged = _git(
            repo,
            "rev-list",
            f"--max-count={LOG_COMMITS}",
            "--end-of-options",
            sha,
            f"^{target}",
            "--",
            cwd=repo.common_dir,
        )
        own = set(unmerged.split())
    entries = []
    for line in out.splitlines():
        parts = line.split("\0")
        if len(parts) == 4:
            merged = own is None or parts[0] not in own
            entries.append((parts[1], parts[2], parts[3], merged))
    return entries


# -- styling -----------------------------------------------------------------------------------


def _stat_line(line: str) -> Line:
    bar_at = line.rfind("|")
    head, bar = line[: bar_at + 1], line[bar_at + 1 :]
    frags: Line = [("", head)]
    plus_at = bar.find("+")
    minus_at = bar.find("-")
    cut = min(i for i in (plus_at, minus_at, len(bar)) if i >= 0)
    frags.append(("", bar[:cut]))
    rest = bar[cut:]
    pluses = len(rest) - len(rest.lstrip("+"))
    frags.append(("class:added", rest[:pluses]))
    frags.append(("class:deleted", rest[pluses:]))
    return [f for f in frags if f[1]]


def style_diff(text: str) -> list[Line]:
    """Colors for a `--stat --patch` diff: headers bold, hunks cyan, +/- green/red."""
    lines: list[Line] = []
    in_patch = False
    for raw in text.splitlines():
        line = raw.replace("\t", "    ")
        if line.startswith("diff --git "):
            in_patch = True
            lines.append([("class:diff.file", line)])
        elif not in_patch:
            if "|" in line and (line.rstrip().endswith(("+", "-")) or "Bin" in line):
                lines.append(_stat_line(line))
            else:
                lines.append([("class:diff.meta", line)])
        elif line.startswith("@@"):
            lines.append([("class:diff.hunk", line)])
        elif line.startswith(_META):
            lines.append([("class:diff.meta", line)])
        elif line.startswith("+"):
            lines.append([("class:added", line)])
        elif line.startswith("-"):
            lines.append([("class:deleted", line)])
        else:
            lines.append([("", line)])
    return lines


def _note(text: str) -> list[Line]:
    return [[("class:dim", text)]]


def _clip(lines: list[Line]) -> list[Line]:
    if len(lines) <= MAX_LINES:
        return lines
    more = len(lines) - MAX_LINES
    return lines[:MAX_LINES] + _note(f"… {more} more lines (run git diff to see them all)")


def compute(
    repo: Repository, row: Row, tab: str, target: str | None, default: str | None
) -> Preview:
    """One tab of one row; slow git work, so it runs on a worker thread."""
    if row.head is None:
        return Preview(_note("no commit to show"))
    sha = row.head.sha
    live = row.kind == "worktree" and row.path is not None and not row.prunable
    if tab == LOG:
        entries = log_entries(repo, sha, target)
        lines: list[Line] = []
        for short, when, subject, merged in entries:
            if merged:
                lines.append([("class:dim", f"{short} {subject}  ({when})")])
            else:
                lines.append(
                    [("class:sha", short), ("", f" {subject}"), ("class:dim", f"  ({when})")]
                )
        if not lines:
            return Preview(_note("no commits"))
        return Preview(lines)
    if tab == UNCOMMITTED:
        if not live:
            return Preview(_note("no worktree, so nothing uncommitted"))
        text = working_diff(repo, row, "HEAD")
        return Preview(_clip(style_diff(text)) if text.strip() else _note("nothing uncommitted"))
    # DIFF: everything since the branch left the default branch.
    base = merge_base(repo, target, sha) if target else None
    header: list[Line] = []
    if base is None:
        base = sha
        why = "no default branch" if not target else f"no common history with {default}"
        header = _note(f"({why}: only uncommitted changes)")
    if live:
        text = working_diff(repo, row, base)
    elif base == sha:
        text = ""
    else:
        text = committed_diff(repo, base, sha)
    if not text.strip():
        name = default or "the default branch"
        return Preview(header + _note(f"no changes since {name}"))
    return Preview(header + _clip(style_diff(text)))


# -- the cache and its workers ---------------------------------------------------------------


class Previews:
    """Computes previews on a few worker threads, newest request first, and caches them.

    `get` never blocks: it returns the cached preview or None (and queues the work);
    `on_ready` is called from a worker thread when a preview lands.
    """

    def __init__(
        self,
        repo: Repository,
        target: str | None,
        default: str | None,
        on_ready: Callable[[], None],
        workers: int = 2,
        backlog: int = 24,
    ) -> None:
        self.repo = repo
        self.target = target
        self.default = default
        self.on_ready = on_ready
        self.backlog = backlog
        self._done: dict[tuple[str, str, str], Preview] = {}
        self._queued: list[tuple[tuple[str, str, str], Row, str]] = []
        self._busy: set[tuple[str, str, str]] = set()
        self._lock = threading.Condition()
        self._closed = False
        self._threads = [
            threading.Thread(target=self._work, name=f"wt-preview-{n}", daemon=True)
            for n in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    @staticmethod
    def key(item: Item, tab: str) -> tuple[str, str, str]:
        sha = item.row.head.sha if item.row.head else ""
        return item.key, sha, tab

    def get(self, item: Item, tab: str) -> Preview | None:
        key = self.key(item, tab)
        with self._lock:
            found = self._done.get(key)
        if found is None:
            self.request(item, tab)
        return found

    def request(self, item: Item, tab: str) -> None:
        key = self.key(item, tab)
        with self._lock:
            if key in self._done or key in self._busy or self._closed:
                return
            self._queued = [q for q in self._queued if q[0] != key]
            self._queued.append((key, item.row, tab))
            # The user moved on: the oldest requests matter least.
            del self._queued[: -self.backlog]
            self._lock.notify()

    def forget(self, item: Item) -> None:
        """Drop what is cached for a row whose contents changed (e.g. it was removed)."""
        with self._lock:
            for key in [k for k in self._done if k[0] == item.key]:
                del self._done[key]

    def _work(self) -> None:
        while True:
            with self._lock:
                while not self._queued and not self._closed:
                    self._lock.wait()
                if self._closed:
                    return
                key, row, tab = self._queued.pop()
                self._busy.add(key)
            try:
                preview = compute(self.repo, row, tab, self.target, self.default)
            except (WtError, OSError) as exc:
                preview = Preview(_note(f"cannot show this: {exc}"))
            with self._lock:
                self._busy.discard(key)
                self._done[key] = preview
            self.on_ready()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._queued.clear()
            self._lock.notify_all()
