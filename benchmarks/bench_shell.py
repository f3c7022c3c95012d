"""Shell integration costs: start-up with the rc block, and `git wt switch <TAB>` latency.

Run with git-wt on PATH (``./install.sh``, or ``.venv/bin`` after ``tests/run``):

    python benchmarks/bench_shell.py [--runs N] [--branches N] [--worktrees N]

1. Start-up: ``bash -i -c true`` (and zsh, fish when installed) in a scratch HOME whose rc
   file is empty, against the same rc file with the block `git wt config shell install`
   writes. Every sample is a fresh process; the two variants alternate, so drift hits
   both alike. The difference of the medians is the cost of the integration.
2. Completion: one bash loads git's completion and the init code, then times each
   ``git wt switch <TAB>`` (the same call readline makes) with $EPOCHREALTIME, in a
   repository with 1,000 branches, 20 of them checked out in worktrees.

Only the standard library is used. SPEC section 7 budgets: start-up +10 ms, TAB 30 ms.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence

STARTUP_BUDGET_MS = 10.0
TAB_BUDGET_MS = 30.0
GIT_BASH_COMPLETION = "/usr/share/bash-completion/completions/git"
BASH_COMPLETION = "/usr/share/bash-completion/bash_completion"


def scratch_env(home: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GIT_", "XDG_", "BASH_ENV", "ZDOTDIR")) and k != "ENV"
    }
    env.update(
        HOME=home,
        XDG_CONFIG_HOME=os.path.join(home, ".config"),
        XDG_DATA_HOME=os.path.join(home, ".local", "share"),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.path.join(home, ".gitconfig"),
        GIT_AUTHOR_NAME="Bench",
        GIT_AUTHOR_EMAIL="bench@example.com",
        GIT_COMMITTER_NAME="Bench",
        GIT_COMMITTER_EMAIL="bench@example.com",
        LC_ALL="C",
    )
    return env


def run(argv: Sequence[str], env: dict[str, str], cwd: str) -> str:
    proc = subprocess.run(list(argv), env=env, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"bench_shell: {' '.join(argv)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc.stdout


def timed_ms(argv: Sequence[str], env: dict[str, str], cwd: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        list(argv), env=env, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, check=False
    )
    return (time.perf_counter() - start) * 1000


# -- 1. start-up ----------------------------------------------------------------------


STARTUP = {
    "bash": (["bash", "-i", "-c", "true"], ".bashrc"),
    "zsh": (["zsh", "-i", "-c", "true"], ".zshrc"),
    "fish": (["fish", "-i", "-c", "true"], None),
}


def startup(shell: str, base: str, runs: int) -> tuple[float, float] | None:
    """(median without, median with) the installed block, in ms."""
    if shutil.which(shell) is None:
        return None
    argv, rc_name = STARTUP[shell]
    variants = {}
    for variant in ("without", "with"):
        home = os.path.join(base, f"{shell}-{variant}")
        os.makedirs(home)
        env = scratch_env(home)
        if rc_name:
            open(os.path.join(home, rc_name), "w").close()
        else:
            os.makedirs(os.path.join(home, ".config", "fish", "conf.d"))
        if variant == "with":
            run(["git-wt", "config", "shell", "install", shell, "-y"], env, home)
        variants[variant] = (env, home)
    samples: dict[str, list[float]] = {"without": [], "with": []}
    for env, home in variants.values():
        timed_ms(argv, env, home)  # warm-up
    for _ in range(runs):
        for variant, (env, home) in variants.items():
            samples[variant].append(timed_ms(argv, env, home))
    return statistics.median(samples["without"]), statistics.median(samples["with"])


# -- 2. completion latency --------------------------------------------------------------


def build_repo(base: str, env: dict[str, str], branches: int, worktrees: int) -> str:
    repo = os.path.join(base, "repo")
    run(["git", "init", "-q", "-b", "main", repo], env, base)
    run(["git", "commit", "-q", "--allow-empty", "-m", "initial"], env, repo)
    head = run(["git", "rev-parse", "HEAD"], env, repo).strip()
    names = [f"feature/topic-{n:04d}" for n in range(branches - 1)]
    lines = "".join(f"create refs/heads/{name} {head}\n" for name in names)
    subprocess.run(
        ["git", "update-ref", "--stdin"], input=lines, text=True, env=env, cwd=repo, check=True
    )
    for name in names[: worktrees - 1]:
        path = os.path.join(base, "repo." + name.replace("/", "-"))
        run(["git", "worktree", "add", "-q", path, name], env, repo)
    return repo


DRIVER = r"""
[ -f "$BASH_COMPLETION" ] && source "$BASH_COMPLETION"
source "$GIT_COMPLETION"
source "$1"
runs=$2
shift 2
tab() {
    COMP_LINE=$1; COMP_POINT=${#1}
    read -ra COMP_WORDS <<<"$1"
    [[ $1 == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=()
    __git_wrap__git_main git "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
}
for line in "$@"; do
    tab "$line"  # warm-up
    printf '%s\t%s' "$line" "${#COMPREPLY[@]}"
    for ((i = 0; i < runs; i++)); do
        start=$EPOCHREALTIME
        tab "$line"
        end=$EPOCHREALTIME
        printf '\t%s' $(( (${end/./} - ${start/./}) ))
    done
    printf '\n'
done
"""


def completion(base: str, runs: int, branches: int, worktrees: int) -> list[tuple[str, int, float]]:
    """(command line, candidates, median ms) per TAB case."""
    if not os.path.exists(GIT_BASH_COMPLETION):
        return []
    home = os.path.join(base, "tab-home")
    os.makedirs(home)
    env = scratch_env(home)
    env.update(BASH_COMPLETION=BASH_COMPLETION, GIT_COMPLETION=GIT_BASH_COMPLETION)
    repo = build_repo(base, env, branches, worktrees)
    init = os.path.join(base, "init.bash")
    with open(init, "w") as handle:
        handle.write(run(["git-wt", "config", "shell", "init", "bash"], env, repo))
    lines = ["git wt switch ", "git wt switch feature/topic-05", "git wt ", "git wt remove "]
    results = []
    # Branches made one by one stay loose ref files until `git gc` (or pack-refs) packs
    # them; reading 1,000 loose files is git's own cost, so both states are measured.
    for state in ("loose refs", "packed refs"):
        if state == "packed refs":
            run(["git", "pack-refs", "--all"], env, repo)
        out = run(["bash", "-c", DRIVER, "driver", init, str(runs), *lines], env, repo)
        for row in out.splitlines():
            line, count, *micros = row.split("\t")
            median = statistics.median(int(us) for us in micros) / 1000
            results.append((f"{state}: {line}", int(count), median))
        git_alone = [
            timed_ms(["git", "for-each-ref", "--format=%(refname)", "refs/heads"], env, repo)
            for _ in range(runs)
        ]
        results.append((f"{state}: (git for-each-ref alone) ", 0, statistics.median(git_alone)))
    return results


# -- output -----------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="samples per case (default 30)")
    parser.add_argument("--branches", type=int, default=1000)
    parser.add_argument("--worktrees", type=int, default=20)
    args = parser.parse_args(argv)
    if shutil.which("git-wt") is None:
        print("bench_shell: git-wt is not on PATH (./install.sh, or .venv/bin)", file=sys.stderr)
        return 1
    base = tempfile.mkdtemp(prefix="git-wt-bench-shell-")
    try:
        cpus = os.cpu_count()
        print(
            f"# {args.runs} runs per case, medians; {cpus} CPUs; "
            f"{run(['git', '--version'], os.environ.copy(), base).strip()}"
        )
        print()
        print(
            f"{'shell start-up (-i -c true)':<34}{'without':>10}{'with':>10}{'cost':>10}"
            f"{'budget':>10}"
        )
        for shell in STARTUP:
            got = startup(shell, base, args.runs)
            if got is None:
                print(f"{shell:<34}{'(not installed)':>20}")
                continue
            without, with_block = got
            budget = f"{STARTUP_BUDGET_MS:.0f} ms" if shell == "bash" else "-"
            print(
                f"{shell:<34}{without:>7.1f} ms{with_block:>7.1f} ms"
                f"{with_block - without:>+7.1f} ms{budget:>10}"
            )
        print()
        results = completion(base, args.runs, args.branches, args.worktrees)
        title = f"bash TAB ({args.branches} branches, {args.worktrees} worktrees)"
        print(f"{title:<56}{'candidates':>11}{'median':>11}{'budget':>10}")
        if not results:
            print("(git's bash completion is not installed)")
        for line, count, median in results:
            budget = f"{TAB_BUDGET_MS:.0f} ms" if line.endswith(": git wt switch ") else "-"
            label = line.rstrip() if line.endswith(") ") else line + "<TAB>"
            shown = str(count) if count else ""
            print(f"{label:<56}{shown:>11}{median:>8.1f} ms{budget:>10}")
        return 0
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
