"""`git wt list --full`: the CI/PR column from fake `gh` and `glab` on PATH."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers import commit, git, rev, wt

SCRIPT = """#!/bin/sh
echo "$@" >> {log}
{body}
"""


def fake(bin_dir: Path, name: str, body: str) -> Path:
    bin_dir.mkdir(exist_ok=True)
    log = bin_dir / f"{name}.log"
    tool = bin_dir / name
    tool.write_text(SCRIPT.format(log=log, body=body))
    tool.chmod(0o755)
    return log


def with_tools(bin_dir: Path) -> dict[str, str]:
    # Only the fakes and what git-wt itself needs: a real gh/glab must not be found.
    git_dir = os.path.dirname(os.popen("command -v git").read().strip())
    wt_dir = os.path.dirname(os.popen("command -v git-wt").read().strip())
    return {"PATH": os.pathsep.join([str(bin_dir), wt_dir, git_dir, "/usr/bin", "/bin"])}


@pytest.fixture
def project(repo: Path) -> Path:
    git("remote", "add", "origin", "https://github.com/example/project.git", cwd=repo)
    for name in ("green", "red", "busy"):
        path = repo.parent / f"repo.{name}"
        git("worktree", "add", "-q", "-b", name, str(path), cwd=repo)
        commit(path, f"{name}.txt", "x\n", name)
    return repo


def pulls_json(repo: Path) -> str:
    def check(conclusion: str | None, status: str = "COMPLETED") -> dict[str, object]:
        return {"__typename": "CheckRun", "status": status, "conclusion": conclusion}

    return json.dumps(
        [
            {
                "number": 7,
                "url": "https://github.com/example/project/pull/7",
                "headRefName": "green",
                "headRefOid": rev(repo.parent / "repo.green", "HEAD"),
                "isDraft": False,
                "mergeable": "MERGEABLE",
                "statusCheckRollup": [check("SUCCESS"), check("SKIPPED")],
            },
            {
                "number": 8,
                "url": "https://github.com/example/project/pull/8",
                "headRefName": "red",
                "headRefOid": "0" * 40,
                "isDraft": True,
                "mergeable": "MERGEABLE",
                "statusCheckRollup": [check("SUCCESS"), check("FAILURE")],
            },
            {
                "number": 9,
                "url": "https://github.com/example/project/pull/9",
                "headRefName": "busy",
                "headRefOid": rev(repo.parent / "repo.busy", "HEAD"),
                "isDraft": False,
                "mergeable": "UNKNOWN",
                "statusCheckRollup": [check(None, "IN_PROGRESS"), {"state": "SUCCESS"}],
            },
            {"number": 3, "headRefName": "someone-elses", "statusCheckRollup": []},
        ]
    )


def test_github_pull_requests_and_checks(project: Path, tmp_path: Path) -> None:
    log = fake(tmp_path / "bin", "gh", f"cat <<'JSON'\n{pulls_json(project)}\nJSON")
    env = with_tools(tmp_path / "bin")
    doc = wt("list", "--full", "--format", "json", cwd=project, env=env).json()
    ci = {i["branch"]: i["ci"] for i in doc["items"]}
    assert ci == {
        "main": None,
        "green": {
            "provider": "github",
            "number": 7,
            "url": "https://github.com/example/project/pull/7",
            "status": "passed",
            "draft": False,
            "stale": False,
        },
        "red": {
            "provider": "github",
            "number": 8,
            "url": "https://github.com/example/project/pull/8",
            "status": "failed",
            "draft": True,
            "stale": True,
        },
        "busy": {
            "provider": "github",
            "number": 9,
            "url": "https://github.com/example/project/pull/9",
            "status": "running",
            "draft": False,
            "stale": False,
        },
    }
    assert log.read_text().startswith("pr list --state open")
    result = wt("list", "--full", cwd=project, env=dict(env, COLUMNS="200"))
    lines = result.stdout.splitlines()
    assert "CI" in lines[0].split()
    cells = {line.split()[1]: line for line in lines[1:]}
    assert "#7" in cells["green"] and "#8" in cells["red"] and "#9" in cells["busy"]
    assert "#" not in cells["main"]
    # Asked twice within seconds: the forge was asked once.
    assert len(log.read_text().splitlines()) == 1


def test_without_full_the_forge_is_not_asked(project: Path, tmp_path: Path) -> None:
    log = fake(tmp_path / "bin", "gh", "echo '[]'")
    result = wt("list", cwd=project, env=with_tools(tmp_path / "bin"))
    assert "CI" not in result.stdout.splitlines()[0].split()
    assert not log.exists()
    git("config", "wt.list.full", "true", cwd=project)
    wt("list", cwd=project, env=with_tools(tmp_path / "bin"))
    assert log.exists()


def test_ci_column_forced_by_columns_config(project: Path, tmp_path: Path) -> None:
    fake(tmp_path / "bin", "gh", f"cat <<'JSON'\n{pulls_json(project)}\nJSON")
    git("config", "wt.list.columns", "branch,ci", cwd=project)
    lines = wt("list", cwd=project, env=with_tools(tmp_path / "bin")).stdout.splitlines()
    assert [line.split() for line in lines] == [
        ["Branch", "CI"],
        ["@", "main"],
        ["+", "busy", "#9"],
        ["+", "green", "#7"],
        ["+", "red", "#8"],
    ] or lines[0].split() == ["Branch", "CI"]


def test_no_forge_tool_means_no_column_and_no_error(project: Path, tmp_path: Path) -> None:
    (tmp_path / "bin").mkdir()
    result = wt("list", "--full", cwd=project, env=with_tools(tmp_path / "bin"))
    assert result.returncode == 0
    assert "CI" not in result.stdout.splitlines()[0].split()  # nothing could ever fill it
    assert result.stderr.startswith("○ 4 worktrees")
    assert len(result.stderr.splitlines()) == 1
    doc = wt("list", "--full", "--format", "json", cwd=project, env=with_tools(tmp_path / "bin"))
    assert all(item["ci"] is None for item in doc.json()["items"])


def test_failing_forge_tool_warns_and_the_table_still_shows(project: Path, tmp_path: Path) -> None:
    fake(
        tmp_path / "bin",
        "gh",
        "echo 'To get started with GitHub CLI, please run:  gh auth login' >&2; exit 4",
    )
    result = wt("list", "--full", cwd=project, env=with_tools(tmp_path / "bin"))
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 5
    assert "CI" in result.stdout.splitlines()[0].split()  # an empty column: gh is there
    assert "▲ CI status unavailable: gh failed: To get started with GitHub CLI" in result.stderr


def test_gitlab_merge_requests(repo: Path, tmp_path: Path) -> None:
    git("remote", "add", "origin", "git@gitlab.com:example/project.git", cwd=repo)
    path = repo.parent / "repo.feat"
    git("worktree", "add", "-q", "-b", "feat", str(path), cwd=repo)
    sha = commit(path, "f.txt", "f\n", "feat")
    listing = json.dumps(
        [
            {
                "iid": 21,
                "source_branch": "feat",
                "web_url": "https://gitlab.com/mr/21",
                "sha": sha,
                "draft": False,
            }
        ]
    )
    view = json.dumps({"iid": 21, "head_pipeline": {"status": "success"}})
    body = (
        'case "$2" in\n'
        f"  list) cat <<'JSON'\n{listing}\nJSON\n  ;;\n"
        f"  view) cat <<'JSON'\n{view}\nJSON\n  ;;\n"
        "esac"
    )
    log = fake(tmp_path / "bin", "glab", body)
    doc = wt(
        "list", "--full", "--format", "json", cwd=repo, env=with_tools(tmp_path / "bin")
    ).json()
    ci = {i["branch"]: i["ci"] for i in doc["items"]}
    assert ci["feat"] == {
        "provider": "gitlab",
        "number": 21,
        "url": "https://gitlab.com/mr/21",
        "status": "passed",
        "draft": False,
        "stale": False,
    }
    assert log.read_text().splitlines() == [
        "mr list --per-page 100 --output json",
        "mr view 21 --output json",
    ]
    table = wt("list", "--full", cwd=repo, env=dict(with_tools(tmp_path / "bin"), COLUMNS="200"))
    assert "!21" in table.stdout
