"""Medians of `git wt list` (first rows through a pty, complete table) at 1, 20 and 200 worktrees.

Run with git-wt on PATH (``./install.sh``, or ``.venv/bin`` after ``tests/run``):

    python benchmarks/bench_list.py [--runs N] [--sizes 1,20,200] [--branches 10000]
                                    [--autowt PATH] [--worktrunk PATH] [--keep DIR]

Each size gets its own repository: 1,500 commits on main, 10,000 branches (most of
them plain refs spread through main's history, so many are far behind; a tenth have a
commit of their own), and the given number of worktrees (primary included), whose
branches are a mix of ahead, far behind, diverged, already merged, dirty and with an
upstream. Every sample is a fresh process. "first rows" is the time until the header
and one row have reached a pseudo-terminal (220 columns, 300 lines, so even the
200-row table fits on screen and is drawn progressively); "complete" is the time until
the process has exited, through the pty and through a pipe. "cold" removes git-wt's
cache (``<git-common-dir>/wt/cache``) before every sample, "warm" keeps it.
`git worktree list` is the floor; `autowt ls` (PyPI) and Worktrunk's `wt list` run
side by side when installed (``--autowt``, ``--worktrunk``, or found on PATH).
Only the standard library is used.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import platform
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bench_core import git  # one way to run set-up git commands in every benchmark

HISTORY = 1500
FILES = 200
EPOCH = 1_700_000_000
PTY_COLUMNS = 220
PTY_LINES = 300

# Issue 5 and SPEC 7, medians on a 2-core machine (milliseconds).
BUDGETS = {
    ("git wt list", 20, "first rows, cold"): 80.0,
    ("git wt list", 20, "first rows, warm"): 80.0,
    ("git wt list", 20, "complete, pty, cold"): 400.0,
    ("git wt list", 20, "complete, pipe, cold"): 400.0,
    ("git wt list statusline", 1, "small repo, cold"): 60.0,
    ("git wt list statusline", 1, "small repo, warm"): 60.0,
}


# -- building the repositories -----------------------------------------------------------


def hermetic_env(home: str) -> dict[str, str]:
    """The caller's PATH, without user or system git config and without color hints."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GIT_", "XDG_", "WORKTRUNK"))
        and k not in ("NO_COLOR", "CLICOLOR_FORCE", "PYTHONDONTWRITEBYTECODE")
    }
    env.update(
        HOME=home,
        XDG_CONFIG_HOME=os.path.join(home, ".config"),
        XDG_CACHE_HOME=os.path.join(home, ".cache"),
        XDG_STATE_HOME=os.path.join(home, ".state"),
        XDG_DATA_HOME=os.path.join(home, ".data"),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Bench",
        GIT_AUTHOR_EMAIL="bench@example.com",
        GIT_COMMITTER_NAME="Bench",
        GIT_COMMITTER_EMAIL="bench@example.com",
        LC_ALL="C.UTF-8",
        TERM="xterm-256color",
    )
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    return env


class Stream:
    """A `git fast-import` stream under construction."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.mark = 0

    def commit(
        self, ref: str, parent: int | None, when: int, message: str, files: dict[str, str]
    ) -> int:
        self.mark += 1
        raw = message.encode()
        out = b"commit %s\nmark :%d\n" % (ref.encode(), self.mark)
        out += b"committer Bench <bench@example.com> %d +0000\n" % when
        out += b"data %d\n%s\n" % (len(raw), raw)
        if parent is not None:
            out += b"from :%d\n" % parent
        for path, text in files.items():
            body = text.encode()
            out += b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(body), body)
        self.parts.append(out)
        return self.mark

    def reset(self, ref: str, mark: int) -> None:
        self.parts.append(b"reset %s\nfrom :%d\n\n" % (ref.encode(), mark))

    def data(self) -> bytes:
        return b"".join(self.parts) + b"done\n"


def _module(index: int, revision: int) -> str:
    lines = [f"value_{n} = {index * 100 + n}" for n in range(30)]
    lines[revision % 30] = f"value_{revision % 30} = 'revision {revision}'"
    return "\n".join(lines) + "\n"


@dataclass
class Fixture:
    repo: str
    worktrees: int
    branches: int


def _worktree_plan(n: int) -> tuple[int, int]:
    """(fork point on main, own commits) of worktree branch n: a mix of row states."""
    if n % 5 == 0:
        return 40 + n % 7, 1 + n % 3  # forked long ago: ~1,450 commits behind
    if n % 7 == 3:
        return HISTORY - 30 - n % 11, 0  # nothing of its own: already merged
    return HISTORY - 1 - n % 25, 1 + n % 3  # recent work


def build(base: str, env: dict[str, str], worktrees: int, branches: int) -> Fixture:
    repo = os.path.join(base, "repo")
    if os.path.isdir(os.path.join(repo, ".git")):
        return Fixture(repo, worktrees, branches)  # built by an earlier run with --keep
    git(env, base, "init", "-q", "-b", "main", repo)
    git(env, repo, "config", "gc.auto", "0")
    s = Stream()
    main = [
        s.commit(
            "refs/heads/main",
            None,
            EPOCH,
            "initial import",
            {f"src/m{i:03d}.py": _module(i, 0) for i in range(FILES)},
        )
    ]
    for k in range(1, HISTORY):
        i = (k * 7) % FILES
        main.append(
            s.commit(
                "refs/heads/main",
                main[-1],
                EPOCH + 600 * k,
                f"tune m{i:03d}",
                {f"src/m{i:03d}.py": _module(i, k)},
            )
        )
    names = []
    for n in range(1, worktrees):
        name = f"wt/w{n:03d}"
        names.append(name)
        fork, own = _worktree_plan(n)
        tip = main[fork]
        s.reset(f"refs/heads/{name}", tip)
        for step in range(own):
            tip = s.commit(
                f"refs/heads/{name}",
                tip,
                EPOCH + 600 * fork + 60 * (step + 1) + n,
                f"{name}: step {step}",
                {
                    f"work/{name}/s{step}.txt": f"{name} {step}\n",
                    f"src/m{(n + step) % FILES:03d}.py": _module(n, 9000 + step),
                },
            )
        if n % 2 == 0:
            # An upstream: origin has the branch, sometimes one commit further along.
            remote_tip = tip
            if n % 4 == 0:
                remote_tip = s.commit(
                    f"refs/remotes/origin/{name}",
                    tip,
                    EPOCH + 600 * HISTORY + n,
                    f"{name}: pushed",
                    {f"work/{name}/remote.txt": "r\n"},
                )
            s.reset(f"refs/remotes/origin/{name}", remote_tip)
    plain = branches - len(names)
    for n in range(plain):
        point = main[(n * 37) % (HISTORY - 1)]
        ref = f"refs/heads/b/b{n:05d}"
        if n % 10 == 0:
            s.commit(
                ref,
                point,
                EPOCH + 600 * HISTORY + n,
                f"b{n:05d}: idea",
                {f"ideas/b{n:05d}.txt": "idea\n"},
            )
        else:
            s.reset(ref, point)
    s.reset("refs/remotes/origin/main", main[-1])
    git(env, repo, "fast-import", "--quiet", "--done", stdin=s.data())
    git(env, repo, "remote", "add", "origin", repo)
    git(env, repo, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main")
    git(env, repo, "config", "branch.main.remote", "origin")
    git(env, repo, "config", "branch.main.merge", "refs/heads/main")
    for n, name in enumerate(names, start=1):
        if n % 2 == 0:
            git(env, repo, "config", f"branch.{name}.remote", "origin")
            git(env, repo, "config", f"branch.{name}.merge", f"refs/heads/{name}")
    git(env, repo, "pack-refs", "--all")
    git(env, repo, "reset", "-q", "--hard", "main")
    for n, name in enumerate(names, start=1):
        path = os.path.join(base, f"repo.w{n:03d}")
        git(env, repo, "worktree", "add", "-q", path, name)
        _dirty(path, n)
    return Fixture(repo, worktrees, branches)


def _dirty(path: str, n: int) -> None:
    """Some worktrees have edits, new files, staged changes: what agents leave behind."""
    if n % 3 == 0:
        with open(os.path.join(path, "src", "m001.py"), "a", encoding="utf-8") as handle:
            handle.write("# edited\n" * (n % 5 + 1))
    if n % 4 == 1:
        with open(os.path.join(path, "scratch.txt"), "w", encoding="utf-8") as handle:
            handle.write("notes\n")
    if n % 6 == 2:
        with open(os.path.join(path, "src", "m002.py"), "a", encoding="utf-8") as handle:
            handle.write("# staged\n")
        subprocess.run(["git", "add", "src/m002.py"], cwd=path, check=True)


# -- measuring ----------------------------------------------------------------------------


@dataclass
class Sample:
    first_ms: float | None
    done_ms: float
    code: int
    cpu_ms: float = 0.0  # user + system time of the process and everything it waited for


def run_pty(argv: list[str], cwd: str, env: dict[str, str], rows_seen: int = 2) -> Sample:
    """Run in a pseudo-terminal; note when `rows_seen` lines have arrived, and the exit."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", PTY_LINES, PTY_COLUMNS, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=cwd, env=dict(env, PWD=cwd), stdin=slave, stdout=slave, stderr=slave
    )
    os.close(slave)
    first = None
    newlines = 0
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: every writer has gone
            break
        if not chunk:
            break
        if first is None:
            newlines += chunk.count(b"\n")
            if newlines >= rows_seen:
                first = (time.perf_counter() - start) * 1000
    _, status, usage = os.wait4(proc.pid, 0)
    done = (time.perf_counter() - start) * 1000
    proc.returncode = os.waitstatus_to_exitcode(status)
    os.close(master)
    return Sample(first, done, proc.returncode, (usage.ru_utime + usage.ru_stime) * 1000)


def run_pipe(argv: list[str], cwd: str, env: dict[str, str]) -> Sample:
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        cwd=cwd,
        env=dict(env, PWD=cwd),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdout is not None
    proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Sample(None, elapsed, proc.returncode, (usage.ru_utime + usage.ru_stime) * 1000)


@dataclass
class Row:
    tool: str
    size: int
    what: str
    samples: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None


def measure(
    rows: list[Row],
    tool: str,
    size: int,
    argv: list[str],
    fixture: Fixture,
    env: dict[str, str],
    runs: int,
    before: Callable[[], None] | None = None,
    label: str = "",
) -> None:
    """first rows + complete through a pty, complete through a pipe."""
    suffix = f", {label}" if label else ""
    first = Row(tool, size, "first rows" + suffix)
    pty_done = Row(tool, size, "complete, pty" + suffix)
    pipe_done = Row(tool, size, "complete, pipe" + suffix)
    cpu = Row(tool, size, "CPU time, pipe" + suffix)
    warm = run_pipe(argv, fixture.repo, env)
    if warm.code != 0:
        for row in (first, pty_done, pipe_done, cpu):
            row.note = f"exit {warm.code}"
        rows.extend([first, pty_done, pipe_done, cpu])
        return
    for _ in range(runs):
        if before:
            before()
        sample = run_pty(argv, fixture.repo, env)
        if sample.first_ms is not None:
            first.samples.append(sample.first_ms)
        pty_done.samples.append(sample.done_ms)
        if before:
            before()
        piped = run_pipe(argv, fixture.repo, env)
        pipe_done.samples.append(piped.done_ms)
        cpu.samples.append(piped.cpu_ms)
    rows.extend([first, pty_done, pipe_done, cpu])


def clear_cache(repo: str) -> Callable[[], None]:
    cache = os.path.join(repo, ".git", "wt", "cache")

    def clear() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    return clear


def clear_worktrunk_cache(repo: str) -> Callable[[], None]:
    cache = os.path.join(repo, ".git", "wt", "cache")
    other = os.path.join(repo, ".git", "wt-cache")

    def clear() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(other, ignore_errors=True)

    return clear


def find_tool(explicit: str | None, name: str) -> str | None:
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    return shutil.which(name)


def bench_size(
    base: str, env: dict[str, str], size: int, args: argparse.Namespace, rows: list[Row]
) -> None:
    where = os.path.join(base, f"w{size}")
    os.makedirs(where, exist_ok=True)
    started = time.perf_counter()
    fixture = build(where, env, size, args.branches)
    print(
        f"# built {size} worktrees + {args.branches} branches in "
        f"{time.perf_counter() - started:.1f}s",
        file=sys.stderr,
    )
    runs = args.runs
    measure(rows, "git worktree list", size, ["git", "worktree", "list"], fixture, env, runs)
    wt = ["git", "wt", "list"]
    measure(rows, "git wt list", size, wt, fixture, env, runs, clear_cache(fixture.repo), "cold")
    measure(rows, "git wt list", size, wt, fixture, env, runs, None, "warm")
    line = Row("git wt list statusline", size, "complete, pipe, warm")
    for _ in range(runs):
        line.samples.append(run_pipe(["git-wt", "list", "statusline"], fixture.repo, env).done_ms)
    rows.append(line)
    if args.autowt_path:
        measure(rows, "autowt ls", size, [args.autowt_path, "ls"], fixture, env, runs)
    if args.worktrunk_path:
        wtk = [args.worktrunk_path, "list"]
        clear = clear_worktrunk_cache(fixture.repo)
        measure(rows, "worktrunk wt list", size, wtk, fixture, env, runs, clear, "cold")
        measure(rows, "worktrunk wt list", size, wtk, fixture, env, runs, None, "warm")


def bench_statusline(base: str, env: dict[str, str], runs: int, rows: list[Row]) -> None:
    """The prompt case: a small repository, one feature worktree with some edits."""
    where = os.path.join(base, "small")
    repo = os.path.join(where, "repo")
    if not os.path.isdir(repo):
        os.makedirs(where)
        git(env, where, "init", "-q", "-b", "main", repo)
        for n in range(30):
            with open(os.path.join(repo, f"f{n}.txt"), "w", encoding="utf-8") as handle:
                handle.write(f"{n}\n")
            git(env, repo, "add", f"f{n}.txt")
            git(env, repo, "commit", "-q", "-m", f"commit {n}")
        git(env, repo, "worktree", "add", "-q", "-b", "feature", os.path.join(where, "feature"))
        with open(os.path.join(where, "feature", "f1.txt"), "a", encoding="utf-8") as handle:
            handle.write("edit\n")
    feature = os.path.join(where, "feature")
    argv = ["git-wt", "list", "statusline"]
    cache = clear_cache(repo)
    for label, before in (("cold", cache), ("warm", None)):
        row = Row("git wt list statusline", 1, f"small repo, {label}")
        run_pipe(argv, feature, env)
        for _ in range(runs):
            if before:
                before()
            row.samples.append(run_pipe(argv, feature, env).done_ms)
        rows.append(row)


# -- reporting ----------------------------------------------------------------------------


def budget_of(row: Row) -> float | None:
    return BUDGETS.get((row.tool, row.size, row.what))


def print_rows(rows: list[Row], *, markdown: bool) -> None:
    if markdown:
        print("| Tool | Worktrees | Measure | Median | Budget |")
        print("| --- | ---: | --- | ---: | ---: |")
    for row in rows:
        median = row.median
        budget = budget_of(row)
        shown = f"{median:.0f} ms" if median is not None else (row.note or "n/a")
        limit = f"≤ {budget:.0f} ms" if budget is not None else ""
        verdict = ""
        if budget is not None and median is not None:
            verdict = " PASS" if median <= budget else " OVER"
        if markdown:
            print(f"| `{row.tool}` | {row.size} | {row.what} | {shown} | {limit}{verdict} |")
        else:
            print(f"{row.tool:<20} {row.size:>4}  {row.what:<24} {shown:>10}  {limit}{verdict}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7, help="samples per measure (default 7)")
    parser.add_argument("--sizes", default="1,20,200", help="worktree counts (default 1,20,200)")
    parser.add_argument("--branches", type=int, default=10000, help="branches (default 10000)")
    parser.add_argument("--autowt", help="path of an `autowt` executable (default: PATH)")
    parser.add_argument("--worktrunk", help="path of Worktrunk's `wt` (default: none)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--keep", metavar="DIR", help="build in DIR and keep it")
    args = parser.parse_args(argv)
    args.size_list = [int(x) for x in args.sizes.split(",") if x.strip()]
    if args.runs < 1 or any(n < 1 for n in args.size_list) or args.branches < max(args.size_list):
        parser.error("need --runs >= 1, sizes >= 1 and --branches >= the largest size")
    args.autowt_path = find_tool(args.autowt, "autowt")
    args.worktrunk_path = find_tool(args.worktrunk, "") if args.worktrunk else None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("git-wt") is None:
        print("bench_list: git-wt is not on PATH (run ./install.sh first)", file=sys.stderr)
        return 1
    base = args.keep or tempfile.mkdtemp(prefix="git-wt-bench-list-")
    os.makedirs(base, exist_ok=True)
    try:
        home = os.path.join(base, "home")
        os.makedirs(home, exist_ok=True)
        env = hermetic_env(home)
        version = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout
        print(
            f"# {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}, {version.strip()}; "
            f"{args.branches} branches, {HISTORY} commits on main; median of {args.runs} runs"
        )
        rows: list[Row] = []
        bench_statusline(base, env, args.runs, rows)
        for size in args.size_list:
            bench_size(base, env, size, args, rows)
        print_rows(rows, markdown=args.markdown)
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
