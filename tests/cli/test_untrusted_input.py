"""Nothing a branch name or a repository supplies hangs, eats memory, crashes, drives the
terminal or hides a payload in a hint (issue 12, findings 2 to 6; 7 is in e2e)."""

from __future__ import annotations

import os
import shlex
import time
from pathlib import Path

import pytest
from helpers import Result, commit, git, local_branches, sh, worktree_map, wt

from git_wt.git.repository import Repository
from git_wt.listing.collect import collect_rows
from git_wt.picker.rows import Model
from git_wt.picker.screen import first_frame

NON_UTF8 = b"\xffname".decode("utf-8", "surrogateescape")
PAYLOAD = "h$(touch${IFS}pwned)"
TITLE = "\x1b]2;PWNED\x07"  # sets the terminal window's title


def errors(res: Result) -> list[str]:
    return [line for line in res.err_lines if line.startswith("✗")]


def hints(res: Result) -> list[str]:
    return [line.removeprefix("↳ ") for line in res.err_lines if line.startswith("↳ ")]


def assert_one_line_error(res: Result, message: str) -> None:
    assert res.returncode == 1, res.stderr
    assert "Traceback" not in res.stderr
    assert errors(res) == [f"✗ {message}"]


# -- finding 2: the project file is read only when it is a small regular file -------------


def project_file(repo: Path) -> Path:
    (repo / ".config").mkdir(exist_ok=True)
    return repo / ".config" / "wt.toml"


def timed_hook_show(repo: Path) -> tuple[Result, float]:
    start = time.monotonic()
    res = wt("hook", "show", cwd=repo)
    return res, time.monotonic() - start


HINT = "replace {path} with a small regular file (or skip hooks with --no-hooks)"


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null"])
def test_a_project_file_linking_to_a_device_is_refused(repo: Path, target: str) -> None:
    path = project_file(repo)
    path.symlink_to(target)
    res, took = timed_hook_show(repo)
    assert_one_line_error(res, f"{path} leads to {target}, outside {repo}; git-wt does not read it")
    assert hints(res) == [HINT.format(path=path)]
    assert took < 20


def test_a_project_file_that_is_a_fifo_is_refused_without_blocking(repo: Path) -> None:
    path = project_file(repo)
    os.mkfifo(path)
    res, took = timed_hook_show(repo)
    assert_one_line_error(res, f"{path} is a FIFO, not a regular file; git-wt does not read it")
    assert took < 20


def test_a_project_file_linking_out_of_the_repository_is_refused(
    repo: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere.toml"
    outside.write_text('pre-start = "echo hi"\n')
    path = project_file(repo)
    path.symlink_to(outside)
    res = wt("hook", "show", cwd=repo)
    assert_one_line_error(
        res, f"{path} leads to {outside}, outside {repo}; git-wt does not read it"
    )


def test_a_project_file_linking_inside_the_repository_is_read(repo: Path) -> None:
    (repo / "hooks.toml").write_text('pre-start = "echo inside"\n')
    project_file(repo).symlink_to("../hooks.toml")
    res = wt("hook", "show", "pre-start", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert "    echo inside" in res.stdout.splitlines()


def test_a_project_file_over_one_mib_is_refused(repo: Path) -> None:
    path = project_file(repo)
    path.write_text("# " + "x" * (1 << 20) + "\n")
    res = wt("hook", "show", cwd=repo)
    assert_one_line_error(res, f"{path} is larger than 1 MiB; git-wt does not read it")


def test_deeply_nested_toml_is_an_error_not_a_traceback(repo: Path) -> None:
    path = project_file(repo)
    path.write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n")
    res = wt("hook", "show", cwd=repo)
    assert_one_line_error(res, f"{path}: invalid TOML: arrays or tables nested too deeply")


# -- finding 3: unapproved project templates are shown, never expanded --------------------

HOSTILE = {
    "cpu": "echo {% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "memory": "echo {{ 'a' * 3000000000 }}",
}


@pytest.fixture
def hostile_project(repo: Path) -> Path:
    lines = [f"{name} = {_toml_string(text)}" for name, text in HOSTILE.items()]
    project_file(repo).write_text("[pre-start]\n" + "\n".join(lines) + "\n")
    return repo


def _toml_string(text: str) -> str:
    return "'''" + text + "'''"


def test_hook_show_expanded_does_not_expand_unapproved_templates(hostile_project: Path) -> None:
    start = time.monotonic()
    res = wt("hook", "show", "pre-start", "--expanded", cwd=hostile_project)
    assert time.monotonic() - start < 20
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    for name, text in HOSTILE.items():
        at = lines.index(f"  pre-start project:{name}  [needs approval]")
        assert lines[at + 1 : at + 3] == [f"    {text}", "    # not approved; shown unexpanded"]
    doc = wt("hook", "show", "pre-start", "--expanded", "--format", "json", cwd=hostile_project)
    rows = doc.json()["hooks"]
    assert [(r["template"], r["expanded"], r["error"]) for r in rows] == [
        (text, None, "not approved; shown unexpanded") for text in HOSTILE.values()
    ]


def test_dry_run_does_not_expand_unapproved_templates(hostile_project: Path) -> None:
    start = time.monotonic()
    res = wt("hook", "pre-start", "--dry-run", cwd=hostile_project)
    assert time.monotonic() - start < 20
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines() == [
        line
        for name, text in HOSTILE.items()
        for line in (f"# pre-start project:{name} (not approved; shown unexpanded)", text)
    ]


def test_approved_templates_are_expanded_and_hostile_ones_stopped(repo: Path) -> None:
    project_file(repo).write_text(
        "[pre-start]\n"
        "greet = 'echo {{ branch }}'\n"
        f"memory = {_toml_string(HOSTILE['memory'])}\n"
    )
    assert wt("config", "approvals", "add", "--yes", cwd=repo).returncode == 0
    res = wt("hook", "pre-start", "--dry-run", "greet", cwd=repo)
    assert res.stdout.splitlines() == ["# pre-start project:greet", "echo main"]
    res = wt("hook", "pre-start", "--dry-run", "memory", cwd=repo)
    assert res.returncode == 1
    assert "Traceback" not in res.stderr
    assert errors(res) == [
        f"✗ cannot expand the pre-start hook project:memory ({project_file(repo)}): the "
        "template builds a text or list larger than 1048576 characters; stopped"
    ]


# -- finding 3 and 5: templates render with limits; other files are refused --------------


NO_FILES = "a template never reads another file"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "{% include 'x' %}",
            "templates cannot use {% include %}: a template never reads another file",
        ),
        (
            "{% import 'x' as x %}",
            "templates cannot use {% import %}: a template never reads another file",
        ),
        (
            "{% extends 'x' %}",
            "templates cannot use {% extends %}: a template never reads another file",
        ),
        (
            "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
            "macros call each other more than 50 deep; stopped",
        ),
        (
            "{{ " + "(" * 500 + "1" + ")" * 500 + " }}",
            "the template nests too deeply (brackets, expressions or calls)",
        ),
        (
            "{{ 'a' * 3000000000 }}",
            "the template builds a text or list larger than 1048576 characters; stopped",
        ),
        (
            "{% for i in range(100000) %}{{ 'x' * 100 }}{% endfor %}",
            "the template builds an output larger than 1048576 characters; stopped",
        ),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "the template took longer than 2 s to render; stopped",
        ),
        ("{{ 1 / 0 }}", "template error: ZeroDivisionError: division by zero"),
    ],
)
def test_hostile_templates_give_one_line_errors(repo: Path, template: str, message: str) -> None:
    start = time.monotonic()
    res = wt("step", "eval", template, cwd=repo)
    assert time.monotonic() - start < 20
    assert_one_line_error(res, f"cannot expand the template: {message}")


def test_templates_still_render_loops_macros_and_concatenation(repo: Path) -> None:
    template = (
        "{% macro up(s) %}{{ s | upper }}{% endmacro %}"
        "{% for c in 'ab' %}{{ loop.index }}{{ up(c) }}{% endfor %} "
        "{{ branch ~ '-' ~ 3 * 2 }} {{ '%s=%d' | format('port', 2 ** 10) }}"
    )
    res = wt("step", "eval", template, cwd=repo)
    assert (res.returncode, res.stdout, res.stderr) == (0, "1A2B main-6 port=1024\n", "")


# -- finding 4: the picker's first frame is escaped like every later one ------------------


def test_the_first_frame_never_prints_a_subject_raw(repo: Path) -> None:
    commit(repo, "f.txt", "x\n", f"evil {TITLE} subject")
    model = Model(collect_rows(Repository.discover(str(repo))), str(repo))
    frame = first_frame(model, 120, 20, color=False)
    assert "\x07" not in frame and "\x1b]" not in frame
    assert "evil \ufffd]2;PWNED\ufffd subject" in frame


# -- finding 5: names that are not UTF-8 work end to end ---------------------------------


@pytest.fixture
def odd_branch(repo: Path) -> Path:
    """A worktree for a branch whose name is the bytes ff 'name'."""
    path = repo.parent / "odd"
    git("update-ref", f"refs/heads/{NON_UTF8}", "HEAD", cwd=repo)
    git("worktree", "add", "-q", str(path), NON_UTF8, cwd=repo)
    return path


def test_list_shows_replacement_characters(repo: Path, odd_branch: Path) -> None:
    for args in (["list"], ["list", "--branches"]):
        res = wt(*args, cwd=repo)
        assert res.returncode == 0, res.stderr
        row = next(line for line in res.stdout.splitlines() if "name" in line)
        assert row.startswith("+  \ufffdname ")


def test_remove_by_path_says_the_name_with_replacement_characters(
    repo: Path, odd_branch: Path
) -> None:
    res = wt("remove", str(odd_branch), cwd=repo)
    assert res.returncode == 0, res.stderr
    assert res.err_lines == [
        f"✓ removed the worktree of \ufffdname at {odd_branch} and deleted its branch "
        "(same commit as main)"
    ]
    assert not odd_branch.exists()
    assert NON_UTF8 not in local_branches(repo)


def test_merge_cleans_up_after_main_already_moved(repo: Path, odd_branch: Path) -> None:
    commit(odd_branch, "f.txt", "x\n", "feature work")
    git("merge", "-q", "--ff-only", NON_UTF8, cwd=repo)
    res = wt("merge", cwd=odd_branch)
    assert res.returncode == 0, res.stderr
    assert "\\udcff" not in res.stderr
    assert "○ main already contains \ufffdname; nothing to merge" in res.err_lines
    assert not odd_branch.exists()
    assert NON_UTF8 not in worktree_map(repo)


def test_the_picker_shows_a_name_that_is_not_utf8(repo: Path, odd_branch: Path) -> None:
    model = Model(collect_rows(Repository.discover(str(repo))), str(repo))
    frame = first_frame(model, 120, 20, color=False)
    frame.encode("utf-8")  # what a terminal is sent: no lone surrogates
    assert "\ufffdname" in frame
    assert NON_UTF8 in [item.selector for item in model.items]


def test_approvals_clear_on_a_corrupt_file_is_an_error(repo: Path) -> None:
    store = Path(os.environ["XDG_CONFIG_HOME"], "git-wt", "approvals.toml")
    store.parent.mkdir(parents=True)
    store.write_text("x = [\n")
    for args in (["clear"], ["clear", "--all"]):
        res = wt("config", "approvals", *args, cwd=repo)
        assert res.returncode == 1
        assert "Traceback" not in res.stderr
        [error] = errors(res)
        assert error.startswith(f"✗ {store}: invalid TOML: ")
        assert hints(res) == [f"fix the file, or start over with: rm {store}"]
    assert store.read_text() == "x = [\n"


# -- finding 6: hints quote what they paste -----------------------------------------------


def assert_pastes_safely(hint: str, name: str, cwd: Path) -> None:
    """The hint's command keeps `name` as one word, and pasting it runs nothing."""
    command = hint.rpartition(": ")[2].split(";")[0] if ": " in hint else hint
    assert name in shlex.split(command)
    res = sh(f"set -- {command}; printf '%s\\n' \"$@\"", cwd=cwd)
    assert res.returncode == 0, res.stderr
    assert name in res.stdout.splitlines()
    assert not list(cwd.rglob("pwned")) and not list(cwd.parent.rglob("pwned"))


def test_the_vars_hint_quotes_the_branch(repo: Path) -> None:
    git("branch", PAYLOAD, cwd=repo)
    res = wt("config", "state", "vars", "get", "port", "--branch", PAYLOAD, cwd=repo)
    assert_one_line_error(res, f"{PAYLOAD} has no var port")
    [hint] = hints(res)
    assert hint == f"git wt config state vars set port VALUE --branch '{PAYLOAD}'"
    assert_pastes_safely(hint, PAYLOAD, repo)


def test_the_several_remotes_hint_quotes_the_branch(repo: Path, tmp_path: Path) -> None:
    for remote in ("one", "two"):
        bare = tmp_path / f"{remote}.git"
        git("init", "-q", "--bare", str(bare), cwd=tmp_path)
        git("remote", "add", remote, str(bare), cwd=repo)
        git("push", "-q", remote, f"HEAD:refs/heads/{PAYLOAD}", cwd=repo)
        git("fetch", "-q", remote, cwd=repo)
    res = wt("switch", PAYLOAD, cwd=repo)
    assert res.returncode == 1
    [hint] = hints(res)
    assert hint == f"name one of them: git wt switch 'one/{PAYLOAD}'"
    assert_pastes_safely(hint, f"one/{PAYLOAD}", repo)


def test_the_no_rebase_hint_quotes_the_target(repo: Path) -> None:
    git("branch", PAYLOAD, cwd=repo)
    feature = repo.parent / "feature"
    git("worktree", "add", "-q", "-b", "feature", str(feature), cwd=repo)
    commit(feature, "f.txt", "f\n", "feature")
    target = repo.parent / "target"
    git("worktree", "add", "-q", str(target), PAYLOAD, cwd=repo)
    commit(target, "t.txt", "t\n", "target moved")
    res = wt("merge", "--no-rebase", "--no-squash", PAYLOAD, cwd=feature)
    assert_one_line_error(res, f"feature is not based on the tip of {PAYLOAD} (--no-rebase)")
    [hint] = hints(res)
    assert hint == f"rebase first: git wt step rebase '{PAYLOAD}'; or drop --no-rebase"
    assert_pastes_safely(hint, PAYLOAD, repo)


def test_merge_squashes_a_branch_whose_name_is_not_utf8(repo: Path, odd_branch: Path) -> None:
    commit(odd_branch, "a.txt", "a\n", "first")
    commit(odd_branch, "b.txt", "b\n", "second")
    res = wt("merge", cwd=odd_branch)
    assert res.returncode == 0, res.stderr
    assert "\\udcff" not in res.stderr
    assert (repo / "a.txt").read_text() == "a\n" and (repo / "b.txt").read_text() == "b\n"
    assert not odd_branch.exists()
    assert NON_UTF8 not in local_branches(repo)
