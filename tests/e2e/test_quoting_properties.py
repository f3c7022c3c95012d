"""Property: no branch name or config value ever runs as code, in any placement.

Values are drawn from everything git accepts (branch names by `git check-ref-format
--branch` rules, config values: any text without NUL), salted with payload fragments,
rendered into every placement a command template can put them in, and run by real sh
(dash) and bash. Each run must leave no file behind, and the value must either arrive
intact or the template be refused.

CI runs a bounded number of examples. The long run (docs/hooks.md):
    GIT_WT_HYPOTHESIS_EXAMPLES=100000 pytest tests/e2e/test_quoting_properties.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from git_wt.templates.guard import inert
from git_wt.templates.render import render, render_argv
from git_wt.templates.values import TemplateError

# The examples of one run, shared by the tests that spawn shells (about 200 in all).
EXAMPLES = int(os.environ.get("GIT_WT_HYPOTHESIS_EXAMPLES", "200"))
SHELLS = ["sh", "bash"]


def _settings(share: float) -> settings:
    return settings(
        max_examples=max(10, int(EXAMPLES * share)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        database=None,
    )


# -- values ---------------------------------------------------------------------------------

# Pieces that run `touch pwned` (or write `pwned`) if escaped for the wrong place.
FRAGMENTS = [
    "$(touch${IFS}pwned)",
    "`touch${IFS}pwned`",
    ";touch${IFS}pwned;",
    "';touch${IFS}pwned;'",
    '";touch${IFS}pwned;"',
    "|touch${IFS}pwned",
    "&touch${IFS}pwned&",
    ">pwned",
    "$(cd;touch${IFS}pwned)",
    "'\"$(touch${IFS}pwned)\"'",
    "\\",
    "\\'",
    '\\"',
    "'",
    '"',
    "$",
    "${IFS}",
    "#",
    "!",
    "{",
    "}",
    "(",
    ")",
    "%s",
    "EOF",
    "\n",
    "\t",
    " ",
    "*",
    "~",
    "é",
    "\u2019",
]

_BRANCH_FORBIDDEN = frozenset(" ~^:?*[\\")


def valid_branch(name: str) -> bool:
    """`git check-ref-format --branch NAME` succeeds (checked against git below)."""
    if not name or name.startswith("-") or name == "HEAD":
        return False
    if "@{" in name or ".." in name or name.endswith(".") or name.endswith("/"):
        return False
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F or ch in _BRANCH_FORBIDDEN for ch in name):
        return False
    return all(c and not c.startswith(".") and not c.endswith(".lock") for c in name.split("/"))


_chars = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
_pieces = st.one_of(st.sampled_from(FRAGMENTS), st.text(_chars, min_size=1, max_size=4))
config_values = st.lists(_pieces, max_size=6).map("".join)
branch_names = (
    st.lists(st.one_of(_pieces, st.sampled_from(["/", "feat", "x"])), min_size=1, max_size=6)
    .map("".join)
    .filter(valid_branch)
)

# -- placements -----------------------------------------------------------------------------

# (name, template, what it prints for value V): every placement prints V once, exactly.
PLACEMENTS = [
    ("bare", "printf '%s\\n' {{ x }}", "{}\n"),
    ("double-quoted", "printf '%s\\n' \"{{ x }}\"", "{}\n"),
    ("single-quoted", "printf '%s\\n' '{{ x }}'", "{}\n"),
    ("cmdsubst", "printf '%s\\n' \"$(printf '%s.' {{ x }})\"", "{}.\n"),
    ("backticks", "printf '%s\\n' \"`printf '%s.' {{ x }}`\"", "{}.\n"),
    ("heredoc", "cat <<WT_END\n{{ x }}\nWT_END", "{}\n"),
    ("sh-c", "sh -c 'printf \"%s\\n\" {{ x }}'", "{}\n"),
    ("sh-c-double-quoted", 'sh -c "printf \'%s\\n\' \\"{{ x }}\\""', "{}\n"),
    ("sh-c-depth-2", 'bash -c \'sh -c "printf \\"%s\\n\\" {{ x }}"\'', "{}\n"),
    ("depth-2-dq", 'sh -c "bash -c \'printf \\"%s\\n\\" \\"{{ x }}\\"\'"', "{}\n"),
    ("eval", "eval \"printf '%s\\n' {{ x }}\"", "{}\n"),
    ("eval-bare", "eval printf \"'%s\\n'\" {{ x }}", "{}\n"),
    ("wrappers", "env timeout 5 nice sh -c 'printf \"%s\\n\" {{ x }}'", "{}\n"),
    ("unknown-evaluator", 'unk \'printf "%s\\n" "{{ x }}"\'', "{}\n"),
    ("variable", 'v={{ x }}; sh -c \'printf "%s\\n" "$1"\' sh "$v"', "{}\n"),
]
# A branch name has no blank, so it also survives an unknown evaluator's word splitting.
BRANCH_ONLY = [
    ("unknown-evaluator-bare", "unk 'printf \"%s\\n\" {{ x }}'", "{}\n"),
    ("unknown-evaluator-dq", "unk \"printf '%s\\n' {{ x }}\"", "{}\n"),
]
Placement = tuple[str, str, str]

UNKNOWN_EVALUATOR = '#!/bin/sh\nexec sh -c "$1"\n'


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Path]:
    """A directory with `unk` (runs `sh -c "$1"`) on PATH; HOME and cwd of every run."""
    root = Path(tempfile.mkdtemp(prefix="wt-props-"))
    (root / "bin").mkdir()
    unk = root / "bin" / "unk"
    unk.write_text(UNKNOWN_EVALUATOR)
    unk.chmod(0o755)
    (root / "home").mkdir()
    yield root
    shutil.rmtree(root, ignore_errors=True)


def _run(shell: str, command: str, root: Path) -> subprocess.CompletedProcess[bytes]:
    home = root / "home"
    env = {
        "PATH": f"{root / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(home),
        "LC_ALL": "C.UTF-8",
    }
    return subprocess.run(
        [shell, "-c", command],
        cwd=home,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=30,
        check=False,
    )


def _check(placement: Placement, value: str, root: Path) -> None:
    """The property for one value in one placement, under every shell."""
    _, template, expected = placement
    try:
        command = render(template, {"x": value}, shell=True)
    except TemplateError:
        return  # refused: nothing runs
    home = root / "home"
    for shell in SHELLS:
        done = _run(shell, command, root)
        left = sorted(p.name for p in home.iterdir())
        for path in home.iterdir():
            path.unlink() if not path.is_dir() else shutil.rmtree(path)
        assert left == [], (shell, template, value, command)
        assert done.stdout.decode("utf-8") == expected.format(value), (
            shell,
            template,
            value,
            command,
            done.stderr,
        )


@_settings(0.4)
@given(placement=st.sampled_from(PLACEMENTS + BRANCH_ONLY), value=branch_names)
def test_branch_names_never_run(sandbox: Path, placement: Placement, value: str) -> None:
    _check(placement, value, sandbox)


@_settings(0.4)
@given(placement=st.sampled_from(PLACEMENTS), value=config_values)
def test_config_values_never_run(sandbox: Path, placement: Placement, value: str) -> None:
    _check(placement, value, sandbox)


@pytest.mark.parametrize("placement", PLACEMENTS + BRANCH_ONLY, ids=lambda p: p[0])
@pytest.mark.parametrize("value", ["r$(cd;touch${IFS}pwned)", "q';>pwned;'", "feat/x-1"])
def test_every_placement_with_known_payloads(
    sandbox: Path, placement: Placement, value: str
) -> None:
    _check(placement, value, sandbox)


# -- plain values always pass ------------------------------------------------------------------

_plain_chars = st.sampled_from("abcXYZ019_@%+=:,./- ")


@_settings(1)
@given(
    placement=st.sampled_from(PLACEMENTS + BRANCH_ONLY),
    value=st.text(_plain_chars, min_size=1, max_size=20).filter(lambda v: v.strip()),
)
def test_plain_values_are_never_refused(placement: Placement, value: str) -> None:
    assert inert(value)
    render(placement[1], {"x": value}, shell=True)


# -- the argv of step for-each ---------------------------------------------------------------

ARGV_PLACEMENTS = [
    (["sh", "-c", "printf '%s\\n' {{ x }}"], "{}\n"),
    (["env", "bash", "-c", "printf '%s\\n' \"{{ x }}\""], "{}\n"),
    (["sh", "-c", 'printf "%s\\n" "$1"', "sh", "{{ x }}"], "{}\n"),
    (["sh", "-c", 'eval "printf %s\\\\\\\\n $1"', "sh", "{{ x }}"], "{}\n"),
    (["unk", "printf '%s\\n' {{ x }}"], "{}\n"),
    (["printf", "%s\\n", "{{ x }}"], "{}\n"),
]


@_settings(0.2)
@given(placement=st.sampled_from(ARGV_PLACEMENTS), value=branch_names)
@example(placement=ARGV_PLACEMENTS[3], value="r$(cd;touch${IFS}pwned)")
@example(placement=ARGV_PLACEMENTS[4], value="r$(cd;touch${IFS}pwned)")
def test_for_each_argv_never_runs(
    sandbox: Path, placement: tuple[list[str], str], value: str
) -> None:
    argv, expected = placement
    try:
        words = render_argv(argv, {"x": value})
    except TemplateError:
        return
    home = sandbox / "home"
    done = subprocess.run(
        words,
        cwd=home,
        env={"PATH": f"{sandbox / 'bin'}{os.pathsep}{os.environ['PATH']}", "HOME": str(home)},
        capture_output=True,
        timeout=30,
        check=False,
    )
    left = sorted(p.name for p in home.iterdir())
    for path in home.iterdir():
        path.unlink() if not path.is_dir() else shutil.rmtree(path)
    assert left == [], (argv, value, words)
    assert done.stdout.decode("utf-8") == expected.format(value), (argv, value, words, done.stderr)


# -- the branch strategy agrees with git ------------------------------------------------------


@_settings(0.1)
@given(name=st.lists(_pieces, min_size=1, max_size=4).map("".join))
@example(name="a/.b")
@example(name="x.lock")
@example(name="@")
def test_branch_strategy_matches_git_check_ref_format(name: str) -> None:
    done = subprocess.run(
        ["git", "check-ref-format", "--branch", name], capture_output=True, check=False
    )
    assert (done.returncode == 0) == valid_branch(name), name
