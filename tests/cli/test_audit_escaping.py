"""Audit: no placement of a hostile branch name in a command template may run it (SPEC 3.3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import files_named, git, wt

# Each case: a command template a user could reasonably write, and a branch name git
# accepts that runs `>pwned` (creating a file) if the value is escaped for the wrong place.
PLACEMENTS = [
    pytest.param('echo "$(echo {{ branch }})"', "x;>pwned", id="bare-in-cmdsubst-in-dquotes"),
    pytest.param('echo "`echo {{ branch }}`"', "x;>pwned", id="bare-in-backticks-in-dquotes"),
    pytest.param(
        "echo \"$(echo '{{ branch }}')\"", "q';>pwned;'", id="squotes-in-cmdsubst-in-dquotes"
    ),
    pytest.param(
        '# don\'t forget\necho "{{ branch }}"',
        "feat/$(touch${IFS}pwned)",
        id="apostrophe-in-comment-then-dquotes",
    ),
    pytest.param("cat <<EOF\n{{ branch }}\nEOF", "feat/$(touch${IFS}pwned)", id="unquoted-heredoc"),
]


@pytest.mark.parametrize(("template", "branch"), PLACEMENTS)
def test_hook_template_never_runs_the_branch_name(
    repo: Path, work: Path, template: str, branch: str
) -> None:
    path = work / "repo.odd"
    git("worktree", "add", "-q", "-b", branch, "--", str(path), cwd=repo)
    git("config", "wt.hook.pre-merge", template, cwd=repo)
    result = wt("hook", "pre-merge", cwd=path)
    assert "Traceback" not in result.stderr
    assert files_named(work.parent, "pwned") == []


def test_for_each_sh_c_never_runs_the_branch_name(repo: Path, work: Path) -> None:
    # The for-each help recommends `sh -c '...'`; the branch name lands in that shell.
    git("worktree", "add", "-q", "-b", "x;>pwned", "--", str(work / "repo.odd"), cwd=repo)
    result = wt("step", "for-each", "--", "sh", "-c", "echo {{ branch }}", cwd=repo)
    assert "Traceback" not in result.stderr
    assert files_named(work.parent, "pwned") == []
