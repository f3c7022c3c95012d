"""`git wt config shell init` and the payloads it writes: the generator's output, PowerShell."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import init_repo, sh, wt

from git_wt.shell import SHELLS, generate


def init_text(shell: str) -> str:
    res = wt("config", "shell", "init", shell, cwd=Path.cwd())
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""
    return res.stdout


# -- one source of truth ------------------------------------------------------------------


@pytest.mark.parametrize("shell", SHELLS)
def test_init_prints_the_generator_output(shell: str) -> None:
    assert init_text(shell) == generate.init_code(shell)


# -- PowerShell (no pwsh on these machines: the text is what can be tested) ------------------


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


def test_init_outside_a_repository_needs_no_repository(tmp_path: Path) -> None:
    init_repo(tmp_path / "unused")
    res = wt("config", "shell", "init", "fish", cwd=tmp_path)
    assert res.returncode == 0
    bad = wt("config", "shell", "init", "tcsh", cwd=tmp_path)
    assert bad.returncode == 2
    assert bad.stdout == ""
