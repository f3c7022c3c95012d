"""Running expanded hook commands: blocking in the foreground, or detached with logs."""

from __future__ import annotations

import json
import os
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from git_wt.context import Context
from git_wt.errors import HookError
from git_wt.proc import (
    describe_status,
    python_module,
    spawn_detached,
    start_pump,
    start_shell,
    stdin_file,
    stop_group,
    wait_for,
)

if TYPE_CHECKING:
    from git_wt.hooks.sources import HookCommand
    from git_wt.proc import Process


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


def _run_step(ctx: Context, step: list[Prepared]) -> list[tuple[Prepared, int]]:
    procs: list[tuple[Prepared, Process]] = []
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
                        code = wait_for(proc, 0.05)
                        if code is None:
                            break
                        codes[proc.pid] = code
        finally:
            if interrupts.signum is not None or len(codes) < len(procs):
                for _, proc in procs:
                    stop_group(proc)
        if interrupts.signum is not None:
            raise interruption(interrupts)
    for pump in pumps:
        pump.join(timeout=1.0)  # a daemon a hook left behind may keep the pipe open
    return [(p, codes[proc.pid]) for p, proc in procs if codes[proc.pid] != 0]


def _spawn_foreground(
    ctx: Context, p: Prepared, prefix: str | None, lock: threading.Lock
) -> tuple[Process, threading.Thread | None]:
    err = ctx.out.err
    err.flush()
    fd = _fileno(err)
    with stdin_file(p.payload) as stdin:
        try:
            if prefix is None and fd is not None:
                return start_shell(p.text, cwd=p.cwd, env=p.env, stdin=stdin, output=fd), None
            proc = start_shell(p.text, cwd=p.cwd, env=p.env, stdin=stdin)
        except OSError as exc:
            raise HookError(
                f"cannot start the {p.command.hook_type} hook {p.command.label} in {p.cwd}: "
                f"{exc.strerror}",
            ) from None
    assert proc.stdout is not None
    return proc, start_pump(proc.stdout, err, prefix or "", lock)


def _fileno(stream: Any) -> int | None:
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None
    return fd if isinstance(fd, int) else None


# -- background ----------------------------------------------------------------------


def start_background(
    ctx: Context, hook_type: str, prepared: Sequence[Prepared], runner_log: str
) -> None:
    """Hand the commands to a detached runner (own session, no terminal, output to logs)
    and return at once; it runs the steps in order and stops after a failing one."""
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
    try:
        spec_bytes = json.dumps(plan, default=str).encode("utf-8", "surrogateescape")
        with stdin_file(spec_bytes) as spec, open(runner_log, "ab") as log:
            # The runner forks at once and its first process exits.
            spawn_detached(
                python_module("git_wt.hooks.background"),
                cwd=prepared[0].cwd,
                env=prepared[0].env,
                stdin=spec,
                log=log,
            )
    except OSError as exc:
        ctx.out.warning(f"could not start the {hook_type} hooks: {exc.strerror}")
        return
    names = ", ".join(p.command.label for p in prepared)
    ctx.out.progress(f"started {hook_type} in the background: {names}")
    if ctx.verbose:
        for p in prepared:
            ctx.out.gutter(p.text)
            ctx.out.debug(f"  log: {p.log}")
