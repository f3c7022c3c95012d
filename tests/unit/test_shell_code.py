"""Generated shell code as text: repository copies, completion tables, PowerShell, fish quoting."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from git_wt.cli.parser import build_parser
from git_wt.cli.tree import cli_spec
from git_wt.shell import SHELLS, generate, spec, tables
from git_wt.templates.quoting import quote_arg
from git_wt.templates.render import render

ROOT = Path(__file__).resolve().parents[2]


# -- one source of truth ------------------------------------------------------------------


def test_shipped_spec_equals_the_parser() -> None:
    shipped = (ROOT / "git_wt" / "shell" / "data" / spec.SPEC_FILE).read_text("utf-8")
    assert shipped == spec.to_json(cli_spec()), "regenerate with: python -m git_wt.shell"
    assert spec.shipped() == cli_spec()
    assert spec.from_json(spec.to_json(cli_spec())) == cli_spec()


def test_repository_copies_equal_the_generator_output() -> None:
    assert generate.repository_files() == generate.repository_files(cli_spec())
    expected = generate.repository_files(cli_spec())
    assert sorted(expected) == sorted(
        [f"shell/{generate.INIT_FILE_NAMES[s]}" for s in SHELLS]
        + [f"completions/{generate.COMPLETION_FILE_NAMES[s]}" for s in SHELLS]
    )
    stale = [rel for rel, text in expected.items() if (ROOT / rel).read_text("utf-8") != text]
    assert stale == [], f"regenerate with: python -m git_wt.shell  ({', '.join(stale)})"


def _walk(parser: argparse.ArgumentParser, path: tuple[str, ...]) -> dict[str, set[str]]:
    """Every command path and its words (subcommands and flags), straight from argparse."""
    words: set[str] = set()
    found: dict[str, set[str]] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                words.add(name)
                found.update(_walk(sub, (*path, name)))
        elif action.help != argparse.SUPPRESS:
            words.update(action.option_strings)
    found[" ".join(path)] = words
    return found


def test_completion_tables_cover_every_command_and_flag() -> None:
    expected = _walk(build_parser(), ())
    spec = {c.key: c for c in cli_spec().walk()}
    assert set(spec) == set(expected)
    for key, words in expected.items():
        cmd = spec[key]
        have = {s.path[-1] for s in cmd.subcommands} | {f for o in cmd.options for f in o.flags}
        assert have == words, key
    bash = tables.bash(cli_spec())
    for key, words in expected.items():
        for word in words:
            assert word in bash, (key, word)


def test_value_kinds_follow_the_cli_definition() -> None:
    spec = {c.key: c for c in cli_spec().walk()}
    switch = spec["switch"]
    assert switch.positionals[0].value.kind == "branch"
    assert switch.new_name_flags == ("-c", "--create")
    by_flag = {f: o for o in switch.options for f in o.flags}
    assert by_flag["--base"].value is not None and by_flag["--base"].value.kind == "ref"
    assert by_flag["--format"].value is not None
    assert by_flag["--format"].value.choices == ("text", "json")
    assert by_flag["--create"].value is None
    assert spec["remove"].positionals[0].value.kind == "worktree"
    assert spec["remove"].positionals[0].repeat
    assert spec["config shell init"].positionals[0].value.choices == SHELLS


def test_init_defines_git_with_the_function_keyword() -> None:
    for shell in ("bash", "zsh"):
        text = generate.init_code(shell)
        assert "function git {" in text
        assert "function git-wt {" in text
        assert "git()" not in text.replace(" ", "")
    assert "function git " in generate.init_code("fish")


# -- PowerShell (no pwsh on these machines: the text is what can be tested) ------------------


def ps_code() -> str:
    """The PowerShell init code without its comment lines."""
    lines = generate.init_code("powershell").splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith("#"))


def test_powershell_wraps_only_git_wt() -> None:
    text = ps_code()
    assert "function global:git-wt {" in text
    lowered = text.lower()
    assert "function git {" not in lowered
    assert "function global:git {" not in lowered
    assert "set-alias" not in lowered
    assert "Register-ArgumentCompleter -Native -CommandName 'git-wt'" in text
    assert "-CommandName 'git'" not in text
    assert "$env:GIT_WT_SHELL = 'powershell'" in text
    assert "Microsoft.PowerShell.Management\\Set-Location -LiteralPath $target" in text
    # The directory is data: read as text and passed as a literal path, never evaluated.
    assert "[System.IO.File]::ReadAllText($cdFile)" in text
    assert "Invoke-Expression" not in text
    assert "$global:LASTEXITCODE = $rc" in text


def test_powershell_braces_and_quotes_balance() -> None:
    code = ps_code()
    assert code.count("{") == code.count("}")
    assert code.count("(") == code.count(")")
    assert code.count("\n$global:GitWt") == 5  # the five tables


def test_powershell_tables_come_from_the_cli() -> None:
    text = generate.init_code("powershell")
    assert "$global:GitWtSubcommands = @{" in text
    assert "'' = @(\"switch`t" in text
    assert "'switch:--format' = '=text json'" in text
    assert "'switch:0' = 'branch'" in text
    assert "'remove:*' = 'worktree'" in text
    assert "'switch' = '-c --create'" in text
    assert "'config shell init:0' = '=bash zsh fish powershell'" in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", "plain"),
        ("it's", "'it''s'"),
        ("$(rm -rf ~)", "'$(rm -rf ~)'"),
        ("a b;c", "'a b;c'"),
        ("back`tick", "'back`tick'"),
        ("smart\u2019quote", "'smart\u2019\u2019quote'"),
        ("@splat", "'@splat'"),
        ("", "''"),
    ],
)
def test_powershell_argument_quoting(value: str, expected: str) -> None:
    assert quote_arg(value, "powershell") == expected


def test_powershell_template_contexts() -> None:
    ctx = {"branch": "x'$(y)`\""}
    assert render("echo {{ branch }}", ctx, shell=True, dialect="powershell") == (
        "echo 'x''$(y)`\"'"
    )
    assert render('echo "{{ branch }}"', ctx, shell=True, dialect="powershell") == (
        'echo "x\'`$(y)```""'
    )
    assert render("echo '{{ branch }}'", ctx, shell=True, dialect="powershell") == (
        "echo 'x''$(y)`\"'"
    )


# -- fish and POSIX payload escaping ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("plain", "plain"), ("it's", "'it\\'s'"), ("a\\b", "'a\\\\b'"), ("$HOME", "'$HOME'")],
)
def test_fish_argument_quoting(value: str, expected: str) -> None:
    assert quote_arg(value, "fish") == expected


def test_generated_files_name_their_version() -> None:
    from git_wt import __version__

    for shell in SHELLS:
        assert generate.version_of(generate.init_code(shell)) == __version__
        assert generate.version_of(generate.completion_code(shell)) == __version__
    assert generate.completion_code("zsh").startswith("#compdef git-wt\n#description ")
