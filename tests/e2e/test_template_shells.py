"""Rendered templates run by real sh, bash and zsh: hostile values never run."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import files_named, sh

from git_wt.templates.render import render
from git_wt.templates.values import TemplateError

# -- shell-safe rendering ----------------------------------------------------------------------

HOSTILE = [
    "x$(touch${IFS}pwned)",
    "x`touch${IFS}pwned`",
    "x'y",
    'q"uote',
    "semi;touch${IFS}pwned",
    "back\\slash",
    "$HOME",
    "a b",
    "!bang",
    "tab\there",
    "*",
    "~user",
    "",
]

PLACEMENTS = [
    "printf '%s\\n' {{ v }}",
    "printf '%s\\n' \"{{ v }}\"",
    "printf '%s\\n' '{{ v }}'",
    "printf '%s\\n' pre{{ v }}post",
    "printf '%s\\n' \"pre {{ v }} post\"",
    "printf '%s\\n' 'pre {{ v }} post'",
]


def _expected(template: str, value: str) -> str:
    if "pre{{" in template:
        return f"pre{value}post\n"
    if "pre {{" in template:
        return f"pre {value} post\n"
    return f"{value}\n"


@pytest.mark.parametrize("template", PLACEMENTS)
@pytest.mark.parametrize("value", HOSTILE)
def test_shell_render_never_runs_values(tmp_path: Path, template: str, value: str) -> None:
    command = render(template, {"v": value}, shell=True)
    res = sh(command, cwd=tmp_path)
    assert res.returncode == 0, (command, res.stderr)
    assert res.stdout == _expected(template, value), command
    assert files_named(tmp_path, "pwned") == []


@pytest.mark.parametrize(
    "template",
    [
        "printf '%s\\n' {{ branch }}",
        "printf '%s\\n' \"{{ branch }}\"",
        "printf '%s\\n' '{{ branch }}'",
    ],
)
def test_hostile_branch_through_jinja_path(tmp_path: Path, template: str) -> None:
    # `{% if %}` forces the jinja2 renderer; escaping must hold there too.
    branch = "x$(touch${IFS}pwned)"
    full = "{% if branch %}" + template + "{% endif %}"
    command = render(full, {"branch": branch}, shell=True)
    res = sh(command, cwd=tmp_path)
    assert res.stdout == f"{branch}\n", command
    assert files_named(tmp_path, "pwned") == []


def test_raw_opts_out_of_escaping(tmp_path: Path) -> None:
    command = render("{{ cmd | raw }}", {"cmd": "printf '%s\\n' $((1 + 2))"}, shell=True)
    assert command == "printf '%s\\n' $((1 + 2))"
    assert sh(command, cwd=tmp_path).stdout == "3\n"
    jinja = render("{% if 1 %}{{ cmd | raw }}{% endif %}", {"cmd": "a $b"}, shell=True)
    assert jinja == "a $b"


# -- nested shell contexts (SPEC 3.3: no placement of {{ branch }} may ever run it) -------------

# Branch names git accepts that run `>pwned` / `touch pwned` when escaped for the wrong place.
HOSTILE_BRANCHES = [
    "feat/$(touch${IFS}pwned)",
    "x;>pwned",
    "q';>pwned;'",
    "x`touch${IFS}pwned`",
    'd";>pwned;"',
    "b\\s;>pwned",
    "t\\';>pwned;'",
]

P = "printf '%s\\n' "

# (template, what it prints): every nesting context the scanner tracks.
NESTED = [
    pytest.param(P + '"$(printf %s {{ v }})"', "{v}\n", id="bare-in-cmdsubst-in-dquotes"),
    pytest.param(P + "\"$(printf %s '{{ v }}')\"", "{v}\n", id="squotes-in-cmdsubst-in-dquotes"),
    pytest.param(P + '"$(printf %s "{{ v }}")"', "{v}\n", id="dquotes-in-cmdsubst-in-dquotes"),
    pytest.param(P + "$(printf %s {{ v }}) x", "{v}\nx\n", id="bare-in-cmdsubst"),
    pytest.param(
        P + '"a $(printf %s "$(printf %s \'{{ v }}\')") b"', "a {v} b\n", id="cmdsubst-twice"
    ),
    pytest.param(P + '"`printf %s {{ v }}`"', "{v}\n", id="bare-in-backticks-in-dquotes"),
    pytest.param(P + "\"`printf %s '{{ v }}'`\"", "{v}\n", id="squotes-in-backticks"),
    pytest.param(P + '"`printf %s \\"{{ v }}\\"`"', "{v}\n", id="dquotes-in-backticks"),
    pytest.param(
        P + '"`printf %s \\"\\`printf %s {{ v }}\\`\\"`"', "{v}\n", id="backticks-in-backticks"
    ),
    pytest.param(P + '"`printf %s "$(printf %s {{ v }})"`"', "{v}\n", id="cmdsubst-in-backticks"),
    pytest.param("# don't forget\n" + P + '"{{ v }}"', "{v}\n", id="apostrophe-in-comment"),
    pytest.param('# say "hi\n' + P + "'{{ v }}'", "{v}\n", id="dquote-in-comment"),
    pytest.param(P + "{{ v }} # it's {{ v }}", "{v}\n", id="value-in-comment"),
    pytest.param("\\\n# a comment {{ v }}\n" + P + "{{ v }}", "{v}\n", id="continued-comment"),
    pytest.param("cat <<EOF\n{{ v }}\nEOF", "{v}\n", id="heredoc"),
    pytest.param("cat <<-EOF\n\t{{ v }}\n\tEOF", "{v}\n", id="heredoc-tabs"),
    pytest.param("cat <<'EOF'\n{{ v }}\nEOF", "{v}\n", id="heredoc-quoted"),
    pytest.param('cat <<"EOF"\n$(x) {{ v }}\nEOF', "$(x) {v}\n", id="heredoc-dquoted"),
    pytest.param("cat <<EOF\n$(printf %s {{ v }})\nEOF", "{v}\n", id="cmdsubst-in-heredoc"),
    pytest.param("cat <<EOF\n`printf %s {{ v }}`\nEOF", "{v}\n", id="backticks-in-heredoc"),
    pytest.param(
        "cat <<EOF\n'{{ v }}' \"{{ v }}\"\nEOF", "'{v}' \"{v}\"\n", id="quotes-in-heredoc"
    ),
    pytest.param(
        "cat <<EOF; " + P + '"{{ v }}"\nx\\\ny {{ v }}\nEOF\n' + P + "{{ v }}",
        "xy {v}\n{v}\n{v}\n",
        id="heredoc-continued-line",
    ),
    pytest.param(P + '"$(cat <<EOF\n{{ v }}\nEOF\n)"', "{v}\n", id="heredoc-in-cmdsubst"),
    pytest.param("( " + P + "{{ v }} )", "{v}\n", id="subshell"),
    pytest.param("case {{ v }} in *) " + P + "{{ v }};; esac", "{v}\n", id="case"),
    pytest.param("x=$(printf %s {{ v }}); " + P + '"$x"', "{v}\n", id="assignment"),
    pytest.param(P + '"$(printf %s \')(\')" "{{ v }}"', ")(\n{v}\n", id="parens-in-quotes"),
]


def _shells() -> list[str]:
    return ["sh"] + [name for name in ("bash", "zsh") if shutil.which(name)]


def _run(shell: str, command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [shell, "-c", command],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize(("template", "expected"), NESTED)
@pytest.mark.parametrize("branch", HOSTILE_BRANCHES)
def test_nested_contexts_never_run_the_branch(
    tmp_path: Path, template: str, expected: str, branch: str
) -> None:
    command = render(template, {"v": branch}, shell=True)
    for shell in _shells():
        res = _run(shell, command, tmp_path)
        assert files_named(tmp_path, "pwned") == [], (shell, command)
        assert res.stdout == expected.replace("{v}", branch), (shell, command, res.stderr)


def test_murky_placements_accept_plain_values(tmp_path: Path) -> None:
    command = render(P + "${x:-{{ v }}} $(( {{ n }} + 1 ))", {"v": "a/b", "n": 2}, shell=True)
    assert sh(command, cwd=tmp_path).stdout == "a/b\n3\n"
    with pytest.raises(TemplateError) as info:
        render(P + "${x:-{{ v }}}", {"v": "x;>pwned"}, shell=True)
    assert info.value.hint is not None and "sanitize_db" in info.value.hint


def test_raw_text_moves_the_quoting_of_later_values(tmp_path: Path) -> None:
    # `| raw` text is trusted shell code: a quote it opens is seen by the escaping.
    ctx = {"open": '"', "v": "feat/$(touch${IFS}pwned)"}
    command = render(P + '{{ open | raw }}{{ v }}"', ctx, shell=True)
    assert sh(command, cwd=tmp_path).stdout == "feat/$(touch${IFS}pwned)\n"
    assert files_named(tmp_path, "pwned") == []
