"""Every command, fed odd inputs, answers with a line of error or does its work: never a
traceback (exit 70). Runs `main(argv)` in-process, so a few hundred runs stay quick."""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import git

from git_wt.cli import main
from git_wt.cli.parser import build_parser
from git_wt.cli.tree import subcommands

NON_UTF8 = b"\xffname".decode("utf-8", "surrogateescape")

ODD_INPUTS = [
    NON_UTF8,
    "a\x1b]2;PWNED\x07b",  # control characters (a terminal title sequence)
    "line\nbreak",
    "x" * 5000,
    "--",
    "",
    "h$(touch${IFS}pwned)",
    "@{-1}",
    "{% include 'x' %}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "{{ " + "(" * 500 + "1" + ")" * 500 + " }}",
    "{{ 'a' * 3000000000 }}",
]


def _leaves(
    parser: argparse.ArgumentParser, path: list[str]
) -> Iterator[tuple[list[str], argparse.ArgumentParser]]:
    subs = [s for s in subcommands(parser) if s.listed]
    if not subs:
        yield path, parser
        return
    for sub in subs:
        yield from _leaves(sub.parser, [*path, sub.name])


def _argvs(odd: str) -> Iterator[list[str]]:
    """For every command: its positionals given `odd`, then its value options given `odd`."""
    for path, parser in _leaves(build_parser(None), []):
        positionals = [
            a
            for a in parser._actions
            if not a.option_strings and not isinstance(a, argparse._SubParsersAction)
        ]
        options = [
            a
            for a in parser._actions
            if a.option_strings and a.nargs != 0 and not isinstance(a, argparse._HelpAction)
        ]
        if positionals:
            yield [*path, *[odd for _ in positionals]]
        if options:
            yield [*path, *[word for a in options for word in (a.option_strings[0], odd)]]
    yield ["-C", odd, "list"]
    yield ["switch", "--create", odd]
    yield ["switch", "--create", "--base", odd, "new-branch"]
    yield ["step", "for-each", "--", "echo", odd]
    yield ["hook", "pre-start", "--dry-run", f"--port={odd}"]
    yield ["remove", "--", odd]


@pytest.fixture
def odd_repo(repo: Path) -> Path:
    git("worktree", "add", "-q", "-b", "feature", str(repo.parent / "feature"), cwd=repo)
    git("update-ref", f"refs/heads/{NON_UTF8}", "HEAD", cwd=repo)
    (repo / ".config").mkdir()
    (repo / ".config" / "wt.toml").write_text('pre-start = "echo {{ branch }}"\n')
    return repo


def _stream(errors: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors=errors, write_through=True)


def _run(argv: list[str]) -> tuple[int, str]:
    """main(argv) with streams like a real process's: stdout strict, stderr escaping."""
    out, err = _stream("strict"), _stream("backslashreplace")
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = main(argv)
    except SystemExit as exc:  # a usage error: argparse exits (2)
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.stdout, sys.stderr = saved
    return code, err.buffer.getvalue().decode("utf-8", "replace")  # type: ignore[attr-defined]


@pytest.mark.parametrize("odd", ODD_INPUTS, ids=range(len(ODD_INPUTS)))
def test_no_command_gives_a_traceback_for_odd_input(
    odd: str, odd_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(odd_repo)
    monkeypatch.setenv("PWD", str(odd_repo))
    failures = []
    for argv in _argvs(odd):
        code, err = _run(argv)
        if code == 70 or "Traceback" in err:
            failures.append(f"git wt {argv!r} -> {code}\n{err}")
        assert os.getcwd() == str(odd_repo)
    assert not failures, "\n".join(failures)
    assert not list(odd_repo.parent.rglob("pwned"))
