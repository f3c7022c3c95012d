"""Hooks through the CLI in process: sources, order, blocking vs background, failures, cwd."""

from __future__ import annotations

import json
import os
import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import (
    Remote,
    assert_no_traceback,
    branch_exists,
    commit,
    files_named,
    git,
    init_repo,
    rev,
    worktree_map,
    wt,
)

HOOK_TYPES = (
    "pre-switch",
    "post-switch",
    "pre-start",
    "post-start",
    "pre-commit",
    "post-commit",
    "pre-merge",
    "post-merge",
    "pre-remove",
    "post-remove",
)


def add_hook(repo: Path, hook_type: str, command: str, name: str = "") -> None:
    key = f"wt.hook.{hook_type}" + (f".{name}" if name else "")
    git("config", "--add", key, command, cwd=repo)


def write_project(repo: Path, text: str) -> None:
    (repo / ".config").mkdir(exist_ok=True)
    (repo / ".config" / "wt.toml").write_text(text)


def q(path: Path) -> str:
    return shlex.quote(str(path))


def wait_for(check: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for a background hook")
        time.sleep(0.05)


def lines_of(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def sibling(repo: Path, branch: str) -> Path:
    return repo.parent / f"repo.{branch.replace('/', '-')}"


def logs_dir(repo: Path) -> Path:
    return repo / ".git" / "wt" / "logs"


# -- every type, both sources --------------------------------------------------------


@pytest.mark.parametrize("hook_type", HOOK_TYPES)
def test_every_type_runs_from_git_config_and_project_file(
    repo: Path, tmp_path: Path, hook_type: str
) -> None:
    out = tmp_path / "out"
    add_hook(repo, hook_type, f'echo "user $GIT_WT_HOOK_TYPE" >> {q(out)}')
    write_project(repo, f"{hook_type} = 'echo \"project {{{{ hook_type }}}}\" >> {out}'\n")
    r = wt("hook", hook_type, "--foreground", "--yes", cwd=repo)
    assert r.returncode == 0, r.stderr
    assert lines_of(out) == [f"user {hook_type}", f"project {hook_type}"]


def test_unknown_hook_type_in_git_config_names_the_key(repo: Path) -> None:
    git("config", "wt.hook.post-create", "true", cwd=repo)
    r = wt("switch", "-c", "feature", cwd=repo)
    assert r.returncode == 1
    assert (
        r.err_lines[0] == "✗ unknown hook type 'post-create' in git config key wt.hook.post-create"
    )
    assert not sibling(repo, "feature").exists()
    assert_no_traceback(r.stderr)


def test_unknown_hook_type_for_the_hook_command_suggests_one(repo: Path) -> None:
    r = wt("hook", "pre-strat", cwd=repo)
    assert r.returncode == 2
    assert "invalid choice: 'pre-strat'" in r.stderr


# -- order ---------------------------------------------------------------------------


def _ordered_sources(repo: Path, hook_type: str, out: Path) -> None:
    home = Path(os.environ["HOME"])
    git("config", "--global", "--add", f"wt.hook.{hook_type}", f"echo g >> {q(out)}", cwd=repo)
    add_hook(repo, hook_type, f"echo u1 >> {q(out)}")
    add_hook(repo, hook_type, f"echo u2 >> {q(out)}", name="named")
    add_hook(repo, hook_type, f"echo u3 >> {q(out)}")
    assert (home / ".gitconfig").exists()
    write_project(
        repo,
        f"""\
[[{hook_type}]]
first = "echo p1 >> {out}"
[[{hook_type}]]
second = "echo p2 >> {out}"
""",
    )


# git lists the global file first; in the local file the second unnamed entry joins the
# first one's section, so it comes before the named entry (git's order is the contract).
EXPECTED_ORDER = ["g", "u1", "u3", "u2", "p1", "p2"]


def test_foreground_order_is_user_then_project_in_git_config_order(
    repo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _ordered_sources(repo, "pre-start", out)
    listed = git("config", "--get-regexp", r"^wt\.hook\.pre-start", cwd=repo).splitlines()
    assert [line.split()[-3] for line in listed] == ["g", "u1", "u3", "u2"]
    r = wt("switch", "-c", "feature", "--yes", cwd=repo)
    assert r.returncode == 0, r.stderr
    assert lines_of(out) == EXPECTED_ORDER


def test_background_order_is_the_same(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _ordered_sources(repo, "post-start", out)
    r = wt("switch", "-c", "feature", "--yes", cwd=repo)
    assert r.returncode == 0, r.stderr
    wait_for(lambda: len(lines_of(out)) == 6)
    assert lines_of(out) == EXPECTED_ORDER
    assert r.err_lines[-1] == (
        "◎ started post-start in the background: user:cmd-0, user:cmd-1, user:cmd-2, "
        "user:named, project:first, project:second"
    )


def test_project_table_runs_concurrently_with_prefixed_output(repo: Path, tmp_path: Path) -> None:
    # Each command waits for the other's marker: only concurrent execution finishes.
    a, b = tmp_path / "a", tmp_path / "b"
    wait = "i=0; while [ ! -e {0} ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done"
    write_project(
        repo,
        f"""\
[pre-start]
left = "touch {a}; {wait.format(b)}; echo left done"
right = "touch {b}; {wait.format(a)}; echo right done"
""",
    )
    r = wt("switch", "-c", "feature", "--yes", cwd=repo)
    assert r.returncode == 0, r.stderr
    assert "left  │ left done" in r.err_lines
    assert "right │ right done" in r.err_lines


def test_failing_pipeline_step_stops_the_rest(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_project(
        repo,
        f"""\
[[pre-start]]
install = "echo install >> {out}; exit 4"
[[pre-start]]
build = "echo build >> {out}"
""",
    )
    r = wt("switch", "-c", "feature", "--yes", cwd=repo)
    assert r.returncode == 1
    assert lines_of(out) == ["install"]
    assert "✗ pre-start hook project:install failed (exit status 4)" in r.err_lines


# -- blocking vs background ----------------------------------------------------------


def test_post_start_runs_in_the_background_and_logs(repo: Path, tmp_path: Path) -> None:
    marker = tmp_path / "finished"
    add_hook(repo, "post-start", f"echo started; sleep 2; echo finished; touch {q(marker)}", "slow")
    began = time.monotonic()
    r = wt("switch", "-c", "feature/x", cwd=repo)
    took = time.monotonic() - began
    assert r.returncode == 0, r.stderr
    assert took < 2, "the switch waited for the background hook"
    assert not marker.exists()
    wait_for(marker.exists)
    (log,) = logs_dir(repo).glob("feature-x-*/user/post-start/slow.log")
    wait_for(lambda: log.read_text() == "started\nfinished\n")


def test_failing_post_hook_keeps_exit_code_zero_and_logs_why(repo: Path, tmp_path: Path) -> None:
    write_project(
        repo,
        """\
[[post-start]]
boom = "echo about to fail; exit 7"
[[post-start]]
after = "echo never"
""",
    )
    r = wt("switch", "-c", "feature", "--yes", cwd=repo)
    assert r.returncode == 0, r.stderr
    logs = logs_dir(repo) / "feature" / "project" / "post-start"
    wait_for(lambda: (logs / "after.log").exists())
    assert (logs / "boom.log").read_text() == (
        "about to fail\n\ngit-wt: the command ended with exit status 7\n"
    )
    assert (logs / "after.log").read_text() == (
        "git-wt: not run: project:boom failed in an earlier step\n"
    )


def test_background_hook_outlives_the_command_in_its_own_session(
    repo: Path, tmp_path: Path
) -> None:
    info = tmp_path / "info"
    add_hook(repo, "post-switch", f"sleep 1; ps -o sid= -o pgid= -p $$ > {q(info)}")
    r = wt("switch", "-c", "feature", cwd=repo)
    assert r.returncode == 0, r.stderr
    wait_for(lambda: bool(info.exists() and info.read_text().strip()))
    sid, _pgid = info.read_text().split()
    assert int(sid) != os.getsid(0)


# -- failure semantics per type ------------------------------------------------------


def test_failing_pre_switch_aborts_before_anything(repo: Path) -> None:
    add_hook(repo, "pre-switch", "echo checking; exit 3", "guard")
    r = wt("switch", "-c", "feature", cwd=repo)
    assert r.returncode == 1
    assert r.stderr.splitlines()[-4:] == [
        "checking",
        "✗ pre-switch hook user:guard failed (exit status 3)",
        "  echo checking; exit 3",
        "↳ fix the command, or skip hooks for this run with --no-hooks",
    ]
    assert not branch_exists(repo, "feature")
    assert not sibling(repo, "feature").exists()


def test_no_hooks_skips_every_source(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for hook_type in ("pre-switch", "pre-start", "post-start", "post-switch"):
        add_hook(repo, hook_type, f"echo {hook_type} >> {q(out)}; exit 1")
    write_project(repo, f"pre-start = 'echo project >> {out}; exit 1'\n")
    r = wt("switch", "-c", "feature", "--no-hooks", cwd=repo)
    assert r.returncode == 0, r.stderr
    time.sleep(0.5)
    assert not out.exists()


def test_failing_pre_start_removes_the_new_worktree_and_branch(repo: Path) -> None:
    add_hook(repo, "pre-start", "touch half-made; exit 5")
    r = wt("switch", "-c", "feature", cwd=repo)
    assert r.returncode == 1
    assert "✗ pre-start hook user:cmd-0 failed (exit status 5)" in r.err_lines
    path = sibling(repo, "feature")
    assert (
        f"○ removed the new worktree at {path} and the branch feature again, because "
        "pre-start did not finish"
    ) in r.err_lines
    assert not path.exists()
    assert "feature" not in worktree_map(repo)
    assert not branch_exists(repo, "feature")
    git("config", "--unset-all", "wt.hook.pre-start", cwd=repo)
    again = wt("switch", "-c", "feature", cwd=repo)
    assert again.returncode == 0, again.stderr


def test_failing_pre_start_for_an_existing_branch_keeps_the_branch(repo: Path) -> None:
    git("branch", "existing", cwd=repo)
    add_hook(repo, "pre-start", "exit 1")
    r = wt("switch", "existing", cwd=repo)
    assert r.returncode == 1
    assert "existing" not in worktree_map(repo)
    assert branch_exists(repo, "existing")


def test_failing_pre_remove_keeps_the_worktree(repo: Path) -> None:
    assert wt("switch", "-c", "feature", cwd=repo).returncode == 0
    add_hook(repo, "pre-remove", "exit 9", "veto")
    r = wt("remove", "feature", cwd=repo)
    assert r.returncode == 1
    assert "✗ pre-remove hook user:veto failed (exit status 9)" in r.err_lines
    assert "feature" in worktree_map(repo)
    assert sibling(repo, "feature").is_dir()


def test_failing_post_remove_does_not_change_the_exit_code(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert wt("switch", "-c", "feature", cwd=repo).returncode == 0
    add_hook(repo, "post-remove", f"echo ran >> {q(out)}; exit 9")
    r = wt("remove", "feature", cwd=repo)
    assert r.returncode == 0, r.stderr
    wait_for(out.exists)
    assert "feature" not in worktree_map(repo)


# -- where each type runs ------------------------------------------------------------


def test_working_directory_per_type(repo: Path, tmp_path: Path) -> None:
    for hook_type in ("pre-switch", "post-switch", "pre-start", "post-start"):
        add_hook(repo, hook_type, f"pwd > {q(tmp_path / hook_type)}")
    for hook_type in ("pre-remove", "post-remove"):
        add_hook(repo, hook_type, f"pwd > {q(tmp_path / hook_type)}")
    sub = repo / "src"
    sub.mkdir()
    r = wt("switch", "-c", "feature", cwd=sub)
    assert r.returncode == 0, r.stderr
    new = sibling(repo, "feature")
    assert (tmp_path / "pre-switch").read_text() == f"{repo}\n"
    assert (tmp_path / "pre-start").read_text() == f"{new}\n"
    wait_for(lambda: (tmp_path / "post-start").exists() and (tmp_path / "post-switch").exists())
    wait_for(lambda: (tmp_path / "post-switch").read_text() != "")
    assert (tmp_path / "post-start").read_text() == f"{new}\n"
    assert (tmp_path / "post-switch").read_text() == f"{new}\n"
    r = wt("remove", "feature", cwd=repo)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "pre-remove").read_text() == f"{new}\n"
    wait_for(lambda: (tmp_path / "post-remove").exists())
    wait_for(lambda: (tmp_path / "post-remove").read_text() != "")
    assert (tmp_path / "post-remove").read_text() == f"{repo}\n"


# -- escaping ------------------------------------------------------------------------

EVIL = "x$(touch${IFS}pwned)"


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("printf '%s\\n' {{ branch }} > OUT", EVIL),
        ('printf "%s\\n" "{{ branch }}" > OUT', EVIL),
        ("printf '%s\\n' '{{ branch }}' > OUT", EVIL),
        (
            "printf '%s\\n' {{ branch | sanitize }}x\"{{ branch }}\"'{{ branch }}' > OUT",
            f"{EVIL}x{EVIL}{EVIL}",
        ),
    ],
    ids=["bare", "double", "single", "mixed"],
)
def test_branch_with_command_substitution_never_runs(
    repo: Path, tmp_path: Path, template: str, expected: str
) -> None:
    out = tmp_path / "out"
    add_hook(repo, "pre-start", template.replace("OUT", q(out)))
    project = tmp_path / "project-out"
    write_project(repo, f"pre-start = '''{template.replace('OUT', str(project))}'''\n")
    r = wt("switch", "-c", EVIL, "--yes", cwd=repo)
    assert r.returncode == 0, r.stderr
    assert files_named(tmp_path, "pwned") == []
    assert out.read_text() == expected + "\n"
    assert project.read_text() == expected + "\n"


def test_escaping_also_holds_in_background_hooks_and_logs(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    add_hook(repo, "post-start", f'echo "{{{{ branch }}}}" {{{{ branch }}}} > {q(out)}')
    r = wt("switch", "-c", EVIL, cwd=repo)
    assert r.returncode == 0, r.stderr
    wait_for(lambda: out.exists() and out.read_text() != "")
    assert out.read_text() == f"{EVIL} {EVIL}\n"
    assert files_named(tmp_path, "pwned") == []


# -- context: stdin JSON, environment ------------------------------------------------


def test_stdin_carries_the_whole_context_as_json(repo: Path, tmp_path: Path) -> None:
    dump = tmp_path / "context.json"
    add_hook(repo, "pre-start", f"cat > {q(dump)}", "dump")
    r = wt("switch", "-c", "feature", cwd=repo)
    assert r.returncode == 0, r.stderr
    new = str(sibling(repo, "feature"))
    sha = rev(repo, "main")
    assert json.loads(dump.read_text()) == {
        "branch": "feature",
        "worktree_path": new,
        "worktree_name": "repo.feature",
        "commit": sha,
        "short_commit": sha[:7],
        "upstream": "",
        "base": "main",
        "base_worktree_path": str(repo),
        "target": "feature",
        "target_worktree_path": new,
        "repo": "repo",
        "repo_path": str(repo),
        "primary_worktree_path": str(repo),
        "default_branch": "main",
        "remote": "",
        "remote_url": "",
        "cwd": new,
        "hook_type": "pre-start",
        "hook_name": "dump",
        "args": [],
        "vars": {},
        "main_worktree": "repo",
        "repo_root": str(repo),
        "worktree": new,
        "main_worktree_path": str(repo),
    }


def test_remote_variables(remote: Remote, tmp_path: Path) -> None:
    clone, origin = remote.clone, remote.origin
    git("remote", "set-url", "origin", "git@example.com:team/app.git", cwd=clone)
    dump = tmp_path / "context.json"
    add_hook(clone, "pre-switch", f"cat > {q(dump)}")
    r = wt("switch", "-c", "feature2", cwd=clone)
    assert r.returncode == 0, r.stderr
    doc = json.loads(dump.read_text())
    assert (doc["remote"], doc["remote_url"], doc["owner"], doc["remote_repo"]) == (
        "origin",
        "git@example.com:team/app.git",
        "team",
        "app",
    )
    assert origin.exists()


def test_hooks_get_a_scrubbed_environment_even_with_git_dir_set(repo: Path, tmp_path: Path) -> None:
    envdump, top = tmp_path / "env", tmp_path / "top"
    add_hook(repo, "pre-start", f"env > {q(envdump)}; git rev-parse --show-toplevel > {q(top)}")
    outside = {
        "GIT_DIR": str(repo / ".git"),
        "GIT_WORK_TREE": str(repo),
        "GIT_INDEX_FILE": str(repo / ".git" / "index"),
        "GIT_PREFIX": "",
        "GIT_WT_CD_FILE": str(tmp_path / "cd"),
        "GIT_WT_EXEC_FILE": str(tmp_path / "exec"),
    }
    (tmp_path / "cd").write_text("")
    (tmp_path / "exec").write_text("")
    r = wt("switch", "-c", "feature", cwd=repo, env=outside)
    assert r.returncode == 0, r.stderr
    env = dict(line.split("=", 1) for line in envdump.read_text().splitlines() if "=" in line)
    for name in outside:
        if name != "GIT_WT_CD_FILE":
            assert name not in env, name
    # Passed through so a nested `git wt switch` in a blocking hook can still move the shell.
    assert env["GIT_WT_CD_FILE"] == str(tmp_path / "cd")
    new = sibling(repo, "feature")
    assert top.read_text() == f"{new}\n"
    assert env["GIT_WT_HOOK_TYPE"] == "pre-start"
    assert env["GIT_WT_BRANCH"] == "feature"
    assert env["GIT_WT_WORKTREE_PATH"] == str(new)
    assert "GIT_WT_BACKGROUND" not in env


def test_undefined_variable_is_an_error_before_anything_is_created(repo: Path) -> None:
    add_hook(repo, "post-start", "echo {{ no_such_thing }}", "typo")
    r = wt("switch", "-c", "feature", cwd=repo)
    assert r.returncode == 1
    assert r.err_lines[0] == (
        "✗ cannot expand the post-start hook user:typo (git config wt.hook.post-start.typo): "
        "undefined variable 'no_such_thing'"
    )
    assert r.err_lines[1].startswith("↳ available variables: ")
    assert not branch_exists(repo, "feature")
    assert not sibling(repo, "feature").exists()


def test_undefined_variable_in_pre_switch_stops_the_switch(repo: Path) -> None:
    git("checkout", "-q", "--detach", cwd=repo)
    add_hook(repo, "pre-switch", "echo {{ branch }}")
    r = wt("switch", "-c", "feature", cwd=repo)
    assert r.returncode == 1
    assert "undefined variable 'branch'" in r.err_lines[0]
    assert not branch_exists(repo, "feature")


def test_vars_reach_templates_with_dot_access(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    git("branch", "feature", cwd=repo)
    assert (
        wt(
            "config", "state", "vars", "set", "port", "4100", "--branch", "feature", cwd=repo
        ).returncode
        == 0
    )
    r = wt(
        "config",
        "state",
        "vars",
        "set",
        'db={"name": "app_db", "port": 5433}',
        "--branch",
        "feature",
        cwd=repo,
    )
    assert r.returncode == 0, r.stderr
    add_hook(
        repo,
        "pre-start",
        f"echo {{{{ vars.port }}}} {{{{ vars.db.name }}}}:{{{{ vars.db.port }}}} > {q(out)}",
    )
    r = wt("switch", "feature", cwd=repo)
    assert r.returncode == 0, r.stderr
    assert out.read_text() == "4100 app_db:5433\n"


# -- includeIf -----------------------------------------------------------------------


def test_include_if_scopes_hooks_to_one_repository(work: Path, tmp_path: Path) -> None:
    a = init_repo(work / "a")
    b = init_repo(work / "b")
    out = tmp_path / "out"
    inc = Path(os.environ["HOME"]) / "hooks-a.inc"
    inc.write_text(f'[wt "hook"]\n\tpre-switch = echo \\"$GIT_WT_REPO\\" >> {out}\n')
    git("config", "--global", f"includeIf.gitdir:{a}/.path", str(inc), cwd=a)
    assert wt("switch", "-c", "one", cwd=a).returncode == 0
    assert wt("switch", "-c", "two", cwd=b).returncode == 0
    # From a linked worktree of `a` (its git dir is a/.git/worktrees/...), too.
    assert wt("switch", "-c", "three", cwd=a.parent / "a.one").returncode == 0
    assert lines_of(out) == ["a", "a"]


# -- project file errors -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('pre-start = "npm ci"\npost-start = nope\n', ":2:14: invalid TOML: Invalid value"),
        ('pre-start = "npm ci"\npost-start = [\n', ":2: invalid TOML: "),
        ('[list]\nurl = "x"\n\n[pre-strat]\na = "b"\n', ":4: unknown hook type 'pre-strat'"),
        ("pre-start = 3\n", ":1: pre-start must be a command string, a table of named commands"),
        ('[post-start]\nok = "a"\nbad = true\n', ":3: post-start.bad must be a command string"),
        ('pre-start = "  "\n', ":1: pre-start is an empty command"),
    ],
    ids=["syntax", "syntax-at-end", "unknown-type", "wrong-type", "wrong-entry", "empty"],
)
def test_project_file_errors_name_file_and_line(repo: Path, text: str, message: str) -> None:
    write_project(repo, text)
    r = wt("switch", "-c", "feature", "--yes", cwd=repo)
    assert r.returncode == 1
    assert r.err_lines[0].startswith(f"✗ {repo}/.config/wt.toml{message}"), r.err_lines[0]
    assert not branch_exists(repo, "feature")
    assert_no_traceback(r.stderr)


def test_worktrunk_project_file_works_unchanged(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_project(
        repo,
        f"""\
# A file written for Worktrunk: other settings are left alone.
pre-start = "echo install {{{{ branch | sanitize }}}} >> {out}"

[post-start]
server = "echo server {{{{ branch | hash_port }}}} >> {out}"

[list]
url = "http://localhost:{{{{ branch | hash_port }}}}"

[pre-remove]
stop = "echo stop {{{{ worktree_name }}}} >> {out}"
""",
    )
    commit(repo, ".config/wt.toml", (repo / ".config" / "wt.toml").read_text(), "wt config")
    r = wt("switch", "-c", "fix-auth", "--yes", cwd=repo)
    assert r.returncode == 0, r.stderr
    wait_for(lambda: len(lines_of(out)) == 2)
    assert lines_of(out) == ["install fix-auth", "server 16460"]
    r = wt("remove", "fix-auth", "--yes", cwd=repo)
    assert r.returncode == 0, r.stderr
    assert lines_of(out)[-1] == "stop repo.fix-auth"


def test_python_hook_reads_the_json(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    script = f"import json,sys; d=json.load(sys.stdin); open({str(out)!r},'w').write(d['branch'])"
    add_hook(repo, "pre-start", f"{shlex.quote(sys.executable)} -c {shlex.quote(script)}")
    r = wt("switch", "-c", EVIL, cwd=repo)
    assert r.returncode == 0, r.stderr
    assert out.read_text() == EVIL


def test_switching_to_an_existing_worktree_runs_only_switch_hooks(
    repo: Path, tmp_path: Path
) -> None:
    assert wt("switch", "-c", "feature", cwd=repo).returncode == 0
    out = tmp_path / "out"
    for hook_type in ("pre-switch", "pre-start", "post-start", "post-switch"):
        add_hook(repo, hook_type, f"echo {hook_type} >> {q(out)}")
    r = wt("switch", "feature", cwd=repo)
    assert r.returncode == 0, r.stderr
    wait_for(lambda: len(lines_of(out)) == 2)
    time.sleep(0.3)
    assert lines_of(out) == ["pre-switch", "post-switch"]
    # Already there: pre-switch only.
    r = wt("switch", "feature", cwd=sibling(repo, "feature"))
    assert r.returncode == 0, r.stderr
    time.sleep(0.3)
    assert lines_of(out) == ["pre-switch", "post-switch", "pre-switch"]


def test_a_var_set_by_pre_start_reaches_post_start(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    add_hook(repo, "pre-start", "git wt config state vars set port 4321")
    add_hook(repo, "post-start", f"echo {{{{ vars.port }}}} > {q(out)}")
    r = wt("switch", "-c", "feature", cwd=repo)
    assert r.returncode == 0, r.stderr
    wait_for(lambda: out.exists() and out.read_text() != "")
    assert out.read_text() == "4321\n"
