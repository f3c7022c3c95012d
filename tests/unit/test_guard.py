"""Issue 12, finding 1: where a value would reach a program that may run it, the template
is refused with one line naming the variable, the value and the opt-out; plain values and
paths with spaces always pass (rendering only; tests/e2e/test_guard_shells.py runs them)."""

from __future__ import annotations

import pytest

from git_wt.templates.render import render, render_argv
from git_wt.templates.values import TemplateError

PAYLOAD = "r$(cd;touch${IFS}pwned)"
KEY = "wt.template.allow-unsafe-values"


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
def test_values_that_would_reach_an_evaluator_are_refused(template: str, reaches: str) -> None:
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


def test_the_environment_of_a_hook_is_followed() -> None:
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
