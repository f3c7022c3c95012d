"""Wall-clock medians of git-wt's hot paths on a repository with 1,000 branches and 20 worktrees.

Run from anywhere with git-wt on PATH (``./install.sh``, or ``.venv/bin`` after ``tests/run``):

    python benchmarks/bench_core.py [--runs N] [--markdown]

Every sample is a fresh process, timed with ``time.perf_counter`` around ``subprocess.run``,
after one untimed warm-up run. Only the standard library is used.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

# SPEC section 7, medians on a 2-core machine.
BUDGETS_MS = {
    "git-wt --version": 40.0,
    "git wt --version": 40.0,
    "git wt switch <existing> --no-cd": 80.0,
}

HISTORY_COMMITS = 300
FILES = 60
EPOCH = 1_700_000_000


@dataclass
class Case:
    label: str
    argv: list[str]
    cwd: str
    # A second (argv, cwd) to alternate with, so a switch never finds itself already there.
    alternate: tuple[list[str], str] | None = None
    samples_ms: list[float] = field(default_factory=list)
    skipped: str | None = None


# -- building the repository ----------------------------------------------------------------


def hermetic_env(home: str) -> dict[str, str]:
    """The caller's PATH, but no user or system git config and no shell integration."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GIT_", "XDG_")) and k not in ("NO_COLOR", "CLICOLOR_FORCE")
    }
    env.update(
        HOME=home,
        XDG_CONFIG_HOME=os.path.join(home, ".config"),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Bench",
        GIT_AUTHOR_EMAIL="bench@example.com",
        GIT_COMMITTER_NAME="Bench",
        GIT_COMMITTER_EMAIL="bench@example.com",
        LC_ALL="C",
    )
    return env


def git(env: dict[str, str], cwd: str, *args: str, stdin: bytes | None = None) -> str:
    proc = subprocess.run(
        ["git", *args], cwd=cwd, env=env, input=stdin, capture_output=True, check=False
    )
    if proc.returncode != 0:
        sys.exit(
            f"{os.path.basename(sys.argv[0])}: setup failed: "
            f"git {' '.join(args)} (exit {proc.returncode})\n"
            + proc.stderr.decode(errors="replace")
        )
    return proc.stdout.decode()


def _data(text: str) -> bytes:
    raw = text.encode()
    return b"data %d\n" % len(raw) + raw + b"\n"


def _commit(ref: str, mark: int, parent: int | None, when: int, message: str) -> bytes:
    head = b"commit %s\nmark :%d\n" % (ref.encode(), mark)
    head += b"committer Bench <bench@example.com> %d +0000\n" % when
    head += _data(message)
    if parent is not None:
        head += b"from :%d\n" % parent
    return head


def _file(path: str, text: str) -> bytes:
    return b"M 100644 inline %s\n" % path.encode() + _data(text)


def _file_text(index: int, version: int) -> str:
    lines = [f"line {n} of module {index}" for n in range(40)]
    lines[version % 40] = f"changed in revision {version}"
    return "\n".join(lines) + "\n"


def fast_import_stream(feature_branches: int, rng: random.Random) -> tuple[bytes, list[str]]:
    """main's history plus feature branches with commits of their own, as one stream."""
    out: list[bytes] = []
    first = _commit("refs/heads/main", 1, None, EPOCH, "initial import\n")
    out.append(
        first + b"".join(_file(f"src/mod{i:02d}.py", _file_text(i, 0)) for i in range(FILES))
    )
    for k in range(1, HISTORY_COMMITS):
        index = k % FILES
        out.append(
            _commit("refs/heads/main", k + 1, k, EPOCH + k * 3600, f"change module {index}\n")
            + _file(f"src/mod{index:02d}.py", _file_text(index, k))
        )
    mark = HISTORY_COMMITS + 1
    names: list[str] = []
    for n in range(feature_branches):
        name = f"feature/f{n:04d}"
        names.append(name)
        # Half start near the tip, half far behind it.
        fork = rng.randint(HISTORY_COMMITS - 20, HISTORY_COMMITS) if n % 2 else rng.randint(1, 60)
        parent = fork
        for step in range(1 + n % 3):
            mark += 1
            when = EPOCH + fork * 3600 + 60 * (step + 1)
            out.append(
                _commit(f"refs/heads/{name}", mark, parent, when, f"{name}: step {step}\n")
                + _file(f"features/{name}/part{step}.txt", f"{name} {step}\n")
            )
            parent = mark
    return b"".join(out) + b"done\n", names


def build_repo(
    base: str, env: dict[str, str], branches: int, worktrees: int
) -> tuple[str, list[str]]:
    """A repository with `branches` branches besides main and `worktrees` worktrees in all."""
    rng = random.Random(20240601)
    repo = os.path.join(base, "repo")
    git(env, base, "init", "-q", "-b", "main", repo)
    git(env, repo, "config", "gc.auto", "0")
    feature_count = max(worktrees, branches * 2 // 5)
    stream, features = fast_import_stream(feature_count, rng)
    git(env, repo, "fast-import", "--quiet", "--done", stdin=stream)
    # The rest are plain refs at old points of main: branches that fell far behind.
    main_log = git(env, repo, "rev-list", "--reverse", "main").split()
    updates = []
    for n in range(branches - feature_count):
        sha = main_log[rng.randint(0, len(main_log) - 40)]
        updates.append(f"create refs/heads/old/o{n:04d} {sha}\n")
    git(env, repo, "update-ref", "--stdin", stdin="".join(updates).encode())
    git(env, repo, "reset", "-q", "--hard", "main")
    paths = []
    for name in features[: worktrees - 1]:
        path = os.path.join(base, "repo." + name.replace("/", "-"))
        git(env, repo, "worktree", "add", "-q", path, name)
        paths.append(path)
    _make_some_dirty(paths)
    return repo, paths


def _make_some_dirty(paths: Sequence[str]) -> None:
    """Realistic `list` work: some worktrees have edits, new files or staged changes."""
    for i, path in enumerate(paths):
        if i % 3 == 0:
            with open(os.path.join(path, "src", "mod01.py"), "a", encoding="utf-8") as handle:
                handle.write("# local edit\n")
        if i % 4 == 0:
            with open(os.path.join(path, "notes.txt"), "w", encoding="utf-8") as handle:
                handle.write("scratch\n")


# -- measuring ------------------------------------------------------------------------------


def run_once(argv: list[str], cwd: str, env: dict[str, str]) -> tuple[float, int, bytes]:
    env = dict(env, PWD=cwd)
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, check=False)
    elapsed = (time.perf_counter() - start) * 1000.0
    return elapsed, proc.returncode, proc.stderr


def measure(case: Case, runs: int, env: dict[str, str]) -> None:
    plan = [(case.argv, case.cwd)]
    if case.alternate is not None:
        plan.append(case.alternate)
    # One untimed warm-up of each variant: fills the OS caches and git-wt's config caches.
    for argv, cwd in plan:
        _, code, err = run_once(argv, cwd, env)
        if code != 0:
            lines = err.decode(errors="replace").strip().splitlines()
            case.skipped = f"exit {code}: {lines[0] if lines else 'no message'}"
            return
    for i in range(runs):
        argv, cwd = plan[i % len(plan)]
        elapsed, code, err = run_once(argv, cwd, env)
        if code != 0:
            case.skipped = f"exit {code} on run {i + 1}: {err.decode(errors='replace').strip()}"
            return
        case.samples_ms.append(elapsed)


def cases(repo: str, worktrees: list[str], count: int) -> list[Case]:
    first, second = worktrees[0], worktrees[1]
    name_of = {
        path: "feature/" + os.path.basename(path).split("feature-", 1)[1] for path in worktrees
    }
    switch = ["git", "wt", "switch"]
    return [
        Case("git-wt --version", ["git-wt", "--version"], repo),
        Case("git wt --version", ["git", "wt", "--version"], repo),
        Case(
            "git wt switch <existing> --no-cd",
            [*switch, name_of[second], "--no-cd"],
            first,
            alternate=([*switch, name_of[first], "--no-cd"], second),
        ),
        Case(f"git wt list ({count} worktrees)", ["git", "wt", "list"], repo),
        Case("git worktree list (floor)", ["git", "worktree", "list"], repo),
    ]


# -- reporting ------------------------------------------------------------------------------


def verdict(case: Case, median: float) -> str:
    budget = BUDGETS_MS.get(case.label)
    if budget is None:
        return ""
    return "PASS" if median <= budget else "OVER"


def print_table(results: list[Case]) -> None:
    width = max(len(c.label) for c in results)
    print(f"{'command':<{width}}  {'median':>8}  {'min':>8}  {'max':>8}  {'budget':>7}  verdict")
    for case in results:
        if case.skipped:
            print(f"{case.label:<{width}}  skipped ({case.skipped})")
            continue
        med = statistics.median(case.samples_ms)
        budget = BUDGETS_MS.get(case.label)
        shown = f"{budget:.0f} ms" if budget is not None else "-"
        line = (
            f"{case.label:<{width}}  {med:6.1f}ms  {min(case.samples_ms):6.1f}ms  "
            f"{max(case.samples_ms):6.1f}ms  {shown:>7}  {verdict(case, med)}"
        )
        print(line.rstrip())


def print_markdown(results: list[Case]) -> None:
    print("| Command | Median | Budget |")
    print("| --- | ---: | ---: |")
    for case in results:
        command, paren, note = case.label.partition(" (")
        label = f"`{command}`" + (f" ({note}" if paren else "")
        if case.skipped:
            print(f"| {label} | not measured | |")
            continue
        med = statistics.median(case.samples_ms)
        budget = BUDGETS_MS.get(case.label)
        shown = f"≤ {budget:.0f} ms" if budget is not None else "—"
        print(f"| {label} | {med:.0f} ms | {shown} |")


def describe_machine(env: dict[str, str], runs: int, branches: int, worktrees: int) -> None:
    git_version = subprocess.run(
        ["git", "--version"], env=env, capture_output=True, text=True, check=False
    ).stdout.strip()
    print(
        f"# {branches} branches, {worktrees} worktrees, {HISTORY_COMMITS} commits on main; "
        f"median of {runs} runs each"
    )
    print(
        f"# {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {git_version}"
    )
    print(f"# git-wt: {shutil.which('git-wt', path=env.get('PATH'))}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=15, help="samples per command (default 15)")
    parser.add_argument("--branches", type=int, default=1000, help="branches besides main")
    parser.add_argument("--worktrees", type=int, default=20, help="worktrees, primary included")
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    parser.add_argument("--keep", action="store_true", help="keep the generated repository")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budget is exceeded")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.worktrees < 3 or args.branches < args.worktrees:
        parser.error("need --runs >= 1, --worktrees >= 3 and --branches >= --worktrees")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("git-wt") is None:
        print(
            "bench_core: git-wt is not on PATH; run ./install.sh, or put .venv/bin "
            "first on PATH (tests/run creates it)",
            file=sys.stderr,
        )
        return 1
    base = tempfile.mkdtemp(prefix="git-wt-bench-")
    try:
        home = os.path.join(base, "home")
        os.makedirs(home)
        env = hermetic_env(home)
        started = time.perf_counter()
        repo, worktrees = build_repo(base, env, args.branches, args.worktrees)
        print(
            f"# built the repository in {time.perf_counter() - started:.1f}s under {base}",
            file=sys.stderr,
        )
        describe_machine(env, args.runs, args.branches, args.worktrees)
        results = cases(repo, worktrees, args.worktrees)
        for case in results:
            measure(case, args.runs, env)
        print_table(results)
        if args.markdown:
            print()
            print_markdown(results)
        over = any(
            not c.skipped and verdict(c, statistics.median(c.samples_ms)) == "OVER" for c in results
        )
        return 1 if args.strict and over else 0
    finally:
        if args.keep:
            print(f"# kept {base}", file=sys.stderr)
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
