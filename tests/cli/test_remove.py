"""`git wt remove`: selectors, refusals, branch deletion rules, JSON, speed path, races."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from helpers import (
    Result,
    assert_no_traceback,
    branch_exists,
    commit,
    files_named,
    git,
    init_repo,
    local_branches,
    rev,
    worktree_paths,
    wt,
)

# -- helpers local to this module ------------------------------------------------------


def run(
    *args: str, cwd: str | os.PathLike[str], env: dict[str, str | None] | None = None
) -> Result:
    """`git wt ARGS`, with the contract that holds for every call: no traceback, ever."""
    result = wt(*args, cwd=cwd, env=env)
    assert_no_traceback(result.stdout, result.stderr)
    return result


def add_worktree(repo: Path, branch: str, base: str = "main", path: Path | None = None) -> Path:
    """A linked worktree made with plain git (at the default sibling path unless given)."""
    path = path or repo.parent / f"repo.{branch}"
    git("worktree", "add", "-q", "-b", branch, str(path), base, cwd=repo)
    return path


def state(repo: Path) -> tuple[str, str]:
    """Everything a refused removal must leave alone: registrations and every ref."""
    return (
        git("worktree", "list", "--porcelain", cwd=repo),
        git("show-ref", cwd=repo, check=False),
    )


def error_lines(result: Result) -> list[str]:
    return [line for line in result.err_lines if line.startswith("✗")]


def hint_lines(result: Result) -> list[str]:
    return [line for line in result.err_lines if line.startswith("↳")]


def trash_dir(repo: Path) -> Path:
    common = git("rev-parse", "--path-format=absolute", "--git-common-dir", cwd=repo).strip()
    return Path(common) / "wt" / "trash"


def wait_until_empty(directory: Path, timeout: float = 5.0) -> list[str]:
    """Poll until `directory` is empty or missing; return what is left."""
    deadline = time.monotonic() + timeout
    while True:
        left = sorted(os.listdir(directory)) if directory.is_dir() else []
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.05)


def entry(branch: str | None, path: str | os.PathLike[str] | None, outcome: str) -> dict[str, Any]:
    return {
        "branch": branch,
        "path": None if path is None else str(path),
        "branch_outcome": outcome,
    }


def assert_removed(repo: Path, path: Path) -> None:
    assert not path.exists()
    assert str(path) not in worktree_paths(repo)


# -- selectors -------------------------------------------------------------------------


def test_remove_by_branch_deletes_the_worktree_and_the_integrated_branch(repo: Path) -> None:
    feat = add_worktree(repo, "feat")
    result = run("remove", "feat", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert_removed(repo, feat)
    assert worktree_paths(repo) == [str(repo)]
    assert local_branches(repo) == {"main"}
    assert error_lines(result) == []


@pytest.mark.parametrize("selector", ["../repo.feat", "../repo.feat/", "./../repo.feat"])
def test_remove_by_relative_path(repo: Path, selector: str) -> None:
    feat = add_worktree(repo, "feat")
    result = run("remove", selector, cwd=repo)
    assert result.returncode == 0, result.stderr
    assert_removed(repo, feat)
    assert not branch_exists(repo, "feat")


def test_remove_by_absolute_path(repo: Path) -> None:
    feat = add_worktree(repo, "feat")
    result = run("remove", str(feat), cwd=repo)
    assert result.returncode == 0, result.stderr
    assert_removed(repo, feat)
    assert not branch_exists(repo, "feat")


@pytest.mark.parametrize("form", ["absolute", "relative"])
def test_remove_by_path_with_spaces(repo: Path, work: Path, form: str) -> None:
    spaced = work / "my trees" / "feat wt"
    spaced.parent.mkdir()
    add_worktree(repo, "feat", path=spaced)
    selector = str(spaced) if form == "absolute" else "../my trees/feat wt"
    result = run("remove", selector, cwd=repo)
    assert result.returncode == 0, result.stderr
    assert_removed(repo, spaced)
    assert (work / "my trees").is_dir()  # only the worktree itself goes
    assert not branch_exists(repo, "feat")


def test_several_selectors_remove_the_valid_ones_and_exit_1(repo: Path) -> None:
    a = add_worktree(repo, "a")
    b = add_worktree(repo, "b")
    dirty = add_worktree(repo, "dirty")
    (dirty / "notes.txt").write_text("keep me\n")
    result = run("remove", "a", "no-such-branch", "dirty", "b", cwd=repo)
    assert result.returncode == 1
    assert_removed(repo, a)
    assert_removed(repo, b)
    assert not branch_exists(repo, "a")
    assert not branch_exists(repo, "b")
    # The invalid ones are reported, one error each, and left alone.
    errors = error_lines(result)
    assert len(errors) == 2, result.stderr
    assert "no-such-branch" in errors[0]
    assert "dirty" in errors[1]
    assert (dirty / "notes.txt").read_text() == "keep me\n"
    assert str(dirty) in worktree_paths(repo)
    assert branch_exists(repo, "dirty")


def test_several_selectors_all_valid_exit_0(repo: Path) -> None:
    paths = [add_worktree(repo, name) for name in ("one", "two", "three")]
    result = run("remove", "one", "../repo.two", str(paths[2]), cwd=repo)
    assert result.returncode == 0, result.stderr
    for path in paths:
        assert_removed(repo, path)
    assert local_branches(repo) == {"main"}


def test_the_same_worktree_named_twice_is_removed_once(repo: Path) -> None:
    feat = add_worktree(repo, "feat")
    result = run("remove", "feat", str(feat), "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.json() == [entry("feat", feat, "deleted")]
    assert_removed(repo, feat)


@pytest.mark.parametrize("selector", [[], ["@"]])
def test_no_selector_or_at_removes_the_current_worktree(
    repo: Path, cd_file: Path, selector: list[str]
) -> None:
    feat = add_worktree(repo, "feat")
    result = run("remove", *selector, cwd=feat, env={"GIT_WT_CD_FILE": str(cd_file)})
    assert result.returncode == 0, result.stderr
    assert_removed(repo, feat)
    assert not branch_exists(repo, "feat")
    assert cd_file.read_text().strip("\n") == str(repo)


def test_current_worktree_removal_lands_in_the_same_subdirectory(repo: Path, cd_file: Path) -> None:
    commit(repo, "src/pkg/mod.py", "x = 1\n", "add src")
    feat = add_worktree(repo, "feat")
    result = run("remove", cwd=feat / "src" / "pkg", env={"GIT_WT_CD_FILE": str(cd_file)})
    assert result.returncode == 0, result.stderr
    assert_removed(repo, feat)
    assert cd_file.read_text().strip("\n") == str(repo / "src" / "pkg")


def test_current_worktree_removal_lands_at_the_top_when_the_subdirectory_is_missing(
    repo: Path, cd_file: Path
) -> None:
    feat = add_worktree(repo, "feat")
    commit(feat, "only-here/file.txt", "new\n", "only on feat")
    result = run("remove", "-D", cwd=feat / "only-here", env={"GIT_WT_CD_FILE": str(cd_file)})
    assert result.returncode == 0, result.stderr
    assert_removed(repo, feat)
    assert cd_file.read_text().strip("\n") == str(repo)


def test_current_worktree_goes_last_among_several(repo: Path, cd_file: Path) -> None:
    feat = add_worktree(repo, "feat")
    other = add_worktree(repo, "other")
    result = run(
        "remove", "@", "other", "--format", "json", cwd=feat, env={"GIT_WT_CD_FILE": str(cd_file)}
    )
    assert result.returncode == 0, result.stderr
    assert result.json() == [entry("other", other, "deleted"), entry("feat", feat, "deleted")]
    assert_removed(repo, feat)
    assert_removed(repo, other)
    assert cd_file.read_text().strip("\n") == str(repo)


def test_a_detached_current_worktree_is_removed_with_at(repo: Path, cd_file: Path) -> None:
    detached = repo.parent / "repo.detached"
    git("worktree", "add", "-q", "--detach", str(detached), "main", cwd=repo)
    result = run(
        "remove", "@", "--format", "json", cwd=detached, env={"GIT_WT_CD_FILE": str(cd_file)}
    )
    assert result.returncode == 0, result.stderr
    assert result.json() == [entry(None, detached, "none")]
    assert_removed(repo, detached)
    assert local_branches(repo) == {"main"}
    assert cd_file.read_text().strip("\n") == str(repo)


def test_worktrees_with_the_same_directory_name_are_both_removed(repo: Path, work: Path) -> None:
    git("config", "wt.remove.keep", "0", cwd=repo)  # deleted at once, not kept for undo
    first = add_worktree(repo, "x", path=work / "a" / "same")
    second = add_worktree(repo, "y", path=work / "b" / "same")
    result = run("remove", str(first), str(second), cwd=repo)
    assert result.returncode == 0, result.stderr
    assert_removed(repo, first)
    assert_removed(repo, second)
    assert local_branches(repo) == {"main"}
    assert wait_until_empty(trash_dir(repo)) == []


@pytest.mark.parametrize(
    "name", ["feat;touch${IFS}pwned", "a$(touch${IFS}pwned)", "x'y", "ünï/cødé", "`touch`pwned"]
)
def test_branch_names_are_never_executed(repo: Path, work: Path, name: str) -> None:
    path = add_worktree(repo, name, path=work / "repo.odd")
    commit(path, "odd.txt", "odd\n", "unmerged")
    result = run("remove", name, cwd=repo)
    assert result.returncode == 0, result.stderr
    assert_removed(repo, path)
    assert branch_exists(repo, name)
    # The hint names a command that, pasted into a shell, deletes exactly this branch.
    commands = [h.split("git wt remove -D ", 1)[1] for h in hint_lines(result) if "-D " in h]
    assert len(commands) == 1, result.stderr
    assert shlex.split(commands[0]) == [name]
    result = run("remove", "-D", name, cwd=repo)
    assert result.returncode == 0, result.stderr
    assert local_branches(repo) == {"main"}
    assert files_named(work.parent, "pwned") == []


# -- refusals: nothing changes ---------------------------------------------------------


@pytest.mark.parametrize(
    "args", [["main"], ["-D", "main"], ["."], ["@"], [], ["-f", "-D", "@"]], ids=str
)
def test_the_primary_worktree_is_never_removed(repo: Path, args: list[str]) -> None:
    add_worktree(repo, "feat")
    before = state(repo)
    result = run("remove", *args, cwd=repo)
    assert result.returncode == 1
    assert len(error_lines(result)) == 1, result.stderr
    assert "primary" in error_lines(result)[0]
    assert state(repo) == before
    assert (repo / "README").is_file()


def test_the_default_branch_in_a_linked_worktree_is_refused_without_D(repo: Path) -> None:
    git("switch", "-q", "-c", "dev", cwd=repo)  # the primary leaves main
    main_wt = repo.parent / "repo.main"
    git("worktree", "add", "-q", str(main_wt), "main", cwd=repo)
    git("config", "wt.default-branch", "main", cwd=repo)
    before = state(repo)
    result = run("remove", "main", cwd=repo)
    assert result.returncode == 1
    assert len(error_lines(result)) == 1
    assert "default branch" in error_lines(result)[0]
    assert any("-D" in hint for hint in hint_lines(result)), result.stderr
    assert state(repo) == before
    assert main_wt.is_dir()

    result = run("remove", "-D", "main", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.json() == [entry("main", main_wt, "deleted")]
    assert_removed(repo, main_wt)
    assert local_branches(repo) == {"dev"}


def test_the_default_branch_without_a_worktree_is_refused_without_D(repo: Path) -> None:
    git("switch", "-q", "-c", "dev", cwd=repo)
    git("config", "wt.default-branch", "main", cwd=repo)
    before = state(repo)
    result = run("remove", "main", cwd=repo)
    assert result.returncode == 1
    assert "default branch" in error_lines(result)[0]
    assert any("-D" in hint for hint in hint_lines(result)), result.stderr
    assert state(repo) == before

    result = run("remove", "-D", "main", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.json() == [entry("main", None, "deleted")]
    assert local_branches(repo) == {"dev"}


@pytest.mark.parametrize("flags", [[], ["--force"], ["-f", "-D"]], ids=str)
def test_a_locked_worktree_is_refused(repo: Path, flags: list[str]) -> None:
    feat = add_worktree(repo, "feat")
    git("worktree", "lock", "--reason", "on a usb stick", str(feat), cwd=repo)
    before = state(repo)
    result = run("remove", *flags, "feat", cwd=repo)
    assert result.returncode == 1
    assert len(error_lines(result)) == 1, result.stderr
    assert "locked" in error_lines(result)[0]
    assert any(f"git worktree unlock {feat}" in hint for hint in hint_lines(result))
    assert state(repo) == before
    assert (feat / "README").is_file()


def test_a_locked_worktree_whose_directory_is_gone_is_refused(repo: Path) -> None:
    feat = add_worktree(repo, "feat")
    git("worktree", "lock", str(feat), cwd=repo)
    shutil.rmtree(feat)
    before = state(repo)
    result = run("remove", "feat", cwd=repo)
    assert result.returncode == 1
    assert "locked" in error_lines(result)[0]
    assert state(repo) == before


def make_dirty(worktree: Path, kind: str) -> None:
    if kind == "staged":
        (worktree / "staged.txt").write_text("staged\n")
        git("add", "staged.txt", cwd=worktree)
    elif kind == "modified":
        (worktree / "README").write_text("changed\n")
    else:
        (worktree / "untracked.txt").write_text("untracked\n")


DIRTY_KINDS = ["staged", "modified", "untracked"]


@pytest.mark.parametrize("kind", DIRTY_KINDS)
def test_a_dirty_worktree_is_refused(repo: Path, kind: str) -> None:
    feat = add_worktree(repo, "feat")
    make_dirty(feat, kind)
    before = state(repo)
    status_before = git("status", "--porcelain", cwd=feat)
    result = run("remove", "feat", cwd=repo)
    assert result.returncode == 1
    assert len(error_lines(result)) == 1, result.stderr
    assert "uncommitted" in error_lines(result)[0]
    assert any("--force" in hint for hint in hint_lines(result)), result.stderr
    assert state(repo) == before
    assert git("status", "--porcelain", cwd=feat) == status_before


@pytest.mark.parametrize("kind", DIRTY_KINDS)
def test_force_removes_a_dirty_worktree_and_still_applies_the_branch_rule(
    repo: Path, kind: str
) -> None:
    feat = add_worktree(repo, "feat")  # same commit as main: integrated
    spike = add_worktree(repo, "spike")
    spike_sha = commit(spike, "spike.txt", "idea\n", "unmerged work")
    make_dirty(feat, kind)
    make_dirty(spike, kind)
    result = run("remove", "--force", "feat", "spike", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.json() == [
        entry("feat", feat, "deleted"),
        entry("spike", spike, "retained_unmerged"),
    ]
    assert_removed(repo, feat)
    assert_removed(repo, spike)
    assert not branch_exists(repo, "feat")
    assert rev(repo, "spike") == spike_sha


def test_ignored_files_do_not_make_a_worktree_dirty(repo: Path) -> None:
    commit(repo, ".gitignore", "build/\n", "ignore build output")
    feat = add_worktree(repo, "feat")
    (feat / "build").mkdir()
    (feat / "build" / "out.o").write_text("object\n")
    result = run("remove", "feat", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert_removed(repo, feat)
    assert not branch_exists(repo, "feat")


def test_a_worktree_holding_another_worktree_is_refused(repo: Path) -> None:
    commit(repo, ".gitignore", "nested/\n", "ignore nested")
    feat = add_worktree(repo, "feat")
    inner = add_worktree(repo, "inner", path=feat / "nested" / "inner")
    (inner / "uncommitted.txt").write_text("work in progress\n")
    before = state(repo)
    result = run("remove", "feat", cwd=repo)
    # Removing feat would take inner (and its uncommitted file) with it.
    assert result.returncode == 1, result.stderr
    assert len(error_lines(result)) == 1, result.stderr
    assert state(repo) == before
    assert (inner / "uncommitted.txt").read_text() == "work in progress\n"


def test_a_failing_pre_remove_hook_aborts_and_changes_nothing(repo: Path) -> None:
    feat = add_worktree(repo, "feat")
    git("config", "wt.hook.pre-remove", "exit 3", cwd=repo)
    before = state(repo)
    result = run("remove", "feat", cwd=repo)
    assert result.returncode == 1
    assert len(error_lines(result)) == 1, result.stderr
    assert state(repo) == before
    assert (feat / "README").is_file()

    result = run("remove", "--no-hooks", "feat", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert_removed(repo, feat)


def test_a_worktree_moved_away_with_another_directory_in_its_place_is_refused(
    repo: Path, work: Path
) -> None:
    feat = add_worktree(repo, "feat")
    feat.rename(work / "moved")
    feat.mkdir()
    (feat / "precious.txt").write_text("not yours\n")
    before = state(repo)
    result = run("remove", "feat", cwd=repo)
    assert result.returncode == 1
    assert len(error_lines(result)) == 1, result.stderr
    assert len(hint_lines(result)) == 1, result.stderr  # what to do about it
    assert state(repo) == before
    assert (feat / "precious.txt").read_text() == "not yours\n"
    assert os.listdir(feat) == ["precious.txt"]
    assert (work / "moved" / "README").is_file()

    result = run("remove", "--force", "feat", cwd=repo)
    assert result.returncode == 1
    assert state(repo) == before
    assert os.listdir(feat) == ["precious.txt"]


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
def test_another_repositorys_worktree_in_its_place_is_refused(
    repo: Path, work: Path, force: list[str]
) -> None:
    feat = add_worktree(repo, "feat")
    feat.rename(work / "moved")
    other = init_repo(work / "other")
    git("worktree", "add", "-q", "-b", "theirs", str(feat), cwd=other)
    (feat / "their-work.txt").write_text("theirs\n")
    before, other_before = state(repo), state(other)
    result = run("remove", *force, "feat", cwd=repo)
    assert result.returncode == 1
    assert len(error_lines(result)) == 1, result.stderr
    assert "does not hold" in error_lines(result)[0]
    assert state(repo) == before
    assert state(other) == other_before
    assert (feat / "their-work.txt").read_text() == "theirs\n"


def test_another_repository_in_its_place_is_refused(repo: Path, work: Path) -> None:
    feat = add_worktree(repo, "feat")
    feat.rename(work / "moved")
    init_repo(feat)
    before = state(repo)
    result = run("remove", "--force", "feat", cwd=repo)
    assert result.returncode == 1
    assert "does not hold" in error_lines(result)[0]
    assert state(repo) == before
    assert rev(feat, "HEAD")  # the other repository is intact


def test_a_plain_directory_that_is_no_worktree_is_refused(repo: Path, work: Path) -> None:
    plain = work / "plain"
    plain.mkdir()
    before = state(repo)
    result = run("remove", str(plain), cwd=repo)
    assert result.returncode == 1
    assert state(repo) == before
    assert plain.is_dir()


# -- branch deletion rules -------------------------------------------------------------


def case_same_commit(repo: Path) -> None:
    add_worktree(repo, "feat")


def case_ancestor(repo: Path) -> None:
    add_worktree(repo, "feat")
    commit(repo, "later.txt", "main moved on\n", "main moves on")


def case_no_added_changes(repo: Path) -> None:
    feat = add_worktree(repo, "feat")
    commit(feat, "tmp.txt", "temporary\n", "try something")
    git("rm", "-q", "tmp.txt", cwd=feat)
    git("commit", "-q", "-m", "take it back", cwd=feat)
    commit(repo, "later.txt", "main moved on\n", "main moves on")


def case_trees_match(repo: Path) -> None:
    feat = add_worktree(repo, "feat")
    commit(feat, "same.txt", "identical\n", "on the branch")
    commit(repo, "same.txt", "identical\n", "the same change made on main")


def case_squash_merged(repo: Path) -> None:
    feat = add_worktree(repo, "feat")
    commit(feat, "a.txt", "a\n", "first")
    commit(feat, "b.txt", "b\n", "second")
    git("merge", "-q", "--squash", "feat", cwd=repo)
    git("commit", "-q", "-m", "squash of feat", cwd=repo)
    commit(repo, "c.txt", "main moves on\n", "unrelated work on main")


def case_patch_id(repo: Path) -> None:
    commit(repo, "f.txt", "one\ntwo\nthree\n", "base for f")
    feat = add_worktree(repo, "feat")
    commit(feat, "f.txt", "one\nTWO\nthree\n", "change a line")
    commit(feat, "g.txt", "g\n", "add g")
    # main takes the branch's whole change as one commit, then edits the same line, so a
    # simulated merge of the branch conflicts and only the patch id proves it merged.
    git("merge", "-q", "--squash", "feat", cwd=repo)
    git("commit", "-q", "-m", "squash of feat", cwd=repo)
    commit(repo, "f.txt", "one\n2\nthree\n", "edit the same line again")
    merged = subprocess.run(
        ["git", "merge-tree", "--write-tree", "main", "feat"],
        cwd=repo,
        capture_output=True,
        check=False,
    )
    assert merged.returncode == 1, "the case must make merge-tree conflict"


INTEGRATED = {
    "same_commit": case_same_commit,
    "ancestor": case_ancestor,
    "no_added_changes": case_no_added_changes,
    "trees_match": case_trees_match,
    "merge_adds_nothing": case_squash_merged,
    "patch_id_match": case_patch_id,
}


@pytest.mark.parametrize("reason", list(INTEGRATED))
def test_an_integrated_branch_is_deleted(repo: Path, reason: str) -> None:
    INTEGRATED[reason](repo)
    feat = repo.parent / "repo.feat"
    main_before = rev(repo, "main")
    result = run("remove", "feat", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.json() == [entry("feat", feat, "deleted")]
    assert_removed(repo, feat)
    assert local_branches(repo) == {"main"}
    assert rev(repo, "main") == main_before


@pytest.mark.parametrize("reason", list(INTEGRATED))
def test_list_names_the_first_integration_check_that_holds(repo: Path, reason: str) -> None:
    INTEGRATED[reason](repo)
    result = run("list", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    rows = {item["branch"]: item for item in result.json()["items"]}
    assert rows["feat"]["default_branch"]["integrated"] == reason


@pytest.mark.parametrize("reason", list(INTEGRATED))
def test_an_integrated_branch_without_a_worktree_is_deleted_by_name(
    repo: Path, reason: str
) -> None:
    INTEGRATED[reason](repo)
    git("worktree", "remove", "--force", str(repo.parent / "repo.feat"), cwd=repo)
    result = run("remove", "feat", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.json() == [entry("feat", None, "deleted")]
    assert local_branches(repo) == {"main"}


def make_unmerged(repo: Path) -> tuple[Path, str]:
    feat = add_worktree(repo, "feat")
    sha = commit(feat, "new.txt", "new work\n", "not in main yet")
    commit(repo, "other.txt", "other\n", "main moves on")
    return feat, sha


def test_an_unmerged_branch_is_kept_with_a_hint_naming_D(repo: Path) -> None:
    feat, sha = make_unmerged(repo)
    result = run("remove", "feat", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert_removed(repo, feat)
    assert rev(repo, "feat") == sha
    hints = [h for h in hint_lines(result) if "-D" in h]
    assert hints and "git wt remove -D feat" in hints[0], result.stderr


def test_D_deletes_an_unmerged_branch(repo: Path) -> None:
    feat, _ = make_unmerged(repo)
    result = run("remove", "-D", "feat", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.json() == [entry("feat", feat, "deleted")]
    assert_removed(repo, feat)
    assert local_branches(repo) == {"main"}


def test_no_delete_branch_keeps_an_integrated_branch(repo: Path) -> None:
    feat = add_worktree(repo, "feat")
    sha = rev(repo, "feat")
    result = run("remove", "--no-delete-branch", "feat", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.json() == [entry("feat", feat, "retained_flag")]
    assert_removed(repo, feat)
    assert rev(repo, "feat") == sha


def test_D_with_no_delete_branch_is_an_error(repo: Path) -> None:
    feat, _ = make_unmerged(repo)
    before = state(repo)
    result = run("remove", "-D", "--no-delete-branch", "feat", cwd=repo)
    assert result.returncode in (1, 2)
    assert len(error_lines(result)) == 1, result.stderr
    assert result.stdout == ""
    assert state(repo) == before
    assert feat.is_dir()


def test_an_unmerged_branch_without_a_worktree_is_kept_unless_D(repo: Path) -> None:
    git("branch", "spike", cwd=repo)
    git("switch", "-q", "spike", cwd=repo)
    sha = commit(repo, "spike.txt", "spike\n", "spike work")
    git("switch", "-q", "main", cwd=repo)
    before = state(repo)
    result = run("remove", "spike", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.json() == [entry("spike", None, "retained_unmerged")]
    assert any("git wt remove -D spike" in h for h in hint_lines(result)), result.stderr
    assert state(repo) == before
    assert rev(repo, "spike") == sha

    result = run("remove", "-D", "spike", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert local_branches(repo) == {"main"}


def test_a_branch_checked_out_elsewhere_is_kept_even_with_D(repo: Path, work: Path) -> None:
    feat = add_worktree(repo, "feat")
    twin = work / "twin"
    git("worktree", "add", "-q", "--force", str(twin), "feat", cwd=repo)
    result = run("remove", "-D", "feat", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.json() == [entry("feat", feat, "retained_checked_out")]
    assert_removed(repo, feat)
    assert branch_exists(repo, "feat")
    assert str(twin) in worktree_paths(repo)


def test_a_name_that_exists_only_on_a_remote_is_refused(remote: Any) -> None:
    clone = remote.clone
    before = state(clone)
    for selector in ("feature", "origin/feature"):
        result = run("remove", selector, cwd=clone)
        assert result.returncode == 1, selector
        assert len(error_lines(result)) == 1, result.stderr
        assert "remote" in error_lines(result)[0]
        assert hint_lines(result), result.stderr
        assert state(clone) == before
    assert rev(clone, "origin/feature") == remote.feature_sha


def test_an_unknown_name_exits_1_with_a_hint(repo: Path) -> None:
    before = state(repo)
    result = run("remove", "nope", cwd=repo)
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(error_lines(result)) == 1
    assert "nope" in error_lines(result)[0]
    assert len(hint_lines(result)) == 1
    assert "git wt" in hint_lines(result)[0]
    assert state(repo) == before


def test_json_lists_every_outcome(repo: Path) -> None:
    merged = add_worktree(repo, "merged")
    spike = add_worktree(repo, "spike")
    commit(spike, "spike.txt", "spike\n", "unmerged")
    detached = repo.parent / "repo.detached"
    git("worktree", "add", "-q", "--detach", str(detached), "main", cwd=repo)
    result = run("remove", "merged", "spike", "../repo.detached", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.json() == [
        entry("merged", merged, "deleted"),
        entry("spike", spike, "retained_unmerged"),
        entry(None, detached, "none"),
    ]
    kept = add_worktree(repo, "kept")
    result = run("remove", "--no-delete-branch", "kept", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.json() == [entry("kept", kept, "retained_flag")]
    assert worktree_paths(repo) == [str(repo)]
    assert local_branches(repo) == {"main", "spike", "kept"}


def test_json_on_failure_is_still_one_document(repo: Path) -> None:
    feat = add_worktree(repo, "feat")
    result = run("remove", "feat", "nope", "--format", "json", cwd=repo)
    assert result.returncode == 1
    assert result.json() == [entry("feat", feat, "deleted")]


# -- the fast path -----------------------------------------------------------------------


def test_background_removal_is_done_when_the_command_returns(repo: Path) -> None:
    git("config", "wt.remove.keep", "0", cwd=repo)  # deleted at once, not kept for undo
    feat = add_worktree(repo, "feat")
    for i in range(200):
        (feat / f"file{i}.txt").write_text("x\n" * 100)
    git("add", ".", cwd=feat)
    git("commit", "-q", "-m", "many files", cwd=feat)
    result = run("remove", "-D", "feat", cwd=repo)
    assert result.returncode == 0, result.stderr
    # Synchronously gone: the path and the registration (the branch too).
    assert not feat.exists()
    assert "repo.feat" not in git("worktree", "list", cwd=repo)
    assert not branch_exists(repo, "feat")
    assert wait_until_empty(trash_dir(repo)) == []


def test_foreground_removal_leaves_no_trash(repo: Path) -> None:
    git("config", "wt.remove.keep", "0", cwd=repo)  # deleted at once, not kept for undo
    feat = add_worktree(repo, "feat")
    commit(feat, "big.txt", "y\n" * 10000, "a big file")
    result = run("remove", "--foreground", "-D", "feat", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.json() == [entry("feat", feat, "deleted")]
    assert_removed(repo, feat)
    trash = trash_dir(repo)
    assert not trash.is_dir() or os.listdir(trash) == []


def make_unmerged_named(repo: Path, branch: str) -> tuple[Path, str]:
    path = add_worktree(repo, branch)
    return path, commit(path, f"{branch}.txt", "work\n", f"{branch} work")


# -- stale registrations ---------------------------------------------------------------


def test_a_worktree_deleted_by_hand_is_pruned_and_its_branch_follows_the_rule(
    repo: Path,
) -> None:
    feat = add_worktree(repo, "feat")
    spike, sha = make_unmerged_named(repo, "spike")
    shutil.rmtree(feat)
    shutil.rmtree(spike)
    result = run("remove", "feat", "../repo.spike", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.json() == [
        entry("feat", feat, "deleted"),
        entry("spike", spike, "retained_unmerged"),
    ]
    assert worktree_paths(repo) == [str(repo)]
    assert local_branches(repo) == {"main", "spike"}
    assert rev(repo, "spike") == sha


# -- compare-and-swap --------------------------------------------------------------------


def test_a_branch_that_moves_during_removal_is_kept(repo: Path) -> None:
    feat = add_worktree(repo, "feat")
    old = rev(repo, "feat")
    git("config", "wt.hook.pre-remove", "git commit --allow-empty -qm moved", cwd=repo)
    result = run("remove", "feat", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.json() == [entry("feat", feat, "retained_raced")]
    assert_removed(repo, feat)
    new = rev(repo, "feat")
    assert new != old
    assert rev(repo, "feat~1") == old
    assert git("log", "-1", "--format=%s", "feat", cwd=repo).strip() == "moved"


# -- concurrency -----------------------------------------------------------------------


def test_removing_a_merged_branch_drops_its_config_section(repo: Path) -> None:
    """Deleting the branch also deletes `branch.<name>.*`, as git branch -d does."""
    assert wt("switch", "-c", "feat", "--no-cd", cwd=repo).returncode == 0
    git("config", "branch.feat.description", "a note", cwd=repo)
    git("config", "branch.feat.merge", "refs/heads/feat", cwd=repo)
    res = wt("remove", "feat", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert not branch_exists(repo, "feat")
    assert git("config", "--get-regexp", r"^branch\.feat\.", cwd=repo, check=False) == ""
