"""git_wt.templates: Worktrunk-compatible filters and shell-safe rendering (pure)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import files_named

from git_wt.templates.filters import hash_port, sanitize, sanitize_db, sanitize_hash
from git_wt.templates.render import render
from git_wt.templates.siphash import short_hash
from git_wt.templates.values import TemplateError

# -- filters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "port"), [("main", 12107), ("fix-auth", 16460), ("supabase-api-main", 14260)]
)
def test_hash_port_matches_worktrunk(value: str, port: int) -> None:
    assert hash_port(value) == port


def test_hash_port_range_and_stability() -> None:
    ports = {hash_port(f"branch-{i}") for i in range(200)}
    assert all(10000 <= p < 20000 for p in ports)
    assert len(ports) > 150  # spread, not a constant
    assert hash_port("ünï/code") == hash_port("ünï/code")


def test_hash() -> None:
    assert short_hash("main") == "vfz"
    assert render("{{ branch | hash }}", {"branch": "main"}, shell=False) == "vfz"
    assert re.fullmatch(r"[0-9a-z]{3}", short_hash("feature/x"))
    assert short_hash("feature/x") != short_hash("feature-x")


def test_sanitize_db() -> None:
    assert sanitize_db("main") == "main_vfz"
    value = sanitize_db("Feature/Login-2")
    assert value == f"feature_login_2_{short_hash('Feature/Login-2')}"
    assert re.fullmatch(r"[a-z0-9_]+", sanitize_db("ÄÖ/$(x) y"))
    assert not sanitize_db("1st")[0].isdigit()


@pytest.mark.parametrize(
    ("value", "expected"),
    [("feature/x", "feature-x"), ("a\\b", "a-b"), ("main", "main"), ("a/b/c", "a-b-c")],
)
def test_sanitize(value: str, expected: str) -> None:
    assert sanitize(value) == expected
    assert render("{{ b | sanitize }}", {"b": value}, shell=False) == expected


def test_sanitize_hash() -> None:
    assert sanitize_hash("main") == "main"
    assert sanitize_hash("feature/x") == f"feature-x-{short_hash('feature/x')}"
    # Two names that sanitize alike stay distinct.
    assert sanitize_hash("feature/x") != sanitize_hash("feature\\x")
    assert "/" not in sanitize_hash("a/b:c*d")


def test_dirname_basename() -> None:
    ctx = {"p": "/a/b/c"}
    assert render("{{ p | dirname }}|{{ p | basename }}", ctx, shell=False) == "/a/b|c"


# -- shell-safe rendering ----------------------------------------------------------------------


def test_bare_safe_values_stay_unquoted() -> None:
    assert render("echo {{ b }}", {"b": "main"}, shell=True) == "echo main"
    assert render("echo {{ b }}", {"b": "feature/x-1"}, shell=True) == "echo feature/x-1"
    assert render("echo {{ b }}", {"b": "feat;id"}, shell=True) == "echo 'feat;id'"


def test_shell_false_leaves_values_untouched() -> None:
    value = "a;b $(c) 'd' \"e\" `f`"
    assert render("{{ v }}", {"v": value}, shell=False) == value
    assert render('x "{{ v }}" y', {"v": value}, shell=False) == f'x "{value}" y'
    assert render("{% if v %}{{ v }}{% endif %}", {"v": value}, shell=False) == value


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


@pytest.mark.parametrize(("template", "expected"), NESTED)
def test_plain_values_stay_bare_in_every_context(template: str, expected: str) -> None:
    del expected
    assert render(template, {"v": "feature/x-1"}, shell=True) == template.replace(
        "{{ v }}", "feature/x-1"
    )


def test_backticks_escape_backslashes_dollars_and_backticks() -> None:
    branch = "a\\b$c`d"
    assert render("echo `echo {{ v }}`", {"v": branch}, shell=True) == (
        "echo `echo 'a\\\\b\\$c\\`d'`"
    )
    assert render("cat <<EOF\n{{ v }}\nEOF", {"v": branch}, shell=True) == (
        "cat <<EOF\na\\\\b\\$c\\`d\nEOF"
    )


@pytest.mark.parametrize(
    "template",
    [
        pytest.param(P + "${x:-{{ v }}}", id="parameter-expansion"),
        pytest.param(P + '"${x:-{{ v }}}"', id="parameter-expansion-in-dquotes"),
        pytest.param(P + "$(( {{ v }} + 1 ))", id="arithmetic"),
        pytest.param("(( {{ v }} > 1 ))", id="arithmetic-command"),
        pytest.param("a[{{ v }}]=1", id="subscript"),
        pytest.param("cat <<EOF\n${x#{{ v }}}\nEOF", id="parameter-expansion-in-heredoc"),
        pytest.param(P + '"\\{{ v }}"', id="after-backslash"),
        pytest.param(P + '"${{ v }}"', id="after-dollar"),
        pytest.param(P + '"$(case a in a) printf %s {{ v }};; esac)"', id="case-in-cmdsubst"),
        # bash and zsh end this body at the joined line, dash does not.
        pytest.param("cat <<EOF\nE\\\nOF\n{{ v }}\nEOF", id="heredoc-delimiter-split"),
        pytest.param("x=(a b); " + P + '"{{ v }}"', id="bash-array"),
        # zsh does not join `$\<newline>(` inside "..." the way dash and bash do.
        pytest.param(P + '"$\\\n(printf %s {{ v }})"', id="continued-cmdsubst"),
    ],
)
@pytest.mark.parametrize("branch", HOSTILE_BRANCHES)
def test_murky_placements_refuse_hostile_values(template: str, branch: str) -> None:
    with pytest.raises(TemplateError) as info:
        render(template, {"v": branch}, shell=True)
    assert "cannot be placed safely" in info.value.message


def test_heredoc_limits() -> None:
    # A quoted heredoc cannot escape anything: a newline would end the body early.
    with pytest.raises(TemplateError):
        render("cat <<'EOF'\n{{ v }}\nEOF", {"v": "a\nEOF\ntouch pwned"}, shell=True)
    # A value may not turn a body line into the delimiter.
    with pytest.raises(TemplateError):
        render("cat <<EOF\n{{ v }}\nEOF", {"v": "EOF"}, shell=True)
    with pytest.raises(TemplateError):
        render("cat <<-EOF\n\t{{ v }}\n\tEOF", {"v": "\tEOF"}, shell=True)
    with pytest.raises(TemplateError):
        render("cat <<{{ v }}\nx\nmain", {"v": "main"}, shell=True)
    assert render("cat <<EOF\n{{ v }}x\nEOF", {"v": "EOF"}, shell=True) == "cat <<EOF\nEOFx\nEOF"


def test_comment_refuses_a_newline(tmp_path: Path) -> None:
    with pytest.raises(TemplateError):
        render("true # {{ v }}", {"v": "x\ntouch pwned"}, shell=True)
    assert files_named(tmp_path, "pwned") == []


# -- errors and jinja features ----------------------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "{{ nope }}",
        "{{ vars.missing }}",
        "{{ nope | sanitize }}",
        "{% if nope %}x{% endif %}",
        "{{ nope ~ 'x' }}",
        "{{ branch | nosuch }}",
        "{% if %}",
        "{{ branch ",
    ],
)
@pytest.mark.parametrize("shell", [False, True])
def test_template_errors_raise(template: str, *, shell: bool) -> None:
    with pytest.raises(TemplateError):
        render(template, {"branch": "main", "vars": {}}, shell=shell)


def test_detached_head_does_not_render_a_branch() -> None:
    with pytest.raises(TemplateError) as info:
        render("git branch -D {{ branch }}", {"worktree_path": "/x"}, shell=True)
    assert "branch" in info.value.message


def test_if_else() -> None:
    tpl = "{% if branch == 'main' %}prod{% else %}dev-{{ branch | sanitize }}{% endif %}"
    assert render(tpl, {"branch": "main"}, shell=False) == "prod"
    assert render(tpl, {"branch": "a/b"}, shell=False) == "dev-a-b"


def test_default_filter_for_missing_values() -> None:
    assert render("{{ vars.port | default(3000) }}", {"vars": {}}, shell=False) == "3000"
    assert render("{{ vars.port | default(3000) }}", {"vars": {"port": 1}}, shell=False) == "1"
    assert render("{{ nope | default('x') }}", {}, shell=True) == "x"


def test_tilde_concatenation() -> None:
    ctx = {"repo": "app", "branch": "feat/x"}
    assert render("{{ repo ~ '-' ~ (branch | sanitize) }}", ctx, shell=False) == "app-feat-x"
    assert render("{{ repo ~ ' ' ~ branch }}", ctx, shell=True) == "'app feat/x'"


def test_nested_dict_access() -> None:
    ctx = {"vars": {"config": {"port": 8080, "host": "h"}}}
    assert render("{{ vars.config.port }}", ctx, shell=False) == "8080"
    assert render("{{ vars['config']['host'] }}:{{ vars.config.port }}", ctx, shell=False) == (
        "h:8080"
    )
    assert render("{{ vars.config.port | hash_port }}", ctx, shell=False) == str(hash_port("8080"))


def test_filters_in_jinja_path() -> None:
    tpl = "{% if 1 %}{{ branch | hash_port }} {{ branch | sanitize_db }}{% endif %}"
    assert render(tpl, {"branch": "main"}, shell=False) == "12107 main_vfz"


def test_sandbox_blocks_attribute_escape() -> None:
    with pytest.raises(TemplateError):
        render("{{ branch.__class__.__mro__ }}", {"branch": "main"}, shell=False)
