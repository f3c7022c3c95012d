"""`git wt config shell install/uninstall` and `git wt config show`: real files, in process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import Result, assert_no_traceback, git, init_repo, wt

from git_wt import __version__
from git_wt.shell import generate
from git_wt.shell.install import BEGIN, END

NO_ZDOTDIR = {"ZDOTDIR": None}


def home() -> Path:
    return Path(os.environ["HOME"])


def data_dir() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "git-wt" / "shell"


def install(*args: str, env: dict[str, str | None] | None = None) -> Result:
    res = wt("config", "shell", "install", *args, cwd=home(), env={**NO_ZDOTDIR, **(env or {})})
    assert_no_traceback(res.stderr)
    return res


def uninstall(*args: str, env: dict[str, str | None] | None = None) -> Result:
    res = wt("config", "shell", "uninstall", *args, cwd=home(), env={**NO_ZDOTDIR, **(env or {})})
    assert_no_traceback(res.stderr)
    return res


def expected_block(source: str, *, created: bool = False) -> str:
    note = (
        "# Added by `git wt config shell install`, which created this file;"
        " `git wt config shell uninstall` removes it."
        if created
        else "# Added by `git wt config shell install`; `git wt config shell uninstall` removes it."
    )
    return f"{BEGIN}\n{note}\n{source}\n{END}"


BASH_SOURCE = (
    'if [ -r "$HOME/.local/share/git-wt/shell/init.bash" ]; then '
    '. "$HOME/.local/share/git-wt/shell/init.bash"; fi'
)


def test_install_bash_adds_one_block_and_the_init_file() -> None:
    rc = home() / ".bashrc"
    rc.write_text("export A=1\n")
    res = install("bash", "-y")
    assert res.returncode == 0, res.stderr
    assert res.stdout == ""
    assert rc.read_text() == "export A=1\n" + expected_block(BASH_SOURCE) + "\n"
    assert (data_dir() / "init.bash").read_text() == generate.init_code("bash")
    assert res.stderr.splitlines()[0] == "✓ bash: added the integration to ~/.bashrc"
    again = install("bash", "-y")
    assert again.returncode == 0
    assert rc.read_text() == "export A=1\n" + expected_block(BASH_SOURCE) + "\n"
    assert "already loads the integration" in again.stderr


@pytest.mark.parametrize(
    "original",
    [None, b"", b"export A=1\n", b"export A=1", b"a\r\nb\r\n", b"x\n\n\n", b"\xff\xfe raw\n"],
    ids=["missing", "empty", "newline", "no-final-newline", "crlf", "blank-lines", "bytes"],
)
def test_uninstall_restores_the_file_byte_for_byte(original: bytes | None) -> None:
    rc = home() / ".bashrc"
    if original is not None:
        rc.write_bytes(original)
    assert install("bash", "-y").returncode == 0
    assert BEGIN in rc.read_text("utf-8", "surrogateescape")
    res = uninstall("bash", "-y")
    assert res.returncode == 0, res.stderr
    if original is None:
        assert not rc.exists()
    else:
        assert rc.read_bytes() == original
    assert not (data_dir() / "init.bash").exists()


def test_symlinked_rc_file_stays_a_link() -> None:
    dotfiles = home() / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / "zshrc"
    target.write_text("setopt autocd\n")
    link = home() / ".zshrc"
    link.symlink_to(target)
    assert install("zsh", "-y").returncode == 0
    assert link.is_symlink()
    assert BEGIN in target.read_text()
    assert uninstall("zsh", "-y").returncode == 0
    assert link.is_symlink()
    assert target.read_text() == "setopt autocd\n"


def test_zsh_uses_zdotdir() -> None:
    zdot = home() / "zdot"
    zdot.mkdir()
    res = install("zsh", "-y", env={"ZDOTDIR": str(zdot)})
    assert res.returncode == 0, res.stderr
    assert BEGIN in (zdot / ".zshrc").read_text()
    assert not (home() / ".zshrc").exists()
    assert "compinit" in res.stderr


def test_fish_gets_a_conf_d_file_of_its_own() -> None:
    conf = Path(os.environ["XDG_CONFIG_HOME"]) / "fish" / "conf.d" / "git-wt.fish"
    assert install("fish", "-y").returncode == 0
    source = '"$HOME/.local/share/git-wt/shell/init.fish"'
    assert (
        conf.read_text()
        == expected_block(
            f"status is-interactive; and test -r {source}; and source {source}", created=True
        )
        + "\n"
    )
    assert uninstall("fish", "-y").returncode == 0
    assert not conf.exists()


def test_dry_run_prints_a_diff_and_changes_nothing() -> None:
    rc = home() / ".bashrc"
    rc.write_text("export A=1\n")
    res = install("bash", "--dry-run")
    assert res.returncode == 0, res.stderr
    assert rc.read_text() == "export A=1\n"
    assert not data_dir().exists()
    assert res.stdout == (
        "# bash: writes ~/.local/share/git-wt/shell/init.bash\n"
        "--- ~/.bashrc\n+++ ~/.bashrc\n@@ -1 +1,5 @@\n export A=1\n"
        + "".join(f"+{line}\n" for line in expected_block(BASH_SOURCE).splitlines())
    )
    assert install("bash", "-y").returncode == 0
    undo = uninstall("bash", "--dry-run")
    assert undo.returncode == 0
    assert BEGIN in rc.read_text()
    assert undo.stdout.startswith("--- ~/.bashrc\n+++ ~/.bashrc\n")
    assert f"-{BEGIN}\n" in undo.stdout


def test_without_a_terminal_install_needs_yes() -> None:
    rc = home() / ".bashrc"
    res = install("bash")
    assert res.returncode == 1
    assert res.stdout == ""
    assert res.stderr.splitlines()[-1] == "↳ git wt config shell install -y bash"
    assert not rc.exists()


def test_install_with_no_shell_named_takes_every_shell_found() -> None:
    (home() / ".bashrc").write_text("")
    (home() / ".zshrc").write_text("")
    res = install("-y", env={"SHELL": "/bin/zsh"})
    assert res.returncode == 0, res.stderr
    for name in (".bashrc", ".zshrc"):
        assert BEGIN in (home() / name).read_text()
    assert "shells found:" in res.stderr.splitlines()[0]
    gone = uninstall("-y")
    assert gone.returncode == 0, gone.stderr
    assert (home() / ".bashrc").read_text() == ""
    assert (home() / ".zshrc").read_text() == ""


def test_uninstall_when_nothing_is_installed() -> None:
    res = uninstall("-y")
    assert res.returncode == 0
    assert "nothing to do" in res.stderr


def test_stale_init_file_is_regenerated_lazily(repo: Path, cd_file: Path) -> None:
    assert install("bash", "-y").returncode == 0
    init = data_dir() / "init.bash"
    init.write_text(generate.init_code("bash").replace(__version__, "0.0.1", 1))
    env = {"GIT_WT_CD_FILE": str(cd_file), "GIT_WT_SHELL_ACTIVE": "1 bash 0.0.1 1"}
    res = wt("switch", "-c", "feat", cwd=repo, env=env)
    assert res.returncode == 0, res.stderr
    assert init.read_text() == generate.init_code("bash")
    assert "updated the shell integration files" in res.stderr
    assert cd_file.read_text() == str(repo.parent / "repo.feat")


def test_wrapper_from_another_protocol_is_reported(repo: Path, cd_file: Path) -> None:
    env = {"GIT_WT_CD_FILE": str(cd_file), "GIT_WT_SHELL_ACTIVE": "0 bash 0.0.1 1"}
    res = wt("switch", "-c", "feat", cwd=repo, env=env)
    assert res.returncode == 0, res.stderr
    assert "open a new shell" in res.stderr
    # Without the cd file (a person at a terminal): tests/e2e/test_shell_install_shells.py.


# -- git wt config show ------------------------------------------------------------------


def test_config_show_json(repo: Path, cd_file: Path) -> None:
    assert install("bash", "-y").returncode == 0
    git("config", "wt.worktree-path", "../{{ branch }}", cwd=repo)
    env = {"GIT_WT_CD_FILE": str(cd_file), "GIT_WT_SHELL_ACTIVE": f"1 bash {__version__} 1"}
    res = wt("config", "show", "--format", "json", cwd=repo, env=env)
    assert res.returncode == 0, res.stderr
    doc = res.json()
    git_version = git("--version", cwd=repo).split()[2]
    assert doc["git_wt_version"] == __version__
    assert doc["git_version"] == git_version
    assert doc["shell"] == "bash"
    assert doc["rc_file"] == str(home() / ".bashrc")
    assert doc["installed"] is True
    assert doc["active"] is True
    assert doc["integration"] == "active"
    assert doc["loaded_version"] == __version__
    assert doc["settings"] == [
        {
            "key": "wt.worktree-path",
            "value": "../{{ branch }}",
            "scope": "local",
            "origin": "file:.git/config",
        }
    ]
    assert [row["shell"] for row in doc["shells"]] == ["bash", "zsh", "fish", "powershell"]
    assert doc["shells"][0] == {
        "shell": "bash",
        "rc_file": str(home() / ".bashrc"),
        "installed": True,
        "init_file": str(data_dir() / "init.bash"),
        "init_file_version": __version__,
    }
    assert doc["problems"] == []
    assert sorted(doc) == sorted(
        [
            "git_wt_version",
            "git_version",
            "python_version",
            "shell",
            "shell_detected_from",
            "rc_file",
            "installed",
            "active",
            "integration",
            "loaded_version",
            "shells",
            "settings",
            "problems",
        ]
    )


def test_config_show_text_outside_a_repository(tmp_path: Path) -> None:
    res = wt("config", "show", cwd=tmp_path, env={"SHELL": "/usr/bin/fish"})
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""
    lines = res.stdout.splitlines()
    assert lines[0].startswith(f"git-wt        {__version__} (Python ")
    assert lines[1].startswith("git           2.")
    assert "integration   not installed" in lines
    assert "  (no wt.* settings)" in lines
    assert "problems:" in lines


def test_repo_fixture_is_untouched_by_install(repo: Path) -> None:
    init_repo(home() / "other")
    assert install("bash", "-y").returncode == 0
    assert git("status", "--porcelain", cwd=repo) == ""
