"""Every process git-wt starts other than git: hooks, -x, for-each, generators, gh/glab."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, NoReturn, cast

# subprocess and plumbum are imported where a process starts: `git wt --version`,
# switching to an existing worktree and the first paint of `list` start none.
if TYPE_CHECKING:
    from subprocess import Popen

    Process = Popen[bytes]

Sink = IO[str]
Env = Mapping[str, str]

# How long a group gets to exit after SIGINT and again after SIGTERM before SIGKILL.
STOP_GRACE = 2.0


@dataclass(frozen=True)
class Completed:
    """A finished process: its exit status and both outputs (UTF-8, bad bytes replaced)."""

    returncode: int
    stdout: str
    stderr: str


class TimedOut(Exception):
    """The process did not finish in time; it (or its whole group) has been killed."""

    def __init__(self, argv: Sequence[str], timeout: float) -> None:
        super().__init__(f"{argv[0]} did not finish within {timeout:g}s")
        self.timeout = timeout


# -- starting ---------------------------------------------------------------------------

_plumbum_env = threading.Lock()


def _popen_user_shell(text: str, cwd: str, env: Env, **streams: Any) -> Process:
    """Start `sh -c TEXT` in its own session through plumbum (which runs the commands
    a user supplies), with exactly `env`: its own session lets the whole group be
    stopped as one, and keeps Ctrl-C for git-wt alone."""
    from plumbum import local

    # plumbum merges its copy of the environment (taken when it was imported) into a
    # child's; swap it for ours while the process starts. The swap is global state.
    with _plumbum_env, local.env():
        local.env.clear()
        local.env.update(env)
        proc = local["sh"]["-c", text].popen(cwd=cwd, start_new_session=True, **streams)
    # plumbum's wrapper forwards to the Popen inside; it must stay referenced while the
    # child is in use, because collecting it closes the child's pipes.
    return cast("Process", proc)


def start_shell(
    text: str, *, cwd: str, env: Env, stdin: IO[bytes], output: IO[bytes] | int | None = None
) -> Process:
    """`sh -c TEXT` in its own session (see stop_group). Its stdout and stderr both go to
    `output` (a file or descriptor), or into one pipe, `.stdout`, when that is None."""
    import subprocess

    out = subprocess.PIPE if output is None else output
    return _popen_user_shell(text, cwd, env, stdin=stdin, stdout=out, stderr=subprocess.STDOUT)


def run(
    argv: Sequence[str],
    *,
    cwd: str,
    env: Env,
    input: bytes | None = None,
    timeout: float | None = None,
) -> Completed:
    """Run a tool (gh, glab) to completion and capture both outputs; stdin is `input` or
    nothing. Raises TimedOut (the tool killed) or OSError when it cannot start."""
    import subprocess

    try:
        done = subprocess.run(
            list(argv),
            cwd=cwd,
            env=dict(env),
            input=input,
            stdin=subprocess.DEVNULL if input is None else None,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise TimedOut(argv, timeout or 0) from None
    return Completed(done.returncode, _text(done.stdout), _text(done.stderr))


def run_shell(
    text: str, *, cwd: str, env: Env, input: bytes = b"", timeout: float | None = None
) -> Completed:
    """Run `sh -c TEXT` in its own session with `input` on stdin and capture both outputs.
    On timeout or interrupt the whole group is killed; timeouts raise TimedOut."""
    import subprocess

    pipe = subprocess.PIPE
    proc = _popen_user_shell(text, cwd, env, stdin=pipe, stdout=pipe, stderr=pipe)
    try:
        out, err = proc.communicate(input, timeout=timeout)
    except subprocess.TimeoutExpired:
        _killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise TimedOut(["sh", "-c", text], timeout or 0) from None
    except BaseException:
        _killpg(proc.pid, signal.SIGKILL)
        raise
    return Completed(proc.returncode, _text(out), _text(err))


def run_pager(text: str, data: bytes, *, cwd: str, env: Env) -> int:
    """Feed `data` to the pager command `sh -c TEXT`, which shares our terminal."""
    import subprocess

    proc = subprocess.Popen(["sh", "-c", text], stdin=subprocess.PIPE, env=dict(env), cwd=cwd)
    try:
        assert proc.stdin is not None
        proc.stdin.write(data)
        proc.stdin.close()
    except BrokenPipeError:
        pass
    return proc.wait()


_DETACHED: list[Any] = []


def spawn_detached(
    argv: Sequence[str],
    *,
    cwd: str | None = None,
    env: Env | None = None,
    stdin: IO[bytes] | None = None,
    log: IO[bytes] | None = None,
) -> None:
    """Start argv in its own session without waiting for it: no terminal, stdin from
    `stdin` (else nothing), stdout and stderr into `log` (else nowhere). Raises OSError."""
    import subprocess

    proc = subprocess.Popen(
        list(argv),
        cwd=cwd,
        env=dict(env) if env is not None else None,
        stdin=subprocess.DEVNULL if stdin is None else stdin,
        stdout=subprocess.DEVNULL if log is None else log,
        stderr=subprocess.DEVNULL if log is None else subprocess.STDOUT,
        start_new_session=True,
        close_fds=True,
    )
    # Holding the handle lets the child be reaped when it exits, without waiting for it.
    _DETACHED.append(proc)


def exec_replace(argv: Sequence[str], *, cwd: str, env: Env) -> NoReturn:
    """Replace git-wt with argv (found on PATH) in `cwd`: the `-x` command."""
    os.chdir(cwd)
    os.execvpe(argv[0], list(argv), dict(env))


def stdin_file(payload: bytes) -> IO[bytes]:
    """`payload` as an unlinked file to use as stdin, so a child that never reads its
    stdin cannot block us the way a full pipe would."""
    import tempfile

    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the caller closes it
    handle.write(payload)
    handle.seek(0)
    return handle


# -- waiting and stopping ---------------------------------------------------------------


def wait_for(proc: Process, timeout: float) -> int | None:
    """The exit status, or None when the process is still running after `timeout`."""
    import subprocess

    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        return None


def stop_group(proc: Process, grace: float = STOP_GRACE) -> None:
    """Stop the process group `proc` leads: SIGINT (what Ctrl-C would have sent), then
    SIGTERM, then SIGKILL for whatever is still there."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        _killpg(proc.pid, sig)
        if wait_for(proc, grace) is not None:
            break
    _killpg(proc.pid, signal.SIGKILL)  # children that ignored the polite signals
    proc.wait()


def _killpg(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def describe_status(code: int) -> str:
    """`exit status N`, or `killed by SIGNAME` for a negative (Popen-style) status."""
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"killed by {name}"
    return f"exit status {code}"


# -- output ---------------------------------------------------------------------------


def start_pump(
    source: IO[bytes], sink: Sink, prefix: str, lock: threading.Lock
) -> threading.Thread:
    """A thread copying `source` line by line to `sink`, each line after `prefix`; lines
    of pumps that share `lock` never interleave."""
    pump = threading.Thread(target=_pump, args=(source, sink, prefix, lock), daemon=True)
    pump.start()
    return pump


def _pump(source: IO[bytes], sink: Sink, prefix: str, lock: threading.Lock) -> None:
    for raw in iter(source.readline, b""):
        line = raw.decode("utf-8", "replace").rstrip("\n")
        with lock:
            sink.write(f"{prefix}{line}\n")
            sink.flush()
    source.close()


def run_prefixed(
    argv: Sequence[str], *, cwd: str, env: Env, out: Sink, err: Sink, prefix: str
) -> int:
    """Run argv with no stdin, every line of its stdout to `out` and of its stderr to
    `err` after `prefix`; returns its exit status. Raises OSError when it cannot start."""
    import subprocess

    pipe = subprocess.PIPE
    proc = subprocess.Popen(
        list(argv), cwd=cwd, env=dict(env), stdin=subprocess.DEVNULL, stdout=pipe, stderr=pipe
    )
    assert proc.stdout is not None and proc.stderr is not None
    lock = threading.Lock()
    pumps = [start_pump(proc.stdout, out, prefix, lock), start_pump(proc.stderr, err, prefix, lock)]
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        proc.wait()
        raise
    finally:
        for pump in pumps:
            pump.join()


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def python_module(module: str) -> list[str]:
    """The argv that runs one of git-wt's own modules with this interpreter."""
    return [sys.executable, "-m", module]
