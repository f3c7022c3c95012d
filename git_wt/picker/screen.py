"""The picker's screen: geometry, styles, fixed lines, and a first frame in plain ANSI.

The first frame is drawn as soon as the rows are known, while prompt_toolkit (most of
the picker's start-up time) is still loading; the application then takes over the
same screen, laid out by the same `geometry`, so the rows do not move.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from git_wt.picker.rows import Fragment, Model
from git_wt.ui.term import clip, display_width, printable

# Below this width the preview goes under the list; below MIN_ROWS it is hidden.
SIDE_BY_SIDE_COLUMNS = 100
MIN_ROWS = 15
TAB_NAMES = ("diff", "uncommitted", "log")
PROMPT = "› "
POINTER = "› "

STYLE = {
    "prompt": "bold fg:ansicyan",
    "counter": "fg:ansibrightblack",
    "header": "bold",
    "pointer": "bold fg:ansicyan",
    "picked": "bold bg:#303a46",
    "current": "bold",
    "match": "bold underline fg:ansiyellow",
    "dim": "fg:ansibrightblack",
    "status": "fg:ansicyan",
    "added": "fg:ansigreen",
    "deleted": "fg:ansired",
    "detached": "fg:ansiyellow",
    "sha": "fg:ansiyellow",
    "border": "fg:ansibrightblack",
    "tab": "fg:ansibrightblack",
    "tab.active": "bold reverse",
    "diff.file": "bold",
    "diff.hunk": "fg:ansicyan",
    "diff.meta": "bold",
    "message.error": "fg:ansired",
    "message.ok": "fg:ansigreen",
    "message.info": "",
    "help": "fg:ansibrightblack",
    "help.key": "bold",
}

HELP = (
    ("↑↓", "move"),
    ("enter", "switch"),
    ("alt-c", "create"),
    ("alt-x", "remove"),
    ("tab", "preview tab"),
    ("alt-p", "preview"),
    ("ctrl-u/d", "scroll"),
    ("esc", "quit"),
)


@dataclass(frozen=True)
class Geometry:
    """Where things go on a terminal of `columns` x `rows`."""

    placement: str  # "right", "below" or "none": where the preview pane is
    list_width: int
    list_height: int  # rows of the list, its header not counted
    preview_height: int  # rows of the preview, its tab bar not counted


def geometry(columns: int, rows: int, *, show_preview: bool) -> Geometry:
    body = max(2, rows - 3)  # the prompt line, the status line and the help line
    if show_preview and columns >= SIDE_BY_SIDE_COLUMNS:
        return Geometry("right", (columns - 1) * 11 // 20, body - 1, body - 1)
    if show_preview and rows >= MIN_ROWS:
        rows_above = (body - 2) // 2  # the header and the tab bar take one row each
        return Geometry("below", columns, rows_above, body - 2 - rows_above)
    return Geometry("none", columns, body - 1, 0)


# -- the fixed lines ---------------------------------------------------------------------------


def help_fragments(width: int) -> list[Fragment]:
    """As many key hints as fit, in order; the last one (esc) always stays."""
    chosen = list(HELP)
    while len(chosen) > 1 and sum(len(k) + len(w) + 3 for k, w in chosen) - 2 > width:
        chosen.pop(-2)
    frags: list[Fragment] = []
    for n, (key, what) in enumerate(chosen):
        if n:
            frags.append(("class:help", "  "))
        frags.append(("class:help.key", key))
        frags.append(("class:help", f" {what}"))
    return frags


def tab_fragments(active: int) -> list[Fragment]:
    frags: list[Fragment] = [("class:tab", " ")]
    for n, name in enumerate(TAB_NAMES):
        if n:
            frags.append(("class:tab", " │ "))
        frags.append(("class:tab.active" if n == active else "class:tab", f" {name} "))
    return frags


def counter_text(model: Model, *, filling: bool) -> str:
    loading = "  loading…" if filling else ""
    return f"{len(model.hits)}/{len(model.items)}{loading} "


def header_line(model: Model, width: int) -> list[Fragment]:
    """The column titles over a list pane `width` wide."""
    layout = model.layout(max(1, width - len(POINTER) - 1))  # one column of air at the end
    return [("", " " * len(POINTER)), *model.header(layout)]


def row_lines(model: Model, width: int, height: int) -> list[list[Fragment]]:
    """The rows that fit in a list pane of `width` x `height`, the selected one marked."""
    layout = model.layout(max(1, width - len(POINTER) - 1))  # one column of air at the end
    lines = []
    for index, hit in model.visible(height):
        selected = index == model.selected
        pointer = ("class:pointer class:picked", POINTER) if selected else ("", "  ")
        lines.append([pointer, *model.line(hit, layout, selected=selected)])
    return lines


# -- the first frame ---------------------------------------------------------------------------

_ANSI = {
    "ansiblack": 30,
    "ansired": 31,
    "ansigreen": 32,
    "ansiyellow": 33,
    "ansiblue": 34,
    "ansimagenta": 35,
    "ansicyan": 36,
    "ansiwhite": 37,
    "ansibrightblack": 90,
}
_ATTRIBUTES = {"bold": "1", "underline": "4", "reverse": "7"}


_LEVELS = (0, 95, 135, 175, 215, 255)  # the steps of the xterm 6x6x6 color cube


def _step(value: int) -> int:
    return min(range(6), key=lambda n: abs(_LEVELS[n] - value))


def _color_256(hex_rgb: str) -> int:
    """The nearest xterm-256 color (cube or gray ramp), as a 256-color terminal shows it."""
    rgb = [int(hex_rgb[i : i + 2], 16) for i in (0, 2, 4)]
    steps = [_step(c) for c in rgb]
    cube_error = sum(abs(_LEVELS[n] - c) for n, c in zip(steps, rgb, strict=True))
    gray = max(0, min(23, round((sum(rgb) / 3 - 8) / 10)))
    gray_error = sum(abs(8 + 10 * gray - c) for c in rgb)
    if gray_error < cube_error:
        return 232 + gray
    return 16 + 36 * steps[0] + 6 * steps[1] + steps[2]


def sgr(style: str, *, color: bool) -> str:
    """An SGR sequence for a fragment's style string (our classes only)."""
    codes: list[str] = []
    for word in style.split():
        for part in STYLE.get(word.removeprefix("class:"), "").split():
            if part in _ATTRIBUTES:
                codes.append(_ATTRIBUTES[part])
            elif not color:
                continue
            elif part.startswith("fg:") and part[3:] in _ANSI:
                codes.append(str(_ANSI[part[3:]]))
            elif part.startswith("bg:") and part[3:] in _ANSI:
                codes.append(str(_ANSI[part[3:]] + 10))
            elif part.startswith("bg:#") and len(part) == 10:
                codes.append(f"48;5;{_color_256(part[4:])}")
    return f"\x1b[0;{';'.join(codes)}m" if codes else "\x1b[0m"


def ansi(frags: list[Fragment], width: int, *, color: bool) -> str:
    """Fragments as SGR-styled text cut to `width` columns (never padded)."""
    out = []
    used = 0
    for style, text in frags:
        room = width - used
        if room <= 0:
            break
        text = clip(printable(text), room)  # drawn before prompt_toolkit, which escapes
        used += display_width(text)
        out.append(sgr(style, color=color) + text)
    return "".join(out) + "\x1b[0m"


def first_frame(model: Model, columns: int, rows: int, *, color: bool) -> str:
    """The whole screen as the application first draws it, before any preview is ready."""
    geo = geometry(columns, rows, show_preview=True)
    counter = counter_text(model, filling=False)
    gap = " " * max(0, columns - len(PROMPT) - len(counter))
    lines = [
        ansi(
            [("class:prompt", PROMPT), ("", gap), ("class:counter", counter)], columns, color=color
        )
    ]
    pane = [
        ansi(line, geo.list_width, color=color)
        for line in [
            header_line(model, geo.list_width),
            *row_lines(model, geo.list_width, geo.list_height),
        ]
    ]
    waiting: list[Fragment] = [("class:dim", "computing…")]
    if geo.placement == "right":
        side = [tab_fragments(0), waiting]
        border = ansi([("class:border", "│")], 1, color=color)
        for n in range(geo.list_height + 1):
            left = pane[n] if n < len(pane) else ""
            # Cursor moves rather than padding: the left pane ends where the border starts.
            right = (
                ansi(side[n], columns - geo.list_width - 1, color=color) if n < len(side) else ""
            )
            lines.append(f"{left}\x1b[{geo.list_width + 1}G{border}{right}")
    else:
        lines += pane + [""] * (geo.list_height + 1 - len(pane))
        if geo.placement == "below":
            lines += [
                ansi(tab_fragments(0), columns, color=color),
                ansi(waiting, columns, color=color),
            ]
    lines = lines[: rows - 2]
    lines += [""] * (rows - 1 - len(lines))  # down to the status line, empty for now
    lines.append(ansi(help_fragments(columns), columns, color=color))
    # The alternate screen, as the application uses; no cursor until it takes over.
    out = ["\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J"]
    out += [f"\x1b[{n + 1};1H{line}" for n, line in enumerate(lines) if line]
    return "".join(out)


def terminal_size(fd: int) -> tuple[int, int]:
    size = os.get_terminal_size(fd)
    return size.columns, size.lines
