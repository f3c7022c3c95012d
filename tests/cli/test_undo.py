"""`git wt undo`: the trash every removal goes through, restoring from it, listing it,
purging it; and the removal checks for changes git status does not show."""

from __future__ import annotations

import io
import json
import os
import threading
import time
from pathlib import Path

import pytest
from helpers import (
    Result,
    assert_no_traceback,
    branch_exists,
    commit,
    config_get,
    git,
    rev,
    worktree_map,
    wt,
)

# -- helpers local to this module ------------------------------------------------------


def run(*args: str, cwd: Path, env: dict[str, str | None] | None = None) -> Result:
    result = wt(*args, cwd=cwd, env=env)
    assert_no_traceback(result.stdout, result.stderr)
    return result


def add_worktree(repo: Path, branch: str, path: Path | None = None) -> Path:
    path = path or repo.parent / f"repo.{branch.replace('/', '-')}"
    git("worktree", "add", "-q", "-b", branch, str(path), "main", cwd=repo)
    return path


def trash(repo: Path) -> Path:
    return repo / ".git" / "wt" / "trash"


def entries(repo: Path) -> list[str]:
    """The trash's entries (deletions under way are not entries)."""
    where = trash(repo)
    return sorted(n for n in os.listdir(where) if not n.startswith(".")) if where.is_dir() else []


def wait_until_gone(directory: Path, timeout: float = 5.0) -> list[str]:
    """Poll until `directory` holds nothing (background deletions finish); what is left."""
    deadline = time.monotonic() + timeout
    while True:
        left = sorted(os.listdir(directory)) if directory.is_dir() else []
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.05)


def error_lines(result: Result) -> list[str]:
    return [line for line in result.err_lines if line.startswith("✗")]


def hint_lines(result: Result) -> list[str]:
    return [line for line in result.err_lines if line.startswith("↳")]


def snapshot(repo: Path) -> tuple[str, str, str]:
    """What a refused undo must leave alone: registrations, refs and the trash."""
    return (
        git("worktree", "list", "--porcelain", cwd=repo),
        git("show-ref", cwd=repo, check=False),
        "\n".join(entries(repo)),
    )


@pytest.fixture
def feat(repo: Path) -> Path:
    """`feat` one commit ahead of main, with an upstream, an ignored file, an untracked
    file, a staged change and an unstaged change."""
    path = add_worktree(repo, "feat")
    commit(path, ".gitignore", ".env\n*.db\n", "ignore local files")
    commit(path, "app.py", "print(1)\n", "app")
    (path / ".env").write_text("SECRET=1\n")
    (path / "local.db").write_bytes(b"\0db\0")
    (path / "notes.txt").write_text("untracked notes\n")
    (path / "app.py").write_text("print(2)\n")
    git("add", "app.py", cwd=path)
    (path / "app.py").write_text("print(3)\n")
    git("config", "branch.feat.remote", "origin", cwd=repo)
    git("config", "branch.feat.merge", "refs/heads/feat", cwd=repo)
    git("config", "branch.feat.description", "the feature", cwd=repo)
    return path


def assert_feat_restored(repo: Path, path: Path, tip: str, status: str) -> None:
    assert worktree_map(repo)["feat"] == str(path)
    assert rev(repo, "feat") == tip
    assert (path / ".env").read_text() == "SECRET=1\n"
    assert (path / "local.db").read_bytes() == b"\0db\0"
    assert (path / "notes.txt").read_text() == "untracked notes\n"
    assert (path / "app.py").read_text() == "print(3)\n"
    # The index came back too: the staged change is still staged.
    assert git("status", "--short", cwd=path) == status
    assert git("diff", "--cached", "--name-only", cwd=path) == "app.py\n"
    assert config_get(repo, "branch.feat.remote") == "origin"
    assert config_get(repo, "branch.feat.merge") == "refs/heads/feat"
    assert config_get(repo, "branch.feat.description") == "the feature"
    assert git("fsck", "--no-progress", cwd=repo, check=False) is not None


# -- undo after each kind of removal -----------------------------------------------------


def test_undo_after_remove_restores_files_registration_branch_and_config(
    repo: Path, feat: Path
) -> None:
    tip = rev(repo, "feat")
    status = git("status", "--short", cwd=feat)
    assert status == "MM app.py\n?? notes.txt\n"
    res = run("remove", "--force", "-D", "feat", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert not feat.exists() and not branch_exists(repo, "feat")
    assert config_get(repo, "branch.feat.remote") is None
    res = run("undo", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert res.err_lines == [
        f"✓ restored the worktree of feat at {feat} and its branch (at {tip[:7]})"
    ]
    assert_feat_restored(repo, feat, tip, status)
    assert entries(repo) == []
    # It is a working worktree again: it can be committed in and removed as usual.
    git("commit", "-qam", "more", cwd=feat)
    assert run("remove", "--force", "-D", "feat", cwd=repo).returncode == 0


def test_undo_of_a_removal_that_kept_the_branch(repo: Path) -> None:
    path = add_worktree(repo, "kept")
    tip = commit(path, "k.txt", "k\n", "unmerged work")
    assert run("remove", "kept", cwd=repo).returncode == 0
    assert branch_exists(repo, "kept")
    res = run("undo", "kept", "--format", "json", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert res.json() == {
        "branch": "kept",
        "path": str(path),
        "commit": tip,
        "worktree_restored": True,
        "branch_restored": False,
    }
    assert worktree_map(repo)["kept"] == str(path)
    assert (path / "k.txt").read_text() == "k\n"


def test_undo_after_merge_cleanup(repo: Path) -> None:
    path = add_worktree(repo, "feature")
    commit(path, "one.txt", "one\n", "add one")
    (path / ".env").write_text("TOKEN=x\n")
    commit(path, ".gitignore", ".env\n", "ignore .env")
    res = run("merge", cwd=path)
    assert res.returncode == 0, res.stderr
    assert not path.exists() and not branch_exists(repo, "feature")
    res = run("undo", "feature", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert worktree_map(repo)["feature"] == str(path)
    assert (path / ".env").read_text() == "TOKEN=x\n"
    # The branch is back at the tip it had when merge removed it: the merged commit.
    assert rev(repo, "feature") == rev(repo, "main")
    assert git("status", "--short", cwd=path) == ""


def test_undo_after_step_prune(repo: Path) -> None:
    path = add_worktree(repo, "done")
    (path / "cache.db").write_text("cache\n")
    git("config", "core.excludesFile", str(repo / "nonexistent"), cwd=repo)
    (repo / ".git" / "info" / "exclude").write_text("*.db\n")
    res = run("step", "prune", "--min-age", "0", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert not path.exists() and not branch_exists(repo, "done")
    res = run("undo", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert worktree_map(repo)["done"] == str(path)
    assert (path / "cache.db").read_text() == "cache\n"
    assert rev(repo, "done") == rev(repo, "main")


def test_undo_after_picker_removal(repo: Path) -> None:
    pytest.importorskip("prompt_toolkit")
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from git_wt.context import Context
    from git_wt.git.repository import Repository
    from git_wt.listing.collect import collect_rows
    from git_wt.picker.app import Picker
    from git_wt.ui.output import Output

    path = add_worktree(repo, "fix/crash")
    (path / "scratch.txt").write_text("ignored scratch\n")
    (repo / ".git" / "info" / "exclude").write_text("scratch.txt\n")
    ctx = Context(cwd=str(repo), out=Output(out=io.StringIO(), err=io.StringIO()))
    repository = Repository.discover(str(repo))
    errors: list[BaseException] = []
    with create_pipe_input() as pipe:
        picker = Picker(
            repository,
            collect_rows(repository),
            ctx,
            input=pipe,
            output=DummyOutput(),
        )

        def feed() -> None:
            try:
                pipe.send_text("crash")
                time.sleep(0.3)
                pipe.send_text("\x1bx")
                deadline = time.monotonic() + 20
                while picker.removing is not None or not picker.message[1]:
                    if time.monotonic() > deadline:
                        raise AssertionError(f"timed out; status: {picker.message}")
                    time.sleep(0.02)
                pipe.send_text("\x1b")
            except BaseException as exc:
                errors.append(exc)
                pipe.send_text("\x03")

        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
        try:
            picker.run()
        finally:
            feeder.join(5)
    assert errors == []
    assert picker.message[1].startswith("removed fix/crash and deleted its branch")
    assert not path.exists() and not branch_exists(repo, "fix/crash")
    res = run("undo", "fix/crash", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert worktree_map(repo)["fix/crash"] == str(path)
    assert (path / "scratch.txt").read_text() == "ignored scratch\n"


def test_undo_of_a_branch_removed_without_a_worktree(repo: Path) -> None:
    git("branch", "spike", cwd=repo)
    git("switch", "-q", "spike", cwd=repo)
    tip = commit(repo, "s.txt", "s\n", "spike work")
    git("switch", "-q", "main", cwd=repo)
    git("config", "branch.spike.merge", "refs/heads/spike", cwd=repo)
    git("config", "branch.spike.remote", ".", cwd=repo)
    assert run("remove", "-D", "spike", cwd=repo).returncode == 0
    assert not branch_exists(repo, "spike")
    res = run("undo", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert res.err_lines == [f"✓ restored branch spike at {tip[:7]}"]
    assert rev(repo, "spike") == tip
    assert config_get(repo, "branch.spike.merge") == "refs/heads/spike"
    assert config_get(repo, "branch.spike.remote") == "."


def test_undo_of_a_detached_worktree(repo: Path, work: Path) -> None:
    path = work / "loose"
    git("worktree", "add", "-q", "--detach", str(path), "main", cwd=repo)
    (path / "wip.txt").write_text("wip\n")
    assert run("remove", "--force", str(path), cwd=repo).returncode == 0
    res = run("undo", str(path), cwd=repo)
    assert res.returncode == 0, res.stderr
    assert res.err_lines == [f"✓ restored the worktree of a detached HEAD at {path}"]
    assert git("status", "--short", cwd=path) == "?? wip.txt\n"
    assert git("rev-parse", "HEAD", cwd=path).strip() == rev(repo, "main")


def test_the_newest_removal_is_undone_first_and_a_branch_picks_its_own(repo: Path) -> None:
    first, second = add_worktree(repo, "first"), add_worktree(repo, "second")
    assert run("remove", "first", cwd=repo).returncode == 0
    time.sleep(1.1)  # entries are ordered by removal time
    assert run("remove", "second", cwd=repo).returncode == 0
    assert run("undo", cwd=repo).err_lines[0].startswith("✓ restored the worktree of second")
    assert second.is_dir() and not first.exists()
    assert run("undo", "first", cwd=repo).returncode == 0
    assert first.is_dir()
    res = run("undo", cwd=repo)
    assert res.returncode == 1
    assert error_lines(res) == ["✗ there is nothing to undo: the trash is empty"]


def test_a_git_directory_name_taken_meanwhile_gets_a_new_one(repo: Path, work: Path) -> None:
    path = add_worktree(repo, "feat", path=work / "a" / "same")
    (path / "x.txt").write_text("x\n")
    assert run("remove", "--force", "feat", cwd=repo).returncode == 0
    other = add_worktree(repo, "other", path=work / "b" / "same")  # takes worktrees/same
    assert run("undo", "feat", cwd=repo).returncode == 0
    assert worktree_map(repo) == {"main": str(repo), "feat": str(path), "other": str(other)}
    assert git("status", "--short", cwd=path) == "?? x.txt\n"
    assert git("status", "--short", cwd=other) == ""
    assert git("worktree", "list", "--porcelain", cwd=repo).count("prunable") == 0


def test_undo_of_a_removal_killed_before_it_moved_the_git_directory(repo: Path) -> None:
    path = add_worktree(repo, "cut")
    (path / "wip.txt").write_text("wip\n")
    assert run("remove", "--force", "cut", cwd=repo).returncode == 0
    # What a kill between the two moves leaves: the git directory still registered.
    (entry,) = entries(repo)
    os.rename(trash(repo) / entry / "admin", repo / ".git" / "worktrees" / "repo.cut")
    assert "prunable" in git("worktree", "list", "--porcelain", cwd=repo)
    res = run("undo", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert git("status", "--short", cwd=path) == "?? wip.txt\n"
    assert "prunable" not in git("worktree", "list", "--porcelain", cwd=repo)
    assert entries(repo) == []


# -- refusals ----------------------------------------------------------------------------


def test_undo_refuses_when_the_path_is_taken_again(repo: Path, feat: Path) -> None:
    assert run("remove", "--force", "-D", "feat", cwd=repo).returncode == 0
    feat.mkdir()
    (feat / "new.txt").write_text("someone else's\n")
    before = snapshot(repo)
    res = run("undo", cwd=repo)
    assert res.returncode == 1
    assert error_lines(res) == [f"✗ cannot restore the worktree of feat: {feat} is taken again"]
    assert hint_lines(res) == [
        "↳ move whatever is there away (or remove that worktree), then run git wt undo feat again"
    ]
    assert snapshot(repo) == before
    assert os.listdir(feat) == ["new.txt"]
    assert not branch_exists(repo, "feat")
    # Once the path is free again, the undo works.
    (feat / "new.txt").unlink()
    feat.rmdir()
    assert run("undo", cwd=repo).returncode == 0
    assert (feat / ".env").read_text() == "SECRET=1\n"


def test_undo_refuses_when_the_branch_name_is_taken_again(repo: Path, feat: Path) -> None:
    tip = rev(repo, "feat")
    assert run("remove", "--force", "-D", "feat", cwd=repo).returncode == 0
    git("branch", "feat", "main", cwd=repo)
    before = snapshot(repo)
    res = run("undo", "feat", cwd=repo)
    assert res.returncode == 1
    main7, tip7 = rev(repo, "main")[:7], tip[:7]
    assert error_lines(res) == [
        f"✗ cannot restore feat: the name is taken again (a branch at {main7}, not at {tip7})"
    ]
    assert hint_lines(res) == [
        "↳ rename it (git branch -m feat NEW), then run git wt undo feat again"
    ]
    assert snapshot(repo) == before
    assert not feat.exists()


def test_undo_refuses_when_another_worktree_has_the_branch(repo: Path, work: Path) -> None:
    path = add_worktree(repo, "kept")
    commit(path, "k.txt", "k\n", "unmerged")
    assert run("remove", "kept", cwd=repo).returncode == 0  # the branch stays
    elsewhere = work / "elsewhere"
    git("worktree", "add", "-q", str(elsewhere), "kept", cwd=repo)
    before = snapshot(repo)
    res = run("undo", cwd=repo)
    assert res.returncode == 1
    assert error_lines(res) == [
        f"✗ cannot restore the worktree of kept: {elsewhere} has the branch checked out"
    ]
    assert snapshot(repo) == before


def test_undo_of_something_never_removed(repo: Path) -> None:
    add_worktree(repo, "a")
    assert run("remove", "a", cwd=repo).returncode == 0
    res = run("undo", "nope", cwd=repo)
    assert res.returncode == 1
    assert error_lines(res) == ["✗ there is no removal of nope to undo"]
    assert hint_lines(res) == ["↳ git wt undo --list"]


@pytest.mark.parametrize(
    "args", [("--list", "x"), ("--purge", "x"), ("--list", "--purge"), ("--format", "yaml")]
)
def test_usage_errors(repo: Path, args: tuple[str, ...]) -> None:
    res = run("undo", *args, cwd=repo)
    assert res.returncode == 2
    assert len(error_lines(res)) == 1


# -- listing -----------------------------------------------------------------------------


def test_list_text_and_json(repo: Path, feat: Path) -> None:
    res = run("undo", "--list", cwd=repo)
    assert (res.returncode, res.stdout) == (0, "")
    assert res.err_lines == ["○ the trash is empty: there is nothing to undo"]
    tip = rev(repo, "feat")
    assert run("remove", "--force", "-D", "feat", cwd=repo).returncode == 0
    git("branch", "old", cwd=repo)
    assert run("remove", "old", cwd=repo).returncode == 0
    res = run("undo", "--list", cwd=repo)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert len(lines) == 2
    pad = len("feat")
    assert {line.split("  removed ")[0] for line in lines} == {
        f"feat  {feat}",
        f"{'old':<{pad}}  {'(branch only)':<{len(str(feat))}}",
    }
    assert all(line.endswith("just now") or line.endswith("s ago") for line in lines)
    doc = run("undo", "--list", "--format", "json", cwd=repo).json()
    by_branch = {d["branch"]: d for d in doc}
    assert set(by_branch) == {"feat", "old"}
    entry = by_branch["feat"]
    assert set(entry) == {"id", "branch", "path", "commit", "removed_at", "expires_at"}
    assert (entry["path"], entry["commit"]) == (str(feat), tip)
    assert entry["id"] in entries(repo)
    removed = time.mktime(time.strptime(entry["removed_at"], "%Y-%m-%dT%H:%M:%SZ"))
    expires = time.mktime(time.strptime(entry["expires_at"], "%Y-%m-%dT%H:%M:%SZ"))
    assert expires - removed == 86400  # the default keep time, 1d
    assert by_branch["old"]["path"] is None


# -- how long the trash keeps things -----------------------------------------------------


def test_keep_zero_deletes_at_once(repo: Path, feat: Path) -> None:
    git("config", "wt.remove.keep", "0", cwd=repo)
    assert run("remove", "--force", "-D", "feat", cwd=repo).returncode == 0
    assert wait_until_gone(trash(repo)) == []
    res = run("undo", cwd=repo)
    assert res.returncode == 1
    assert error_lines(res) == ["✗ there is nothing to undo: the trash is empty"]


def test_keep_zero_with_foreground_is_gone_when_the_command_returns(repo: Path) -> None:
    git("config", "wt.remove.keep", "0", cwd=repo)
    add_worktree(repo, "a")
    assert run("remove", "--foreground", "a", cwd=repo).returncode == 0
    assert os.listdir(trash(repo)) == []


def test_foreground_without_keep_zero_still_keeps_the_worktree(repo: Path) -> None:
    path = add_worktree(repo, "a")
    assert run("remove", "--foreground", "a", cwd=repo).returncode == 0
    assert not path.exists()
    assert len(entries(repo)) == 1
    assert run("undo", cwd=repo).returncode == 0
    assert path.is_dir()


def test_invalid_keep_fails_before_anything_is_removed(repo: Path) -> None:
    path = add_worktree(repo, "a")
    git("config", "wt.remove.keep", "forever", cwd=repo)
    res = run("remove", "a", cwd=repo)
    assert res.returncode == 1
    assert error_lines(res) == [
        "✗ wt.remove.keep must be a duration such as 0, 12h or 2d, not 'forever'"
    ]
    assert hint_lines(res) == ["↳ git config wt.remove.keep 1d"]
    assert path.is_dir() and branch_exists(repo, "a")


def age(repo: Path, name: str, seconds: int) -> str:
    """Make a trash entry look `seconds` older (its name carries its removal time)."""
    epoch, rest = name.split("-", 1)
    older = f"{int(epoch) - seconds}-{rest}"
    os.rename(trash(repo) / name, trash(repo) / older)
    return older


def test_expired_entries_are_purged_by_a_later_command(repo: Path) -> None:
    git("config", "wt.remove.keep", "12h", cwd=repo)
    add_worktree(repo, "old")
    add_worktree(repo, "recent")
    assert run("remove", "old", "recent", cwd=repo).returncode == 0
    by_branch = {
        json.loads((trash(repo) / n / "manifest.json").read_text())["branch"]: n
        for n in entries(repo)
    }
    age(repo, by_branch["old"], 13 * 3600)
    recent = age(repo, by_branch["recent"], 11 * 3600)
    # A removal killed before it wrote anything: no manifest, old enough to go.
    stray = trash(repo) / "repo.killed-1700000000-4242"
    (stray / "sub").mkdir(parents=True)
    (stray / "sub" / "file").write_text("x\n")
    os.utime(stray, (time.time() - 13 * 3600,) * 2)
    res = run("undo", "--list", "--format", "json", cwd=repo)
    assert [d["branch"] for d in res.json()] == ["recent"]
    deadline = time.monotonic() + 5
    while sorted(os.listdir(trash(repo))) != [recent] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(os.listdir(trash(repo))) == [recent]
    # Any removal purges too.
    age(repo, recent, 2 * 3600)
    add_worktree(repo, "next")
    assert run("remove", "next", cwd=repo).returncode == 0
    deadline = time.monotonic() + 5
    while len(os.listdir(trash(repo))) != 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [
        json.loads((trash(repo) / n / "manifest.json").read_text())["branch"]
        for n in os.listdir(trash(repo))
    ] == ["next"]


def test_purge_empties_the_trash(repo: Path) -> None:
    for name in ("a", "b"):
        add_worktree(repo, name)
    assert run("remove", "a", "b", cwd=repo).returncode == 0
    res = run("undo", "--purge", "--format", "json", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert sorted(d["branch"] for d in res.json()) == ["a", "b"]
    assert res.err_lines == ["✓ emptied the trash (2 removals deleted)"]
    assert os.listdir(trash(repo)) == []
    assert run("undo", cwd=repo).returncode == 1


# -- changes git status does not show ------------------------------------------------------


@pytest.fixture
def hidden(repo: Path) -> Path:
    path = add_worktree(repo, "hidden")
    commit(path, "settings.json", "{}\n", "settings")
    commit(path, "sparse/big.txt", "big\n", "big")
    return path


def test_assume_unchanged_changes_refuse_remove(repo: Path, hidden: Path) -> None:
    git("update-index", "--assume-unchanged", "settings.json", cwd=hidden)
    (hidden / "settings.json").write_text('{"token": "local"}\n')
    assert git("status", "--short", cwd=hidden) == ""  # git status does not see it
    res = run("remove", "hidden", cwd=repo)
    assert res.returncode == 1
    assert res.err_lines == [
        "✗ the worktree of hidden has uncommitted changes",
        "   M settings.json (assume-unchanged)",
        "↳ commit or stash them, or throw them away with: git wt remove --force hidden",
    ]
    assert hidden.is_dir() and branch_exists(repo, "hidden")
    # Deleted behind git's back counts too.
    (hidden / "settings.json").unlink()
    res = run("remove", "hidden", cwd=repo)
    assert res.returncode == 1
    assert "   D settings.json (assume-unchanged)" in res.err_lines
    assert run("remove", "--force", "hidden", cwd=repo).returncode == 0


def test_skip_worktree_changes_refuse_remove(repo: Path, hidden: Path) -> None:
    git("update-index", "--skip-worktree", "sparse/big.txt", cwd=hidden)
    (hidden / "sparse" / "big.txt").write_text("edited\n")
    assert git("status", "--short", cwd=hidden) == ""
    res = run("remove", "hidden", cwd=repo)
    assert res.returncode == 1
    assert "   M sparse/big.txt (skip-worktree)" in res.err_lines
    assert hidden.is_dir()


def test_flagged_files_that_did_not_change_do_not_refuse(repo: Path, hidden: Path) -> None:
    git("update-index", "--assume-unchanged", "settings.json", cwd=hidden)
    git("update-index", "--skip-worktree", "sparse/big.txt", cwd=hidden)
    (hidden / "sparse" / "big.txt").unlink()  # absent under skip-worktree: sparse, not a change
    res = run("remove", "hidden", cwd=repo)
    assert res.returncode == 0, res.stderr


def test_merge_cleanup_and_prune_keep_worktrees_with_hidden_changes(
    repo: Path, hidden: Path
) -> None:
    git("update-index", "--assume-unchanged", "settings.json", cwd=hidden)
    (hidden / "settings.json").write_text('{"token": "local"}\n')
    res = run("merge", cwd=hidden)
    assert res.returncode == 0, res.stderr
    assert any("merged, but kept the worktree" in line for line in res.err_lines), res.stderr
    assert hidden.is_dir() and (hidden / "settings.json").read_text() == '{"token": "local"}\n'
    res = run("step", "prune", "--min-age", "0", cwd=repo)
    assert hidden.is_dir() and branch_exists(repo, "hidden")
    assert any("uncommitted changes" in line for line in res.err_lines), res.stderr


def test_remove_help_is_honest_about_ignored_files_and_undo(repo: Path) -> None:
    res = run("remove", "-h", cwd=repo)
    assert res.returncode == 0
    text = " ".join(res.stdout.split())
    assert "assume-unchanged" in text and "skip-worktree" in text
    assert "Ignored files" in text and "git wt undo" in text


def test_any_command_in_the_repository_purges_expired_entries(repo: Path) -> None:
    git("config", "wt.remove.keep", "1h", cwd=repo)
    add_worktree(repo, "gone")
    assert run("remove", "gone", cwd=repo).returncode == 0
    [entry] = entries(repo)
    age(repo, entry, 2 * 3600)
    assert run("list", "--format", "json", cwd=repo).returncode == 0
    deadline = time.monotonic() + 5
    while os.listdir(trash(repo)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert os.listdir(trash(repo)) == []
