"""Run the installed `git wt` with its stderr on a pseudo-terminal, as a person sees it.

git-wt keeps some advice for people (the "your shell is still in the old directory"
diagnosis) off when stderr is not a terminal; tests of that advice use `wt_tty`.
"""

from __future__ import annotations

import errno
import os
import pty
import subprocess
from collections.abc import Mapping

from helpers import TIMEOUT, Result, _env, wt_argv


def wt_tty(
    *args: str,
    cwd: str | os.PathLike[str],
    env: Mapping[str, str | None] | None = None,
) -> Result:
    """`git wt ARGS` with stdout piped, stdin /dev/null and stderr on a pty."""
    return run_tty(wt_argv(*args), cwd=cwd, env=env)


def run_tty(
    argv: list[str],
    cwd: str | os.PathLike[str],
    env: Mapping[str, str | None] | None = None,
) -> Result:
    """Run `argv` (hermetic environment plus `env`) with stderr on a pty."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        argv,
        cwd=cwd,
        env=_env(env, cwd),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
    )
    os.close(slave)
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError as exc:  # EIO: every copy of the pty's other end is closed
            if exc.errno != errno.EIO:
                raise
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.stdout is not None
    out = proc.stdout.read()
    proc.stdout.close()
    code = proc.wait(timeout=TIMEOUT)
    err = b"".join(chunks).decode("utf-8", "surrogateescape").replace("\r\n", "\n")
    return Result(code, out.decode("utf-8", "surrogateescape"), err)
