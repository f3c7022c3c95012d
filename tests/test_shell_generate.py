"""Generated shell code: one source of truth, valid syntax, cheap to load, PowerShell text."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import files_named, init_repo, sh, wt

from git_wt.cli.parser import build_parser
from git_wt.cli.tree import cli_spec
from git_wt.shell import SHELLS, generate, spec, tables
from git_wt.templates.quoting import quote_arg
from git_wt.templates.render import render

ROOT = Path(__file__).resolve().parents[1]
SYNTAX_CHECK = {"bash": ["bash", "-n"], "zsh": ["zsh", "-n"], "fish": ["fish", "-n"]}


def init_text(shell: str) -> str:
    res = wt("config", "shell", "init", shell, cwd=Path.cwd())
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""
    return res.stdout


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


def test_regenerate_check_mode(tmp_path: Path) -> None:
    run = [sys.executable, "-m", "git_wt.shell", "--root", str(tmp_path)]
    assert subprocess.run([*run, "--check"], capture_output=True).returncode == 1
    assert subprocess.run(run, capture_output=True).returncode == 0
    assert subprocess.run([*run, "--check"], capture_output=True).returncode == 0
    assert (tmp_path / "shell" / "git-wt.bash").read_text() == generate.init_code("bash")


@pytest.mark.parametrize("shell", SHELLS)
def test_init_prints_the_generator_output(shell: str) -> None:
    assert init_text(shell) == generate.init_code(shell)


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


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_generated_code_parses(shell: str, tmp_path: Path) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    for text in (generate.init_code(shell), generate.completion_code(shell)):
        script = tmp_path / f"code.{shell}"
        script.write_text(text)
        res = subprocess.run([*SYNTAX_CHECK[shell], str(script)], capture_output=True, text=True)
        assert res.returncode == 0, res.stderr


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_loading_the_init_code_never_starts_git_wt(shell: str, tmp_path: Path) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    fake = tmp_path / "bin"
    fake.mkdir()
    marker = tmp_path / "ran"
    for name in ("git-wt", "python", "python3"):
        (fake / name).write_text(f"#!/bin/sh\ntouch '{marker}'\n")
        (fake / name).chmod(0o755)
    init = tmp_path / f"init.{shell}"
    init.write_text(generate.init_code(shell))
    env = dict(os.environ, PATH=f"{fake}{os.pathsep}{os.environ['PATH']}")
    argv = [shell, "-c", f"source '{init}'"]
    res = subprocess.run(argv, env=env, capture_output=True, text=True, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""
    assert not marker.exists()


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


def test_powershell_exec_payload(repo: Path, cd_file: Path, exec_file: Path) -> None:
    name = "x'$(y)"
    env = {
        "GIT_WT_CD_FILE": str(cd_file),
        "GIT_WT_EXEC_FILE": str(exec_file),
        "GIT_WT_SHELL": "powershell",
    }
    res = wt(
        "switch",
        "-c",
        name,
        "-x",
        "Write-Output {{ branch }}",
        "--",
        "a b",
        "c`d",
        cwd=repo,
        env=env,
    )
    assert res.returncode == 0, res.stderr
    assert exec_file.read_text() == "Write-Output 'x''$(y)' 'a b' 'c`d'\n"
    assert cd_file.read_text() == str(repo.parent / "repo.x'$(y)")


def test_powershell_rc_block_quotes_a_hostile_path(tmp_path: Path) -> None:
    data = tmp_path / "d a'ta$x"
    env = {"XDG_DATA_HOME": str(data), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    res = wt("config", "shell", "install", "powershell", "-y", cwd=tmp_path, env=env)
    assert res.returncode == 0, res.stderr
    profile = tmp_path / "cfg" / "powershell" / "Microsoft.PowerShell_profile.ps1"
    init = f"{data}/git-wt/shell/init.ps1".replace("'", "''")
    assert profile.read_text().splitlines()[2] == (
        f"if (Test-Path -LiteralPath '{init}') {{ . '{init}' }}"
    )
    assert (data / "git-wt" / "shell" / "init.ps1").read_text() == generate.init_code("powershell")


# -- fish and POSIX payload escaping ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("plain", "plain"), ("it's", "'it\\'s'"), ("a\\b", "'a\\\\b'"), ("$HOME", "'$HOME'")],
)
def test_fish_argument_quoting(value: str, expected: str) -> None:
    assert quote_arg(value, "fish") == expected


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_exec_payload_is_safe_to_source(
    repo: Path, cd_file: Path, exec_file: Path, hermetic_env: Path
) -> None:
    name = "x'y$(touch${IFS}pwned)"
    env = {
        "GIT_WT_CD_FILE": str(cd_file),
        "GIT_WT_EXEC_FILE": str(exec_file),
        "GIT_WT_SHELL": "fish",
    }
    command = "printf '%s|' {{ branch }} \"{{ branch }}\" '{{ branch }}'"
    res = wt(
        "switch",
        "-c",
        name,
        "-x",
        command,
        "--",
        "{{ branch }}",
        "$HOME",
        "a\\'b",
        cwd=repo,
        env=env,
    )
    assert res.returncode == 0, res.stderr
    out = subprocess.run(
        ["fish", "--no-config", str(exec_file)], capture_output=True, text=True, cwd=hermetic_env
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout == f"{name}|{name}|{name}|{name}|$HOME|a\\'b|"
    assert files_named(hermetic_env, "pwned") == []


def test_posix_payload_without_shell_variable_stays_posix(
    repo: Path, cd_file: Path, exec_file: Path, hermetic_env: Path
) -> None:
    env = {
        "GIT_WT_CD_FILE": str(cd_file),
        "GIT_WT_EXEC_FILE": str(exec_file),
        "GIT_WT_SHELL": "zsh",
    }
    res = wt(
        "switch", "-c", "feat", "-x", "printf '%s|' {{ branch }}", "--", "it's", cwd=repo, env=env
    )
    assert res.returncode == 0, res.stderr
    assert exec_file.read_text() == "printf '%s|' feat 'it'\\''s'\n"
    assert sh('. "$1"', cwd=hermetic_env, args=[str(exec_file)]).stdout == "feat|it's|"


def test_generated_files_name_their_version() -> None:
    from git_wt import __version__

    for shell in SHELLS:
        assert generate.version_of(generate.init_code(shell)) == __version__
        assert generate.version_of(generate.completion_code(shell)) == __version__
    assert generate.completion_code("zsh").startswith("#compdef git-wt\n#description ")


def test_init_outside_a_repository_needs_no_repository(tmp_path: Path) -> None:
    init_repo(tmp_path / "unused")
    res = wt("config", "shell", "init", "fish", cwd=tmp_path)
    assert res.returncode == 0
    bad = wt("config", "shell", "init", "tcsh", cwd=tmp_path)
    assert bad.returncode == 2
    assert bad.stdout == ""
