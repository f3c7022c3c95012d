"""Running expanded hook commands: blocking in the foreground, or detached with logs."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, cast

from git_wt.context import Context
from git_wt.errors import HookError

if TYPE_CHECKING:
    from subprocess import Popen

    from git_wt.hooks.sources import HookCommand


@dataclass(frozen=True)
class Prepared:
    """A command ready to run: its expanded text, context, directory, environment, log."""

    command: HookCommand
    text: str
    context: dict[str, Any]
    cwd: str
    env: dict[str, str]
    log: str  # where its output goes when it runs in the background

    @property
    def payload(self) -> bytes:
        return json.dumps(self.context, default=str).encode("ascii")


def steps(prepared: Sequence[Prepared]) -> list[list[Prepared]]:
    """Group consecutive commands of the same source and step: each group runs together."""
    groups: list[list[Prepared]] = []
    last: tuple[str, int] | None = None
    for p in prepared:
        key = (p.command.source, p.command.step)
        if key != last:
            groups.append([])
            last = key
        groups[-1].append(p)
    return groups


# -- interrupts ----------------------------------------------------------------------


@dataclass
class Interrupts:
    """Signals that arrived while deferred; acted on by whoever polls them."""

    signum: int | None = None
    handled: bool = False


_active: Interrupts | None = None


@contextmanager
def interrupts_deferred() -> Iterator[Interrupts]:
    """While active, SIGINT and SIGTERM are only recorded. The hook loop polls them, stops
    the hook's process group and then raises, so a second Ctrl-C (git forwards one to its
    child as well) cannot cut that clean-up short. Nested uses share the outer state."""
    global _active
    if _active is not None:
        yield _active
        return
    state = Interrupts()
    if threading.current_thread() is not threading.main_thread():
        yield state
        return

    def record(signum: int, frame: Any) -> None:
        if state.signum is None:
            state.signum = signum

    old = {sig: signal.signal(sig, record) for sig in (signal.SIGINT, signal.SIGTERM)}
    _active = state
    try:
        yield state
    finally:
        _active = None
        for sig, handler in old.items():
            signal.signal(sig, handler)
    if state.signum is not None and not state.handled:
        raise interruption(state)


def interruption(state: Interrupts) -> BaseException:
    state.handled = True
    if state.signum == signal.SIGTERM:
        err = HookError("stopped by SIGTERM while a blocking hook ran")
        err.exit_code = 128 + signal.SIGTERM
        return err
    return KeyboardInterrupt()


# -- foreground ----------------------------------------------------------------------


def run_foreground(
    ctx: Context, hook_type: str, prepared: Sequence[Prepared], *, hint: str | None
) -> None:
    """Run step by step; the commands of one step run at the same time with their output
    prefixed by name. The first failing step stops the rest and raises HookError."""
    for step in steps(prepared):
        for p in step:
            where = "" if _same_dir(p.cwd, ctx.cwd) else f" in {p.cwd}"
            ctx.out.progress(f"running {hook_type} {p.command.label}{where}")
            ctx.out.gutter(p.text)
        failures = _run_step(ctx, step)
        if failures:
            raise _failure(hook_type, failures, hint)


def _same_dir(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _failure(hook_type: str, failures: list[tuple[Prepared, int]], hint: str | None) -> HookError:
    if len(failures) == 1:
        p, code = failures[0]
        message = f"{hook_type} hook {p.command.label} failed ({describe_status(code)})"
    else:
        parts = [f"{p.command.label} ({describe_status(code)})" for p, code in failures]
        message = f"{hook_type} hooks failed: {', '.join(parts)}"
    return HookError(message, detail="\n".join(p.text for p, _ in failures), hint=hint)


def describe_status(code: int) -> str:
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"killed by {name}"
    return f"exit status {code}"


def _run_step(ctx: Context, step: list[Prepared]) -> list[tuple[Prepared, int]]:
    import subprocess

    procs: list[tuple[Prepared, Popen[bytes]]] = []
    pumps: list[threading.Thread] = []
    codes: dict[int, int] = {}
    with interrupts_deferred() as interrupts:
        try:
            lock = threading.Lock()
            width = max(len(p.command.short_name) for p in step)
            for p in step:
                prefix = f"{p.command.short_name:<{width}} │ " if len(step) > 1 else None
                proc, pump = _spawn_foreground(ctx, p, prefix, lock)
                procs.append((p, proc))
                if pump is not None:
                    pumps.append(pump)
            while len(codes) < len(procs) and interrupts.signum is None:
                for _, proc in procs:
                    if proc.pid not in codes:
                        try:
                            codes[proc.pid] = proc.wait(timeout=0.05)
                        except subprocess.TimeoutExpired:
                            break
        finally:
            if interrupts.signum is not None or len(codes) < len(procs):
                for _, proc in procs:
                    stop_group(proc)
        if interrupts.signum is not None:
            raise interruption(interrupts)
    for pump in pumps:
        pump.join(timeout=1.0)  # a daemon a hook left behind may keep the pipe open
    return [(p, codes[proc.pid]) for p, proc in procs if codes[proc.pid] != 0]


def stop_group(proc: Popen[bytes], grace: float = 2.0) -> None:
    """Stop a hook's whole process group: SIGINT (what Ctrl-C would have sent), then
    SIGTERM, then SIGKILL for whatever is still there."""
    import subprocess

    for sig in (signal.SIGINT, signal.SIGTERM):
        _killpg(proc.pid, sig)
        try:
            proc.wait(timeout=grace)
            break
        except subprocess.TimeoutExpired:
            continue
    _killpg(proc.pid, signal.SIGKILL)  # children that ignored the polite signals
    proc.wait()


def _killpg(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def stdin_file(payload: bytes) -> IO[bytes]:
    """The JSON context as a file, so a hook that never reads stdin cannot block us."""
    import tempfile

    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the caller closes it
    handle.write(payload)
    handle.seek(0)
    return handle


def spawn(
    text: str, cwd: str, env: Mapping[str, str], *, stdin: Any, stdout: Any, stderr: Any
) -> Popen[bytes]:
    """Start `sh -c TEXT` in its own session (so its process group can be stopped as one,
    and Ctrl-C reaches git-wt only) through plumbum, with exactly the given environment."""
    from plumbum import local

    # plumbum merges its own copy of the environment (taken when it was imported) into
    # every child's; swap it for ours while the process starts.
    with local.env():
        local.env.clear()
        local.env.update(env)
        proc = local["sh"]["-c", text].popen(
            cwd=cwd,
            stdin=stdin,
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,
        )
    # plumbum's wrapper forwards to the Popen inside; it must stay referenced while the
    # child is in use, because collecting it closes the child's pipes.
    return cast("Popen[bytes]", proc)


def _spawn_foreground(
    ctx: Context, p: Prepared, prefix: str | None, lock: threading.Lock
) -> tuple[Popen[bytes], threading.Thread | None]:
    import subprocess

    err = ctx.out.err
    err.flush()
    fd = _fileno(err)
    with stdin_file(p.payload) as stdin:
        try:
            if prefix is None and fd is not None:
                return spawn(p.text, p.cwd, p.env, stdin=stdin, stdout=fd, stderr=fd), None
            proc = spawn(
                p.text, p.cwd, p.env, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
            )
        except OSError as exc:
            raise HookError(
                f"cannot start the {p.command.hook_type} hook {p.command.label} in {p.cwd}: "
                f"{exc.strerror}",
            ) from None
    assert proc.stdout is not None
    pump = threading.Thread(target=_pump, args=(proc.stdout, err, prefix or "", lock), daemon=True)
    pump.start()
    return proc, pump


def _fileno(stream: Any) -> int | None:
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None
    return fd if isinstance(fd, int) else None


def _pump(source: IO[bytes], sink: Any, prefix: str, lock: threading.Lock) -> None:
    for raw in iter(source.readline, b""):
        line = raw.decode("utf-8", "replace").rstrip("\n")
        with lock:
            sink.write(f"{prefix}{line}\n")
            sink.flush()
    source.close()


# -- background ----------------------------------------------------------------------

_STARTED: list[Any] = []


def start_background(
    ctx: Context, hook_type: str, prepared: Sequence[Prepared], runner_log: str
) -> None:
    """Hand the commands to a detached runner (own session, no terminal, output to logs)
    and return at once; it runs the steps in order and stops after a failing one."""
    import subprocess

    plan = {
        "steps": [
            [
                {
                    "label": p.command.label,
                    "text": p.text,
                    "cwd": p.cwd,
                    "env": p.env,
                    "payload": p.context,
                    "log": p.log,
                }
                for p in step
            ]
            for step in steps(prepared)
        ]
    }
    from plumbum import local

    try:
        spec_bytes = json.dumps(plan, default=str).encode("utf-8", "surrogateescape")
        with stdin_file(spec_bytes) as spec, open(runner_log, "ab") as log, local.env():
            local.env.clear()
            local.env.update(prepared[0].env)
            proc = local[sys.executable]["-m", "git_wt.hooks.background"].popen(
                cwd=prepared[0].cwd,
                stdin=spec,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        # The runner forks at once and its first process exits; keeping the handle lets
        # it be reaped without making this command wait for that.
        _STARTED.append(proc)
    except OSError as exc:
        ctx.out.warning(f"could not start the {hook_type} hooks: {exc.strerror}")
        return
    names = ", ".join(p.command.label for p in prepared)
    ctx.out.progress(f"started {hook_type} in the background: {names}")
    if ctx.verbose:
        for p in prepared:
            ctx.out.gutter(p.text)
            ctx.out.debug(f"  log: {p.log}")
