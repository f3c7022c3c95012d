"""Fault injection: kill git-wt's mutating commands with SIGINT, SIGTERM and SIGKILL at
random moments and count the runs after which an invariant is broken.

    python3 benchmarks/faults.py --trials 1000            # every command, 3,000 files
    python3 benchmarks/faults.py --trials 50 --only push  # one command
    python3 benchmarks/faults.py --trials 200 --files 300 --jobs 2

Run it with git-wt on PATH (``./install.sh``, or ``.venv/bin`` first on PATH). For each
command a repository is built once (``--files`` tracked files, plus worktrees, commits,
uncommitted and ignored files as the command needs them) and copied afresh for every
trial. A trial starts the command in its own session with a ``git`` shim first on PATH
that sleeps before and after the git calls that change things (widening the windows
between steps), sends one signal after a random delay up to the command's unkilled
duration, waits, runs ``git wt list`` (the next command, which recovers what the killed
one left), and then checks:

- every commit reachable (refs and reflogs) before is reachable after, and uncommitted
  work is still in its file or in a reachable commit;
- the primary worktree (the target of merge and push) is clean, and no worktree has a
  rebase or merge left in progress;
- `git worktree list` registrations, branches and directories agree: no missing
  directory, no "initializing" or index-less worktree, no stray directory, no branch
  the killed `switch -c` created without its worktree; no lock file or journal left;
- `git fsck` is clean; `git wt list` exits 0.

The signals: SIGINT to the process group (Ctrl-C in a terminal), SIGTERM to the process
(a harness's timeout) or to its group, SIGKILL to the group (everything dies at once,
as in a power cut). The count of trials that broke an invariant is printed last; the
exit status is 1 when it is not 0. Only the standard library is used. The e2e suite
(tests/e2e/test_faults.py) runs a small sample of the same trials.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

# Git calls the shim slows down: the ones that change a repository.
SLOWED = (
    "worktree",
    "read-tree",
    "update-ref",
    "rebase",
    "merge",
    "commit",
    "branch",
    "checkout-index",
    "add",
)
SHIM = """#!/bin/sh
# git, slowed down (and optionally stopped) at the calls that change things.
slow=0
case "$1" in {cases}) slow=1 ;; esac
if [ "$slow" = 1 ] && [ -n "$WT_FAULT_SLEEP" ]; then sleep "$WT_FAULT_SLEEP"; fi
hang=
if [ -n "$WT_FAULT_HANG" ]; then
    key="${{WT_FAULT_HANG%%:*}}"
    if [ "$1" = "$key" ] || [ "$1 $2" = "$key" ]; then hang="${{WT_FAULT_HANG#*:}}"; fi
fi
if [ "$hang" = before ]; then
    : > "$WT_FAULT_MARK"; sleep "${{WT_FAULT_HANG_SECONDS:-2}}"
fi
"$WT_FAULT_GIT" "$@"
rc=$?
if [ "$slow" = 1 ] && [ -n "$WT_FAULT_SLEEP" ]; then sleep "$WT_FAULT_SLEEP"; fi
if [ "$hang" = after ]; then
    : > "$WT_FAULT_MARK"; sleep "${{WT_FAULT_HANG_SECONDS:-2}}"
fi
exit $rc
"""

SENTINEL = "wip.txt"  # uncommitted work that must survive every trial
NEW_BRANCH = "new"  # the branch `switch -c` creates


@dataclass(frozen=True)
class Kill:
    """One way to stop a command: a signal, sent to the process or its whole group."""

    signum: int
    group: bool

    @property
    def label(self) -> str:
        return f"{signal.Signals(self.signum).name}{'/group' if self.group else ''}"


KILLS = (
    Kill(signal.SIGINT, group=True),
    Kill(signal.SIGTERM, group=False),
    Kill(signal.SIGTERM, group=True),
    Kill(signal.SIGKILL, group=True),
)


class Lab:
    """A hermetic place to build repositories and run git-wt in."""

    def __init__(self, root: str, files: int, path_first: tuple[str, ...] = ()) -> None:
        self.root = root
        self.files = files
        home = os.path.join(root, "home")
        os.makedirs(home, exist_ok=True)
        gitconfig = os.path.join(home, ".gitconfig")
        with open(gitconfig, "w", encoding="utf-8") as handle:
            handle.write('[init]\n\tdefaultBranch = main\n[wt "commit"]\n\tgeneration-command =\n')
        real_git = shutil.which("git")
        if real_git is None:
            sys.exit("faults.py: git is not on PATH")
        bindir = os.path.join(root, "bin")
        os.makedirs(bindir, exist_ok=True)
        shim = os.path.join(bindir, "git")
        with open(shim, "w", encoding="utf-8") as handle:
            handle.write(SHIM.format(cases="|".join(SLOWED)))
        os.chmod(shim, 0o755)
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "XDG_", "WT_"))}
        path = os.pathsep.join([*path_first, keep.get("PATH", "")])
        self.env = {
            **keep,
            "PATH": path,
            "HOME": home,
            "XDG_CONFIG_HOME": os.path.join(home, ".config"),
            "XDG_STATE_HOME": os.path.join(home, ".state"),
            "XDG_CACHE_HOME": os.path.join(home, ".cache"),
            "GIT_CONFIG_GLOBAL": gitconfig,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Fault",
            "GIT_AUTHOR_EMAIL": "fault@example.com",
            "GIT_COMMITTER_NAME": "Fault",
            "GIT_COMMITTER_EMAIL": "fault@example.com",
            "NO_COLOR": "1",
            "LC_ALL": "C",
        }
        self.shim_env = {
            **self.env,
            "PATH": bindir + os.pathsep + self.env.get("PATH", ""),
            "WT_FAULT_GIT": real_git,
        }

    def git(self, cwd: str, *args: str, check: bool = True) -> str:
        proc = subprocess.run(
            ["git", *args], cwd=cwd, env=self.env, capture_output=True, text=True, check=False
        )
        if check and proc.returncode != 0:
            raise RuntimeError(f"git {' '.join(args)} failed in {cwd}: {proc.stderr.strip()}")
        return proc.stdout

    def wt(self, cwd: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git-wt", *args],
            cwd=cwd,
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


# -- scenarios --------------------------------------------------------------------------


def _write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def _base_repo(lab: Lab, base: str) -> str:
    repo = os.path.join(base, "repo")
    os.makedirs(repo)
    lab.git(repo, "init", "-q")
    for i in range(lab.files):
        _write(os.path.join(repo, f"d{i % 30}", f"f{i}.txt"), f"line {i}\n" * 3)
    _write(os.path.join(repo, ".gitignore"), "ignored/\n")
    lab.git(repo, "add", "-A")
    lab.git(repo, "commit", "-q", "-m", "initial")
    return repo


def _feature(lab: Lab, repo: str, branch: str = "feat") -> str:
    path = os.path.join(os.path.dirname(repo), f"repo.{branch}")
    lab.git(repo, "worktree", "add", "-q", "-b", branch, path, "main")
    return path


def _commits(lab: Lab, wt: str, count: int, files_each: int, tag: str, edit: int = 0) -> None:
    """`count` commits, each adding `files_each` files and editing the tracked file `edit`."""
    for c in range(count):
        for i in range(files_each):
            _write(os.path.join(wt, f"{tag}{c}", f"n{i}.txt"), f"{tag} {c} {i}\n")
        edited = os.path.join(wt, f"d{edit % 30}", f"f{edit}.txt")
        with open(edited, "a", encoding="utf-8") as handle:
            handle.write(f"{tag} {c}\n")
        lab.git(wt, "add", "-A")
        lab.git(wt, "commit", "-q", "-m", f"{tag} {c}")


def _wip(wt: str, extra: int) -> None:
    _write(os.path.join(wt, SENTINEL), "uncommitted work that must not be lost\n")
    for i in range(extra):
        _write(os.path.join(wt, "wip", f"w{i}.txt"), f"wip {i}\n")


def _setup_switch(lab: Lab, base: str) -> str:
    return _base_repo(lab, base)


def _setup_remove(lab: Lab, base: str) -> str:
    repo = _base_repo(lab, base)
    _feature(lab, repo)
    return repo


def _setup_merge(lab: Lab, base: str) -> str:
    repo = _base_repo(lab, base)
    feat = _feature(lab, repo)
    _commits(lab, feat, 2, max(10, lab.files // 10), "feat")
    _wip(feat, 20)
    return feat


def _setup_commit(lab: Lab, base: str) -> str:
    repo = _base_repo(lab, base)
    feat = _feature(lab, repo)
    _wip(feat, max(10, lab.files // 10))
    return feat


def _setup_squash(lab: Lab, base: str) -> str:
    repo = _base_repo(lab, base)
    feat = _feature(lab, repo)
    _commits(lab, feat, 3, 10, "feat")
    _wip(feat, 10)
    return feat


def _setup_rebase(lab: Lab, base: str) -> str:
    repo = _base_repo(lab, base)
    feat = _feature(lab, repo)
    _commits(lab, feat, 2, 10, "feat")
    _commits(lab, repo, 1, max(10, lab.files // 5), "main", edit=1)
    _wip(feat, 0)
    return feat


def _setup_push(lab: Lab, base: str) -> str:
    repo = _base_repo(lab, base)
    feat = _feature(lab, repo)
    _commits(lab, feat, 2, max(10, lab.files // 5), "feat")
    return feat


def _setup_prune(lab: Lab, base: str) -> str:
    repo = _base_repo(lab, base)
    _feature(lab, repo, "feat")
    _feature(lab, repo, "feat2")
    return repo


def _setup_copy(lab: Lab, base: str) -> str:
    repo = _base_repo(lab, base)
    feat = _feature(lab, repo)
    for i in range(max(50, lab.files // 3)):
        _write(os.path.join(repo, "ignored", f"g{i % 20}", f"i{i}.bin"), f"{i}\n" * 2000)
    return feat


@dataclass(frozen=True)
class Scenario:
    name: str
    args: tuple[str, ...]
    setup: Callable[[Lab, str], str]  # builds the repository; returns where to run


SCENARIOS = {
    s.name: s
    for s in (
        Scenario("switch", ("switch", "--no-cd", "-c", NEW_BRANCH), _setup_switch),
        Scenario("remove", ("remove", "--foreground", "-y", "feat"), _setup_remove),
        Scenario("merge", ("merge", "-y", "--no-hooks"), _setup_merge),
        Scenario("commit", ("step", "commit", "-y", "--no-hooks"), _setup_commit),
        Scenario("squash", ("step", "squash", "-y", "--no-hooks"), _setup_squash),
        Scenario("rebase", ("step", "rebase"), _setup_rebase),
        Scenario("push", ("step", "push"), _setup_push),
        Scenario(
            "prune",
            ("step", "prune", "--min-age", "0", "--foreground", "-y", "--no-hooks"),
            _setup_prune,
        ),
        Scenario("copy-ignored", ("step", "copy-ignored"), _setup_copy),
    )
}


# -- the repository's state and the invariants --------------------------------------------


def _reachable(lab: Lab, repo: str) -> set[str]:
    out = lab.git(repo, "rev-list", "--all", "--reflog", check=False)
    return set(out.split())


def _blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class Before:
    commits: set[str]
    sentinel: str | None  # the blob id of the uncommitted work, if there is any
    branches: set[str]


def snapshot(lab: Lab, base: str) -> Before:
    repo = os.path.join(base, "repo")
    sentinel = None
    for name in os.listdir(base):
        path = os.path.join(base, name, SENTINEL)
        if os.path.exists(path):
            with open(path, "rb") as handle:
                sentinel = _blob_id(handle.read())
    branches = set(lab.git(repo, "for-each-ref", "--format=%(refname)", "refs/heads/").split())
    return Before(_reachable(lab, repo), sentinel, branches)


@dataclass
class Worktree:
    path: str
    branch: str | None
    locked: str | None
    prunable: bool


def _worktrees(lab: Lab, repo: str) -> list[Worktree]:
    out = lab.git(repo, "worktree", "list", "--porcelain", "-z")
    found: list[Worktree] = []
    fields: dict[str, str] = {}
    for token in [*out.split("\0"), ""]:
        if token:
            key, _, value = token.partition(" ")
            fields[key] = value
            continue
        if "worktree" in fields:
            branch = fields.get("branch", "")
            found.append(
                Worktree(
                    fields["worktree"],
                    branch[len("refs/heads/") :] if branch else None,
                    fields.get("locked"),
                    "prunable" in fields,
                )
            )
        fields = {}
    return found


def _admin_dir(lab: Lab, wt: str) -> str:
    return lab.git(wt, "rev-parse", "--path-format=absolute", "--git-dir").strip()


def check(lab: Lab, base: str, before: Before) -> list[str]:
    """What is wrong now (after the next command ran); empty when all invariants hold."""
    repo = os.path.join(base, "repo")
    problems: list[str] = []
    lost = before.commits - _reachable(lab, repo)
    if lost:
        problems.append(f"{len(lost)} commit(s) no longer reachable, e.g. {min(lost)[:10]}")
    if before.sentinel and not _sentinel_kept(lab, base, before.sentinel):
        problems.append("the uncommitted work is gone")
    if lab.git(repo, "status", "--porcelain", "--untracked-files=all").strip():
        problems.append("the primary worktree is not clean")
    wts = _worktrees(lab, repo)
    registered = {os.path.realpath(w.path) for w in wts}
    for w in wts:
        if w.prunable or not os.path.isdir(w.path):
            problems.append(f"{w.path} is registered but missing")
            continue
        if w.locked is not None:
            problems.append(f"{w.path} is locked ({w.locked})")
        admin = _admin_dir(lab, w.path)
        if not os.path.exists(os.path.join(admin, "index")):
            problems.append(f"{w.path} has no index")
        for marker in ("rebase-merge", "rebase-apply", "MERGE_HEAD", "index.lock"):
            if os.path.exists(os.path.join(admin, marker)):
                problems.append(f"{w.path}: {marker} left behind")
        for dirpath, _dirs, files in os.walk(w.path):
            if any(".wt-copy-" in f for f in files):
                problems.append(f"{w.path}: a half-copied file is left in {dirpath}")
                break
    for name in os.listdir(base):
        path = os.path.realpath(os.path.join(base, name))
        if name.startswith("repo.") and path not in registered:
            problems.append(f"stray directory {name} (not a registered worktree)")
    branches = set(lab.git(repo, "for-each-ref", "--format=%(refname)", "refs/heads/").split())
    created = f"refs/heads/{NEW_BRANCH}"
    if created in branches - before.branches and not any(w.branch == NEW_BRANCH for w in wts):
        problems.append(f"branch {NEW_BRANCH} exists without its worktree")
    problems += _leftover_locks(os.path.join(repo, ".git"))
    fsck = subprocess.run(
        ["git", "fsck", "--no-progress", "--no-dangling"],
        cwd=repo,
        env=lab.env,
        capture_output=True,
        text=True,
        check=False,
    )
    if fsck.returncode != 0:
        problems.append(f"git fsck: {(fsck.stdout + fsck.stderr).strip()[:200]}")
    problems += _copies_intact(base)
    return problems


def _sentinel_kept(lab: Lab, base: str, blob: str) -> bool:
    for name in os.listdir(base):
        path = os.path.join(base, name, SENTINEL)
        if os.path.exists(path):
            with open(path, "rb") as handle:
                if _blob_id(handle.read()) == blob:
                    return True
    repo = os.path.join(base, "repo")
    objects = lab.git(repo, "rev-list", "--all", "--reflog", "--objects", check=False)
    return blob in objects


def _leftover_locks(common: str) -> list[str]:
    found = []
    journal = os.path.join(common, "wt", "journal")
    if os.path.isdir(journal) and any(n.endswith(".json") for n in os.listdir(journal)):
        found.append("a journal is left after the next command")
    for dirpath, _dirs, files in os.walk(common):
        if os.path.join(common, "wt") in dirpath or os.path.join(common, "objects") in dirpath:
            continue
        for name in files:
            if name.endswith(".lock"):
                found.append(
                    f"lock file left: {os.path.relpath(os.path.join(dirpath, name), common)}"
                )
    return found


def _copies_intact(base: str) -> list[str]:
    """Every ignored file copied into a worktree is a whole copy of its source."""
    source_root = os.path.join(base, "repo", "ignored")
    if not os.path.isdir(source_root):
        return []
    bad = []
    for name in os.listdir(base):
        dest_root = os.path.join(base, name, "ignored")
        if name == "repo" or not os.path.isdir(dest_root):
            continue
        for dirpath, _dirs, files in os.walk(dest_root):
            for f in files:
                dst = os.path.join(dirpath, f)
                src = os.path.join(source_root, os.path.relpath(dst, dest_root))
                with open(dst, "rb") as a, open(src, "rb") as b:
                    if a.read() != b.read():
                        bad.append(f"{os.path.relpath(dst, base)} is not a whole copy")
    return bad[:3]


# -- trials -------------------------------------------------------------------------------


@dataclass
class Prepared:
    """A scenario's repository, built once at `base` and kept as a template beside it."""

    scenario: Scenario
    base: str
    template: str
    where: str  # the directory the command runs in
    before: Before
    duration: float = 0.0

    def reset(self) -> None:
        if os.path.exists(self.base):
            _force_rmtree(self.base)
        subprocess.run(["cp", "-a", self.template, self.base], check=True)


def _force_rmtree(path: str) -> None:
    def onerror(func: Callable[..., object], p: str, exc: object) -> None:
        os.chmod(os.path.dirname(p), stat.S_IRWXU)
        func(p)

    shutil.rmtree(path, onerror=onerror)


def prepare(lab: Lab, scenario: Scenario, slot: str) -> Prepared:
    base = os.path.join(lab.root, slot, "t")
    template = os.path.join(lab.root, slot, "template")
    for path in (base, template):
        if os.path.exists(path):
            _force_rmtree(path)
    os.makedirs(base)
    where = scenario.setup(lab, base)
    subprocess.run(["cp", "-a", base, template], check=True)
    return Prepared(scenario, base, template, where, snapshot(lab, base))


@dataclass
class Outcome:
    scenario: str
    kill: str
    delay: float
    returncode: int
    problems: list[str] = field(default_factory=list)
    stderr: str = ""


def run_trial(
    lab: Lab,
    prepared: Prepared,
    kill: Kill | None,
    delay: float,
    *,
    sleep: float = 0.03,
    hang: str | None = None,
    when: Callable[[str], bool] | None = None,
) -> Outcome:
    """One run of the scenario's command, stopped by `kill` after `delay` seconds (or,
    with `hang` = "SUBCOMMAND:before|after", as soon as the shim reaches that point; or
    as soon as `when(base)` is true), then the next command and the invariants."""
    prepared.reset()
    env = dict(lab.shim_env)
    mark = os.path.join(prepared.base, "..", "reached")
    if os.path.exists(mark):
        os.unlink(mark)
    if sleep:
        env["WT_FAULT_SLEEP"] = str(sleep)
    if hang:
        env["WT_FAULT_HANG"] = hang
        env["WT_FAULT_MARK"] = mark
    proc = subprocess.Popen(
        ["git-wt", *prepared.scenario.args],
        cwd=prepared.where,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    if kill is not None:
        deadline = time.monotonic() + (30 if hang or when else delay)
        while time.monotonic() < deadline and proc.poll() is None:
            if hang and os.path.exists(mark):
                break
            if when is not None and when(prepared.base):
                break
            time.sleep(0.002)
        if proc.poll() is None:
            try:
                if kill.group:
                    os.killpg(proc.pid, kill.signum)
                else:
                    proc.send_signal(kill.signum)
            except ProcessLookupError:
                pass
    try:
        _, err = proc.communicate(timeout=90)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        _, err = proc.communicate()
    if hang:
        # The shim may still sleep in its own session after git-wt died: end it.
        with _suppress_lookup():
            os.killpg(proc.pid, signal.SIGKILL)
    outcome = Outcome(prepared.scenario.name, kill.label if kill else "-", delay, proc.returncode)
    outcome.stderr = err
    nxt = lab.wt(os.path.join(prepared.base, "repo"), "list")
    if nxt.returncode != 0:
        outcome.problems.append(f"the next command failed: {nxt.stderr.strip()[:200]}")
    outcome.stderr += nxt.stderr
    if "internal error" in err:
        outcome.problems.append(f"the killed command hit an internal error: {err[-300:]}")
    outcome.problems += check(lab, prepared.base, prepared.before)
    return outcome


class _suppress_lookup:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return exc[0] is ProcessLookupError


def calibrate(lab: Lab, prepared: Prepared, sleep: float) -> Outcome:
    """An unkilled run: it must succeed, and its duration bounds the random delays."""
    started = time.monotonic()
    outcome = run_trial(lab, prepared, None, 0.0, sleep=sleep)
    prepared.duration = time.monotonic() - started
    if outcome.returncode != 0:
        outcome.problems.append(f"the unkilled command failed: {outcome.stderr.strip()[:300]}")
    return outcome


# -- the command line ---------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=1000, help="total trials (default 1000)")
    parser.add_argument("--files", type=int, default=3000, help="tracked files (default 3000)")
    parser.add_argument("--only", action="append", choices=sorted(SCENARIOS), help="a command")
    parser.add_argument("--sleep", type=float, default=0.03, help="shim sleep per git call")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--jobs", type=int, default=1, help="trials at the same time")
    parser.add_argument("--keep", action="store_true", help="keep the lab directory")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every trial")
    args = parser.parse_args()
    if shutil.which("git-wt") is None:
        sys.exit("faults.py: git-wt is not on PATH (./install.sh, or put .venv/bin first)")
    rng = random.Random(args.seed)
    names = args.only or list(SCENARIOS)
    root = tempfile.mkdtemp(prefix="git-wt-faults-")
    lab = Lab(root, args.files)
    broken: list[Outcome] = []
    started = time.monotonic()
    try:
        per = [
            args.trials // len(names) + (i < args.trials % len(names)) for i in range(len(names))
        ]
        for name, count in zip(names, per, strict=True):
            if count == 0:
                continue
            slots = [prepare(lab, SCENARIOS[name], f"{name}-{j}") for j in range(max(1, args.jobs))]
            for slot in slots:
                base_line = calibrate(lab, slot, args.sleep)
                if base_line.problems:
                    print(f"{name}: the unkilled run is already broken: {base_line.problems}")
                    broken.append(base_line)
            plan = [(rng.choice(KILLS), rng.uniform(0, slots[0].duration)) for _ in range(count)]

            def one(
                i: int, plan: list[tuple[Kill, float]] = plan, slots: list[Prepared] = slots
            ) -> Outcome:
                kill, delay = plan[i]
                return run_trial(lab, slots[i % len(slots)], kill, delay, sleep=args.sleep)

            results: list[Outcome] = []
            if len(slots) == 1:
                results = [one(i) for i in range(count)]
            else:
                # Each slot runs its own trials one after another.
                with ThreadPoolExecutor(max_workers=len(slots)) as pool:
                    results = list(_by_slot(pool, one, count, len(slots)))
            bad = [r for r in results if r.problems]
            broken += bad
            print(
                f"{name:<13} {count:5} trials  {len(bad):3} broke an invariant  "
                f"(unkilled run {slots[0].duration:.2f} s)"
            )
            for r in bad if args.verbose else bad[:3]:
                print(f"    {r.kill} after {r.delay:.2f} s (exit {r.returncode}): {r.problems}")
    finally:
        if args.keep:
            print(f"lab kept in {root}")
        else:
            _force_rmtree(root)
    took = time.monotonic() - started
    print(f"{args.trials} trials in {took:.0f} s; broke an invariant: {len(broken)}")
    return 1 if broken else 0


def _by_slot(
    pool: ThreadPoolExecutor, one: Callable[[int], Outcome], count: int, slots: int
) -> list[Outcome]:
    def run_slot(s: int) -> list[Outcome]:
        return [one(i) for i in range(s, count, slots)]

    out: list[Outcome] = []
    for chunk in pool.map(run_slot, range(slots)):
        out += chunk
    return out


if __name__ == "__main__":
    sys.exit(main())
