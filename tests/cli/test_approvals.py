"""Approval of project-file commands: the store, no-TTY refusals, `config approvals`."""

from __future__ import annotations

import json
import os
import shlex
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import branch_exists, git, wt


def store() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"]) / "git-wt" / "approvals.toml"


def write_project(repo: Path, text: str) -> None:
    (repo / ".config").mkdir(exist_ok=True)
    (repo / ".config" / "wt.toml").write_text(text)


def wait_for(check: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


def project_with_hooks(repo: Path, out: Path) -> None:
    write_project(
        repo,
        f"""\
pre-switch = "echo pre-switch >> {out}"
pre-start = "echo pre-start >> {out}"

[post-start]
server = "echo post-start >> {out}"
""",
    )


def lines_of(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


# -- no terminal ---------------------------------------------------------------------


def test_without_a_terminal_it_lists_the_commands_and_does_nothing(
    repo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    project_with_hooks(repo, out)
    git("config", "wt.hook.pre-switch", f"echo user >> {shlex.quote(str(out))}", cwd=repo)
    r = wt("switch", "-c", "feature", cwd=repo)
    assert r.returncode == 1
    assert r.err_lines == [
        "▲ repo needs your approval to run 3 commands from .config/wt.toml:",
        "○ pre-switch:",
        f"  echo pre-switch >> {out}",
        "○ pre-start:",
        f"  echo pre-start >> {out}",
        "○ post-start server:",
        f"  echo post-start >> {out}",
        "✗ cannot ask for approval: there is no terminal to ask on",
        "↳ run them this once with --yes, or approve them for good with: "
        "git wt config approvals add --yes",
    ]
    assert not out.exists(), "a hook ran before the approval question"
    assert not branch_exists(repo, "feature")
    assert not store().exists()


def test_switching_to_an_existing_worktree_asks_only_about_switch_hooks(
    repo: Path, tmp_path: Path
) -> None:
    assert wt("switch", "-c", "feature", "--no-hooks", cwd=repo).returncode == 0
    out = tmp_path / "out"
    project_with_hooks(repo, out)
    r = wt("switch", "feature", cwd=repo)
    assert r.returncode == 1
    assert r.err_lines[0] == "▲ repo needs your approval to run 1 command from .config/wt.toml:"


def test_yes_runs_them_without_saving(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    project_with_hooks(repo, out)
    r = wt("switch", "-c", "feature", "--yes", cwd=repo)
    assert r.returncode == 0, r.stderr
    wait_for(lambda: len(lines_of(out)) == 3)
    assert lines_of(out) == ["pre-switch", "pre-start", "post-start"]
    assert not store().exists()
    again = wt("switch", "-c", "other", cwd=repo)
    assert again.returncode == 1


def test_approvals_add_yes_then_runs_without_asking(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    project_with_hooks(repo, out)
    r = wt("config", "approvals", "add", "--yes", cwd=repo)
    assert r.returncode == 0, r.stderr
    assert r.err_lines == [f"✓ approved 3 command(s) for {repo}"]
    assert store().read_text() == (
        f'[projects."{repo}"]\n'
        "approved-commands = [\n"
        f'    "echo pre-switch >> {out}",\n'
        f'    "echo pre-start >> {out}",\n'
        f'    "echo post-start >> {out}",\n'
        "]\n"
    )
    r = wt("switch", "-c", "feature", cwd=repo)
    assert r.returncode == 0, r.stderr
    wait_for(lambda: len(lines_of(out)) == 3)


def test_an_edited_command_needs_approval_again(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    project_with_hooks(repo, out)
    assert wt("config", "approvals", "add", "--yes", cwd=repo).returncode == 0
    text = (repo / ".config" / "wt.toml").read_text()
    write_project(repo, text.replace("echo pre-start", "echo PRE-START"))
    r = wt("switch", "-c", "feature", cwd=repo)
    assert r.returncode == 1
    assert r.err_lines[:3] == [
        "▲ repo needs your approval to run 1 command from .config/wt.toml:",
        "○ pre-start:",
        f"  echo PRE-START >> {out}",
    ]
    listed = json.loads(wt("config", "approvals", "list", "--format", "json", cwd=repo).stdout)
    assert listed["state"] == "approval_required"
    assert listed["stale"] == [f"echo pre-start >> {out}"]


def test_user_hooks_need_no_approval(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    git("config", "wt.hook.pre-start", f"echo user >> {shlex.quote(str(out))}", cwd=repo)
    r = wt("switch", "-c", "feature", cwd=repo)
    assert r.returncode == 0, r.stderr
    assert lines_of(out) == ["user"]


# -- the store -----------------------------------------------------------------------


def test_comments_in_the_store_survive_an_edit(repo: Path) -> None:
    store().parent.mkdir(parents=True)
    store().write_text(
        "# reviewed by hand\n"
        '[projects."example.com/o/r"]\n'
        'approved-commands = ["make"]  # the build\n'
    )
    write_project(repo, 'pre-start = "npm ci"\n')
    assert wt("config", "approvals", "add", "--yes", cwd=repo).returncode == 0
    text = store().read_text()
    assert text.startswith(
        '# reviewed by hand\n[projects."example.com/o/r"]\n'
        'approved-commands = ["make"]  # the build\n'
    )
    assert f'[projects."{repo}"]' in text


def test_a_broken_store_is_a_clear_error(repo: Path) -> None:
    store().parent.mkdir(parents=True)
    store().write_text("[projects\n")
    write_project(repo, 'pre-start = "npm ci"\n')
    r = wt("switch", "-c", "feature", cwd=repo)
    assert r.returncode == 1
    assert r.err_lines[0].startswith(f"✗ {store()}: invalid TOML: ")
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize(
    ("url", "identity"),
    [
        ("git@github.com:Team/App.git", "github.com/Team/App"),
        ("https://gitlab.example.com/group/sub/app.git", "gitlab.example.com/group/sub/app"),
        ("ssh://git@host.example:2222/owner/app", "host.example/owner/app"),
    ],
)
def test_project_identity_comes_from_the_remote_url(repo: Path, url: str, identity: str) -> None:
    git("remote", "add", "origin", url, cwd=repo)
    write_project(repo, 'pre-start = "npm ci"\n')
    r = wt("config", "approvals", "list", "--format", "json", cwd=repo)
    assert json.loads(r.stdout) == {
        "project": identity,
        "project_file": str(repo / ".config" / "wt.toml"),
        "state": "approval_required",
        "commands": [
            {"hook_type": "pre-start", "name": None, "template": "npm ci", "approved": False}
        ],
        "stale": [],
    }


def test_list_and_clear(repo: Path) -> None:
    write_project(repo, '[pre-start]\ninstall = "npm ci"\n')
    r = wt("config", "approvals", "list", cwd=repo)
    assert r.stdout == (
        f"project {repo} ({repo}/.config/wt.toml)\n  pre-start install  [not approved]\n"
        "    npm ci\n"
    )
    assert wt("config", "approvals", "add", "--yes", cwd=repo).returncode == 0
    doc = json.loads(wt("config", "approvals", "list", "--format", "json", cwd=repo).stdout)
    assert doc["state"] == "approved"
    r = wt("config", "approvals", "clear", cwd=repo)
    assert r.err_lines == [f"✓ forgot 1 approval(s) for {repo}"]
    doc = json.loads(wt("config", "approvals", "list", "--format", "json", cwd=repo).stdout)
    assert doc["state"] == "approval_required"
    assert wt("config", "approvals", "add", "--yes", cwd=repo).returncode == 0
    r = wt("config", "approvals", "clear", "--all", cwd=repo)
    assert r.err_lines == ["✓ forgot 1 approval(s) of every project"]
    assert "projects" not in store().read_text()


def test_no_project_file(repo: Path) -> None:
    doc = json.loads(wt("config", "approvals", "list", "--format", "json", cwd=repo).stdout)
    assert doc == {
        "project": str(repo),
        "project_file": None,
        "state": "no_commands",
        "commands": [],
        "stale": [],
    }
