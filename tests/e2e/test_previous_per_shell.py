"""`git wt switch -` belongs to the shell: real bash with the wrapper loaded, other shells
and programs switching alongside it, and `--no-cd` never moving what `-` names."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from helpers import Result, config_get, wt_process

from git_wt.shell import generate


def bash(script: str, cwd: Path, tmp: Path) -> Result:
    """Run `script` in bash after loading the init code (`{init}` names the init file)."""
    init = tmp / "init.bash"
    if not init.exists():
        init.write_text(generate.init_code("bash"))
    tmpdir = tmp / "shell-tmp"
    tmpdir.mkdir(exist_ok=True)
    body = f"source '{init}'\n{script.replace('{init}', shlex.quote(str(init)))}\n"
    env = dict(os.environ, TMPDIR=str(tmpdir), PWD=str(cwd))
    proc = subprocess.run(
        ["bash", "-c", body],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def test_dash_is_where_this_shell_was(repo: Path, hermetic_env: Path) -> None:
    q = shlex.quote
    other_shell = f"source {{init}}; cd {q(str(repo))}.z && git wt switch ^ && git wt switch -c c"
    script = f"""
git wt switch -c a 2>/dev/null; echo "$?|$PWD"
git wt switch -c b 2>/dev/null; echo "$?|$PWD"
git -C {q(str(repo))} wt switch --no-cd -c z 2>/dev/null; echo "$?|$PWD"
bash -c 'cd "$1" && git wt switch ^ && git wt switch -c y' sh {q(str(repo))}.z 2>/dev/null
bash -c {q(other_shell)} 2>/dev/null
git wt switch - 2>/dev/null; echo "$?|$PWD"
git wt switch - 2>/dev/null; echo "$?|$PWD"
git wt switch --no-cd ^ 2>/dev/null; echo "$?|$PWD"
git wt switch - 2>/dev/null; echo "$?|$PWD"
"""
    res = bash(script, repo, hermetic_env)
    a, b = repo.parent / "repo.a", repo.parent / "repo.b"
    assert res.stdout.splitlines() == [
        f"0|{a}",
        f"0|{b}",
        f"0|{b}",  # --no-cd: the shell stays in b
        f"0|{a}",  # `-`: where this shell was, whatever the others did meanwhile
        f"0|{b}",  # and back
        f"0|{b}",  # --no-cd again
        f"0|{a}",
    ], res.stderr
    # The other shells and the program switched too; all of their worktrees exist.
    for name in ("z", "y", "c"):
        assert (repo.parent / f"repo.{name}").is_dir()


def test_a_new_shell_has_no_previous_worktree(repo: Path, hermetic_env: Path) -> None:
    assert wt_process("switch", "-c", "a", cwd=repo).returncode == 0  # recorded in git config
    res = bash('git wt switch -; echo "$?|$PWD"', repo, hermetic_env)
    assert res.stdout.splitlines() == [f"1|{repo}"]
    assert "✗ there is no previous worktree to go back to yet" in res.stderr


def test_without_the_integration_no_cd_does_not_record(repo: Path) -> None:
    assert wt_process("switch", "--no-cd", "-c", "a", cwd=repo).returncode == 0
    assert config_get(repo, "wt.state.previous") is None
    a = repo.parent / "repo.a"
    assert wt_process("switch", "a", cwd=repo).returncode == 0
    assert config_get(repo, "wt.state.previous") == "main"
    assert wt_process("switch", "--no-cd", "-c", "z", cwd=a).returncode == 0
    assert wt_process("switch", "--no-cd", "^", cwd=a).returncode == 0
    assert config_get(repo, "wt.state.previous") == "main"
    back = wt_process("switch", "--format", "json", "-", cwd=a)
    assert back.returncode == 0, back.stderr
    assert back.json()["path"] == str(repo)


def test_files_of_shells_that_are_gone_are_dropped(repo: Path, hermetic_env: Path) -> None:
    previous = repo / ".git" / "wt" / "previous"
    previous.mkdir(parents=True)
    gone = subprocess.Popen(["true"])
    gone.wait()
    (previous / str(gone.pid)).write_text("0\nmain\n")
    res = bash('git wt switch -c a 2>/dev/null; echo "$?|$PWD"', repo, hermetic_env)
    assert res.stdout.splitlines() == [f"0|{repo.parent / 'repo.a'}"], res.stderr
    assert not (previous / str(gone.pid)).exists()
    assert len(list(previous.iterdir())) == 1  # this shell's own
