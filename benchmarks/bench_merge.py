"""Wall-clock timings of `git wt step copy-ignored` (clone vs copy) and `git wt merge` end to end.

Run with git-wt on PATH (``./install.sh``, or ``.venv/bin`` after ``tests/run``):

    python benchmarks/bench_merge.py                       # 1 GiB of small ignored files
    python benchmarks/bench_merge.py --size-mb 100         # smaller and quicker
    python benchmarks/bench_merge.py --dir /mnt/btrfs      # on a filesystem with reflinks

copy-ignored: a primary worktree holds an ignored ``node_modules/`` of many small files
(``--size-mb`` in total, ``--file-kb`` on average, a hundred per directory); each sample
adds a fresh worktree and copies into it, once with clones (only where the filesystem
can clone: btrfs, XFS, ...) and once as plain copies, next to ``cp -a`` doing the same.
The source is in the page cache (it was just written), and ``sync`` runs before each
sample so one run's write-back does not land in the next one's time.

merge: a repository of 500 files; each sample makes a worktree with three commits and an
uncommitted change and times ``git wt merge`` (squash, fast-forward, removal) from it,
once with the default branch unchanged and once after it moved on (so a rebase runs).
Only the standard library is used.
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bench_core import hermetic_env  # same clean environment for every benchmark

PER_DIR = 100


@dataclass
class Result:
    label: str
    samples: list[float] = field(default_factory=list)
    note: str = ""

    def line(self, unit: str = "s") -> str:
        if not self.samples:
            return f"{self.label:<46} skipped: {self.note}"
        scale = 1000.0 if unit == "ms" else 1.0
        med = statistics.median(self.samples) * scale
        lo, hi = min(self.samples) * scale, max(self.samples) * scale
        extra = f"  {self.note}" if self.note else ""
        return f"{self.label:<46} median {med:8.2f} {unit}  (min {lo:.2f}, max {hi:.2f}){extra}"


def sh(env: dict[str, str], cwd: str, *argv: str) -> str:
    proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"bench_merge: {' '.join(argv)} failed in {cwd}:\n{proc.stderr}")
    return proc.stdout


def timed(env: dict[str, str], cwd: str, *argv: str) -> float:
    started = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    took = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)}: {proc.stderr.strip().splitlines()[-1:]}")
    return took


def reflink_supported(directory: str) -> bool:
    a, b = os.path.join(directory, ".probe-a"), os.path.join(directory, ".probe-b")
    with open(a, "w") as handle:
        handle.write("probe")
    try:
        proc = subprocess.run(["cp", "--reflink=always", a, b], capture_output=True, check=False)
        return proc.returncode == 0
    finally:
        for path in (a, b):
            if os.path.exists(path):
                os.unlink(path)


def init_repo(env: dict[str, str], path: str) -> None:
    os.makedirs(path)
    sh(env, path, "git", "init", "-q", "-b", "main")
    sh(env, path, "git", "config", "wt.commit.generation-command", "")


# -- copy-ignored ------------------------------------------------------------------------


def make_tree(root: str, size_mb: int, file_kb: int, seed: int = 7) -> tuple[int, int]:
    """Files of 1..2*file_kb KiB (random bytes), PER_DIR per directory; (files, bytes)."""
    rng = random.Random(seed)
    target = size_mb * 1024 * 1024
    total = files = 0
    blob = rng.randbytes(4 * file_kb * 1024 + 4096)
    while total < target:
        directory = os.path.join(root, f"pkg{files // PER_DIR:05d}")
        if files % PER_DIR == 0:
            os.makedirs(directory)
        size = rng.randint(1024, 2 * file_kb * 1024)
        start = rng.randint(0, len(blob) - size)
        with open(os.path.join(directory, f"f{files % PER_DIR:03d}.js"), "wb") as handle:
            handle.write(blob[start : start + size])
        files += 1
        total += size
    return files, total


def bench_copy(args: argparse.Namespace, env: dict[str, str], base: str) -> list[Result]:
    repo = os.path.join(base, "copy", "repo")
    init_repo(env, repo)
    with open(os.path.join(repo, ".gitignore"), "w") as handle:
        handle.write("node_modules/\n")
    sh(env, repo, "git", "add", ".gitignore")
    sh(env, repo, "git", "commit", "-qm", "ignore node_modules")
    print(f"building {args.size_mb} MiB of small files ...", file=sys.stderr)
    started = time.perf_counter()
    files, nbytes = make_tree(os.path.join(repo, "node_modules"), args.size_mb, args.file_kb)
    print(
        f"  {files} files, {nbytes / 2**20:.0f} MiB in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    clones = reflink_supported(repo)
    size_note = f"{files} files, {nbytes / 2**30:.2f} GiB"
    results: list[Result] = []
    cases: list[tuple[str, Callable[[str], Sequence[str]], bool]] = [
        ("git wt step copy-ignored (clones)", lambda d: _wt_copy("always"), True),
        ("git wt step copy-ignored (plain copies)", lambda d: _wt_copy("never"), False),
        ("cp -a --reflink=always (baseline)", lambda d: _cp(repo, d, "always"), True),
        ("cp -a --reflink=never (baseline)", lambda d: _cp(repo, d, "never"), False),
    ]
    if args.skip_baseline:
        cases = [c for c in cases if not c[0].startswith("cp ")]
    counter = 0
    for label, argv_for, needs_clones in cases:
        result = Result(label, note=size_note)
        results.append(result)
        if needs_clones and not clones:
            result.note = "this filesystem cannot clone files (reflink)"
            continue
        for _ in range(args.runs):
            counter += 1
            dest = os.path.join(base, "copy", f"wt{counter}")
            sh(env, repo, "git", "worktree", "add", "-q", "-b", f"b{counter}", dest)
            subprocess.run(["sync"], check=False)
            try:
                result.samples.append(timed(env, dest, *argv_for(dest)))
            except RuntimeError as exc:
                result.note = str(exc)
                break
            finally:
                shutil.rmtree(dest, ignore_errors=True)
                sh(env, repo, "git", "worktree", "prune")
        if result.samples:
            rate = nbytes / 2**20 / statistics.median(result.samples)
            result.note = f"{size_note}, {rate:,.0f} MiB/s"
    return results


def _wt_copy(mode: str) -> list[str]:
    return ["git", "wt", "step", "copy-ignored", "--reflink", mode]


def _cp(repo: str, dest: str, mode: str) -> list[str]:
    return ["cp", "-a", f"--reflink={mode}", os.path.join(repo, "node_modules"), dest]


# -- merge ---------------------------------------------------------------------------------


def bench_merge(args: argparse.Namespace, env: dict[str, str], base: str) -> list[Result]:
    repo = os.path.join(base, "merge", "repo")
    init_repo(env, repo)
    for i in range(500):
        directory = os.path.join(repo, f"src{i // 50}")
        os.makedirs(directory, exist_ok=True)
        with open(os.path.join(directory, f"m{i}.py"), "w") as handle:
            handle.write(f"VALUE = {i}\n" * 20)
    sh(env, repo, "git", "add", ".")
    sh(env, repo, "git", "commit", "-qm", "initial")
    results = []
    for label, moved in (
        ("git wt merge (squash, fast-forward, remove)", False),
        ("git wt merge (squash, rebase, fast-forward, remove)", True),
    ):
        result = Result(label)
        results.append(result)
        for n in range(args.merge_runs):
            branch = f"{'r' if moved else 'f'}{n}"
            path = os.path.join(base, "merge", f"repo.{branch}")
            sh(env, repo, "git", "worktree", "add", "-q", "-b", branch, path)
            for k in range(3):
                with open(os.path.join(path, f"{branch}-{k}.txt"), "w") as handle:
                    handle.write(f"change {k}\n")
                sh(env, path, "git", "add", ".")
                sh(env, path, "git", "commit", "-qm", f"{branch} change {k}")
            with open(os.path.join(path, "src0", "m0.py"), "a") as handle:
                handle.write("# uncommitted\n")
            if moved:
                with open(os.path.join(repo, f"main-{n}.txt"), "w") as handle:
                    handle.write("main moved\n")
                sh(env, repo, "git", "add", ".")
                sh(env, repo, "git", "commit", "-qm", f"main moves {n}")
            result.samples.append(timed(env, path, "git", "wt", "merge", "--no-hooks", "-y"))
        result.note = f"{len(result.samples)} merges"
    return results


# -- main ----------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=int, default=1024, help="ignored data (MiB)")
    parser.add_argument("--file-kb", type=int, default=8, help="average file size (KiB)")
    parser.add_argument("--runs", type=int, default=3, help="samples per copy case")
    parser.add_argument("--merge-runs", type=int, default=15, help="samples per merge case")
    parser.add_argument("--dir", help="where to build (its filesystem is what is measured)")
    parser.add_argument("--skip-copy", action="store_true")
    parser.add_argument("--skip-merge", action="store_true")
    parser.add_argument("--skip-baseline", action="store_true", help="no cp -a runs")
    parser.add_argument("--keep", action="store_true", help="keep the files and say where")
    args = parser.parse_args(argv)
    if shutil.which("git-wt") is None:
        sys.exit("bench_merge: git-wt is not on PATH (./install.sh, or put .venv/bin first)")
    base = tempfile.mkdtemp(prefix="git-wt-bench-merge-", dir=args.dir)
    home = os.path.join(base, "home")
    os.makedirs(home)
    env = hermetic_env(home)
    fs = subprocess.run(
        ["df", "-T", base], capture_output=True, text=True, check=False
    ).stdout.splitlines()[-1:]
    print(f"# bench_merge on {platform.platform()}, {os.cpu_count()} CPUs")
    print(f"# data in {base} ({' '.join(fs[0].split()[:2]) if fs else '?'})")
    print(f"# copy-on-write clones (reflink) here: {'yes' if reflink_supported(base) else 'no'}")
    try:
        results: list[tuple[Result, str]] = []
        if not args.skip_copy:
            results += [(r, "s") for r in bench_copy(args, env, base)]
        if not args.skip_merge:
            results += [(r, "ms") for r in bench_merge(args, env, base)]
        for result, unit in results:
            print(result.line(unit))
    finally:
        if args.keep:
            print(f"# kept: {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
