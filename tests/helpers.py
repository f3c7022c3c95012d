"""Shared helpers for the test suite: run git-wt (in this process or as a process) and
git, build tiny repositories.

Import them in any test module with `from helpers import ...` (tests/ is on sys.path
because it has no __init__.py). All of them inherit the hermetic environment that the
autouse fixture in conftest.py sets up.
"""

from __future__ import annotations

import atexit
import faulthandler
import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, NoReturn

TIMEOUT = 60


class Result(NamedTuple):
    """What a finished `git wt ...` gave back; unpacks as (returncode, stdout, stderr)."""

    returncode: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)

    @property
    def err_lines(self) -> list[str]:
        return self.stderr.splitlines()


@dataclass(frozen=True)
class Remote:
    """What the `remote` fixture builds."""

    origin: Path  # bare repository, the clone's `origin`
    clone: Path  # non-bare clone: local branch `main` only
    seed: Path  # where origin's branches were made
    feature_sha: str  # tip of origin/feature


def _env(overrides: Mapping[str, str | None] | None, cwd: str | os.PathLike[str]) -> dict[str, str]:
    env = dict(os.environ)
    # What a shell would export for this cwd; git-wt prefers $PWD when it is accurate.
    env["PWD"] = str(cwd)
    for key, value in (overrides or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def git(
    *args: str,
    cwd: str | os.PathLike[str],
    env: Mapping[str, str | None] | None = None,
    check: bool = True,
) -> str:
    """Run git; return its stdout. Raises AssertionError with stderr when it fails."""
    proc = subprocess.run(
        ["git", *args],
        cwd=cwd,
        env=_env(env, cwd),
        capture_output=True,
        encoding="utf-8",
        errors="surrogateescape",
        timeout=TIMEOUT,
        check=False,
    )
    if check and proc.returncode != 0:
        raise AssertionError(
            f"git {' '.join(args)} failed ({proc.returncode}) in {cwd}:\n{proc.stderr}"
        )
    return proc.stdout


def git_ok(*args: str, cwd: str | os.PathLike[str]) -> bool:
    """True when the git command exits 0 (e.g. `git_ok('config', 'branch.x.remote')`)."""
    return (
        subprocess.run(
            ["git", *args], cwd=cwd, env=_env(None, cwd), capture_output=True, check=False
        ).returncode
        == 0
    )


def wt_argv(*args: str) -> list[str]:
    return ["git", "wt", *args]


def wt(
    *args: str,
    cwd: str | os.PathLike[str],
    env: Mapping[str, str | None] | None = None,
    input: str | None = None,
) -> Result:
    """Run `git wt ARGS` in this process: `git_wt.cli.main(ARGS)` in `cwd`.

    Everything a process would have of its own is set up for the call and put back
    afterwards: the environment (exactly what `git wt` would get from git: the hermetic
    one, `env` overrides with None removing a variable, $PWD, GIT_EXEC_PATH), the cwd, and
    file descriptors 0/1/2, so the output of git and hooks it starts is captured too.
    stdin is /dev/null unless `input` is given (so there is never a TTY).
    """
    from git_wt.cli import main

    with (
        _process_state(_git_env(_env(env, cwd)), cwd),
        _standard_fds(input) as captured,
        _standard_streams(),
        _deadline(captured.stderr_copy),
    ):
        code = _exit_code(main, list(args))
    return Result(code, *captured.text())


def wt_process(
    *args: str,
    cwd: str | os.PathLike[str],
    env: Mapping[str, str | None] | None = None,
    input: str | None = None,
) -> Result:
    """Like `wt`, but through the installed console script in a process of its own (for
    signals, terminals, exec, concurrency and the script itself)."""
    proc = subprocess.run(
        wt_argv(*args),
        cwd=cwd,
        env=_env(env, cwd),
        input=input,
        stdin=None if input is not None else subprocess.DEVNULL,
        capture_output=True,
        encoding="utf-8",
        errors="surrogateescape",
        timeout=TIMEOUT,
        check=False,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def wt_popen(
    *args: str,
    cwd: str | os.PathLike[str],
    env: Mapping[str, str | None] | None = None,
) -> subprocess.Popen[str]:
    """Start `git wt ARGS` without waiting (for concurrency tests); use .communicate()."""
    return subprocess.Popen(
        wt_argv(*args),
        cwd=cwd,
        env=_env(env, cwd),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        encoding="utf-8",
        errors="surrogateescape",
    )


@functools.cache
def _git_exec_path() -> str:
    return subprocess.run(
        ["git", "--exec-path"], capture_output=True, text=True, check=True
    ).stdout.strip()


def _git_env(env: dict[str, str]) -> dict[str, str]:
    """What git adds to the environment of an external command such as git-wt."""
    exec_path = _git_exec_path()
    env["GIT_EXEC_PATH"] = exec_path
    env["PATH"] = os.pathsep.join(p for p in (exec_path, env.get("PATH", "")) if p)
    return env


def _exit_code(main: Callable[[list[str]], int], argv: list[str]) -> int:
    """main's exit status as the console script would turn it into one."""
    try:
        return main(argv)
    except SystemExit as exc:
        if exc.code is None:
            return 0
        if isinstance(exc.code, int):
            return exc.code
        sys.stderr.write(f"{exc.code}\n")
        return 1


class ProcessOnly(BaseException):
    """Raised (past main's handlers) when an in-process run would replace or end the test
    process: such a test must use `wt_process`."""


def _refuse(name: str) -> Callable[..., NoReturn]:
    def refuse(*args: object) -> NoReturn:
        what = repr(args[1]) if len(args) > 1 else repr(args)
        raise ProcessOnly(f"os.{name} {what} in an in-process run: use wt_process")

    return refuse


_PROCESS_ENDERS = ("execv", "execve", "execvp", "execvpe", "execl", "execlp", "_exit")


@contextmanager
def _process_state(env: Mapping[str, str], cwd: str | os.PathLike[str]) -> Iterator[None]:
    """os.environ and the cwd set for one in-process run; both restored afterwards,
    together with the sys streams and anything a run may have left behind."""
    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    saved_streams = (sys.stdin, sys.stdout, sys.stderr)
    saved_handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    saved_enders = {name: getattr(os, name) for name in _PROCESS_ENDERS}
    os.environ.clear()
    os.environ.update(env)
    try:
        for name in _PROCESS_ENDERS:
            setattr(os, name, _refuse(name))
        os.chdir(cwd)
        yield
    finally:
        for name, function in saved_enders.items():
            setattr(os, name, function)
        for stream, saved in zip((sys.stdin, sys.stdout, sys.stderr), saved_streams, strict=True):
            if stream is not saved:
                try:
                    stream.close()
                except (OSError, ValueError):
                    pass
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        for sig, handler in saved_handlers.items():
            if handler is not None:
                signal.signal(sig, handler)


@contextmanager
def _standard_streams() -> Iterator[None]:
    """sys.stdin/stdout/stderr as a process started on fds 0/1/2 (not a terminal) has
    them; flushed and closed (the fds stay open) when the run ends."""
    sys.stdin = open(0, encoding="utf-8", errors="surrogateescape", closefd=False)  # noqa: SIM115
    sys.stdout = open(1, "w", encoding="utf-8", errors="surrogateescape", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115
    streams = (sys.stdin, sys.stdout, sys.stderr)
    try:
        yield
    finally:
        for stream in streams:
            try:
                stream.close()
            except (OSError, ValueError):
                pass


@contextmanager
def _deadline(stderr_fd: int) -> Iterator[None]:
    """A run that hangs ends the test process with every thread's traceback (on the real
    stderr) after TIMEOUT seconds, as the subprocess timeout would have ended the run."""
    faulthandler.dump_traceback_later(TIMEOUT, exit=True, file=stderr_fd)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


class _Captured:
    """What a run wrote to file descriptors 1 and 2, read by one thread each until every
    writer (git-wt and any process it started) has closed them, as a pipe reader would."""

    def __init__(self, stderr_copy: int) -> None:
        self.stderr_copy = stderr_copy  # the test process's own stderr, for last words
        self.readers: list[threading.Thread] = []
        self.chunks: tuple[list[bytes], list[bytes]] = ([], [])

    def read_from(self, fd: int, sink: list[bytes]) -> None:
        def pump() -> None:
            with os.fdopen(fd, "rb", buffering=0) as source:
                while chunk := source.read(65536):
                    sink.append(chunk)

        thread = threading.Thread(target=pump, daemon=True)
        thread.start()
        self.readers.append(thread)

    def wait(self) -> None:
        for thread in self.readers:
            thread.join(TIMEOUT)
            if thread.is_alive():
                raise AssertionError(f"output still open after {TIMEOUT}s (a child kept it)")

    def text(self) -> tuple[str, str]:
        out, err = (b"".join(chunks) for chunks in self.chunks)
        return (
            out.decode("utf-8", "surrogateescape"),
            err.decode("utf-8", "surrogateescape"),
        )


@contextmanager
def _standard_fds(input: str | None) -> Iterator[_Captured]:
    """File descriptors 0, 1 and 2 pointed at stdin (`input` or /dev/null) and two pipes
    for the duration; the originals (pytest's capture) are put back afterwards."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    saved = [os.dup(fd) for fd in (0, 1, 2)]
    captured = _Captured(saved[2])
    try:
        with tempfile.TemporaryFile() as stdin:
            if input is not None:
                stdin.write(input.encode("utf-8", "surrogateescape"))
                stdin.seek(0)
                os.dup2(stdin.fileno(), 0)
            else:
                null = os.open(os.devnull, os.O_RDONLY)
                os.dup2(null, 0)
                os.close(null)
            for fd, sink in ((1, captured.chunks[0]), (2, captured.chunks[1])):
                read_end, write_end = os.pipe()
                os.dup2(write_end, fd)
                os.close(write_end)
                captured.read_from(read_end, sink)
            yield captured
    finally:
        for fd, copy in zip((0, 1, 2), saved, strict=True):
            os.dup2(copy, fd)
            os.close(copy)
    captured.wait()


def commit(
    repo_dir: str | os.PathLike[str],
    filename: str,
    content: str,
    message: str,
) -> str:
    """Write `filename` (parents created), commit it, return the new commit's SHA."""
    path = Path(repo_dir, filename)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    git("add", "--", filename, cwd=repo_dir)
    git("commit", "-q", "-m", message, cwd=repo_dir)
    return rev(repo_dir, "HEAD")


def init_repo(path: str | os.PathLike[str], branch: str = "main") -> Path:
    """A fresh non-bare repository at `path` with one commit (README) on `branch`.

    Built once per process and environment, then copied: the copy is the same repository
    (same commit, config and reflog) as `git init` + `git commit` would make there.
    """
    path = Path(path)
    if path.exists() and any(path.iterdir()):
        return _init_repo(path, branch)
    template = _repo_templates.get(_template_key(branch))
    if template is None:
        template = _init_repo(Path(_template_root(), str(len(_repo_templates)), "repo"), branch)
        _repo_templates[_template_key(branch)] = template
    shutil.copytree(template, path, symlinks=True, dirs_exist_ok=True)
    return path


def _init_repo(path: Path, branch: str) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git("init", "-q", "-b", branch, cwd=path)
    commit(path, "README", "hello\n", "initial commit")
    return path


_repo_templates: dict[tuple[str, ...], Path] = {}


def _template_key(branch: str) -> tuple[str, ...]:
    """Everything from the environment that `git init` and `git commit` write down."""
    config = os.environ.get("GIT_CONFIG_GLOBAL", "")
    try:
        global_config = Path(config).read_text() if config else ""
    except OSError:
        global_config = "?"
    names = sorted(k for k in os.environ if k.startswith(("GIT_", "EMAIL")))
    return (
        branch,
        global_config,
        *(f"{k}={os.environ[k]}" for k in names if k != "GIT_CONFIG_GLOBAL"),
    )


@functools.cache
def _template_root() -> str:
    root = tempfile.mkdtemp(prefix="git-wt-test-templates-")
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return root


def rev(repo_dir: str | os.PathLike[str], ref: str) -> str:
    """The commit SHA `ref` points at."""
    return git(
        "rev-parse", "--verify", "--end-of-options", f"{ref}^{{commit}}", cwd=repo_dir
    ).strip()


def branch_exists(repo_dir: str | os.PathLike[str], branch: str) -> bool:
    return git_ok("show-ref", "--verify", "--quiet", f"refs/heads/{branch}", cwd=repo_dir)


def local_branches(repo_dir: str | os.PathLike[str]) -> set[str]:
    out = git("for-each-ref", "--format=%(refname:short)", "refs/heads/", cwd=repo_dir)
    return set(out.splitlines())


def config_get(repo_dir: str | os.PathLike[str], key: str) -> str | None:
    """A git config value, or None when unset."""
    proc = subprocess.run(
        ["git", "config", "--get", key],
        cwd=repo_dir,
        env=_env(None, repo_dir),
        capture_output=True,
        encoding="utf-8",
        errors="surrogateescape",
        check=False,
    )
    return proc.stdout.rstrip("\n") if proc.returncode == 0 else None


def worktrees(repo_dir: str | os.PathLike[str]) -> list[dict[str, str]]:
    """`git worktree list --porcelain -z` as dicts (keys: worktree, HEAD, branch, ...)."""
    out = git("worktree", "list", "--porcelain", "-z", cwd=repo_dir)
    result: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for token in out.split("\0"):
        if not token:
            if current:
                result.append(current)
            current = {}
            continue
        key, _, value = token.partition(" ")
        current[key] = value
    if current:
        result.append(current)
    return result


def worktree_map(repo_dir: str | os.PathLike[str]) -> dict[str, str]:
    """Registered worktrees that have a branch: branch short name -> path."""
    return {
        w["branch"].removeprefix("refs/heads/"): w["worktree"]
        for w in worktrees(repo_dir)
        if "branch" in w
    }


def worktree_paths(repo_dir: str | os.PathLike[str]) -> list[str]:
    return [w["worktree"] for w in worktrees(repo_dir)]


def files_named(root: str | os.PathLike[str], name: str) -> list[str]:
    """Every file or directory called `name` below `root` (to prove nothing ran)."""
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        found.extend(os.path.join(dirpath, n) for n in (*dirnames, *filenames) if n == name)
    return found


def assert_no_traceback(*streams: str) -> None:
    for text in streams:
        assert "Traceback" not in text, text


def json_doc(
    action: str,
    branch: str | None,
    path: str | os.PathLike[str],
    *,
    created_branch: bool = False,
    base: str | None = None,
) -> dict[str, Any]:
    """The `switch --format json` document (SPEC 2.1), for whole-document comparisons."""
    return {
        "action": action,
        "branch": branch,
        "path": str(path),
        "created_branch": created_branch,
        "base": base,
    }


def sh(script: str, cwd: str | os.PathLike[str], args: Sequence[str] = ()) -> Result:
    """Run a POSIX shell snippet (`sh -c SCRIPT sh ARGS...`)."""
    proc = subprocess.run(
        ["sh", "-c", script, "sh", *args],
        cwd=cwd,
        env=_env(None, cwd),
        capture_output=True,
        encoding="utf-8",
        errors="surrogateescape",
        timeout=TIMEOUT,
        check=False,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)
