"""All terminal output: data to stdout, every human message to stderr."""

from __future__ import annotations

import os
import sys
from typing import TextIO

from git_wt.ui.term import is_terminal, printable

SUCCESS = "✓"
ERROR = "✗"
WARNING = "▲"
INFO = "○"
PROGRESS = "◎"
HINT = "↳"

_STYLES = {
    SUCCESS: "32",
    ERROR: "31",
    WARNING: "33",
    INFO: "2",
    PROGRESS: "36",
    HINT: "2",
}


def color_enabled(stream: TextIO) -> bool:
    """Colors only on a terminal; NO_COLOR disables, CLICOLOR_FORCE forces."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("CLICOLOR_FORCE", "0") not in ("", "0"):
        return True
    return is_terminal(stream)


class Output:
    """Writes data and messages; streams are injectable for tests and the picker."""

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.out = out if out is not None else sys.stdout
        self.err = err if err is not None else sys.stderr
        self.err_color = color_enabled(self.err)
        self.out_color = color_enabled(self.out)

    def data(self, text: str) -> None:
        """Write a line of data to stdout. Bytes that are not UTF-8 (a branch name or path
        git allows) go out as they came in, where the stream takes bytes."""
        line = text if text.endswith("\n") else text + "\n"
        try:
            self.out.write(line)
        except UnicodeEncodeError:
            buffer = getattr(self.out, "buffer", None)
            if buffer is None:
                self.out.write(line.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
            else:
                self.out.flush()
                buffer.write(line.encode("utf-8", "surrogateescape"))
        self.out.flush()

    def message(self, symbol: str, text: str) -> None:
        """One line of talk; names and paths in it are made printable (see `printable`)."""
        text = printable(text)
        prefix = symbol
        if self.err_color and symbol in _STYLES:
            prefix = f"\x1b[{_STYLES[symbol]}m{symbol}\x1b[0m"
        self.err.write(f"{prefix} {text}\n")
        self.err.flush()

    def success(self, text: str) -> None:
        self.message(SUCCESS, text)

    def error(self, text: str) -> None:
        self.message(ERROR, text)

    def warning(self, text: str) -> None:
        self.message(WARNING, text)

    def info(self, text: str) -> None:
        self.message(INFO, text)

    def progress(self, text: str) -> None:
        self.message(PROGRESS, text)

    def hint(self, text: str) -> None:
        self.message(HINT, text)

    def gutter(self, text: str) -> None:
        """Indented block (commands, git's own output) under a message."""
        for line in text.rstrip("\n").splitlines():
            shown = "\t".join(printable(part) for part in line.split("\t"))
            self.err.write(f"  {shown}\n")
        self.err.flush()

    def debug(self, text: str) -> None:
        text = printable(text)
        self.err.write(f"\x1b[2m{text}\x1b[0m\n" if self.err_color else f"{text}\n")
        self.err.flush()


def confirm(question: str) -> bool:
    """A y/N question on the terminal (drawn on stderr), No by default; Ctrl-C interrupts."""
    import questionary
    from prompt_toolkit.output import create_output

    answer = questionary.confirm(
        question,
        default=False,
        qmark="❯",
        instruction="[y/N] ",
        output=create_output(stdout=sys.stderr),
    ).unsafe_ask()
    return bool(answer)
