"""The `git` / `git-wt` wrapper functions end to end, in real bash, zsh and fish."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import Result, branch_exists, commit, init_repo
from tty_support import run_tty

from git_wt.shell import generate

SHELLS = [
    pytest.param(
        name,
        marks=pytest.mark.skipif(shutil.which(name) is None, reason=f"{name} is not installed"),
    )
    for name in ("bash", "zsh", "fish")
]


def run(
    shell: str, script: str, cwd: Path, tmp: Path, prelude: str = "", *, tty: bool = False
) -> Result:
    """Run `script` in `shell` after loading the init code; `{st}` is the exit status.
    With `tty`, stderr is a terminal (advice meant for a person is printed only there)."""
    init = tmp / f"init.{shell}"
    if not init.exists():
        init.write_text(generate.init_code(shell))
    tmpdir = tmp / "shell-tmp"
    tmpdir.mkdir(exist_ok=True)
    status = "$status" if shell == "fish" else "$?"
    body = f"{prelude}\nsource '{init}'\n{script.replace('{st}', status)}\n"
    argv = {
        "bash": ["bash", "-c", body],
        "zsh": ["zsh", "-f", "-c", body],
        "fish": ["fish", "--no-config", "-c", body],
    }[shell]
    env = dict(os.environ, TMPDIR=str(tmpdir), PWD=str(cwd))
    if tty:
        return run_tty(argv, cwd=cwd, env=env)
    proc = subprocess.run(
        argv,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def lines(res: Result) -> list[str]:
    return res.stdout.splitlines()


@pytest.fixture
def tmp(hermetic_env: Path) -> Path:
    return hermetic_env


@pytest.mark.parametrize("shell", SHELLS)
def test_switch_create_changes_directory(shell: str, repo: Path, tmp: Path) -> None:
    res = run(shell, 'git wt switch -c x; echo "{st}|$PWD"', repo, tmp)
    assert lines(res) == [f"0|{repo.parent / 'repo.x'}"], res.stderr
    assert "still in the old directory" not in res.stderr


@pytest.mark.parametrize("shell", SHELLS)
def test_caret_and_dash(shell: str, repo: Path, tmp: Path) -> None:
    script = """
git wt switch -c x 2>/dev/null; echo "{st}|$PWD"
git wt switch ^ 2>/dev/null; echo "{st}|$PWD"
git wt switch - 2>/dev/null; echo "{st}|$PWD"
"""
    target = repo.parent / "repo.x"
    assert lines(run(shell, script, repo, tmp)) == [f"0|{target}", f"0|{repo}", f"0|{target}"]


@pytest.mark.parametrize("shell", SHELLS)
def test_remove_lands_in_the_primary_worktree(shell: str, repo: Path, tmp: Path) -> None:
    script = 'git wt switch -c x 2>/dev/null; git wt remove --foreground; echo "{st}|$PWD"'
    res = run(shell, script, repo, tmp)
    assert lines(res) == [f"0|{repo}"], res.stderr
    assert not (repo.parent / "repo.x").exists()


@pytest.mark.parametrize("shell", SHELLS)
def test_dash_c_from_outside_the_repository(shell: str, repo: Path, work: Path, tmp: Path) -> None:
    res = run(shell, f'git -C {repo.name} wt switch -c o; echo "{{st}}|$PWD"', work, tmp)
    assert lines(res) == [f"0|{repo.parent / 'repo.o'}"], res.stderr


@pytest.mark.parametrize("shell", SHELLS)
def test_global_options_before_wt(shell: str, repo: Path, work: Path, tmp: Path) -> None:
    script = f'git --no-pager -c color.ui=never -C {repo.name} wt switch -c g; echo "{{st}}|$PWD"'
    assert lines(run(shell, script, work, tmp)) == [f"0|{repo.parent / 'repo.g'}"]


@pytest.mark.parametrize("shell", SHELLS)
def test_subdirectory_is_preserved(shell: str, repo: Path, tmp: Path) -> None:
    commit(repo, "sub/dir/f.txt", "f\n", "add sub/dir")
    res = run(shell, 'git wt switch -c s; echo "{st}|$PWD"', repo / "sub" / "dir", tmp)
    assert lines(res) == [f"0|{repo.parent / 'repo.s' / 'sub' / 'dir'}"], res.stderr


@pytest.mark.parametrize("shell", SHELLS)
def test_execute_runs_in_the_shell_after_the_cd(shell: str, repo: Path, tmp: Path) -> None:
    script = """
git wt switch -c 'e;$(x)' -x 'printf "[%s]" {{ branch }} "$PWD"' -- 'a b' "it's" 2>/dev/null
echo "|{st}|$PWD"
git wt switch ^ -x false 2>/dev/null
echo "{st}|$PWD"
"""
    target = repo.parent / "repo.e;$(x)"
    assert lines(run(shell, script, repo, tmp)) == [
        f"[e;$(x)][{target}][a b][it's]|0|{target}",
        f"1|{repo}",
    ]


@pytest.mark.parametrize("shell", SHELLS)
def test_exit_statuses_pass_through(shell: str, repo: Path, tmp: Path) -> None:
    script = """
git wt switch nosuch 2>/dev/null; echo "wt-missing {st}|$PWD"
git wt switch --bogus 2>/dev/null; echo "wt-usage {st}"
git rev-parse --verify -q nope; echo "git-fail {st}"
git -C 2>/dev/null; echo "git-usage {st}"
git status >/dev/null; echo "git-ok {st}"
printf hi | git hash-object --stdin
"""
    expected_blob = subprocess.run(
        ["git", "hash-object", "--stdin"], input="hi", text=True, capture_output=True, cwd=repo
    ).stdout.strip()
    assert lines(run(shell, script, repo, tmp)) == [
        f"wt-missing 1|{repo}",
        "wt-usage 2",
        "git-fail 1",
        "git-usage 129",
        "git-ok 0",
        expected_blob,
    ]


CD_ALIAS = {
    "bash": "shopt -s expand_aliases; alias cd='echo hijacked'",
    "zsh": "alias cd='echo hijacked'",
    "fish": "function cd; echo hijacked; end",
}
GIT_ALIAS = {
    "bash": "shopt -s expand_aliases; alias git='git --no-pager'",
    "zsh": "alias git='git --no-pager'",
    "fish": "alias git='git --no-pager'",
}


@pytest.mark.parametrize("shell", SHELLS)
def test_cd_alias_defined_before_the_init_code(shell: str, repo: Path, tmp: Path) -> None:
    res = run(
        shell,
        'git wt switch -c a 2>/dev/null; echo "{st}|$PWD"',
        repo,
        tmp,
        prelude=CD_ALIAS[shell],
    )
    assert lines(res) == [f"0|{repo.parent / 'repo.a'}"], res.stderr


@pytest.mark.parametrize("shell", SHELLS)
def test_git_alias_defined_before_the_init_code(shell: str, repo: Path, tmp: Path) -> None:
    res = run(
        shell,
        'git wt switch -c a 2>/dev/null; echo "{st}|$PWD"',
        repo,
        tmp,
        prelude=GIT_ALIAS[shell],
    )
    assert res.stderr == ""
    assert lines(res) == [f"0|{repo.parent / 'repo.a'}"]


@pytest.mark.parametrize("shell", SHELLS)
def test_git_wt_typed_directly(shell: str, repo: Path, tmp: Path) -> None:
    res = run(shell, 'git-wt switch -c d 2>/dev/null; echo "{st}|$PWD"', repo, tmp)
    assert lines(res) == [f"0|{repo.parent / 'repo.d'}"]


@pytest.mark.parametrize("shell", SHELLS)
def test_nested_switch_inside_execute(shell: str, repo: Path, tmp: Path) -> None:
    res = run(
        shell,
        "git wt switch -c n1 -x 'git wt switch -c n2' 2>/dev/null; echo \"{st}|$PWD\"",
        repo,
        tmp,
    )
    assert lines(res) == [f"0|{repo.parent / 'repo.n2'}"], res.stderr
    assert branch_exists(repo, "n1")


@pytest.mark.parametrize("shell", SHELLS)
def test_command_git_bypasses_the_wrapper(shell: str, repo: Path, tmp: Path) -> None:
    res = run(shell, 'command git wt switch -c b; echo "{st}|$PWD"', repo, tmp, tty=True)
    assert lines(res) == [f"0|{repo}"]
    assert "started through `command git`" in res.stderr


@pytest.mark.parametrize("shell", SHELLS)
def test_no_temporary_files_or_variables_left(shell: str, repo: Path, tmp: Path) -> None:
    pid = "$fish_pid" if shell == "fish" else "$$"
    script = f"""
mkdir "$TMPDIR/git-wt.{pid}.left-by-ctrl-c"
git wt switch -c t 2>/dev/null
git wt switch nosuch 2>/dev/null
git wt switch ^ -x true 2>/dev/null
env | grep -c '^GIT_WT_\\(CD_FILE\\|EXEC_FILE\\|SHELL\\)='
"""
    assert lines(run(shell, script, repo, tmp)) == ["0"]
    assert list((tmp / "shell-tmp").iterdir()) == []


@pytest.mark.parametrize("shell", SHELLS)
def test_hostile_repository_path(shell: str, work: Path, tmp: Path) -> None:
    parent = work / "we ird$x;'q"
    repo = init_repo(parent / "repo")
    res = run(shell, 'git wt switch -c "a\'b" 2>/dev/null; echo "{st}|$PWD"', repo, tmp)
    target = parent / "repo.a'b"
    assert lines(res) == [f"0|{target}"], res.stderr
