"""`git wt hook TYPE|show`, `git wt config state vars|logs`, and the Go git-wt key warnings."""

from __future__ import annotations

import json
import os
import shlex
import time
from collections.abc import Callable
from pathlib import Path

from helpers import assert_no_traceback, git, wt


def add_hook(repo: Path, hook_type: str, command: str, name: str = "") -> None:
    key = f"wt.hook.{hook_type}" + (f".{name}" if name else "")
    git("config", "--add", key, command, cwd=repo)


def write_project(repo: Path, text: str) -> None:
    (repo / ".config").mkdir(exist_ok=True)
    (repo / ".config" / "wt.toml").write_text(text)


def wait_for(check: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for a background hook")
        time.sleep(0.05)


# -- git wt hook TYPE ----------------------------------------------------------------


def _two_sources(repo: Path) -> None:
    add_hook(repo, "pre-merge", "echo lint {{ branch }}", "lint")
    add_hook(repo, "pre-merge", "echo unnamed")
    write_project(
        repo,
        """\
[pre-merge]
test = "echo test {{ target }} {{ args }}"
lint = "echo project-lint"
""",
    )
    # Approved: `--dry-run` expands only approved project commands (issue 12).
    assert wt("config", "approvals", "add", "--yes", cwd=repo).returncode == 0


def test_dry_run_prints_expanded_commands_and_runs_nothing(repo: Path) -> None:
    _two_sources(repo)
    r = wt("hook", "pre-merge", "--dry-run", cwd=repo)
    assert r.returncode == 0, r.stderr
    assert r.stdout == (
        "# pre-merge user:lint\n"
        "echo lint main\n"
        "# pre-merge user:cmd-0\n"
        "echo unnamed\n"
        "# pre-merge project:test\n"
        "echo test main \n"
        "# pre-merge project:lint\n"
        "echo project-lint\n"
    )
    assert r.stderr == ""


def test_names_select_by_name_and_source(repo: Path) -> None:
    _two_sources(repo)
    cases = {
        ("lint",): ["user:lint", "project:lint"],
        ("user:lint",): ["user:lint"],
        ("project:",): ["project:test", "project:lint"],
        ("user:", "test"): ["user:lint", "user:cmd-0", "project:test"],
        ("cmd-0",): ["user:cmd-0"],
    }
    for names, labels in cases.items():
        r = wt("hook", "pre-merge", *names, "--dry-run", cwd=repo)
        assert r.returncode == 0, r.stderr
        shown = [line.split()[-1] for line in r.stdout.splitlines() if line.startswith("#")]
        assert shown == labels, names


def test_unknown_name_lists_what_is_available(repo: Path) -> None:
    _two_sources(repo)
    r = wt("hook", "pre-merge", "nope", "user:other", cwd=repo)
    assert r.returncode == 1
    assert r.err_lines == [
        "✗ no pre-merge command matches nope, user:other",
        "↳ available: user:lint, user:cmd-0, project:test, project:lint",
    ]


def test_key_value_binds_referenced_variables_and_forwards_the_rest(repo: Path) -> None:
    add_hook(repo, "pre-commit", "echo {{ port }} {{ dry_run_mode }} / {{ args }}")
    r = wt(
        "hook",
        "pre-commit",
        "--port=4000",
        "--dry-run-mode=yes",
        "--other=a b",
        "--dry-run",
        "--",
        "x y",
        "z",
        cwd=repo,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[1] == "echo 4000 yes / '--other=a b' 'x y' z"


def test_key_value_overrides_a_builtin(repo: Path) -> None:
    add_hook(repo, "pre-commit", "echo {{ branch }}")
    r = wt("hook", "pre-commit", "--branch=other", "--dry-run", cwd=repo)
    assert r.stdout.splitlines()[1] == "echo other"


def test_running_a_pre_hook_reports_failure_without_the_no_hooks_hint(repo: Path) -> None:
    add_hook(repo, "pre-commit", "echo checking; exit 2", "check")
    r = wt("hook", "pre-commit", cwd=repo)
    assert r.returncode == 1
    assert r.err_lines == [
        "◎ running pre-commit user:check",
        "  echo checking; exit 2",
        "checking",
        "✗ pre-commit hook user:check failed (exit status 2)",
        "  echo checking; exit 2",
        "↳ the commands are listed by: git wt hook show pre-commit",
    ]


def test_post_hooks_run_in_the_background_unless_foreground(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    add_hook(repo, "post-merge", f"echo $GIT_WT_BACKGROUND >> {shlex.quote(str(out))}", "note")
    r = wt("hook", "post-merge", cwd=repo)
    assert r.returncode == 0, r.stderr
    assert r.err_lines == ["◎ started post-merge in the background: user:note"]
    wait_for(out.exists)
    r = wt("hook", "post-merge", "--foreground", cwd=repo)
    assert r.returncode == 0, r.stderr
    wait_for(lambda: len(out.read_text().splitlines()) == 2)
    assert out.read_text() == "1\n\n"
    log = repo / ".git" / "wt" / "logs" / "main" / "user" / "post-merge" / "note.log"
    assert log.exists()


def test_no_hooks_configured_is_a_warning(repo: Path) -> None:
    r = wt("hook", "post-remove", cwd=repo)
    assert r.returncode == 0
    assert r.err_lines == ["▲ no post-remove hooks are configured", "↳ git wt hook show"]


def test_hook_needs_a_worktree(repo: Path) -> None:
    add_hook(repo, "pre-commit", "true")
    r = wt("hook", "pre-commit", cwd=repo / ".git")
    assert r.returncode == 1
    assert r.err_lines[0] == "✗ hooks run for a worktree, and this directory is not inside one"


def test_key_value_is_refused_by_show(repo: Path) -> None:
    r = wt("hook", "show", "--x=1", cwd=repo)
    assert r.returncode == 2
    assert_no_traceback(r.stderr)


# -- git wt hook show ----------------------------------------------------------------


def test_show_json_names_source_scope_and_approval(repo: Path) -> None:
    git("config", "--global", "wt.hook.pre-start.deps", "npm ci", cwd=repo)
    add_hook(repo, "post-start", "npm run dev -- --port {{ branch | hash_port }}")
    write_project(repo, '[[pre-start]]\nlint = "make lint"\n[[pre-start]]\ntest = "make test"\n')
    assert wt("config", "approvals", "add", "--yes", cwd=repo).returncode == 0
    write_project(
        repo,
        '[[pre-start]]\nlint = "make lint"\n[[pre-start]]\ntest = "make test -j2"\n',
    )
    r = wt("hook", "show", "--format", "json", "--expanded", cwd=repo)
    assert r.returncode == 0, r.stderr
    home = os.environ["HOME"]
    project_file = str(repo / ".config" / "wt.toml")
    common = {"step": 0, "error": None}
    assert json.loads(r.stdout) == {
        "project": str(repo),
        "project_file": project_file,
        "hooks": [
            {
                **common,
                "hook_type": "pre-start",
                "source": "user",
                "name": "deps",
                "label": "user:deps",
                "template": "npm ci",
                "scope": "global",
                "origin": f"file:{home}/.gitconfig",
                "approved": None,
                "expanded": "npm ci",
            },
            {
                **common,
                "hook_type": "pre-start",
                "source": "project",
                "name": "lint",
                "label": "project:lint",
                "template": "make lint",
                "scope": None,
                "origin": project_file,
                "approved": True,
                "expanded": "make lint",
            },
            {
                **common,
                "hook_type": "pre-start",
                "source": "project",
                "name": "test",
                "label": "project:test",
                "template": "make test -j2",
                "step": 1,
                "scope": None,
                "origin": project_file,
                "approved": False,
                # Not approved: shown as written, never expanded (issue 12).
                "expanded": None,
                "error": "not approved; shown unexpanded",
            },
            {
                **common,
                "hook_type": "post-start",
                "source": "user",
                "name": None,
                "label": "user:cmd-0",
                "template": "npm run dev -- --port {{ branch | hash_port }}",
                "scope": "local",
                "origin": f"file:{repo}/.git/config",
                "approved": None,
                "expanded": "npm run dev -- --port 12107",
            },
        ],
    }


def test_show_text(repo: Path) -> None:
    add_hook(repo, "pre-remove", "docker compose down", "db")
    write_project(repo, 'post-start = "npm run dev"\n')
    r = wt("hook", "show", cwd=repo)
    assert r.returncode == 0, r.stderr
    assert r.stdout == (
        "user hooks (git config)\n"
        f"  pre-remove user:db  [local: file:{repo}/.git/config]\n"
        "    docker compose down\n"
        f"project hooks ({repo}/.config/wt.toml; {repo})\n"
        "  post-start project:cmd-0  [needs approval]\n"
        "    npm run dev\n"
        "# approve the project's commands with: git wt config approvals add\n"
    )
    r = wt("hook", "show", "pre-start", cwd=repo)
    assert r.stdout == (
        "user hooks (git config)\n"
        "  (none)\n"
        f"project hooks ({repo}/.config/wt.toml; {repo})\n"
        "  (none)\n"
    )


def test_show_expanded_reports_templates_that_cannot_expand(repo: Path) -> None:
    add_hook(repo, "pre-start", "echo {{ nope }}", "bad")
    r = wt("hook", "show", "--expanded", cwd=repo)
    assert r.returncode == 0, r.stderr
    assert (
        "    # cannot expand: cannot expand the pre-start hook user:bad "
        "(git config wt.hook.pre-start.bad): undefined variable 'nope'"
    ) in r.stdout.splitlines()


# -- Go git-wt keys ------------------------------------------------------------------


def test_legacy_keys_are_reported_with_what_to_run_instead(repo: Path) -> None:
    git("config", "--global", "wt.basedir", "../{gitroot}-wt", cwd=repo)
    git("config", "wt.hook", "npm install", cwd=repo)
    git("config", "--add", "wt.hook", "cp ../.env .", cwd=repo)
    git("config", "wt.deletehook", "docker compose down", cwd=repo)
    git("config", "wt.copyignored", "true", cwd=repo)
    git("config", "wt.nocd", "true", cwd=repo)
    r = wt("hook", "show", cwd=repo)
    assert r.returncode == 0, r.stderr
    legacy = "is a setting of the Go git-wt tool and has no effect here;"
    assert r.err_lines == [
        f"▲ wt.basedir (global git config) {legacy} instead run: git config --global "
        "wt.worktree-path '../{{ repo }}-wt/{{ branch }}' && "
        "git config --global --unset-all wt.basedir",
        f"▲ wt.hook (local git config) {legacy} instead run: "
        "git config --local --add wt.hook.pre-start 'npm install' && "
        "git config --local --add wt.hook.pre-start 'cp ../.env .' && "
        "git config --local --unset-all wt.hook",
        f"▲ wt.deletehook (local git config) {legacy} instead run: "
        "git config --local --add wt.hook.pre-remove 'docker compose down' && "
        "git config --local --unset-all wt.deletehook",
        f"▲ wt.copyignored (local git config) {legacy} instead run: "
        "git config --local --add wt.hook.pre-start 'git wt step copy-ignored' && "
        "git config --local --unset-all wt.copyignored",
        f"▲ wt.nocd (local git config) {legacy} remove it: git config --local --unset-all wt.nocd",
    ]


def test_legacy_keys_function_is_empty_without_them(repo: Path) -> None:
    from git_wt.config.legacy import legacy_key_warnings
    from git_wt.git.repository import Repository

    add_hook(repo, "post-start", "true")
    assert legacy_key_warnings(Repository.discover(str(repo))) == []


# -- git wt config state vars --------------------------------------------------------


def test_vars_set_get_list_clear(repo: Path) -> None:
    def run(*args: str) -> tuple[int, str, str]:
        r = wt("config", "state", "vars", *args, cwd=repo)
        return r.returncode, r.stdout, r.stderr

    assert run("set", "port", "3000")[0] == 0
    assert run("set", "DB=app main")[0] == 0
    assert run("set", "cfg", '{"a": {"b": 1}}')[0] == 0
    assert run("get", "port")[1] == "3000\n"
    assert run("get", "db")[1] == "app main\n"
    assert run("list")[1] == 'port\t3000\ndb\tapp main\ncfg\t{"a": {"b": 1}}\n'
    code, out, _ = run("list", "--format", "json")
    assert json.loads(out) == {
        "branch": "main",
        "vars": {"port": "3000", "db": "app main", "cfg": {"a": {"b": 1}}},
    }
    assert run("clear", "port")[0] == 0
    code, _, err = run("get", "port")
    assert code == 1
    assert err.splitlines() == [
        "✗ main has no var port",
        "↳ git wt config state vars set port VALUE --branch main",
    ]
    assert run("clear", "--all")[0] == 0
    assert run("list")[1] == ""


def test_vars_for_another_branch_and_bad_keys(repo: Path) -> None:
    git("branch", "feature/x", cwd=repo)
    r = wt("config", "state", "vars", "set", "port", "1", "--branch", "feature/x", cwd=repo)
    assert r.returncode == 0, r.stderr
    assert git("config", "wt.state.feature/x.vars.port", cwd=repo) == "1\n"
    r = wt("config", "state", "vars", "set", "db_name", "x", cwd=repo)
    assert r.returncode == 2
    assert r.err_lines[0] == (
        "✗ invalid var key 'db_name': use letters, digits and hyphens, starting with a letter"
    )
    r = wt("config", "state", "vars", "clear", cwd=repo)
    assert r.returncode == 2
    r = wt("config", "state", "vars", "list", "--branch", "nope", cwd=repo)
    assert r.returncode == 1


# -- git wt config state logs --------------------------------------------------------


def test_logs_lists_background_logs_newest_first(repo: Path) -> None:
    add_hook(repo, "post-merge", "echo one", "first")
    add_hook(repo, "post-commit", "echo two", "second")
    assert wt("hook", "post-merge", cwd=repo).returncode == 0
    logs = repo / ".git" / "wt" / "logs" / "main" / "user"
    wait_for((logs / "post-merge" / "first.log").exists)
    time.sleep(0.05)
    assert wt("hook", "post-commit", cwd=repo).returncode == 0
    wait_for((logs / "post-commit" / "second.log").exists)
    os.utime(logs / "post-merge" / "first.log", (1, 1))
    r = wt("config", "state", "logs", cwd=repo)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        str(logs / "post-commit" / "second.log"),
        str(logs / "post-merge" / "first.log"),
    ]
    doc = json.loads(wt("config", "state", "logs", "--format", "json", cwd=repo).stdout)
    assert [(d["branch"], d["source"], d["hook_type"], d["name"]) for d in doc] == [
        ("main", "user", "post-commit", "second"),
        ("main", "user", "post-merge", "first"),
    ]


def test_logs_when_there_are_none(repo: Path) -> None:
    r = wt("config", "state", "logs", cwd=repo)
    assert r.returncode == 0
    assert r.stdout == ""
    assert r.err_lines[0].startswith("○ no hook logs yet")
