"""`git wt merge`: the whole pipeline on real repositories, every refusal, hooks, JSON."""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import (
    Remote,
    Result,
    assert_no_traceback,
    branch_exists,
    commit,
    git,
    git_ok,
    rev,
    worktree_paths,
    wt,
)

# -- helpers local to this module ------------------------------------------------------


def run(
    *args: str, cwd: str | os.PathLike[str], env: dict[str, str | None] | None = None
) -> Result:
    result = wt(*args, cwd=cwd, env=env)
    assert_no_traceback(result.stdout, result.stderr)
    return result


def add_worktree(repo: Path, branch: str, base: str = "main") -> Path:
    path = repo.parent / f"repo.{branch.replace('/', '-')}"
    git("worktree", "add", "-q", "-b", branch, str(path), base, cwd=repo)
    return path


def subjects(repo: Path, rng: str) -> list[str]:
    return git("log", "--format=%s", rng, cwd=repo).splitlines()


def refs(repo: Path) -> str:
    return git("show-ref", cwd=repo, check=False)


def errors(result: Result) -> list[str]:
    return [line for line in result.err_lines if line.startswith("✗")]


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def script(tmp: Path, name: str, body: str) -> Path:
    path = tmp / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return path


def wait_for(path: Path, timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text():
            return path.read_text()
        time.sleep(0.05)
    raise AssertionError(f"{path} never appeared")


@pytest.fixture
def feature(repo: Path) -> Path:
    """`feature` in its own worktree, two commits ahead of main."""
    path = add_worktree(repo, "feature")
    commit(path, "one.txt", "one\n", "add one")
    commit(path, "two.txt", "two\n", "add two")
    return path


# -- the happy path ----------------------------------------------------------------------


def test_squashes_commits_and_every_kind_of_uncommitted_work_into_one_commit(
    repo: Path, feature: Path, cd_file: Path
) -> None:
    old_main = rev(repo, "main")
    write(feature / "one.txt", "one, edited and staged\n")
    git("add", "one.txt", cwd=feature)
    write(feature / "two.txt", "two, edited, not staged\n")
    write(feature / "new" / "three.txt", "untracked\n")

    res = run("merge", cwd=feature, env={"GIT_WT_CD_FILE": str(cd_file)})

    assert res.returncode == 0, res.stderr
    assert res.stdout == ""
    assert git("rev-list", "--count", f"{old_main}..main", cwd=repo).strip() == "1"
    assert git("rev-parse", "main^", cwd=repo).strip() == old_main
    tree = git("ls-tree", "-r", "--name-only", "main", cwd=repo).split()
    assert sorted(tree) == ["README", "new/three.txt", "one.txt", "two.txt"]
    assert git("show", "main:one.txt", cwd=repo) == "one, edited and staged\n"
    assert git("show", "main:two.txt", cwd=repo) == "two, edited, not staged\n"
    # TARGET's worktree followed, the feature worktree and branch are gone, the shell lands.
    assert (repo / "new" / "three.txt").read_text() == "untracked\n"
    assert git("status", "--porcelain", cwd=repo) == ""
    assert not feature.exists()
    assert worktree_paths(repo) == [str(repo)]
    assert not branch_exists(repo, "feature")
    assert cd_file.read_text() == str(repo)


def test_the_backup_ref_holds_the_commits_and_the_uncommitted_work(
    repo: Path, feature: Path
) -> None:
    tip = rev(feature, "HEAD")
    write(feature / "one.txt", "changed\n")
    write(feature / "untracked.txt", "new\n")

    res = run("merge", "--no-remove", cwd=feature)

    assert res.returncode == 0, res.stderr
    backup = "refs/wt-backup/feature"
    assert git("rev-parse", f"{backup}^1", cwd=repo).strip() == tip
    assert git("show", f"{backup}:one.txt", cwd=repo) == "changed\n"
    assert git("show", f"{backup}:untracked.txt", cwd=repo) == "new\n"
    reflog = git("reflog", "show", "--format=%gs", backup, cwd=repo).splitlines()
    assert reflog == ["git-wt: feature before squashing onto main"]
    assert any(backup in line for line in res.err_lines)


def test_a_branch_of_one_commit_is_merged_as_it_is(repo: Path) -> None:
    path = add_worktree(repo, "single")
    tip = commit(path, "a.txt", "a\n", "the only commit")
    res = run("merge", cwd=path)
    assert res.returncode == 0, res.stderr
    assert rev(repo, "main") == tip
    assert not git_ok("rev-parse", "--verify", "--quiet", "refs/wt-backup/single", cwd=repo)


def test_no_squash_keeps_each_commit_and_commits_the_rest_separately(
    repo: Path, feature: Path
) -> None:
    old_main = rev(repo, "main")
    write(feature / "dirty.txt", "dirty\n")
    res = run("merge", "--no-squash", cwd=feature)
    assert res.returncode == 0, res.stderr
    assert subjects(repo, f"{old_main}..main") == ["Changes to dirty.txt", "add two", "add one"]


def test_rebases_onto_a_target_that_moved_on(repo: Path, feature: Path) -> None:
    commit(repo, "main-only.txt", "m\n", "main moved on")
    moved = rev(repo, "main")
    res = run("merge", "--format", "json", cwd=feature)
    assert res.returncode == 0, res.stderr
    assert res.json() == {
        "branch": "feature",
        "target": "main",
        "committed": False,
        "squashed": True,
        "rebased": True,
        "removed": True,
    }
    assert git("rev-parse", "main^", cwd=repo).strip() == moved
    assert (repo / "one.txt").exists() and (repo / "main-only.txt").exists()


def test_json_for_a_plain_fast_forward(repo: Path) -> None:
    path = add_worktree(repo, "plain")
    commit(path, "p.txt", "p\n", "plain change")
    res = run("merge", "--format", "json", "--yes", "--no-hooks", cwd=path)
    assert res.returncode == 0, res.stderr
    assert res.json() == {
        "branch": "plain",
        "target": "main",
        "committed": False,
        "squashed": False,
        "rebased": False,
        "removed": True,
    }


def test_no_ff_records_a_merge_commit_with_two_parents(repo: Path, feature: Path) -> None:
    old_main = rev(repo, "main")
    res = run("merge", "--no-ff", "--no-squash", "--no-remove", cwd=feature)
    assert res.returncode == 0, res.stderr
    parents = git("rev-list", "--parents", "-n", "1", "main", cwd=repo).split()[1:]
    assert parents == [old_main, rev(feature, "HEAD")]
    assert subjects(repo, "-1") == ["Merge branch 'feature' into main"]
    assert (repo / "two.txt").read_text() == "two\n"
    assert feature.exists() and branch_exists(repo, "feature")


def test_into_another_branch_deletes_the_branch_and_lands_in_that_worktree(
    repo: Path, cd_file: Path
) -> None:
    release = add_worktree(repo, "release")
    path = add_worktree(repo, "fix", base="release")
    tip = commit(path, "fix.txt", "fix\n", "the fix")
    res = run("merge", "release", cwd=path, env={"GIT_WT_CD_FILE": str(cd_file)})
    assert res.returncode == 0, res.stderr
    assert rev(repo, "release") == tip
    assert rev(repo, "main") != tip
    assert (release / "fix.txt").exists()
    assert not branch_exists(repo, "fix")
    assert cd_file.read_text() == str(release)


def test_a_target_without_a_worktree_moves_only_its_ref(repo: Path, cd_file: Path) -> None:
    git("branch", "release", cwd=repo)
    path = add_worktree(repo, "fix")
    tip = commit(path, "fix.txt", "fix\n", "the fix")
    res = run("merge", "release", cwd=path, env={"GIT_WT_CD_FILE": str(cd_file)})
    assert res.returncode == 0, res.stderr
    assert rev(repo, "release") == tip
    assert cd_file.read_text() == str(repo)  # no worktree for release: home


@pytest.mark.parametrize(
    "name", ["feat;touch${IFS}pwned", "a$(touch${IFS}pwned)", "x'y", "ünï/cödé"]
)
def test_branch_names_are_data_not_code(repo: Path, name: str) -> None:
    path = repo.parent / "odd"
    git("worktree", "add", "-q", "-b", name, str(path), "main", cwd=repo)
    commit(path, "f.txt", "f\n", "work")
    commit(path, "g.txt", "g\n", "more work")
    res = run("merge", cwd=path)
    assert res.returncode == 0, res.stderr
    assert not branch_exists(repo, name)
    assert subjects(repo, "-1")[0] == f"{name}: squashed 2 commits"
    assert not list(repo.parent.rglob("pwned"))


def test_lands_in_the_same_subdirectory_of_the_target(repo: Path, cd_file: Path) -> None:
    (repo / "src").mkdir()
    commit(repo, "src/keep.txt", "k\n", "src dir")
    path = add_worktree(repo, "sub")
    commit(path, "src/new.txt", "n\n", "in src")
    res = run("merge", cwd=path / "src", env={"GIT_WT_CD_FILE": str(cd_file)})
    assert res.returncode == 0, res.stderr
    assert cd_file.read_text() == str(repo / "src")


def test_merging_from_the_target_itself_commits_and_keeps_everything(repo: Path) -> None:
    write(repo / "local.txt", "x\n")
    res = run("merge", "--format", "json", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert res.json()["committed"] is True and res.json()["removed"] is False
    assert subjects(repo, "-1") == ["Changes to local.txt"]


def test_a_branch_checked_out_in_the_primary_worktree_is_not_removed(repo: Path) -> None:
    git("switch", "-q", "-c", "topic", cwd=repo)
    commit(repo, "t.txt", "t\n", "topic work")
    git("branch", "-f", "trunk", "main", cwd=repo)
    res = run("merge", "trunk", "--format", "json", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert res.json()["removed"] is False
    assert rev(repo, "trunk") == rev(repo, "topic")


# -- refusals: nothing moves ------------------------------------------------------------


def test_a_rebase_conflict_is_left_in_progress_and_the_target_is_untouched(
    repo: Path,
) -> None:
    commit(repo, "shared.txt", "base\n", "shared file")
    path = add_worktree(repo, "clash")
    commit(path, "shared.txt", "feature side\n", "feature edit")
    commit(path, "other.txt", "o\n", "second feature commit")
    commit(repo, "shared.txt", "main side\n", "main edit")
    main_before = rev(repo, "main")

    res = run("merge", cwd=path)

    assert res.returncode == 1
    assert "conflict" in errors(res)[0] and "shared.txt" in errors(res)[0]
    assert rev(repo, "main") == main_before
    rebase_dir = git(
        "rev-parse", "--path-format=absolute", "--git-path", "rebase-merge", cwd=path
    ).strip()
    assert Path(rebase_dir).is_dir()
    assert path.exists() and branch_exists(repo, "clash")

    again = run("merge", cwd=path)
    assert again.returncode == 1
    assert errors(again) == [f"✗ cannot merge: a rebase is in progress in {path}"]
    assert rev(repo, "main") == main_before


def test_conflicting_uncommitted_changes_in_the_target_refuse_before_anything_moves(
    repo: Path, feature: Path
) -> None:
    commit(repo, "shared.txt", "base\n", "shared file")
    git("rebase", "-q", "main", cwd=feature)
    commit(feature, "shared.txt", "feature\n", "feature edits shared")
    feature_tip = rev(feature, "HEAD")
    write(repo / "shared.txt", "uncommitted in main\n")
    before = refs(repo)

    res = run("merge", cwd=feature)

    assert res.returncode == 1
    assert errors(res) == [
        "✗ cannot update main: its worktree has uncommitted changes the merge would overwrite"
    ]
    assert "  shared.txt" in res.err_lines
    assert refs(repo) == before
    assert rev(feature, "HEAD") == feature_tip  # not even squashed
    assert (repo / "shared.txt").read_text() == "uncommitted in main\n"


def test_an_untracked_or_ignored_file_in_the_way_in_the_target_is_protected(
    repo: Path,
) -> None:
    commit(repo, ".gitignore", "*.local\n", "ignore rules")
    path = add_worktree(repo, "adds")
    write(path / "config.local", "from the branch\n")
    git("add", "-f", "config.local", cwd=path)
    git("commit", "-qm", "track a normally ignored file", cwd=path)
    write(repo / "config.local", "precious ignored file\n")
    main_before = rev(repo, "main")

    res = run("merge", cwd=path)

    assert res.returncode == 1
    assert "  config.local" in res.err_lines
    assert rev(repo, "main") == main_before
    assert (repo / "config.local").read_text() == "precious ignored file\n"


def test_unrelated_uncommitted_changes_in_the_target_are_carried_along(
    repo: Path, feature: Path
) -> None:
    commit(repo, "notes.txt", "notes\n", "notes")
    git("rebase", "-q", "main", cwd=feature)
    write(repo / "notes.txt", "edited, not staged\n")
    write(repo / "README", "staged edit\n")
    git("add", "README", cwd=repo)
    write(repo / "scratch.txt", "untracked\n")
    status_before = git("status", "--porcelain", cwd=repo)

    res = run("merge", cwd=feature)

    assert res.returncode == 0, res.stderr
    assert (repo / "one.txt").read_text() == "one\n"
    assert (repo / "notes.txt").read_text() == "edited, not staged\n"
    assert (repo / "README").read_text() == "staged edit\n"
    assert (repo / "scratch.txt").read_text() == "untracked\n"
    assert git("status", "--porcelain", cwd=repo) == status_before
    assert git("diff", "--cached", "--name-only", cwd=repo).split() == ["README"]


def test_a_failing_pre_merge_hook_stops_before_the_target_moves(repo: Path, feature: Path) -> None:
    git("config", "wt.hook.pre-merge.check", "exit 3", cwd=repo)
    main_before = rev(repo, "main")
    res = run("merge", cwd=feature)
    assert res.returncode == 1
    assert rev(repo, "main") == main_before
    assert feature.exists() and branch_exists(repo, "feature")
    assert any("pre-merge" in line for line in errors(res))


def test_pre_merge_hooks_see_the_rebased_branch(repo: Path, feature: Path, tmp_path: Path) -> None:
    commit(repo, "main-only.txt", "m\n", "main moved")
    marker = tmp_path / "seen"
    git(
        "config",
        "wt.hook.pre-merge",
        f"git merge-base --is-ancestor main HEAD && test -f main-only.txt && echo ok > {marker}",
        cwd=repo,
    )
    res = run("merge", "--no-remove", cwd=feature)
    assert res.returncode == 0, res.stderr
    assert marker.read_text() == "ok\n"


def test_detached_head_is_refused(repo: Path) -> None:
    path = repo.parent / "detached"
    git("worktree", "add", "-q", "--detach", str(path), "main", cwd=repo)
    res = run("merge", cwd=path)
    assert res.returncode == 1
    assert errors(res) == ["✗ cannot merge: HEAD is detached (not on a branch)"]


def test_unresolved_conflicts_are_refused(repo: Path, feature: Path) -> None:
    commit(repo, "one.txt", "main's one\n", "main adds one")
    git("merge", "main", cwd=feature, check=False)
    merge_head = git("rev-parse", "--path-format=absolute", "--git-path", "MERGE_HEAD", cwd=feature)
    os.unlink(merge_head.strip())  # conflicts stay in the index without a merge in progress
    res = run("merge", cwd=feature)
    assert res.returncode == 1
    assert errors(res) == ["✗ cannot merge: 1 path with unresolved conflicts"]


def test_a_missing_target_is_refused(repo: Path, feature: Path) -> None:
    res = run("merge", "nope", cwd=feature)
    assert res.returncode == 1
    assert errors(res) == ["✗ no local branch named nope"]


def test_no_commit_with_uncommitted_changes_is_refused(repo: Path, feature: Path) -> None:
    write(feature / "loose.txt", "x\n")
    before = refs(repo)
    res = run("merge", "--no-commit", cwd=feature)
    assert res.returncode == 1
    assert errors(res) == ["✗ cannot merge with --no-commit: feature has uncommitted changes"]
    assert "  ?? loose.txt" in res.err_lines
    assert refs(repo) == before


def test_no_rebase_refuses_a_branch_behind_the_target(repo: Path, feature: Path) -> None:
    commit(repo, "main-only.txt", "m\n", "main moved")
    before = refs(repo)
    res = run("merge", "--no-rebase", "--no-squash", cwd=feature)
    assert res.returncode == 1
    assert errors(res) == ["✗ feature is not based on the tip of main (--no-rebase)"]
    assert refs(repo) == before


def test_a_target_that_diverged_from_its_upstream_is_refused(remote: Remote) -> None:
    clone = remote.clone
    commit(remote.seed, "upstream.txt", "u\n", "upstream work")
    git("push", "-q", str(remote.origin), "main", cwd=remote.seed)
    git("fetch", "-q", "origin", cwd=clone)
    commit(clone, "local.txt", "l\n", "local work on main")
    path = clone.parent / "clone.topic"
    git("worktree", "add", "-q", "-b", "topic", str(path), "main", cwd=clone)
    commit(path, "t.txt", "t\n", "topic")
    before = refs(clone)
    res = run("merge", cwd=path)
    assert res.returncode == 1
    assert errors(res) == [
        "✗ local main and origin/main have diverged; refusing to merge into either"
    ]
    assert refs(clone) == before


def test_a_target_behind_its_upstream_catches_up_without_fetching(remote: Remote) -> None:
    clone = remote.clone
    commit(remote.seed, "upstream.txt", "u\n", "upstream work")
    git("push", "-q", str(remote.origin), "main", cwd=remote.seed)
    git("fetch", "-q", "origin", cwd=clone)
    upstream = rev(clone, "origin/main")
    path = clone.parent / "clone.topic"
    git("worktree", "add", "-q", "-b", "topic", str(path), "main", cwd=clone)
    commit(path, "t.txt", "t\n", "topic")
    res = run("merge", cwd=path)
    assert res.returncode == 0, res.stderr
    assert git("rev-parse", "main^", cwd=clone).strip() == upstream
    assert (clone / "upstream.txt").exists() and (clone / "t.txt").exists()


# -- config defaults -------------------------------------------------------------------


def test_config_turns_squash_and_remove_off_and_flags_win(repo: Path, feature: Path) -> None:
    git("config", "wt.merge.squash", "false", cwd=repo)
    git("config", "wt.merge.remove", "no", cwd=repo)
    old_main = rev(repo, "main")
    res = run("merge", "--format", "json", cwd=feature)
    assert res.returncode == 0, res.stderr
    assert res.json()["squashed"] is False and res.json()["removed"] is False
    assert subjects(repo, f"{old_main}..main") == ["add two", "add one"]
    commit(feature, "three.txt", "3\n", "three")
    commit(feature, "four.txt", "4\n", "four")
    res = run("merge", "--squash", "--remove", "--format", "json", cwd=feature)
    assert res.returncode == 0, res.stderr
    assert res.json()["squashed"] is True and res.json()["removed"] is True


def test_config_ff_false_makes_merge_commits(repo: Path, feature: Path) -> None:
    git("config", "wt.merge.ff", "false", cwd=repo)
    res = run("merge", "--no-remove", cwd=feature)
    assert res.returncode == 0, res.stderr
    assert len(git("rev-list", "--parents", "-n", "1", "main", cwd=repo).split()) == 3


def test_an_invalid_config_value_names_the_key(repo: Path, feature: Path) -> None:
    git("config", "wt.merge.rebase", "maybe", cwd=repo)
    res = run("merge", cwd=feature)
    assert res.returncode == 1
    assert "wt.merge.rebase" in errors(res)[0]


def test_stage_tracked_leaves_untracked_files_in_a_kept_worktree(repo: Path, feature: Path) -> None:
    write(feature / "one.txt", "edited\n")
    write(feature / "loose.txt", "untracked\n")
    res = run("merge", "--stage", "tracked", "--format", "json", cwd=feature)
    assert res.returncode == 0, res.stderr
    assert git("show", "main:one.txt", cwd=repo) == "edited\n"
    assert "loose.txt" not in git("ls-tree", "--name-only", "main", cwd=repo).split()
    assert res.json()["removed"] is False  # never throws the untracked file away
    assert (feature / "loose.txt").read_text() == "untracked\n"


# -- commit messages ---------------------------------------------------------------------


def test_the_generator_writes_the_squash_message(repo: Path, feature: Path, tmp_path: Path) -> None:
    prompt = tmp_path / "prompt.txt"
    gen = script(
        tmp_path,
        "gen",
        f"cat > {shlex.quote(str(prompt))}\nprintf 'Add one and two\\n\\nBody text.\\n'\n",
    )
    git("config", "wt.commit.generation-command", str(gen), cwd=repo)
    res = run("merge", cwd=feature)
    assert res.returncode == 0, res.stderr
    assert (
        git("log", "-1", "--format=%B", "main", cwd=repo).strip() == "Add one and two\n\nBody text."
    )
    text = prompt.read_text()
    assert "Branch: feature" in text
    assert "- add one\n- add two\n" in text
    assert "+two" in text and "two.txt" in text


def test_a_failing_generator_falls_back_with_a_warning(
    repo: Path, feature: Path, tmp_path: Path
) -> None:
    gen = script(tmp_path, "gen", "cat >/dev/null\necho 'model unavailable' >&2\nexit 7\n")
    git("config", "wt.commit.generation-command", str(gen), cwd=repo)
    res = run("merge", cwd=feature)
    assert res.returncode == 0, res.stderr
    assert git("log", "-1", "--format=%B", "main", cwd=repo).strip() == (
        "feature: squashed 2 commits\n\n- add one\n- add two"
    )
    warnings = [line for line in res.err_lines if line.startswith("▲")]
    assert any("exited with status 7: model unavailable" in line for line in warnings)


def test_a_generator_that_hangs_is_stopped_at_the_timeout(
    repo: Path, feature: Path, tmp_path: Path
) -> None:
    gen = script(tmp_path, "gen", "sleep 30\necho never\n")
    git("config", "wt.commit.generation-command", str(gen), cwd=repo)
    git("config", "wt.commit.generation-timeout", "1", cwd=repo)
    started = time.monotonic()
    res = run("merge", cwd=feature)
    assert time.monotonic() - started < 20
    assert res.returncode == 0, res.stderr
    assert subjects(repo, "-1") == ["feature: squashed 2 commits"]


# -- hooks -------------------------------------------------------------------------------


def test_hooks_run_in_the_documented_order(repo: Path, feature: Path, tmp_path: Path) -> None:
    log = tmp_path / "hooks.log"
    for hook in (
        "pre-commit",
        "post-commit",
        "pre-merge",
        "pre-remove",
        "post-remove",
        "post-switch",
        "post-merge",
    ):
        git("config", f"wt.hook.{hook}", f"echo {hook} >> {shlex.quote(str(log))}", cwd=repo)
    res = run("merge", cwd=feature)
    assert res.returncode == 0, res.stderr
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(log.read_text().split()) < 7:
        time.sleep(0.05)
    seen = log.read_text().split()
    assert sorted(seen) == sorted(
        [
            "pre-commit",
            "post-commit",
            "pre-merge",
            "pre-remove",
            "post-remove",
            "post-switch",
            "post-merge",
        ]
    )
    blocking = [h for h in seen if h.startswith("pre-")]
    assert blocking == ["pre-commit", "pre-merge", "pre-remove"]
    assert seen.index("pre-commit") < seen.index("pre-merge") < seen.index("pre-remove")


def test_no_hooks_runs_none(repo: Path, feature: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    git("config", "wt.hook.pre-merge", f"touch {marker}", cwd=repo)
    res = run("merge", "--no-hooks", cwd=feature)
    assert res.returncode == 0, res.stderr
    assert not marker.exists()


def test_post_merge_runs_in_the_target_worktree(repo: Path, feature: Path, tmp_path: Path) -> None:
    out = tmp_path / "where"
    git("config", "wt.hook.post-merge", f"pwd > {out}", cwd=repo)
    res = run("merge", cwd=feature)
    assert res.returncode == 0, res.stderr
    assert wait_for(out).strip() == str(repo)


def test_unapproved_project_hooks_refuse_before_anything_moves(repo: Path, tmp_path: Path) -> None:
    marker = tmp_path / "post-merge-ran"
    write(repo / ".config" / "wt.toml", f'post-merge = "touch {marker}"\n')
    git("add", ".config/wt.toml", cwd=repo)
    git("commit", "-qm", "project hooks", cwd=repo)
    path = add_worktree(repo, "proj")
    commit(path, "a.txt", "a\n", "one")
    commit(path, "b.txt", "b\n", "two")
    before = refs(repo)
    res = run("merge", cwd=path)  # no terminal to ask on, no --yes
    assert res.returncode == 1
    assert refs(repo) == before
    assert path.exists()
    res = run("merge", "--yes", cwd=path)
    assert res.returncode == 0, res.stderr
    wait_for_file = time.monotonic() + 10
    while time.monotonic() < wait_for_file and not marker.exists():
        time.sleep(0.05)
    assert marker.exists()


def test_a_target_worktree_whose_directory_is_gone_is_refused(repo: Path) -> None:
    release = add_worktree(repo, "release")
    path = add_worktree(repo, "fix", base="release")
    commit(path, "f.txt", "f\n", "fix")
    os.rename(release, repo.parent / "elsewhere")
    before = refs(repo)
    res = run("merge", "release", cwd=path)
    assert res.returncode == 1
    assert errors(res) == [
        f"✗ the worktree of release is registered at {release}, but the directory is missing"
    ]
    assert refs(repo) == before


# -- TARGET's worktree: ignored and untracked content is never lost -------------------------


def _branch_with_two_commits(repo: Path, name: str, build: Callable[[Path], None]) -> Path:
    """A worktree of `name` whose second commit is what `build` stages (git add -f)."""
    path = add_worktree(repo, name)
    commit(path, f"{name}-first.txt", "1\n", "first")
    build(path)
    git("commit", "-qm", "second", cwd=path)
    return path


def _add_file(rel: str) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        write(path / rel, "from the branch\n")
        git("add", "-f", "--", rel, cwd=path)

    return build


@pytest.mark.parametrize(
    ("ignore", "adds", "in_the_way", "shown"),
    [
        # the branch adds a file where TARGET's worktree has an ignored directory
        ("out/\n", "out", {"out/data": "precious\n"}, "out/"),
        # ... one nested deeper, holding only an ignored subdirectory's file
        ("out/\n", "out", {"out/deep/er/data": "precious\n"}, "out/"),
        # the branch adds a directory where TARGET's worktree has an ignored file
        ("out\n", "out/x.txt", {"out": "precious\n"}, "out"),
        # the branch adds a file where TARGET's worktree has an ignored file of that name
        ("*.log\n", "build.log", {"build.log": "precious\n"}, "build.log"),
        # an untracked (not ignored) directory where the branch adds a file
        ("", "notes", {"notes/todo.txt": "precious\n"}, "notes/"),
    ],
)
def test_merge_refuses_to_replace_ignored_or_untracked_content_in_the_target(
    repo: Path, ignore: str, adds: str, in_the_way: dict[str, str], shown: str
) -> None:
    if ignore:
        commit(repo, ".gitignore", ignore, "ignore rules")
    path = _branch_with_two_commits(repo, "adds", _add_file(adds))
    for rel, text in in_the_way.items():
        write(repo / rel, text)
    before = refs(repo)
    branch_tip = rev(path, "HEAD")

    res = run("merge", "-y", cwd=path)

    assert res.returncode == 1
    assert errors(res) == [
        "✗ cannot update main: the merge would overwrite untracked or ignored files in its worktree"
    ]
    assert f"  {shown}" in res.err_lines
    assert any(line.startswith("↳") or "hint" in line for line in res.err_lines), res.stderr
    assert str(repo) in res.stderr  # the hint says where to look
    assert refs(repo) == before  # no backup, no squash, main did not move
    assert rev(path, "HEAD") == branch_tip
    for rel, text in in_the_way.items():
        assert (repo / rel).read_text() == text
    assert path.exists() and branch_exists(repo, "adds")


def test_step_push_refuses_to_replace_an_ignored_directory(repo: Path) -> None:
    commit(repo, ".gitignore", "out/\n", "ignore out/")
    path = add_worktree(repo, "a")
    _add_file("out")(path)
    git("commit", "-qm", "out becomes a file", cwd=path)
    write(repo / "out" / "data", "precious\n")
    main_before = rev(repo, "main")

    res = run("step", "push", cwd=path)

    assert res.returncode == 1
    assert "  out/" in res.err_lines
    assert rev(repo, "main") == main_before
    assert (repo / "out" / "data").read_text() == "precious\n"
    assert git("ls-files", "out", cwd=repo) == ""


def test_an_ignored_symlink_where_the_branch_needs_a_directory_is_protected(
    repo: Path, tmp_path: Path
) -> None:
    commit(repo, ".gitignore", "link\n", "ignore link")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (repo / "link").symlink_to(elsewhere)
    path = _branch_with_two_commits(repo, "adds", _add_file("link/x.txt"))
    main_before = rev(repo, "main")

    res = run("merge", "-y", cwd=path)

    assert res.returncode == 1
    assert "  link" in res.err_lines
    assert rev(repo, "main") == main_before
    assert (repo / "link").is_symlink() and list(elsewhere.iterdir()) == []


def test_an_empty_directory_where_the_branch_adds_a_file_is_replaced(repo: Path) -> None:
    commit(repo, ".gitignore", "out/\n", "ignore out/")
    path = _branch_with_two_commits(repo, "adds", _add_file("out"))
    (repo / "out" / "empty").mkdir(parents=True)

    res = run("merge", "-y", cwd=path)

    assert res.returncode == 0, res.stderr
    assert (repo / "out").read_text() == "from the branch\n"


def test_a_directory_replacing_tracked_files_is_refused_only_for_its_ignored_files(
    repo: Path,
) -> None:
    commit(repo, ".gitignore", "*.o\n", "ignore objects")
    commit(repo, "d/f.txt", "tracked\n", "a directory d")

    def file_instead_of_dir(path: Path) -> None:
        git("rm", "-rq", "d", cwd=path)
        write(path / "d", "now a file\n")
        git("add", "d", cwd=path)

    path = _branch_with_two_commits(repo, "flip", file_instead_of_dir)
    write(repo / "d" / "cache.o", "precious\n")

    res = run("merge", "-y", "--no-remove", cwd=path)

    assert res.returncode == 1
    assert "  d/" in res.err_lines
    assert (repo / "d" / "cache.o").read_text() == "precious\n"
    assert (repo / "d" / "f.txt").read_text() == "tracked\n"

    (repo / "d" / "cache.o").unlink()  # only tracked, clean files left there: no obstacle
    res = run("merge", "-y", cwd=path)
    assert res.returncode == 0, res.stderr
    assert (repo / "d").read_text() == "now a file\n"
    assert git("status", "--porcelain", cwd=repo) == ""


def test_a_tracked_file_replaced_by_a_directory_is_no_obstacle(repo: Path) -> None:
    commit(repo, "p", "a file\n", "p is a file")

    def dir_instead_of_file(path: Path) -> None:
        git("rm", "-q", "p", cwd=path)
        write(path / "p" / "x.txt", "inside\n")
        git("add", "p", cwd=path)

    path = _branch_with_two_commits(repo, "flip", dir_instead_of_file)

    res = run("merge", "-y", cwd=path)

    assert res.returncode == 0, res.stderr
    assert (repo / "p" / "x.txt").read_text() == "inside\n"
    assert git("status", "--porcelain", cwd=repo) == ""


# -- a clean target is not refused ---------------------------------------------------------


@pytest.mark.parametrize("committed", [True, False], ids=["committed", "uncommitted"])
def test_a_file_both_sides_added_identically_does_not_block_a_clean_target(
    repo: Path, *, committed: bool
) -> None:
    path = add_worktree(repo, "same")
    commit(path, "mine.txt", "mine\n", "branch work")
    commit(repo, "file.txt", "shared\n", "main gains file.txt")
    main_before = rev(repo, "main")
    write(path / "file.txt", "shared\n")
    if committed:
        git("add", "file.txt", cwd=path)
        git("commit", "-qm", "the same file on the branch", cwd=path)

    res = run("merge", "-y", cwd=path)

    assert res.returncode == 0, res.stderr
    assert git("rev-parse", "main^", cwd=repo).strip() == main_before
    assert (repo / "file.txt").read_text() == "shared\n"
    assert (repo / "mine.txt").read_text() == "mine\n"
    assert git("status", "--porcelain", cwd=repo) == ""
    assert not path.exists() and not branch_exists(repo, "same")


def test_an_uncommitted_edit_the_merge_does_not_touch_survives(repo: Path) -> None:
    path = add_worktree(repo, "same")
    commit(path, "mine.txt", "mine\n", "branch work")
    commit(repo, "file.txt", "shared\n", "main gains file.txt")
    commit(path, "file.txt", "shared\n", "the same file on the branch")
    write(repo / "file.txt", "edited in main, not committed\n")

    res = run("merge", "-y", cwd=path)

    assert res.returncode == 0, res.stderr
    assert (repo / "file.txt").read_text() == "edited in main, not committed\n"
    assert (repo / "mine.txt").read_text() == "mine\n"
    assert git("status", "--porcelain", cwd=repo) == " M file.txt\n"


def test_an_uncommitted_edit_the_merge_changes_still_refuses(repo: Path) -> None:
    path = add_worktree(repo, "other")
    commit(repo, "file.txt", "shared\n", "main gains file.txt")
    commit(path, "file.txt", "the branch's version\n", "a different file.txt")
    commit(path, "mine.txt", "mine\n", "branch work")
    write(repo / "file.txt", "edited in main, not committed\n")
    before = refs(repo)

    res = run("merge", "-y", cwd=path)

    assert res.returncode == 1
    assert errors(res) == [
        "✗ cannot update main: its worktree has uncommitted changes the merge would overwrite"
    ]
    assert "  file.txt" in res.err_lines
    assert refs(repo) == before
    assert (repo / "file.txt").read_text() == "edited in main, not committed\n"


# -- backup refs ---------------------------------------------------------------------------


def _two_commits(repo: Path, branch: str, path: Path | None = None, slug: str = "") -> Path:
    path = path or add_worktree(repo, branch)
    slug = slug or branch.replace("/", "-")
    commit(path, f"{slug}-1.txt", "1\n", f"{branch} one")
    commit(path, f"{slug}-2.txt", "2\n", f"{branch} two")
    return path


def test_backup_refs_of_nested_branch_names_never_clash(repo: Path) -> None:
    a = _two_commits(repo, "a")
    a_tip = rev(a, "HEAD")
    assert run("merge", "-y", cwd=a).returncode == 0
    assert rev(repo, "refs/wt-backup/a") == a_tip

    ab = _two_commits(repo, "a/b")
    ab_tip = rev(ab, "HEAD")
    res = run("merge", "-y", cwd=ab)

    assert res.returncode == 0, res.stderr
    assert rev(repo, "refs/wt-backup/a") == a_tip
    assert rev(repo, "refs/wt-backup/a%2Fb") == ab_tip
    announce = [line for line in res.err_lines if "backed up a/b" in line]
    assert announce and "refs/wt-backup/a%2Fb" in announce[0] and "%2F" in announce[0]
    assert git("rev-list", "--count", "main~1..main", cwd=repo).strip() == "1"

    # And the other way round: `a/b` first, then `a` once `a/b` is gone.
    deeper = _two_commits(repo, "a/b/c")
    assert run("merge", "-y", cwd=deeper).returncode == 0
    again = _two_commits(repo, "a", slug="a-again")
    res = run("merge", "-y", cwd=again)
    assert res.returncode == 0, res.stderr
    assert rev(repo, "refs/wt-backup/a%2Fb%2Fc") is not None
    reflog = git("reflog", "show", "--format=%gs", "refs/wt-backup/a", cwd=repo).splitlines()
    assert reflog == ["git-wt: a before squashing onto main"] * 2


def test_a_percent_in_a_branch_name_is_encoded_too(repo: Path) -> None:
    path = _two_commits(repo, "x%2Fy")
    res = run("step", "squash", "-y", cwd=path)
    assert res.returncode == 0, res.stderr
    assert rev(repo, "refs/wt-backup/x%252Fy") is not None
    assert git("for-each-ref", "--format=%(refname)", "refs/wt-backup/", cwd=repo).split() == [
        "refs/wt-backup/x%252Fy"
    ]


def test_a_very_long_branch_name_gets_a_short_backup_ref(repo: Path) -> None:
    branch = "team/" + "a" * 120 + "/" + "b" * 120
    git("switch", "-q", "-c", branch, cwd=repo)
    _two_commits(repo, "long", path=repo)
    tip = rev(repo, "HEAD")
    res = run("step", "squash", "main", "-y", cwd=repo)
    assert res.returncode == 0, res.stderr
    names = git("for-each-ref", "--format=%(refname)", "refs/wt-backup/", cwd=repo).split()
    assert len(names) == 1
    name = names[0].removeprefix("refs/wt-backup/")
    assert "/" not in name and len(name.encode()) <= 200 and "%-" in name
    assert rev(repo, names[0]) == tip


def test_a_second_backup_keeps_the_first_in_the_reflog(repo: Path, feature: Path) -> None:
    first_tip = rev(feature, "HEAD")
    write(feature / "wip.txt", "wip\n")
    assert run("step", "squash", "-y", cwd=feature).returncode == 0
    first_backup = rev(repo, "refs/wt-backup/feature")
    commit(feature, "three.txt", "3\n", "three")
    second_tip = rev(feature, "HEAD")

    assert run("step", "squash", "-y", cwd=feature).returncode == 0

    assert rev(repo, "refs/wt-backup/feature") == second_tip
    assert rev(repo, "refs/wt-backup/feature@{1}") == first_backup
    assert git("rev-parse", "refs/wt-backup/feature@{1}^1", cwd=repo).strip() == first_tip


def test_old_style_backups_under_a_branch_name_do_not_block_it(repo: Path) -> None:
    legacy = rev(repo, "main")
    git("update-ref", "refs/wt-backup/a/b", legacy, cwd=repo)  # as older versions wrote it
    path = _two_commits(repo, "a")
    tip = rev(path, "HEAD")

    res = run("merge", "-y", cwd=path)

    assert res.returncode == 0, res.stderr
    assert rev(repo, "refs/wt-backup/-a") == tip
    assert rev(repo, "refs/wt-backup/a/b") == legacy
    assert any("refs/wt-backup/-a" in line for line in res.err_lines)


def test_backup_ref_names_are_single_valid_components() -> None:
    from git_wt.ops.merge.backup import backup_ref

    names = ["feature", "a/b", "a%2Fb", "a%b/c", "ünï/cödé", "x" * 300, "y/" * 150 + "z"]
    refs_ = [backup_ref(n) for n in names]
    assert refs_[:4] == [
        "refs/wt-backup/feature",
        "refs/wt-backup/a%2Fb",
        "refs/wt-backup/a%252Fb",
        "refs/wt-backup/a%25b%2Fc",
    ]
    assert len(set(refs_)) == len(refs_)
    for ref in refs_:
        component = ref.removeprefix("refs/wt-backup/")
        assert "/" not in component and len(component.encode()) <= 200
        subprocess.run(["git", "check-ref-format", ref], check=True)
