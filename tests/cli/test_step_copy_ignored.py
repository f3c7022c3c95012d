"""`git wt step copy-ignored`: what is copied, what never is, and how (clones, no overwrites)."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest
from helpers import Result, assert_no_traceback, commit, git, wt


def run(*args: str, cwd: str | os.PathLike[str]) -> Result:
    result = wt(*args, cwd=cwd)
    assert_no_traceback(result.stdout, result.stderr)
    return result


def write(path: Path, text: str, mode: int | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if mode is not None:
        path.chmod(mode)


def tree(root: Path) -> dict[str, str]:
    """Every file/symlink under root (not .git): relative path -> content or '-> target'."""
    found: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root)
            if os.path.islink(full):
                found[rel] = "-> " + os.readlink(full)
            elif name != ".git":
                found[rel] = Path(full).read_text()
    return found


@pytest.fixture
def source(repo: Path) -> Path:
    """The primary worktree with tracked files and a spread of ignored ones."""
    commit(repo, ".gitignore", ".env\nnode_modules/\n.venv/\n*.log\nbuild/\n", "ignore rules")
    write(repo / ".env", "SECRET=1\n")
    write(repo / "node_modules" / "pkg" / "index.js", "module\n")
    write(repo / "node_modules" / "pkg" / "cli.js", "#!/usr/bin/env node\n", mode=0o755)
    os.symlink("index.js", repo / "node_modules" / "pkg" / "alias.js")
    os.symlink("../node_modules/pkg", repo / "node_modules" / "linked-dir")
    write(repo / ".venv" / "bin" / "python", "py\n")
    write(repo / "app" / "debug.log", "log\n")
    write(repo / "untracked-not-ignored.txt", "stays\n")
    return repo


@pytest.fixture
def dest(source: Path) -> Path:
    path = source.parent / "repo.feature"
    git("worktree", "add", "-q", "-b", "feature", str(path), cwd=source)
    return path


def test_copies_every_ignored_entry_and_nothing_else(source: Path, dest: Path) -> None:
    res = run("step", "copy-ignored", cwd=dest)
    assert res.returncode == 0, res.stderr
    copied = {k: v for k, v in tree(dest).items() if k not in tree_of_tracked(dest)}
    assert copied == {
        ".env": "SECRET=1\n",
        "node_modules/pkg/index.js": "module\n",
        "node_modules/pkg/cli.js": "#!/usr/bin/env node\n",
        "node_modules/pkg/alias.js": "-> index.js",
        "node_modules/linked-dir": "-> ../node_modules/pkg",
        ".venv/bin/python": "py\n",
        "app/debug.log": "log\n",
    }
    assert os.stat(dest / "node_modules/pkg/cli.js").st_mode & stat.S_IXUSR
    mtime = os.stat(source / ".env").st_mtime_ns
    assert os.stat(dest / ".env").st_mtime_ns == mtime
    assert res.err_lines[0].startswith("✓ copied 5 files (")
    assert "2 symlinks" in res.err_lines[0]


def tree_of_tracked(path: Path) -> set[str]:
    return set(git("ls-files", cwd=path).split())


def test_a_second_run_changes_nothing_and_never_overwrites(source: Path, dest: Path) -> None:
    write(dest / ".env", "MINE=1\n")
    res = run("step", "copy-ignored", cwd=dest)
    assert res.returncode == 0, res.stderr
    assert (dest / ".env").read_text() == "MINE=1\n"
    before = tree(dest)
    res = run("step", "copy-ignored", "--format", "json", cwd=dest)
    assert res.returncode == 0, res.stderr
    assert res.json()["files"] == 0
    assert res.json()["existing"] == 7
    assert tree(dest) == before


def test_worktreeinclude_limits_the_copy(source: Path, dest: Path) -> None:
    write(
        source / ".worktreeinclude",
        ".env\nnode_modules/\n# not the venv\nuntracked-not-ignored.txt\n",
    )
    res = run("step", "copy-ignored", "--dry-run", cwd=dest)
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines() == [".env", "node_modules/"]
    assert not (dest / ".env").exists()
    res = run("step", "copy-ignored", cwd=dest)
    assert res.returncode == 0, res.stderr
    assert (dest / ".env").exists() and (dest / "node_modules" / "pkg" / "index.js").exists()
    assert not (dest / ".venv").exists()
    assert not (dest / "untracked-not-ignored.txt").exists()


def test_dry_run_lists_on_stdout_and_copies_nothing(source: Path, dest: Path) -> None:
    res = run("step", "copy-ignored", "--dry-run", cwd=dest)
    assert res.returncode == 0, res.stderr
    # app/ holds nothing but ignored files, so git (and the copy) treat it as one entry.
    assert res.stdout.splitlines() == [".env", ".venv/", "app/", "node_modules/"]
    assert res.err_lines == [f"○ would copy 4 entries from {source} to {dest}"]
    assert not (dest / ".env").exists()


def test_from_and_to_selectors(source: Path, dest: Path) -> None:
    other = source.parent / "repo.other"
    git("worktree", "add", "-q", "-b", "other", str(other), cwd=source)
    write(dest / ".env", "from feature\n")
    res = run("step", "copy-ignored", "--from", "feature", "--to", "other", cwd=source)
    assert res.returncode == 0, res.stderr
    assert (other / ".env").read_text() == "from feature\n"
    assert not (other / "node_modules").exists()


def test_same_source_and_destination_is_a_no_op(source: Path) -> None:
    res = run("step", "copy-ignored", cwd=source)
    assert res.returncode == 0
    assert res.err_lines == ["○ source and destination are the same worktree; nothing to copy"]


def test_nested_worktrees_and_repositories_are_never_copied(source: Path) -> None:
    git("config", "wt.worktree-path", "{{ repo_path }}/build/{{ branch }}", cwd=source)
    nested = source / "build" / "nested"
    git("worktree", "add", "-q", "-b", "nested", str(nested), cwd=source)
    subprocess.run(["git", "init", "-q", str(source / "build" / "inner-repo")], check=True)
    write(source / "build" / "artifact.bin", "bin\n")
    dest = source.parent / "repo.two"
    git("worktree", "add", "-q", "-b", "two", str(dest), cwd=source)
    res = run("step", "copy-ignored", cwd=dest)
    assert res.returncode == 0, res.stderr
    assert (dest / "build" / "artifact.bin").read_text() == "bin\n"
    assert not (dest / "build" / "nested").exists()
    assert not (dest / "build" / "inner-repo").exists()


def test_a_symlinked_directory_at_the_destination_is_not_written_through(
    source: Path, dest: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, dest / "node_modules")
    res = run("step", "copy-ignored", cwd=dest)
    assert res.returncode == 0, res.stderr
    assert list(outside.iterdir()) == []
    assert any("node_modules" in line for line in res.err_lines if line.startswith("▲"))


def reflink_supported(path: Path) -> bool:
    a, b = path / "reflink-probe-a", path / "reflink-probe-b"
    a.write_text("x")
    ok = subprocess.run(["cp", "--reflink=always", str(a), str(b)], capture_output=True).returncode
    a.unlink()
    b.unlink(missing_ok=True)
    return ok == 0


def test_reflink_always_fails_clearly_where_clones_are_unsupported(
    source: Path, dest: Path
) -> None:
    if reflink_supported(dest):
        pytest.skip("this filesystem supports reflinks")
    res = run("step", "copy-ignored", "--reflink", "always", cwd=dest)
    assert res.returncode == 1
    assert res.err_lines[0].startswith("✗ this filesystem cannot clone files")


def test_reflink_never_and_auto_give_identical_copies(source: Path, dest: Path) -> None:
    res = run("step", "copy-ignored", "--reflink", "never", cwd=dest)
    assert res.returncode == 0, res.stderr
    assert "as plain copies" in res.err_lines[0]
    assert (dest / ".venv" / "bin" / "python").read_text() == "py\n"


@pytest.mark.parametrize("kind", ["outside", "fifo"])
def test_a_worktreeinclude_that_is_not_a_plain_file_is_refused(
    source: Path, dest: Path, tmp_path: Path, kind: str
) -> None:
    include = source / ".worktreeinclude"
    if kind == "outside":
        elsewhere = tmp_path / "patterns"
        elsewhere.write_text(".env\n")
        include.symlink_to(elsewhere)
    else:
        os.mkfifo(include)
    res = run("step", "copy-ignored", cwd=dest)
    assert res.returncode == 1
    assert res.stderr.startswith(f"✗ {include} ")
    assert not (dest / ".env").exists()
