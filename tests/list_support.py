"""Test support for `git wt list`: a pty runner and a small terminal screen to replay its output."""

from __future__ import annotations

import fcntl
import os
import re
import struct
import subprocess
import termios
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

_CSI = re.compile(r"\x1b\[([?0-9;]*)([A-Za-z])")


class Screen:
    """Enough of a VT100 to replay a program's output: text, CR/LF, cursor moves, erases.

    Colors are dropped, so the screen holds what a person would read.
    """

    def __init__(self, columns: int, lines: int) -> None:
        self.columns = columns
        self.lines = lines
        self.grid = [[" "] * columns for _ in range(lines)]
        self.row = 0
        self.col = 0
        self.scrolled: list[str] = []

    def feed(self, text: str) -> None:
        pos = 0
        while pos < len(text):
            match = _CSI.match(text, pos)
            if match:
                self._csi(match.group(1), match.group(2))
                pos = match.end()
                continue
            ch = text[pos]
            pos += 1
            if ch == "\r":
                self.col = 0
            elif ch == "\n":
                self._down()
            elif ch == "\x1b":
                continue
            elif ch >= " ":
                if self.col >= self.columns:
                    self.col = 0
                    self._down()
                self.grid[self.row][self.col] = ch
                self.col += 1

    def _down(self) -> None:
        if self.row == self.lines - 1:
            self.scrolled.append("".join(self.grid.pop(0)).rstrip())
            self.grid.append([" "] * self.columns)
        else:
            self.row += 1

    def _csi(self, params: str, final: str) -> None:
        if params.startswith("?"):
            return  # cursor visibility, synchronized output
        n = int(params.split(";")[0]) if params.split(";")[0].isdigit() else 0
        if final == "A":
            self.row = max(0, self.row - max(n, 1))
        elif final == "B":
            self.row = min(self.lines - 1, self.row + max(n, 1))
        elif final == "C":
            self.col = min(self.columns - 1, self.col + max(n, 1))
        elif final == "D":
            self.col = max(0, self.col - max(n, 1))
        elif final == "K":
            if n == 2:
                self.grid[self.row] = [" "] * self.columns
            elif n == 0:
                self.grid[self.row][self.col :] = [" "] * (self.columns - self.col)
        elif final == "J" and n == 0:
            self.grid[self.row][self.col :] = [" "] * (self.columns - self.col)
            for r in range(self.row + 1, self.lines):
                self.grid[r] = [" "] * self.columns

    def text(self) -> list[str]:
        """Everything shown, scrolled-off lines included, without trailing blank lines."""
        rows = self.scrolled + ["".join(r).rstrip() for r in self.grid]
        while rows and not rows[-1]:
            rows.pop()
        return rows


@dataclass
class PtyRun:
    returncode: int
    output: str  # raw bytes decoded: escape sequences included
    chunks: list[tuple[float, str]]  # (seconds since start, text) as read


def run_in_pty(
    argv: list[str],
    cwd: str | os.PathLike[str],
    env: Mapping[str, str | None] | None = None,
    columns: int = 160,
    lines: int = 50,
    timeout: float = 60.0,
) -> PtyRun:
    """Run with stdin, stdout and stderr on a fresh pseudo-terminal of the given size."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    full_env = dict(os.environ)
    full_env["PWD"] = str(cwd)
    for key, value in (env or {}).items():
        if value is None:
            full_env.pop(key, None)
        else:
            full_env[key] = value
    for key in ("COLUMNS", "LINES"):
        full_env.pop(key, None)
    start = time.monotonic()
    proc = subprocess.Popen(argv, cwd=cwd, env=full_env, stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    chunks: list[tuple[float, str]] = []
    raw = b""
    while True:
        if time.monotonic() - start > timeout:
            proc.kill()
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        raw += chunk
        chunks.append((time.monotonic() - start, chunk.decode("utf-8", "replace")))
    code = proc.wait()
    os.close(master)
    return PtyRun(code, raw.decode("utf-8", "replace"), chunks)


def screen_of(text: str, columns: int = 160, lines: int = 50) -> list[str]:
    screen = Screen(columns, lines)
    screen.feed(text)
    return screen.text()


def slow_git(bin_dir: Path, slow_words: tuple[str, ...], seconds: float) -> Path:
    """A `git` first on PATH that sleeps before some subcommands, then runs the real git."""
    real = subprocess.run(["sh", "-c", "command -v git"], capture_output=True, text=True).stdout
    bin_dir.mkdir(parents=True, exist_ok=True)
    script = bin_dir / "git"
    cases = "|".join(slow_words)
    script.write_text(
        "#!/bin/sh\n"
        'for word in "$@"; do\n'
        f'  case "$word" in {cases}) sleep {seconds}; break;; esac\n'
        "done\n"
        f'exec {real.strip()} "$@"\n'
    )
    script.chmod(0o755)
    return bin_dir
