"""`git wt switch`: real repositories, the CLI in process, no mocking."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from helpers import (
    Remote,
    assert_no_traceback,
    branch_exists,
    commit,
    config_get,
    files_named,
    git,
    init_repo,
    json_doc,
    local_branches,
    rev,
    sh,
    worktree_map,
    worktree_paths,
    wt,
)


def cd_env(cd_file: Path, **extra: str) -> dict[str, str | None]:
    return {"GIT_WT_CD_FILE": str(cd_file), **extra}


def assert_untouched(repo: Path, branches: set[str] | None = None) -> None:
    """Nothing was created: only the given branches, only the primary worktree."""
    assert local_branches(repo) == (branches or {"main"})
    assert worktree_paths(repo) == [str(repo)]
    assert sorted(p.name for p in repo.parent.iterdir()) == [repo.name]


# -- creating ---------------------------------------------------------------------------


def test_create_branch_and_worktree(repo: Path) -> None:
    main_tip = commit(repo, "second.txt", "2\n", "second")
    res = wt("switch", "-c", "feature/x", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert res.stdout == ""
    assert "feature/x" in res.err_lines[0]
    assert res.err_lines[0].startswith("✓ ")
    target = repo.parent / "repo.feature-x"
    assert target.is_dir()
    assert (target / "second.txt").read_text() == "2\n"
    assert rev(repo, "feature/x") == main_tip
    assert worktree_map(repo) == {"main": str(repo), "feature/x": str(target)}
    assert config_get(repo, "branch.feature/x.remote") is None


def test_create_json_document(repo: Path) -> None:
    res = wt("switch", "--create", "feat", "--format", "json", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert res.stdout.count("\n") == 1
    assert res.json() == json_doc(
        "created", "feat", repo.parent / "repo.feat", created_branch=True, base="main"
    )


def test_create_from_base_branch(repo: Path) -> None:
    git("switch", "-q", "-c", "dev", cwd=repo)
    dev_tip = commit(repo, "dev.txt", "dev\n", "dev work")
    git("switch", "-q", "main", cwd=repo)
    res = wt("switch", "-c", "topic", "--base", "dev", "--format", "json", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert res.json() == json_doc(
        "created", "topic", repo.parent / "repo.topic", created_branch=True, base="dev"
    )
    assert rev(repo, "topic") == dev_tip
    assert config_get(repo, "branch.topic.remote") is None


def test_create_from_base_tag(repo: Path) -> None:
    first = rev(repo, "HEAD")
    git("tag", "v1", cwd=repo)
    commit(repo, "later.txt", "later\n", "later")
    res = wt("switch", "-c", "fix", "-b", "v1", "--format", "json", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert res.json() == json_doc(
        "created", "fix", repo.parent / "repo.fix", created_branch=True, base="v1"
    )
    assert rev(repo, "fix") == first
    assert not (repo.parent / "repo.fix" / "later.txt").exists()


@pytest.mark.parametrize("length", [40, 8])
def test_create_from_base_sha(repo: Path, length: int) -> None:
    first = rev(repo, "HEAD")
    commit(repo, "later.txt", "later\n", "later")
    res = wt("switch", "-c", "old", "-b", first[:length], "--format", "json", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert rev(repo, "old") == first
    assert res.json()["action"] == "created"
    assert res.json()["base"] in (first[:length], first)


def test_create_from_base_caret_is_default_branch(repo: Path) -> None:
    main_tip = rev(repo, "main")
    assert wt("switch", "-c", "a", "--no-cd", cwd=repo).returncode == 0
    linked = repo.parent / "repo.a"
    a_tip = commit(linked, "a.txt", "a\n", "a work")
    assert a_tip != main_tip
    res = wt("switch", "-c", "b", "-b", "^", "--format", "json", cwd=linked)
    assert res.returncode == 0, res.stderr
    assert res.json() == json_doc(
        "created", "b", repo.parent / "repo.b", created_branch=True, base="main"
    )
    assert rev(repo, "b") == main_tip


def test_create_from_base_at_is_current_branch(repo: Path) -> None:
    assert wt("switch", "-c", "a", "--no-cd", cwd=repo).returncode == 0
    linked = repo.parent / "repo.a"
    a_tip = commit(linked, "a.txt", "a\n", "a work")
    res = wt("switch", "-c", "stacked", "--base", "@", "--format", "json", cwd=linked)
    assert res.returncode == 0, res.stderr
    assert res.json() == json_doc(
        "created", "stacked", repo.parent / "repo.stacked", created_branch=True, base="a"
    )
    assert rev(repo, "stacked") == a_tip


@pytest.mark.parametrize("base", ["origin/feature", "feature"])
def test_create_from_remote_base_does_not_track(remote: Remote, base: str) -> None:
    # Even with autoSetupMerge=always git would track the base; git-wt must not.
    git("config", "branch.autoSetupMerge", "always", cwd=remote.clone)
    res = wt("switch", "-c", "topic", "-b", base, "--format", "json", cwd=remote.clone)
    assert res.returncode == 0, res.stderr
    assert res.json() == json_doc(
        "created",
        "topic",
        remote.clone.parent / "clone.topic",
        created_branch=True,
        base="origin/feature",
    )
    assert rev(remote.clone, "topic") == remote.feature_sha
    assert config_get(remote.clone, "branch.topic.remote") is None
    assert config_get(remote.clone, "branch.topic.merge") is None
    assert not branch_exists(remote.clone, "feature")


def test_create_from_unknown_base_creates_nothing(repo: Path) -> None:
    res = wt("switch", "-c", "topic", "-b", "nosuch", cwd=repo)
    assert res.returncode == 1
    assert "nosuch" in res.stderr
    assert res.stdout == ""
    assert_no_traceback(res.stderr)
    assert_untouched(repo)


def test_existing_branch_without_worktree(repo: Path) -> None:
    git("branch", "topic", cwd=repo)
    topic_tip = rev(repo, "topic")
    commit(repo, "later.txt", "later\n", "later")
    res = wt("switch", "topic", "--format", "json", cwd=repo)
    assert res.returncode == 0, res.stderr
    target = repo.parent / "repo.topic"
    assert res.json() == json_doc("created", "topic", target)
    assert rev(repo, "topic") == topic_tip
    assert worktree_map(repo)["topic"] == str(target)
    assert not (target / "later.txt").exists()


def test_remote_only_branch_gets_tracking_local_branch(remote: Remote) -> None:
    assert local_branches(remote.clone) == {"main"}
    res = wt("switch", "feature", cwd=remote.clone)
    assert res.returncode == 0, res.stderr
    target = remote.clone.parent / "clone.feature"
    assert worktree_map(remote.clone)["feature"] == str(target)
    assert rev(remote.clone, "feature") == remote.feature_sha
    assert config_get(remote.clone, "branch.feature.remote") == "origin"
    assert config_get(remote.clone, "branch.feature.merge") == "refs/heads/feature"
    assert (target / "feature.txt").read_text() == "feature\n"


def test_remote_only_branch_json_reports_the_new_local_branch(remote: Remote) -> None:
    res = wt("switch", "feature", "--format", "json", cwd=remote.clone)
    assert res.returncode == 0, res.stderr
    # A local branch `feature` did not exist and now does: it was created.
    assert res.json() == json_doc(
        "created",
        "feature",
        remote.clone.parent / "clone.feature",
        created_branch=True,
        base="origin/feature",
    )


def test_origin_slash_form_resolves_to_the_branch(remote: Remote) -> None:
    res = wt("switch", "origin/feature", "--format", "json", cwd=remote.clone)
    assert res.returncode == 0, res.stderr
    target = remote.clone.parent / "clone.feature"
    assert res.json()["branch"] == "feature"
    assert res.json()["path"] == str(target)
    assert local_branches(remote.clone) == {"main", "feature"}
    assert config_get(remote.clone, "branch.feature.remote") == "origin"
    # Once the local branch has a worktree, `origin/feature` finds that worktree.
    again = wt("switch", "origin/feature", "--format", "json", cwd=remote.clone)
    assert again.returncode == 0, again.stderr
    assert again.json() == json_doc("switched", "feature", target)


@pytest.mark.parametrize("with_worktree", [False, True])
def test_create_with_existing_branch_is_refused(repo: Path, *, with_worktree: bool) -> None:
    git("branch", "topic", cwd=repo)
    tip = rev(repo, "topic")
    if with_worktree:
        assert wt("switch", "topic", "--no-cd", cwd=repo).returncode == 0
    before = worktree_paths(repo)
    res = wt("switch", "--create", "topic", cwd=repo)
    assert res.returncode == 1
    assert res.stdout == ""
    assert res.err_lines[0].startswith("✗ ")
    assert "topic" in res.err_lines[0]
    hint = res.err_lines[-1]
    assert hint.startswith("↳ ")
    assert "git wt switch topic" in hint
    assert "--create" not in hint.split("git wt switch", 1)[1]
    assert worktree_paths(repo) == before
    assert rev(repo, "topic") == tip


def test_create_hint_mentions_dropping_create(repo: Path) -> None:
    git("branch", "topic", cwd=repo)
    res = wt("switch", "-c", "topic", cwd=repo)
    assert res.returncode == 1
    hint = res.err_lines[-1]
    assert hint.startswith("↳ ")
    assert "--create" in hint
    assert hint.endswith("git wt switch topic")


def test_missing_branch_without_create(repo: Path) -> None:
    res = wt("switch", "nosuch", cwd=repo)
    assert res.returncode == 1
    assert res.stdout == ""
    assert res.err_lines[0].startswith("✗ ")
    assert "nosuch" in res.err_lines[0]
    assert any(
        line.startswith("↳ ") and "git wt switch --create nosuch" in line for line in res.err_lines
    )
    assert_untouched(repo)


@pytest.mark.parametrize("name", ["a b", "x..y", "-x", "bad.lock", "a:b", "a~1", "end/"])
def test_invalid_branch_names_are_refused(repo: Path, name: str) -> None:
    res = wt("switch", "-c", name, cwd=repo)
    assert res.returncode in (1, 2)
    assert res.stdout == ""
    assert res.err_lines[0].startswith("✗ ")
    assert_no_traceback(res.stderr)
    assert_untouched(repo)


def test_invalid_branch_name_error_gives_the_reason(repo: Path) -> None:
    res = wt("switch", "-c", "x..y", cwd=repo)
    assert res.returncode == 1
    assert "x..y" in res.err_lines[0]
    assert "invalid" in res.err_lines[0]


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
def test_hostile_branch_names_create_fine(
    repo: Path, cd_file: Path, hermetic_env: Path, name: str, dirname: str
) -> None:
    res = wt("switch", "-c", name, "--format", "json", cwd=repo, env=cd_env(cd_file))
    assert res.returncode == 0, res.stderr
    target = repo.parent / f"repo.{dirname}"
    assert res.json() == json_doc("created", name, target, created_branch=True, base="main")
    assert target.is_dir()
    assert branch_exists(repo, name)
    assert worktree_map(repo)[name] == str(target)
    assert cd_file.read_bytes() == os.fsencode(target)
    assert files_named(hermetic_env, "pwned") == []


# -- paths with spaces --------------------------------------------------------------------


def test_repo_path_with_spaces(work: Path, cd_file: Path) -> None:
    repo = init_repo(work / "my repo")
    res = wt("switch", "-c", "feat", "--format", "json", cwd=repo, env=cd_env(cd_file))
    assert res.returncode == 0, res.stderr
    target = work / "my repo.feat"
    assert res.json() == json_doc("created", "feat", target, created_branch=True, base="main")
    assert cd_file.read_text() == str(target)
    assert worktree_map(repo)["feat"] == str(target)


def test_relative_worktree_path_template_resolves_from_primary(repo: Path) -> None:
    git("config", "wt.worktree-path", "trees/{{ branch | sanitize }}", cwd=repo)
    sub = repo / "deep" / "er"
    sub.mkdir(parents=True)
    res = wt("switch", "-c", "f/g", "--format", "json", cwd=sub)
    assert res.returncode == 0, res.stderr
    assert res.json()["path"] == str(repo / "trees" / "f-g")


# -- shortcuts -----------------------------------------------------------------------------


def test_caret_goes_to_primary_worktree(repo: Path, cd_file: Path) -> None:
    assert wt("switch", "-c", "feat", "--no-cd", cwd=repo).returncode == 0
    linked = repo.parent / "repo.feat"
    res = wt("switch", "^", "--format", "json", cwd=linked, env=cd_env(cd_file))
    assert res.returncode == 0, res.stderr
    assert res.json() == json_doc("switched", "main", repo)
    assert cd_file.read_text() == str(repo)


def test_at_is_the_current_worktree(repo: Path, cd_file: Path) -> None:
    assert wt("switch", "-c", "feat", "--no-cd", cwd=repo).returncode == 0
    linked = repo.parent / "repo.feat"
    res = wt("switch", "@", "--format", "json", cwd=linked, env=cd_env(cd_file))
    assert res.returncode == 0, res.stderr
    assert res.json() == json_doc("already_there", "feat", linked)


def test_dash_goes_back_to_previous(repo: Path, cd_file: Path) -> None:
    for name in ("a", "b"):
        assert wt("switch", "-c", name, "--no-cd", cwd=repo).returncode == 0
    a, b = repo.parent / "repo.a", repo.parent / "repo.b"
    res = wt("switch", "b", "--format", "json", cwd=a, env=cd_env(cd_file))
    assert res.json() == json_doc("switched", "b", b)
    back = wt("switch", "-", "--format", "json", cwd=b, env=cd_env(cd_file))
    assert back.returncode == 0, back.stderr
    assert back.json() == json_doc("switched", "a", a)
    assert cd_file.read_text() == str(a)
    # And `-` again toggles forward.
    forth = wt("switch", "-", "--format", "json", cwd=a)
    assert forth.json() == json_doc("switched", "b", b)


def test_dash_without_history(repo: Path) -> None:
    res = wt("switch", "-", cwd=repo)
    assert res.returncode == 1
    assert res.stdout == ""
    assert res.err_lines[0].startswith("✗ ")
    assert res.err_lines[-1].startswith("↳ ")
    assert_no_traceback(res.stderr)


@pytest.mark.parametrize("shortcut", ["^", "@", "-"])
def test_create_with_shortcut_is_refused(repo: Path, shortcut: str) -> None:
    res = wt("switch", "-c", shortcut, cwd=repo)
    assert res.returncode in (1, 2)
    assert_no_traceback(res.stderr)
    assert_untouched(repo)


# -- JSON, cd file ---------------------------------------------------------------------------


def test_json_switched_and_already_there(repo: Path) -> None:
    assert wt("switch", "-c", "feat", "--no-cd", cwd=repo).returncode == 0
    target = repo.parent / "repo.feat"
    switched = wt("switch", "feat", "--format", "json", cwd=repo)
    assert switched.returncode == 0, switched.stderr
    assert switched.stdout.count("\n") == 1
    assert switched.json() == json_doc("switched", "feat", target)
    there = wt("switch", "feat", "--format", "json", cwd=target)
    assert there.returncode == 0, there.stderr
    assert there.json() == json_doc("already_there", "feat", target)
    primary = wt("switch", "main", "--format", "json", cwd=repo)
    assert primary.json() == json_doc("already_there", "main", repo)


def test_cd_file_gets_exactly_the_path(repo: Path, cd_file: Path) -> None:
    res = wt("switch", "-c", "feat", cwd=repo, env=cd_env(cd_file))
    assert res.returncode == 0, res.stderr
    assert cd_file.read_bytes() == str(repo.parent / "repo.feat").encode()
    assert "shell integration" not in res.stderr
    assert not any(line.startswith("▲") for line in res.err_lines)


def test_no_cd_writes_nothing(repo: Path, cd_file: Path) -> None:
    res = wt("switch", "-c", "feat", "--no-cd", cwd=repo, env=cd_env(cd_file))
    assert res.returncode == 0, res.stderr
    assert cd_file.read_text() == ""
    assert "shell integration" not in res.stderr
    assert (repo.parent / "repo.feat").is_dir()


def test_lands_in_same_subdirectory(repo: Path, cd_file: Path) -> None:
    commit(repo, "sub/dir/file.txt", "x\n", "subdir")
    start = repo / "sub" / "dir"
    res = wt("switch", "-c", "feat", cwd=start, env=cd_env(cd_file))
    assert res.returncode == 0, res.stderr
    assert cd_file.read_text() == str(repo.parent / "repo.feat" / "sub" / "dir")
    # And back: the primary worktree has the same subdirectory.
    back = wt("switch", "main", cwd=repo.parent / "repo.feat" / "sub", env=cd_env(cd_file))
    assert back.returncode == 0, back.stderr
    assert cd_file.read_text() == str(repo / "sub")


def test_lands_in_root_when_subdirectory_missing(repo: Path, cd_file: Path) -> None:
    start = repo / "untracked" / "dir"
    start.mkdir(parents=True)
    (start / "f").write_text("local only\n")
    res = wt("switch", "-c", "feat", cwd=start, env=cd_env(cd_file))
    assert res.returncode == 0, res.stderr
    assert cd_file.read_text() == str(repo.parent / "repo.feat")


# -- where it runs from ----------------------------------------------------------------------


@pytest.mark.parametrize("relative", [False, True])
def test_global_dash_c_option(repo: Path, work: Path, cd_file: Path, *, relative: bool) -> None:
    where = "repo" if relative else str(repo)
    res = wt("-C", where, "switch", "-c", "feat", "--format", "json", cwd=work, env=cd_env(cd_file))
    assert res.returncode == 0, res.stderr
    target = work / "repo.feat"
    assert res.json() == json_doc("created", "feat", target, created_branch=True, base="main")
    assert cd_file.read_text() == str(target)


def test_git_dash_c_option(repo: Path, work: Path) -> None:
    out = git("-C", "repo", "wt", "switch", "-c", "feat", "--no-cd", "--format", "json", cwd=work)
    assert json.loads(out) == json_doc(
        "created", "feat", work / "repo.feat", created_branch=True, base="main"
    )


def test_global_dash_c_missing_directory(work: Path) -> None:
    res = wt("-C", "nowhere", "switch", "x", cwd=work)
    assert res.returncode == 1
    assert res.stdout == ""
    assert_no_traceback(res.stderr)


def test_from_subdirectory_and_from_linked_worktree(repo: Path) -> None:
    main_tip = rev(repo, "main")
    (repo / "a" / "b").mkdir(parents=True)
    assert wt("switch", "-c", "one", "--no-cd", cwd=repo / "a" / "b").returncode == 0
    one = repo.parent / "repo.one"
    commit(one, "one.txt", "1\n", "one work")
    res = wt("switch", "-c", "two", "--format", "json", cwd=one)
    assert res.returncode == 0, res.stderr
    # Sibling of the primary worktree, based on the default branch (not on `one`).
    assert res.json() == json_doc(
        "created", "two", repo.parent / "repo.two", created_branch=True, base="main"
    )
    assert rev(repo, "two") == main_tip
    hop = wt("switch", "one", "--format", "json", cwd=repo.parent / "repo.two")
    assert hop.json() == json_doc("switched", "one", one)


# -- obstacles ---------------------------------------------------------------------------------


def test_plain_directory_in_the_way_is_refused(repo: Path) -> None:
    blocker = repo.parent / "repo.feat"
    blocker.mkdir()
    (blocker / "precious.txt").write_text("keep me\n")
    res = wt("switch", "-c", "feat", cwd=repo)
    assert res.returncode == 1
    assert str(blocker) in res.stderr
    assert "--clobber" in res.stderr
    assert sorted(os.listdir(blocker)) == ["precious.txt"]
    assert (blocker / "precious.txt").read_text() == "keep me\n"
    assert not branch_exists(repo, "feat")
    assert worktree_paths(repo) == [str(repo)]


def test_clobber_moves_the_directory_aside(repo: Path) -> None:
    blocker = repo.parent / "repo.feat"
    blocker.mkdir()
    (blocker / "precious.txt").write_text("keep me\n")
    res = wt("switch", "-c", "feat", "--clobber", "--format", "json", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert res.json() == json_doc("created", "feat", blocker, created_branch=True, base="main")
    backups = [p for p in repo.parent.iterdir() if p.name.startswith("repo.feat.bak.")]
    assert len(backups) == 1
    assert re.fullmatch(r"repo\.feat\.bak\.\d{8}-?\d{6}(-\d+)?", backups[0].name)
    assert (backups[0] / "precious.txt").read_text() == "keep me\n"
    assert worktree_map(repo)["feat"] == str(blocker)
    assert (blocker / "README").is_file()


def test_clobber_moves_a_file_aside(repo: Path) -> None:
    blocker = repo.parent / "repo.feat"
    blocker.write_text("a file\n")
    assert wt("switch", "-c", "feat", cwd=repo).returncode == 1
    assert blocker.read_text() == "a file\n"
    res = wt("switch", "-c", "feat", "--clobber", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert blocker.is_dir()
    backups = [p for p in repo.parent.iterdir() if p.name.startswith("repo.feat.bak.")]
    assert [b.read_text() for b in backups] == ["a file\n"]


def test_path_occupied_by_another_branch(repo: Path) -> None:
    git("config", "wt.worktree-path", "{{ repo_path }}/../shared", cwd=repo)
    assert wt("switch", "-c", "first", "--no-cd", cwd=repo).returncode == 0
    res = wt("switch", "-c", "second", cwd=repo)
    assert res.returncode == 1
    assert res.stdout == ""
    assert "first" in res.err_lines[0]
    assert str(repo.parent / "shared") in res.err_lines[0]
    assert not branch_exists(repo, "second")
    assert worktree_map(repo) == {"main": str(repo), "first": str(repo.parent / "shared")}


def test_default_branch_path_held_by_primary_on_another_branch(repo: Path) -> None:
    git("switch", "-q", "-c", "dev", cwd=repo)
    res = wt("switch", "main", cwd=repo)
    assert res.returncode == 1
    assert res.stdout == ""
    assert str(repo) in res.err_lines[0]
    assert "dev" in res.err_lines[0]
    assert any(line.startswith("↳ ") and "git switch main" in line for line in res.err_lines)
    assert worktree_paths(repo) == [str(repo)]
    assert_no_traceback(res.stderr)


def test_vanished_worktree_directory(repo: Path) -> None:
    import shutil

    assert wt("switch", "-c", "gone", "--no-cd", cwd=repo).returncode == 0
    shutil.rmtree(repo.parent / "repo.gone")
    res = wt("switch", "gone", cwd=repo)
    assert res.returncode == 1
    assert res.stdout == ""
    assert any(line.startswith("↳ ") and "git worktree prune" in line for line in res.err_lines)
    assert not (repo.parent / "repo.gone").exists()
    assert_no_traceback(res.stderr)


# -- --execute ---------------------------------------------------------------------------------


def test_execute_with_integration_writes_exec_file(
    repo: Path, cd_file: Path, exec_file: Path, hermetic_env: Path
) -> None:
    env = cd_env(cd_file, GIT_WT_EXEC_FILE=str(exec_file))
    res = wt("switch", "-c", "feat", "-x", "touch ran", "--", "a b", cwd=repo, env=env)
    assert res.returncode == 0, res.stderr
    target = repo.parent / "repo.feat"
    assert exec_file.read_text() == "touch ran 'a b'\n"
    assert cd_file.read_text() == str(target)
    assert files_named(hermetic_env, "ran") == []


def test_exec_file_payload_is_safe_to_source(
    repo: Path, cd_file: Path, exec_file: Path, hermetic_env: Path
) -> None:
    name = "x'y$(touch${IFS}pwned)"
    env = cd_env(cd_file, GIT_WT_EXEC_FILE=str(exec_file))
    res = wt(
        "switch",
        "-c",
        name,
        "-x",
        "printf '%s\\n' {{ branch }}",
        "--",
        "{{ branch }}",
        cwd=repo,
        env=env,
    )
    assert res.returncode == 0, res.stderr
    sourced = sh('. "$1"', cwd=hermetic_env, args=[str(exec_file)])
    assert sourced.returncode == 0, sourced.stderr
    assert sourced.stdout == f"{name}\n{name}\n"
    assert files_named(hermetic_env, "pwned") == []


@pytest.mark.parametrize(
    ("command", "trailing"),
    [
        ("{{ nope }}", []),
        ("echo {{ branch | nosuch }}", []),
        ("echo", ["{{ nope }}"]),
        ("echo {% if %}", []),
    ],
)
def test_bad_execute_template_creates_nothing(
    repo: Path, command: str, trailing: list[str]
) -> None:
    extra = ["--", *trailing] if trailing else []
    res = wt("switch", "-c", "feat", "-x", command, *extra, cwd=repo)
    assert res.returncode == 1
    assert res.stdout == ""
    assert_no_traceback(res.stderr)
    assert_untouched(repo)


# -- configuration errors and usage ------------------------------------------------------------


@pytest.mark.parametrize(
    "template",
    ["{{ nope }}", "{{ branch | nosuch }}", "{% if %}x{% endif %}", "{{ repo_path }}/{{ x.y }}"],
)
def test_bad_worktree_path_template(repo: Path, template: str) -> None:
    git("config", "wt.worktree-path", template, cwd=repo)
    res = wt("switch", "-c", "feat", cwd=repo)
    assert res.returncode == 1
    assert res.stdout == ""
    assert "wt.worktree-path" in res.err_lines[0]
    assert_no_traceback(res.stderr)
    assert_untouched(repo)


def test_no_selector_without_tty(repo: Path) -> None:
    res = wt("switch", cwd=repo)
    assert res.returncode == 1
    assert res.stdout == ""
    assert res.err_lines[0].startswith("✗ ")
    assert res.err_lines[-1].startswith("↳ ")
    assert_no_traceback(res.stderr)


def test_trailing_args_without_execute(repo: Path) -> None:
    res = wt("switch", "-c", "feat", "--", "extra", cwd=repo)
    assert res.returncode in (1, 2)
    assert res.stdout == ""
    assert res.err_lines[0].startswith("✗ ")
    assert_untouched(repo)


def test_base_without_create_warns(repo: Path) -> None:
    git("branch", "topic", cwd=repo)
    tip = rev(repo, "topic")
    git("switch", "-q", "-c", "other", cwd=repo)
    commit(repo, "o.txt", "o\n", "other work")
    git("switch", "-q", "main", cwd=repo)
    res = wt("switch", "topic", "--base", "other", cwd=repo)
    assert res.returncode == 0, res.stderr
    warnings = [line for line in res.err_lines if line.startswith("▲ ") and "--base" in line]
    assert len(warnings) == 1
    assert rev(repo, "topic") == tip


# -- bare repositories -------------------------------------------------------------------------


def test_bare_clone(repo: Path, work: Path, cd_file: Path) -> None:
    bare = work / "project.git"
    git("clone", "-q", "--bare", str(repo), str(bare), cwd=work)
    res = wt("switch", "-c", "feat", "--format", "json", cwd=bare, env=cd_env(cd_file))
    assert res.returncode == 0, res.stderr
    target = work / "project.feat"
    assert res.json() == json_doc("created", "feat", target, created_branch=True, base="main")
    assert cd_file.read_text() == str(target)
    assert rev(bare, "feat") == rev(bare, "main")
    main = wt("switch", "main", "--format", "json", cwd=bare)
    assert main.returncode == 0, main.stderr
    assert main.json() == json_doc("created", "main", work / "project.main")
    inner = wt("switch", "-c", "other", "--format", "json", cwd=target)
    assert inner.returncode == 0, inner.stderr
    assert inner.json()["path"] == str(work / "project.other")
    assert worktree_map(bare) == {
        "feat": str(target),
        "main": str(work / "project.main"),
        "other": str(work / "project.other"),
    }


def test_hidden_bare_layout(repo: Path, work: Path) -> None:
    project = work / "project"
    project.mkdir()
    git("clone", "-q", "--bare", str(repo), str(project / ".bare"), cwd=work)
    (project / ".git").write_text("gitdir: ./.bare\n")
    res = wt("switch", "-c", "feat", "--format", "json", cwd=project)
    assert res.returncode == 0, res.stderr
    assert res.json() == json_doc(
        "created", "feat", project / "feat", created_branch=True, base="main"
    )
    main = wt("switch", "main", "--format", "json", cwd=project)
    assert main.json() == json_doc("created", "main", project / "main")
    inner = wt("switch", "-c", "x/y", "--format", "json", cwd=project / "feat")
    assert inner.json() == json_doc(
        "created", "x/y", project / "x-y", created_branch=True, base="main"
    )
    assert sorted(p.name for p in project.iterdir()) == [".bare", ".git", "feat", "main", "x-y"]


@pytest.mark.parametrize("how", ["relative", "absolute"])
def test_detached_worktree_by_path(repo: Path, cd_file: Path, how: str) -> None:
    det = repo.parent / "repo.det"
    git("worktree", "add", "-q", "--detach", str(det), "HEAD", cwd=repo)
    selector = "../repo.det" if how == "relative" else str(det)
    res = wt("switch", selector, "--format", "json", cwd=repo, env=cd_env(cd_file))
    assert res.returncode == 0, res.stderr
    assert res.json() == json_doc("switched", None, det)
    assert cd_file.read_text() == str(det)
