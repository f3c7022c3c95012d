"""Drawing the `git wt list` table in place on a terminal while its cells fill in."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO


class LiveTable:
    """Redraws a block of lines in place on a terminal, one write per frame.

    The cursor rests on the line below the block. A frame rewrites only the lines that
    changed since the last one (all of them when the block changes height, or when
    asked to: the last frame is always whole, so it is exactly the buffered table).
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown: list[str] = []
        self.started = False

    def paint(self, lines: Sequence[str], *, whole: bool = False) -> None:
        lines = list(lines)
        if lines == self.shown and not whole:
            return
        out = []
        if not self.started:
            out.append("\x1b[?25l")  # no cursor dancing over the table
            self.started = True
        out.append("\x1b[?2026h")  # synchronized update, where the terminal knows it
        height = len(self.shown)
        if whole or len(lines) != height:
            if height:
                out.append(f"\r\x1b[{height}A")
            out.extend(f"\x1b[2K{line}\n" for line in lines)
            if len(lines) < height:
                out.append("\x1b[J")
        else:
            for i, line in enumerate(lines):
                if line != self.shown[i]:
                    up = height - i
                    out.append(f"\r\x1b[{up}A\x1b[2K{line}\r\x1b[{up}B")
        out.append("\x1b[?2026l")
        self.stream.write("".join(out))
        self.stream.flush()
        self.shown = lines

    def finish(self) -> None:
        if not self.started:
            return
        self.stream.write("\x1b[?25h")
        self.stream.flush()
