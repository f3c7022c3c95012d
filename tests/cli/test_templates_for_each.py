"""`step for-each` escapes a template only inside the sh -c script it runs."""

from __future__ import annotations

from pathlib import Path

from helpers import files_named, git, wt

# -- nested shell contexts (SPEC 3.3: no placement of {{ branch }} may ever run it) -------------


def test_for_each_escapes_the_sh_c_script_only(repo: Path, work: Path) -> None:
    branch = "q';>pwned;'"
    git("worktree", "add", "-q", "-b", branch, "--", str(work / "odd"), cwd=repo)
    script = 'printf \'[%s|%s]\\n\' "$(printf %s {{ branch }})" "$1"'
    res = wt("step", "for-each", "--", "bash", "-ec", script, "sh", "{{ branch }}", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert f"{branch} | [{branch}|{branch}]" in res.stdout.splitlines()
    assert files_named(work.parent, "pwned") == []
