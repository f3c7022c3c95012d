"""TAB completion in bash (through git's own completion), zsh (in tmux) and fish (complete -C)."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import Remote, git

from git_wt.cli.parser import build_parser
from git_wt.cli.tree import cli_spec
from git_wt.config.project import HOOK_TYPES
from git_wt.shell import SHELLS, generate

GIT_BASH_COMPLETION = Path("/usr/share/bash-completion/completions/git")
BASH_COMPLETION = Path("/usr/share/bash-completion/bash_completion")


@pytest.fixture
def clone(remote: Remote) -> Path:
    """origin has main and feature; the clone: worktrees main + wtb, local feat;rm, local/x."""
    clone = remote.clone
    git("branch", "local/x", cwd=clone)
    git("branch", "feat;rm", cwd=clone)
    git("worktree", "add", "-q", "-b", "wtb", str(clone.parent / "clone.wtb"), cwd=clone)
    return clone


def commands() -> list[str]:
    return [c.path[-1] for c in cli_spec().subcommands]


# -- bash -----------------------------------------------------------------------------------

BASH_DRIVER = r"""
[ -f {bash_completion} ] && source {bash_completion}
source {git_completion}
source "$1"
shift
comp() {{
    COMP_LINE=$1
    COMP_POINT=${{#1}}
    read -ra COMP_WORDS <<<"$1"
    [[ $1 == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
    COMPREPLY=()
    local fn=__git_wrap__git_main
    [[ ${{COMP_WORDS[0]}} == git-wt ]] && fn=__git_wt_complete_direct
    $fn "${{COMP_WORDS[0]}}" "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
    printf '%s\n' "${{#COMPREPLY[@]}}" "${{COMPREPLY[@]}}"
}}
for line in "$@"; do comp "$line"; done
"""


def bash_complete(cwd: Path, *lines: str) -> list[list[str]]:
    """COMPREPLY for each command line, exactly as bash would insert the words."""
    if not GIT_BASH_COMPLETION.exists():
        pytest.skip("git's bash completion is not installed")
    init = cwd.parent / "init-for-completion.bash"
    init.write_text(generate.init_code("bash"))
    driver = BASH_DRIVER.format(bash_completion=BASH_COMPLETION, git_completion=GIT_BASH_COMPLETION)
    proc = subprocess.run(
        ["bash", "-c", driver, "driver", str(init), *lines],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=dict(os.environ, PWD=str(cwd)),
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    out = proc.stdout.split("\n")
    replies = []
    for _ in lines:
        count = int(out.pop(0))
        replies.append(out[:count])
        del out[:count]
    return replies


ALL_BRANCHES = ["main ", "wtb ", "feat\\;rm ", "local/x ", "feature "]


def test_bash_commands_and_subcommands(clone: Path) -> None:
    top, sw, init, hook, cfg = bash_complete(
        clone,
        "git wt ",
        "git wt sw",
        "git wt config shell init ",
        "git wt hook ",
        "git wt config sh",
    )
    assert top == [f"{name} " for name in commands()]
    assert sw == ["switch "]
    assert init == [f"{s} " for s in SHELLS]
    assert cfg == ["show ", "shell "]
    if "hook" in commands():
        assert [w for w in hook if w.strip() in HOOK_TYPES] == [f"{t} " for t in HOOK_TYPES]


def test_bash_switch_candidates_in_order(clone: Path) -> None:
    plain, prefix, create, short_create, base = bash_complete(
        clone,
        "git wt switch ",
        "git wt switch fe",
        "git wt switch --create ",
        "git wt switch -c ",
        "git wt switch --base ",
    )
    assert plain == [*ALL_BRANCHES, "^ ", "@ ", "- "]
    assert prefix == ["feat\\;rm ", "feature "]
    assert create == []
    assert short_create == []
    assert base == [*ALL_BRANCHES, "^ ", "@ "]


def test_bash_remove_offers_only_local_branches(clone: Path) -> None:
    first, more = bash_complete(clone, "git wt remove ", "git wt remove wtb ")
    assert first == ["main ", "wtb ", "feat\\;rm ", "local/x "]
    assert more == first


def test_bash_flags_and_flag_values(clone: Path) -> None:
    flags, fmt, fmt_eq, cr = bash_complete(
        clone,
        "git wt switch --",
        "git wt switch --format ",
        "git wt switch --format=j",
        "git wt switch --cr",
    )
    parser_flags = [
        f
        for a in _subcommand(build_parser("switch"), "switch")._actions
        for f in a.option_strings
        if f.startswith("--")
    ]
    assert flags == [f"{f} " for f in parser_flags]
    assert fmt == ["text ", "json "]
    assert fmt_eq == ["json "]
    assert cr == ["--create "]


def test_bash_dash_c_from_outside_the_repository(clone: Path) -> None:
    outside = clone.parent
    via_git, direct = bash_complete(
        outside, f"git -C {clone.name} wt switch fe", f"git-wt -C {clone.name} switch fe"
    )
    assert via_git == ["feat\\;rm ", "feature "]
    assert direct == via_git


def test_bash_outside_a_repository_completes_commands_only(tmp_path: Path) -> None:
    top, switch = bash_complete(tmp_path, "git wt ", "git wt switch ")
    assert top == [f"{name} " for name in commands()]
    assert switch == ["^ ", "@ ", "- "]


def test_bash_git_wt_typed_directly(clone: Path) -> None:
    top, sw = bash_complete(clone, "git-wt ", "git-wt switch f")
    assert top == [f"{name} " for name in commands()]
    assert sw == ["feat\\;rm ", "feature "]


# -- fish -----------------------------------------------------------------------------------


def fish_complete(cwd: Path, line: str) -> list[str]:
    if shutil.which("fish") is None:
        pytest.skip("fish is not installed")
    init = cwd.parent / "init-for-completion.fish"
    init.write_text(generate.init_code("fish"))
    proc = subprocess.run(
        ["fish", "-c", f"source '{init}'; complete -C $argv[1]", line],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return proc.stdout.splitlines()


def test_fish_commands(clone: Path) -> None:
    assert [c.split("\t")[0] for c in fish_complete(clone, "git wt ")] == commands()
    assert "wt\tmanage worktrees (git-wt)" in fish_complete(clone, "git w")
    assert [c.split("\t")[0] for c in fish_complete(clone, "git-wt ")] == commands()


def test_fish_switch_candidates(clone: Path) -> None:
    assert fish_complete(clone, "git wt switch ") == [
        "main\tworktree",
        "wtb\tworktree",
        "feat;rm\tbranch",
        "local/x\tbranch",
        "feature\tremote branch",
        "^\tthe default branch",
        "@\tthe current worktree",
        "-\tthe previous worktree",
    ]
    assert fish_complete(clone, "git wt switch --create ") == []
    assert fish_complete(clone, "git wt switch --format ") == ["text", "json"]
    assert fish_complete(clone, "git wt switch --format=") == ["--format=text", "--format=json"]
    assert fish_complete(clone, "git wt remove ") == [
        "main\tworktree",
        "wtb\tworktree",
        "feat;rm\tbranch",
        "local/x\tbranch",
    ]
    assert [c.split("\t")[0] for c in fish_complete(clone, "git wt switch --cr")] == ["--create"]


def test_fish_dash_c_and_subcommand_values(clone: Path) -> None:
    got = fish_complete(clone.parent, f"git -C {clone.name} wt switch fe")
    assert got == ["feat;rm\tbranch", "feature\tremote branch"]
    assert fish_complete(clone, "git wt config shell init ") == list(SHELLS)


# -- zsh (only ZLE runs completion widgets: drive a real terminal) -------------------------


class Tmux:
    def __init__(self, name: str, command: str) -> None:
        self.name = name
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", name, "-x", "160", "-y", "50", command], check=True
        )

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def wait_for(self, text: str, timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared:\n{screen}")
            time.sleep(0.05)

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def zsh_term(clone: Path, hermetic_env: Path) -> Iterator[Tmux]:
    if shutil.which("zsh") is None or shutil.which("tmux") is None:
        pytest.skip("zsh or tmux is not installed")
    zdot = hermetic_env / "zdot"
    zdot.mkdir()
    init = zdot / "init.zsh"
    init.write_text(generate.init_code("zsh"))
    (zdot / ".zshrc").write_text(
        f"source '{init}'\n"  # before compinit on purpose: registration must not depend on order
        'autoload -Uz compinit && compinit -u -d "$ZDOTDIR/.zcompdump"\n'
        "zstyle ':completion:*:descriptions' format '== %d'\n"
        "zstyle ':completion:*' group-name ''\n"
        "PS1='READY%# '\n"
    )
    env = " ".join(
        f"{k}='{v}'"
        for k, v in os.environ.items()
        if k
        in (
            "HOME",
            "PATH",
            "GIT_CONFIG_GLOBAL",
            "GIT_CONFIG_NOSYSTEM",
            "XDG_CONFIG_HOME",
            "XDG_DATA_HOME",
            "GIT_CEILING_DIRECTORIES",
        )
    )
    term = Tmux(
        f"gitwt-{os.getpid()}-{hermetic_env.name}"[:50],
        f"cd '{clone}' && env -i {env} ZDOTDIR='{zdot}' TERM=xterm-256color zsh -i",
    )
    term.wait_for("READY")
    yield term
    term.close()


def _subcommand(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    """The parser of one command word."""
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    found: argparse.ArgumentParser = action.choices[name]
    return found


def zsh_complete(term: Tmux, line: str, until: str) -> str:
    term.keys("C-c")
    term.keys("clear", "Enter")
    term.wait_for("READY")
    term.keys("-l", line)
    term.keys("Tab")
    return term.wait_for(until)


def test_zsh_completion(zsh_term: Tmux, clone: Path) -> None:
    screen = zsh_complete(zsh_term, "git wt ", "== git wt command")
    for name in commands():
        assert f"\n{name} " in screen
    screen = zsh_complete(zsh_term, "git wt switch ", "== shortcut")
    order = [
        screen.index(f"== {group}")
        for group in ("branch with a worktree", "local branch", "remote-only branch", "shortcut")
    ]
    assert order == sorted(order)
    for word in ("main", "wtb", "feat\\;rm", "local/x", "feature"):
        assert word in screen
    screen = zsh_complete(zsh_term, "git wt remove ", "== local branch")
    assert "remote-only branch" not in screen and "feature " not in screen
    screen = zsh_complete(zsh_term, "git wt switch --format ", "json")
    assert "text" in screen
    screen = zsh_complete(zsh_term, "git-wt config shell init ", "powershell")
    assert "fish" in screen
    screen = zsh_complete(zsh_term, "git w", "manage worktrees (git-wt)")
    assert "worktree" in screen
