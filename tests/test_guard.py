"""Issue 12, finding 1: a branch name never runs, even where a command evaluates it again.

Every example of the finding (sh -c, bash -c, eval, the wrappers in front of them, and
programs that hand their argument to a shell) either gets the value intact or is refused
with one line naming the hook or template, the variable, the value and the opt-out.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from helpers import files_named, git, wt

from git_wt.templates.render import render, render_argv
from git_wt.templates.values import TemplateError

PAYLOAD = "r$(cd;touch${IFS}pwned)"
KEY = "wt.template.allow-unsafe-values"

# Programs that hand an argument to a shell, as tmux and ssh do.
FAKE_TMUX = '#!/bin/sh\n[ "$1" = new-window ] && shift\nexec sh -c "$1"\n'
FAKE_SSH = '#!/bin/sh\nshift\nexec sh -c "$*"\n'
RECORDER = '#!/bin/sh\nprintf "%s\\n" "$@" > "$HOME/recorded"\n'


@pytest.fixture
def fake_bin(tmp_path: Path) -> Path:
    where = tmp_path / "fakebin"
    where.mkdir()
    for name, body in (("tmux", FAKE_TMUX), ("ssh", FAKE_SSH), ("record", RECORDER)):
        (where / name).write_text(body)
        (where / name).chmod(0o755)
    return where


def _path(fake_bin: Path) -> dict[str, str | None]:
    return {"PATH": f"{fake_bin}{os.pathsep}{os.environ['PATH']}"}


def _run(shell: str, command: str, cwd: Path, fake_bin: Path) -> str:
    env = dict(os.environ, HOME=str(cwd), PATH=f"{fake_bin}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run(
        [shell, "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=30
    )
    return done.stdout


# -- every example of the finding, rendered and run by sh and bash -----------------------------

INTACT = [
    "sh -c 'printf %s {{ x }}'",
    "sh -c 'cd {{ x }} 2>/dev/null; printf %s {{ x }}'",
    'bash -c "printf %s {{ x }}"',
    "bash -c \"printf '%s' '{{ x }}'\"",
    'eval "printf %s {{ x }}"',
    "eval printf %s {{ x }}",
    "env sh -c 'printf %s {{ x }}'",
    "env -i PATH=\"$PATH\" FOO=1 sh -c 'printf %s {{ x }}'",
    "timeout 5 sh -c 'printf %s {{ x }}'",
    "timeout -s KILL 5 bash -c 'printf %s {{ x }}'",
    "nice sh -c 'printf %s {{ x }}'",
    "nice -n 5 sh -c 'printf %s {{ x }}'",
    "nohup sh -c 'printf %s {{ x }}' 2>/dev/null",
    "setsid -w sh -c 'printf %s {{ x }}'",
    "stdbuf -oL sh -c 'printf %s {{ x }}'",
    "echo | xargs sh -c 'printf %s {{ x }}'",
    "command sh -c 'printf %s {{ x }}'",
    "exec sh -c 'printf %s {{ x }}'",
    "time sh -c 'printf %s {{ x }}' 2>/dev/null",
    "command eval 'printf %s {{ x }}'",
    "sh -c \"bash -c 'printf %s {{ x }}'\"",
    "sh -c 'eval \"printf %s {{ x }}\"'",
    'sh -c \'sh -c "printf %s \\"{{ x }}\\""\'',
    "sh -c 'printf %s \"$1\"' sh {{ x }}",
]


@pytest.mark.parametrize("template", INTACT)
@pytest.mark.parametrize("shell", ["sh", "bash"])
def test_reevaluated_values_arrive_intact(
    tmp_path: Path, fake_bin: Path, shell: str, template: str
) -> None:
    command = render(template, {"x": PAYLOAD}, shell=True)
    assert _run(shell, command, tmp_path, fake_bin) == PAYLOAD, command
    assert files_named(tmp_path, "pwned") == []


REFUSED = [
    ("tmux new-window '{{ x }}'", "`tmux`"),
    ('ssh host "{{ x }}"', "`ssh`"),
    ("ssh host 'cd {{ x }} && ls'", "`ssh`"),
    ("timeout 5 tmux new-window {{ x }}", "`tmux`"),
    ("sh -c 'tmux new-window \"$1\"' sh {{ x }}", "`tmux` through $1"),
    ("sh -c 'eval \"$1\"' sh {{ x }}", "shell code through $1"),
    ('v={{ x }}; sh -c "$v"', "shell code through $v"),
    ("printf %s {{ x }} | sh", "`sh` through a pipe"),
    ("printf %s {{ x }} | tee /dev/null >(sh)", "`sh` through a pipe"),
    ("exec > >(sh); printf %s {{ x }}", "`sh` through exec"),
    ("sh <(printf %s {{ x }})", "`sh`"),
    ("sh <<EOF\nprintf %s {{ x }}\nEOF", "`sh`"),
    ('sh -c "$(printf %s {{ x }})"', "`sh`"),
    ("sh -c 'printf %s '*{{ x }}", "a shell script git-wt cannot read"),
    ("echo a | xargs -I{} sh -c 'printf %s {} {{ x }}'", "`xargs`"),
    ("env eval 'printf %s {{ x }}'", "`eval`"),
]


@pytest.mark.parametrize(("template", "reaches"), REFUSED)
def test_values_that_would_reach_an_evaluator_are_refused(
    tmp_path: Path, fake_bin: Path, template: str, reaches: str
) -> None:
    with pytest.raises(TemplateError) as info:
        render(template, {"x": PAYLOAD}, shell=True)
    preposition = "into" if reaches.startswith(("shell", "a shell")) else "to"
    assert info.value.message == (
        f"refusing to pass x = {PAYLOAD!r} {preposition} {reaches}, which may run it as shell "
        f"code (to allow it: git config {KEY} true)"
    )
    # The opt-out renders the command as before: escaped for the first shell only.
    render(template, {"x": PAYLOAD}, shell=True, allow_unsafe=True)


@pytest.mark.parametrize(
    "value", ["feature/x-1", "fix#123", "user@host:1.2,3=4%+", "/tmp/my repo.feat"]
)
@pytest.mark.parametrize("template", [t for t, _ in REFUSED])
def test_plain_values_and_paths_with_spaces_reach_any_program(template: str, value: str) -> None:
    render(template, {"x": value}, shell=True)


def test_the_environment_of_a_hook_is_followed(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as info:
        render('sh -c "echo $GIT_WT_BRANCH"', {}, shell=True, env={"GIT_WT_BRANCH": PAYLOAD})
    assert info.value.message.startswith(f"refusing to pass $GIT_WT_BRANCH = {PAYLOAD!r} into")
    assert render('echo "$GIT_WT_BRANCH"', {}, shell=True, env={"GIT_WT_BRANCH": PAYLOAD})


def test_for_each_argv_follows_wrappers_and_refuses_evaluators() -> None:
    ctx = {"branch": PAYLOAD}
    argv = render_argv(["env", "timeout", "5", "sh", "-c", "printf %s {{ branch }}"], ctx)
    assert argv[-1] == "printf %s 'r$(cd;touch${IFS}pwned)'"
    assert render_argv(["git", "branch", "--list", "{{ branch }}"], ctx)[-1] == PAYLOAD
    with pytest.raises(TemplateError) as info:
        render_argv(["tmux", "new-window", "{{ branch }}"], ctx)
    assert "to `tmux`" in info.value.message
    assert render_argv(["tmux", "new-window", "{{ branch }}"], ctx, allow_unsafe=True)[-1] == (
        PAYLOAD
    )


def test_fish_and_powershell_lines_refuse_values_for_unknown_programs() -> None:
    ctx = {"x": PAYLOAD}
    assert render("printf '%s' {{ x }}", ctx, shell=True, dialect="fish")
    assert render("Write-Output {{ x }}", ctx, shell=True, dialect="powershell")
    for dialect, template in [
        ("fish", "tmux new-window {{ x }}"),
        ("fish", "echo (tmux new-window {{ x }})"),
        ("powershell", "& {{ x }}"),
        ("powershell", "Invoke-Expression {{ x }}"),
    ]:
        with pytest.raises(TemplateError):
            render(template, ctx, shell=True, dialect=dialect)


# -- end to end: hooks, --execute and for-each ----------------------------------------------


@pytest.fixture
def hostile(repo: Path, work: Path) -> Path:
    """A worktree of the branch PAYLOAD (its path holds the payload too)."""
    path = work / "repo.hostile"
    git("worktree", "add", "-q", "-b", PAYLOAD, "--", str(path), cwd=repo)
    return path


def test_a_hook_running_sh_c_gets_the_name_intact(
    hostile: Path, work: Path, hermetic_env: Path
) -> None:
    template = "sh -c 'cd {{ worktree_path }} && printf %s {{ branch }} > got.txt'"
    git("config", "wt.hook.pre-merge", template, cwd=hostile)
    res = wt("hook", "pre-merge", cwd=hostile)
    assert res.returncode == 0, res.stderr
    assert (hostile / "got.txt").read_text() == PAYLOAD
    assert files_named(hermetic_env, "pwned") == []


def test_a_hook_handing_the_name_to_tmux_is_refused(
    hostile: Path, fake_bin: Path, hermetic_env: Path
) -> None:
    git("config", "wt.hook.pre-merge", "tmux new-window '{{ branch }}'", cwd=hostile)
    res = wt("hook", "pre-merge", cwd=hostile, env=_path(fake_bin))
    assert res.returncode == 1
    assert res.err_lines[0] == (
        "✗ cannot expand the pre-merge hook user:cmd-0 (git config wt.hook.pre-merge): "
        "refusing to pass "
        f"branch = {PAYLOAD!r} to `tmux`, which may run it as shell code "
        f"(to allow it: git config {KEY} true)"
    )
    assert files_named(hermetic_env, "pwned") == []


def test_the_opt_out_lets_the_value_through(
    hostile: Path, fake_bin: Path, hermetic_env: Path
) -> None:
    git("config", "wt.hook.pre-merge", "record new-window {{ branch }}", cwd=hostile)
    assert wt("hook", "pre-merge", cwd=hostile, env=_path(fake_bin)).returncode == 1
    git("config", KEY, "true", cwd=hostile)
    res = wt("hook", "pre-merge", cwd=hostile, env=_path(fake_bin))
    assert res.returncode == 0, res.stderr
    assert (hermetic_env / "home" / "recorded").read_text() == f"new-window\n{PAYLOAD}\n"


def test_a_hook_evaluating_git_wt_branch_is_refused(hostile: Path, hermetic_env: Path) -> None:
    git("config", "wt.hook.pre-merge", 'sh -c "echo $GIT_WT_BRANCH"', cwd=hostile)
    res = wt("hook", "pre-merge", cwd=hostile)
    assert res.returncode == 1
    assert "refusing to pass $GIT_WT_BRANCH = " in res.err_lines[0]
    assert files_named(hermetic_env, "pwned") == []


def test_execute_quotes_for_the_inner_shell(repo: Path, hermetic_env: Path) -> None:
    res = wt("switch", "-c", PAYLOAD, "-x", "sh -c 'printf %s {{ branch }} > name.txt'", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert (repo.parent / f"repo.{PAYLOAD}" / "name.txt").read_text() == PAYLOAD
    assert files_named(hermetic_env, "pwned") == []


def test_execute_refuses_before_creating_anything(
    repo: Path, fake_bin: Path, hermetic_env: Path
) -> None:
    res = wt(
        "switch",
        "-c",
        PAYLOAD,
        "-x",
        "tmux new-window '{{ branch }}'",
        cwd=repo,
        env=_path(fake_bin),
    )
    assert res.returncode == 1
    assert res.err_lines[0].startswith(f"✗ --execute: refusing to pass branch = {PAYLOAD!r}")
    assert not (repo.parent / f"repo.{PAYLOAD}").exists()
    assert files_named(hermetic_env, "pwned") == []


def test_execute_arguments_are_followed_too(repo: Path, fake_bin: Path) -> None:
    res = wt(
        "switch",
        "-c",
        PAYLOAD,
        "-x",
        "tmux new-window",
        "--",
        "{{ branch }}",
        cwd=repo,
        env=_path(fake_bin),
    )
    assert res.returncode == 1
    assert res.err_lines[0].startswith(f"✗ --execute: refusing to pass branch = {PAYLOAD!r}")


def test_for_each_behind_env_quotes_and_refuses(
    repo: Path, hostile: Path, fake_bin: Path, hermetic_env: Path
) -> None:
    res = wt(
        "step", "for-each", "--", "env", "sh", "-c", "printf %s {{ branch }} > got.txt", cwd=repo
    )
    assert res.returncode == 0, res.stderr
    assert (hostile / "got.txt").read_text() == PAYLOAD
    res = wt("step", "for-each", "--", "ssh", "host", "{{ branch }}", cwd=repo, env=_path(fake_bin))
    assert res.returncode == 1
    assert res.err_lines[-2] == (
        f"✗ cannot expand the command for {PAYLOAD}: refusing to pass branch = {PAYLOAD!r} "
        f"to `ssh`, which may run it as shell code (to allow it: git config {KEY} true)"
    )
    assert files_named(hermetic_env, "pwned") == []
