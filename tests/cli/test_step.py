"""`git wt step` commit, squash, rebase, push, diff, for-each, prune and eval on real repos."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from helpers import (
    Result,
    assert_no_traceback,
    branch_exists,
    commit,
    git,
    rev,
    worktree_paths,
    wt,
)


def run(
    *args: str, cwd: str | os.PathLike[str], env: dict[str, str | None] | None = None
) -> Result:
    result = wt(*args, cwd=cwd, env=env)
    assert_no_traceback(result.stdout, result.stderr)
    return result


def add_worktree(repo: Path, branch: str, base: str = "main", *, detach: bool = False) -> Path:
    path = repo.parent / f"repo.{branch.replace('/', '-')}"
    if detach:
        git("worktree", "add", "-q", "--detach", str(path), base, cwd=repo)
    else:
        git("worktree", "add", "-q", "-b", branch, str(path), base, cwd=repo)
    return path


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def errors(result: Result) -> list[str]:
    return [line for line in result.err_lines if line.startswith("✗")]


def subjects(repo: Path, rng: str) -> list[str]:
    return git("log", "--format=%s", rng, cwd=repo).splitlines()


def generator(tmp: Path, message: str) -> str:
    path = tmp / "gen"
    path.write_text(f"#!/bin/sh\ncat > {tmp / 'prompt'}\nprintf '%s\\n' '{message}'\n")
    path.chmod(0o755)
    return str(path)


@pytest.fixture
def feature(repo: Path) -> Path:
    return add_worktree(repo, "feature")


# -- commit ---------------------------------------------------------------------------


def test_commit_with_nothing_to_commit_fails(feature: Path) -> None:
    res = run("step", "commit", cwd=feature)
    assert res.returncode == 1
    assert errors(res) == ["✗ nothing to commit"]


def test_commit_stages_everything_and_uses_the_fallback_message(repo: Path, feature: Path) -> None:
    write(feature / "a.txt", "a\n")
    write(feature / "dir" / "b.txt", "b\n")
    res = run("step", "commit", "--format", "json", cwd=feature)
    assert res.returncode == 0, res.stderr
    doc = res.json()
    assert doc == {
        "sha": rev(feature, "HEAD"),
        "message": "Changes to a.txt, b.txt",
        "stage": "all",
    }
    assert git("status", "--porcelain", cwd=feature) == ""
    assert any(line.startswith("▲ staging 2 untracked paths") for line in res.err_lines)


def test_commit_uses_the_generator(feature: Path, tmp_path: Path, repo: Path) -> None:
    git("config", "wt.commit.generation-command", generator(tmp_path, "feat: add a"), cwd=repo)
    write(feature / "a.txt", "hello\n")
    res = run("step", "commit", cwd=feature)
    assert res.returncode == 0, res.stderr
    assert subjects(feature, "-1") == ["feat: add a"]
    prompt = (tmp_path / "prompt").read_text()
    assert "Branch: feature" in prompt and "+hello" in prompt and "- initial commit" in prompt


def test_an_empty_generator_setting_means_plain_messages_without_warning(
    feature: Path, repo: Path
) -> None:
    git("config", "wt.commit.generation-command", "", cwd=repo)
    write(feature / "a.txt", "hello\n")
    res = run("step", "commit", cwd=feature)
    assert res.returncode == 0, res.stderr
    assert subjects(feature, "-1") == ["Changes to a.txt"]
    assert not any("generator" in line for line in res.err_lines)


@pytest.mark.parametrize(
    ("stage", "committed"),
    [
        ("all", ["new.txt", "tracked.txt", "staged.txt"]),
        ("tracked", ["tracked.txt", "staged.txt"]),
        ("none", ["staged.txt"]),
    ],
)
def test_commit_stage_modes(feature: Path, stage: str, committed: list[str]) -> None:
    commit(feature, "tracked.txt", "1\n", "tracked")
    write(feature / "tracked.txt", "2\n")
    write(feature / "staged.txt", "s\n")
    git("add", "staged.txt", cwd=feature)
    write(feature / "new.txt", "n\n")
    res = run("step", "commit", "--stage", stage, cwd=feature)
    assert res.returncode == 0, res.stderr
    files = git("show", "--name-only", "--format=", "HEAD", cwd=feature).split()
    assert sorted(files) == sorted(committed)


def test_commit_show_prompt_prints_and_changes_nothing(feature: Path) -> None:
    write(feature / "a.txt", "hello\n")
    before = git("ls-files", "--stage", cwd=feature)
    res = run("step", "commit", "--show-prompt", cwd=feature)
    assert res.returncode == 0, res.stderr
    assert "+hello" in res.stdout and "Branch: feature" in res.stdout
    assert git("ls-files", "--stage", cwd=feature) == before
    assert subjects(feature, "-1") == ["initial commit"]


def test_commit_runs_pre_and_post_commit_hooks(feature: Path, repo: Path, tmp_path: Path) -> None:
    git("config", "wt.hook.pre-commit", "echo formatted > fmt.txt", cwd=repo)
    # Written aside and renamed, so the file never exists half-written.
    post = tmp_path / "post"
    git(
        "config",
        "wt.hook.post-commit",
        f"git rev-parse HEAD > {post}.tmp && mv {post}.tmp {post}",
        cwd=repo,
    )
    write(feature / "a.txt", "a\n")
    res = run("step", "commit", cwd=feature)
    assert res.returncode == 0, res.stderr
    assert "fmt.txt" in git("show", "--name-only", "--format=", "HEAD", cwd=feature).split()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not (tmp_path / "post").exists():
        time.sleep(0.05)
    assert (tmp_path / "post").read_text().strip() == rev(feature, "HEAD")


def test_commit_refuses_a_detached_head(repo: Path) -> None:
    path = add_worktree(repo, "d", detach=True)
    write(path / "a.txt", "a\n")
    res = run("step", "commit", cwd=path)
    assert res.returncode == 1
    assert errors(res) == ["✗ cannot commit: HEAD is detached (not on a branch)"]


# -- squash ---------------------------------------------------------------------------


def test_squash_outcomes(repo: Path, feature: Path) -> None:
    res = run("step", "squash", "--format", "json", cwd=feature)
    assert res.json()["outcome"] == "nothing"
    commit(feature, "a.txt", "a\n", "one")
    res = run("step", "squash", "--format", "json", cwd=feature)
    assert res.json()["outcome"] == "already_single"
    commit(feature, "b.txt", "b\n", "two")
    write(feature / "c.txt", "c\n")
    res = run("step", "squash", "--format", "json", cwd=feature)
    assert res.returncode == 0, res.stderr
    doc = res.json()
    assert doc["outcome"] == "squashed" and doc["commits"] == 2
    assert doc["sha"] == rev(feature, "HEAD")
    assert doc["backup"] == rev(repo, "refs/wt-backup/feature")
    assert git("rev-parse", "HEAD^", cwd=feature).strip() == rev(repo, "main")
    assert git("status", "--porcelain", cwd=feature) == ""
    files = git("show", "--name-only", "--format=", "HEAD", cwd=feature).split()
    assert sorted(files) == ["a.txt", "b.txt", "c.txt"]


def test_squash_of_commits_that_cancel_out(repo: Path, feature: Path) -> None:
    commit(feature, "a.txt", "a\n", "add")
    git("rm", "-q", "a.txt", cwd=feature)
    git("commit", "-qm", "remove again", cwd=feature)
    res = run("step", "squash", "--format", "json", cwd=feature)
    assert res.returncode == 0, res.stderr
    assert res.json()["outcome"] == "no_net_changes"
    assert rev(feature, "HEAD") == rev(repo, "main")
    assert git("log", "--format=%s", "-1", "refs/wt-backup/feature", cwd=repo).splitlines() == [
        "remove again"
    ]


def test_squash_with_only_uncommitted_work_is_a_commit(feature: Path) -> None:
    write(feature / "a.txt", "a\n")
    res = run("step", "squash", "--format", "json", cwd=feature)
    assert res.json()["outcome"] == "committed"
    assert subjects(feature, "-1") == ["Changes to a.txt"]


# -- rebase -----------------------------------------------------------------------------


def test_rebase_outcomes(repo: Path, feature: Path) -> None:
    res = run("step", "rebase", "--format", "json", cwd=feature)
    assert res.json()["outcome"] == "up_to_date"
    commit(repo, "m1.txt", "1\n", "main one")
    res = run("step", "rebase", "--format", "json", cwd=feature)
    assert res.json() == {"outcome": "fast_forwarded", "onto": "main", "head": rev(repo, "main")}
    commit(feature, "f.txt", "f\n", "feature")
    commit(repo, "m2.txt", "2\n", "main two")
    res = run("step", "rebase", "--format", "json", cwd=feature)
    assert res.json()["outcome"] == "rebased"
    assert git("rev-parse", "HEAD^", cwd=feature).strip() == rev(repo, "main")


def test_rebase_onto_a_tag(repo: Path, feature: Path) -> None:
    commit(repo, "m.txt", "m\n", "tagged")
    git("tag", "-a", "-m", "v1", "v1", cwd=repo)
    commit(repo, "later.txt", "l\n", "later")
    commit(feature, "f.txt", "f\n", "feature")
    res = run("step", "rebase", "v1", cwd=feature)
    assert res.returncode == 0, res.stderr
    assert git("rev-parse", "HEAD^", cwd=feature).strip() == rev(repo, "v1")


def test_rebase_conflict_is_left_in_progress(repo: Path, feature: Path) -> None:
    commit(feature, "x.txt", "feature\n", "feature x")
    commit(repo, "x.txt", "main\n", "main x")
    res = run("step", "rebase", cwd=feature)
    assert res.returncode == 1
    assert errors(res)[0].startswith("✗ rebasing feature onto main stopped at a conflict in x.txt")
    status = git("status", cwd=feature)
    assert "rebase in progress" in status


def test_rebase_of_an_unknown_target(feature: Path) -> None:
    res = run("step", "rebase", "nope", cwd=feature)
    assert res.returncode == 1
    assert errors(res) == ["✗ no branch, tag or commit named nope"]


# -- push -------------------------------------------------------------------------------


def test_push_refuses_when_the_target_has_newer_commits(repo: Path, feature: Path) -> None:
    commit(feature, "f.txt", "f\n", "feature")
    commit(repo, "m.txt", "m\n", "newer on main")
    before = rev(repo, "main")
    res = run("step", "push", cwd=feature)
    assert res.returncode == 1
    assert errors(res) == ["✗ cannot fast-forward main: it has commits that feature does not have"]
    assert "↳ rebase first: git wt step rebase main" in res.err_lines
    assert rev(repo, "main") == before
    assert run("step", "rebase", cwd=feature).returncode == 0
    res = run("step", "push", "--format", "json", cwd=feature)
    assert res.returncode == 0, res.stderr
    assert res.json() == {
        "outcome": "fast_forwarded",
        "target": "main",
        "commits": 1,
        "sha": rev(feature, "HEAD"),
    }
    assert rev(repo, "main") == rev(feature, "HEAD")
    assert (repo / "f.txt").read_text() == "f\n"


def test_push_no_ff_and_up_to_date(repo: Path, feature: Path) -> None:
    res = run("step", "push", "--format", "json", cwd=feature)
    assert res.json()["outcome"] == "up_to_date"
    commit(feature, "f.txt", "f\n", "feature")
    res = run("step", "push", "--no-ff", "--format", "json", cwd=feature)
    assert res.json()["outcome"] == "merge_commit"
    assert len(git("rev-list", "--parents", "-n1", "main", cwd=repo).split()) == 3


def test_push_refuses_a_missing_target_worktree(repo: Path, feature: Path) -> None:
    other = add_worktree(repo, "target")
    commit(feature, "f.txt", "f\n", "feature")
    os.rename(other, repo.parent / "moved-away")
    res = run("step", "push", "target", cwd=feature)
    assert res.returncode == 1
    assert "directory is missing" in errors(res)[0]


# -- diff -------------------------------------------------------------------------------


def test_diff_shows_all_four_kinds_of_work_and_leaves_the_index_alone(
    repo: Path, feature: Path
) -> None:
    commit(feature, "committed.txt", "c\n", "committed")
    commit(feature, "modified.txt", "m1\n", "to be modified")
    write(feature / "staged.txt", "s\n")
    git("add", "staged.txt", cwd=feature)
    write(feature / "modified.txt", "m2\n")
    write(feature / "untracked.txt", "u\n")
    index_before = git("ls-files", "--stage", "--debug", cwd=feature)
    cached_before = git("diff", "--cached", cwd=feature)

    res = run("step", "diff", cwd=feature)

    assert res.returncode == 0, res.stderr
    names = [
        line.split(" b/")[-1] for line in res.stdout.splitlines() if line.startswith("diff --git")
    ]
    assert sorted(names) == ["committed.txt", "modified.txt", "staged.txt", "untracked.txt"]
    assert "+m2" in res.stdout and "+u" in res.stdout
    assert git("ls-files", "--stage", "--debug", cwd=feature) == index_before
    assert git("diff", "--cached", cwd=feature) == cached_before


def test_diff_is_empty_without_changes_and_passes_extra_arguments(feature: Path) -> None:
    res = run("step", "diff", cwd=feature)
    assert (res.returncode, res.stdout) == (0, "")
    write(feature / "n.txt", "n\n")
    res = run("step", "diff", "--", "--stat", cwd=feature)
    assert res.returncode == 0, res.stderr
    assert "n.txt | 1 +" in res.stdout


# -- for-each ----------------------------------------------------------------------------


def test_for_each_runs_everywhere_including_detached_worktrees(repo: Path, feature: Path) -> None:
    detached = add_worktree(repo, "loose", detach=True)
    res = run("step", "for-each", "--", "sh", "-c", "pwd", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines() == [
        f"main | {repo}",
        f"feature | {feature}",
        f"{detached.name} (detached) | {detached}",
    ]


def test_for_each_expands_templates_per_worktree(repo: Path, feature: Path) -> None:
    res = run("step", "for-each", "--", "echo", "{{ branch }}@{{ worktree_name }}", cwd=repo)
    assert res.stdout.splitlines() == ["main | main@repo", f"feature | feature@{feature.name}"]


def test_for_each_reports_failures_and_exits_1(repo: Path, feature: Path) -> None:
    add_worktree(repo, "loose", detach=True)
    res = run("step", "for-each", "--format", "json", "--", "git", "show", "nope", cwd=repo)
    assert res.returncode == 1
    doc = json.loads(res.stdout)
    assert [d["exit_code"] for d in doc] == [128, 128, 128]
    assert [d["branch"] for d in doc] == ["main", "feature", None]
    assert any(line.startswith("▲ failed in 3 of 3 worktrees") for line in res.err_lines)


def test_for_each_needs_a_command(repo: Path) -> None:
    res = run("step", "for-each", cwd=repo)
    assert res.returncode == 2


def test_for_each_refuses_branch_templates_for_detached_worktrees(repo: Path) -> None:
    add_worktree(repo, "loose", detach=True)
    res = run("step", "for-each", "--", "echo", "{{ branch }}", cwd=repo)
    assert res.returncode == 1
    assert "detached" in errors(res)[0]


# -- prune --------------------------------------------------------------------------------


def make_prune_fixture(repo: Path) -> dict[str, Path]:
    paths = {name: add_worktree(repo, name) for name in ("merged-a", "merged-b")}
    paths["unmerged"] = add_worktree(repo, "unmerged")
    commit(paths["unmerged"], "u.txt", "u\n", "not merged")
    paths["dirty"] = add_worktree(repo, "dirty")
    write(paths["dirty"] / "wip.txt", "wip\n")
    paths["locked"] = add_worktree(repo, "locked")
    git("worktree", "lock", str(paths["locked"]), cwd=repo)
    squashed = add_worktree(repo, "squashed")
    commit(squashed, "s.txt", "s\n", "squashed work")
    git("merge", "--squash", "-q", "squashed", cwd=repo)
    git("commit", "-qm", "squash merge", cwd=repo)
    paths["squashed"] = squashed
    return paths


def test_prune_dry_run_lists_and_removes_nothing(repo: Path) -> None:
    paths = make_prune_fixture(repo)
    before = worktree_paths(repo)
    res = run("step", "prune", "--dry-run", "--min-age", "0", cwd=repo)
    assert res.returncode == 0, res.stderr
    listed = [line.split("\t")[0] for line in res.stdout.splitlines()]
    assert listed == ["merged-a", "merged-b", "squashed"]
    assert res.stdout.splitlines()[0] == f"merged-a\t{paths['merged-a']}\talready contained in main"
    assert worktree_paths(repo) == before


def test_prune_removes_only_clean_integrated_worktrees(repo: Path) -> None:
    paths = make_prune_fixture(repo)
    res = run("step", "prune", "--min-age", "0s", "--format", "json", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert sorted(d["branch"] for d in res.json()) == ["merged-a", "merged-b", "squashed"]
    assert all(d["branch_outcome"] == "deleted" for d in res.json())
    for name in ("merged-a", "merged-b", "squashed"):
        assert not paths[name].exists() and not branch_exists(repo, name)
    for name in ("unmerged", "dirty", "locked"):
        assert paths[name].exists() and branch_exists(repo, name)
    assert (paths["dirty"] / "wip.txt").exists()


def test_prune_skips_young_worktrees_by_default(repo: Path) -> None:
    path = add_worktree(repo, "fresh")
    res = run("step", "prune", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert "○ skipped fresh: younger than --min-age" in res.err_lines
    assert path.exists()
    old = time.time() - 3 * 86400
    admin = Path(git("rev-parse", "--path-format=absolute", "--git-dir", cwd=path).strip())
    os.utime(admin / "commondir", (old, old))
    res = run("step", "prune", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert not path.exists()


def test_prune_rejects_a_bad_duration(repo: Path) -> None:
    res = run("step", "prune", "--min-age", "soon", cwd=repo)
    assert res.returncode == 2


def test_prune_of_the_current_worktree_lands_in_the_primary(repo: Path, cd_file: Path) -> None:
    path = add_worktree(repo, "done")
    res = run("step", "prune", "--min-age", "0", cwd=path, env={"GIT_WT_CD_FILE": str(cd_file)})
    assert res.returncode == 0, res.stderr
    assert not path.exists()
    assert cd_file.read_text() == str(repo)


# -- eval ---------------------------------------------------------------------------------


def test_eval_still_works(repo: Path) -> None:
    res = run("step", "eval", "{{ branch | hash_port }}", cwd=repo)
    assert (res.returncode, res.stdout) == (0, "12107\n")


def test_step_without_a_name_is_a_usage_error(repo: Path) -> None:
    res = run("step", cwd=repo)
    assert res.returncode == 2
