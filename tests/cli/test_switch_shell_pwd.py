"""`git -C WT wt switch ...` moves a shell that is elsewhere, even when git-wt runs in WT."""

from __future__ import annotations

from pathlib import Path

from helpers import wt


def test_already_there_for_git_wt_but_not_for_the_shell(
    repo: Path, work: Path, cd_file: Path
) -> None:
    elsewhere = work / "elsewhere"
    elsewhere.mkdir()
    res = wt(
        "-C",
        str(repo),
        "switch",
        "main",
        cwd=elsewhere,
        env={"GIT_WT_CD_FILE": str(cd_file), "PWD": str(elsewhere)},
    )
    assert res.returncode == 0, res.stderr
    assert cd_file.read_text() == str(repo)


def test_already_there_with_the_shell_inside_writes_nothing(repo: Path, cd_file: Path) -> None:
    res = wt("switch", "main", cwd=repo, env={"GIT_WT_CD_FILE": str(cd_file), "PWD": str(repo)})
    assert res.returncode == 0, res.stderr
    assert cd_file.read_text() == ""
