"""git_wt.templates: Worktrunk-compatible filters and shell-safe rendering."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import files_named, sh

from git_wt.templates import (
    TemplateError,
    hash_port,
    render,
    sanitize,
    sanitize_db,
    sanitize_hash,
    short_hash,
)

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


def test_bare_safe_values_stay_unquoted() -> None:
    assert render("echo {{ b }}", {"b": "main"}, shell=True) == "echo main"
    assert render("echo {{ b }}", {"b": "feature/x-1"}, shell=True) == "echo feature/x-1"
    assert render("echo {{ b }}", {"b": "feat;id"}, shell=True) == "echo 'feat;id'"


def test_raw_opts_out_of_escaping(tmp_path: Path) -> None:
    command = render("{{ cmd | raw }}", {"cmd": "printf '%s\\n' $((1 + 2))"}, shell=True)
    assert command == "printf '%s\\n' $((1 + 2))"
    assert sh(command, cwd=tmp_path).stdout == "3\n"
    jinja = render("{% if 1 %}{{ cmd | raw }}{% endif %}", {"cmd": "a $b"}, shell=True)
    assert jinja == "a $b"


def test_shell_false_leaves_values_untouched() -> None:
    value = "a;b $(c) 'd' \"e\" `f`"
    assert render("{{ v }}", {"v": value}, shell=False) == value
    assert render('x "{{ v }}" y', {"v": value}, shell=False) == f'x "{value}" y'
    assert render("{% if v %}{{ v }}{% endif %}", {"v": value}, shell=False) == value


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
def test_template_errors_raise(template: str, shell: bool) -> None:
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
