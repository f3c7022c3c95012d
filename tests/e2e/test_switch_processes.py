"""`git wt switch` with real processes: -x replaces the process, parallel creates."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from helpers import (
    assert_no_traceback,
    branch_exists,
    commit,
    files_named,
    git,
    json_doc,
    rev,
    worktree_map,
    worktrees,
    wt,
    wt_popen,
    wt_process,
)
from tty_support import wt_tty


def cd_env(cd_file: Path, **extra: str) -> dict[str, str | None]:
    return {"GIT_WT_CD_FILE": str(cd_file), **extra}


# -- creating ---------------------------------------------------------------------------


HOSTILE = [
    ("feat/a;b", "feat-a;b"),
    ("a$(touch${IFS}pwned)", "a$(touch${IFS}pwned)"),
    ("b`touch${IFS}pwned`", "b`touch${IFS}pwned`"),
    ("x'y", "x'y"),
    ("ünï/code", "ünï-code"),
    ('feat/"q"', 'feat-"q"'),
    ("feat;touch${IFS}pwned", "feat;touch${IFS}pwned"),
]


@pytest.mark.parametrize(("name", "dirname"), HOSTILE)
@pytest.mark.parametrize(
    "command",
    [
        "printf %s {{ branch }} > name.txt",
        'printf %s "{{ branch }}" > name.txt',
        "printf %s '{{ branch }}' > name.txt",
    ],
)
def test_hostile_branch_names_in_execute_never_run(
    repo: Path, hermetic_env: Path, name: str, dirname: str, command: str
) -> None:
    res = wt_process("switch", "-c", name, "-x", command, cwd=repo)
    assert res.returncode == 0, res.stderr
    target = repo.parent / f"repo.{dirname}"
    assert (target / "name.txt").read_text() == name
    assert files_named(hermetic_env, "pwned") == []


# -- paths with spaces --------------------------------------------------------------------


def test_worktree_path_template_with_spaces(repo: Path, cd_file: Path) -> None:
    git("config", "wt.worktree-path", "{{ repo_path }}/../all trees/{{ branch }} tree", cwd=repo)
    res = wt("switch", "-c", "feat", "--format", "json", cwd=repo, env=cd_env(cd_file))
    assert res.returncode == 0, res.stderr
    target = repo.parent / "all trees" / "feat tree"
    assert res.json() == json_doc("created", "feat", target, created_branch=True, base="main")
    assert target.is_dir()
    assert cd_file.read_text() == str(target)
    ran = wt_process("switch", "feat", "-x", "pwd > here.txt", cwd=repo)
    assert ran.returncode == 0, ran.stderr
    assert (target / "here.txt").read_text() == f"{target}\n"


# -- JSON, cd file ---------------------------------------------------------------------------


def test_execute_runs_in_landing_subdirectory(repo: Path) -> None:
    commit(repo, "sub/keep", "", "subdir")
    res = wt_process("switch", "-c", "feat", "-x", "pwd > here.txt", cwd=repo / "sub")
    assert res.returncode == 0, res.stderr
    target = repo.parent / "repo.feat" / "sub"
    assert (target / "here.txt").read_text() == f"{target}\n"


# -- --execute ---------------------------------------------------------------------------------


RECORDER = """#!/bin/sh
{ pwd; for a in "$@"; do printf '[%s]\\n' "$a"; done; } > "$RECORD"
exit 7
"""


def make_recorder(where: Path) -> Path:
    script = where / "record.sh"
    script.write_text(RECORDER)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def test_execute_replaces_process_with_args_intact(repo: Path, hermetic_env: Path) -> None:
    script = make_recorder(hermetic_env)
    record = hermetic_env / "record.txt"
    res = wt_process(
        "switch",
        "-c",
        "feat",
        "-x",
        str(script),
        "--",
        "a b",
        "it's",
        "$HOME",
        "{{ branch }}",
        cwd=repo,
        env={"RECORD": str(record)},
    )
    assert res.returncode == 7, res.stderr
    assert record.read_text().splitlines() == [
        str(repo.parent / "repo.feat"),
        "[a b]",
        "[it's]",
        "[$HOME]",
        "[feat]",
    ]
    assert branch_exists(repo, "feat")


def test_execute_on_existing_worktree_propagates_status(repo: Path) -> None:
    assert wt("switch", "-c", "feat", "--no-cd", cwd=repo).returncode == 0
    res = wt_process("switch", "feat", "-x", "exit 42", cwd=repo)
    assert res.returncode == 42
    ok = wt_process("switch", "feat", "-x", "test -f README", cwd=repo)
    assert ok.returncode == 0


# -- concurrency -------------------------------------------------------------------------------


def test_parallel_creates_of_different_branches(repo: Path) -> None:
    procs = [wt_popen("switch", "--create", f"b{i}", "--no-cd", cwd=repo) for i in range(10)]
    results = [(*p.communicate(timeout=120), p.returncode) for p in procs]
    for _out, err, code in results:
        assert code == 0, err
        assert_no_traceback(err)
    mapping = worktree_map(repo)
    assert mapping == {"main": str(repo)} | {
        f"b{i}": str(repo.parent / f"repo.b{i}") for i in range(10)
    }
    main_tip = rev(repo, "main")
    assert all(rev(repo, f"b{i}") == main_tip for i in range(10))


def test_parallel_creates_of_the_same_branch(repo: Path) -> None:
    procs = [wt_popen("switch", "--create", "same", "--no-cd", cwd=repo) for _ in range(5)]
    results = [(*p.communicate(timeout=120), p.returncode) for p in procs]
    codes = [code for _, _, code in results]
    assert codes.count(0) == 1, results
    for _out, err, code in results:
        assert_no_traceback(err)
        if code != 0:
            assert code == 1
            assert err.splitlines()[0].startswith("✗ ")
            assert "same" in err.splitlines()[0]
    same = [w for w in worktrees(repo) if w.get("branch") == "refs/heads/same"]
    assert [w["worktree"] for w in same] == [str(repo.parent / "repo.same")]


# -- advice for a person at a terminal ---------------------------------------------------


def test_without_integration_warns_about_shell_integration(repo: Path) -> None:
    res = wt_tty("switch", "-c", "feat", cwd=repo)  # advice for a person at a terminal
    assert res.returncode == 0, res.stderr
    assert res.stdout == ""
    warnings = [line for line in res.err_lines if line.startswith("▲ ")]
    assert len(warnings) == 1
    assert "shell integration" in res.stderr
    assert str(repo.parent / "repo.feat") in res.stderr
