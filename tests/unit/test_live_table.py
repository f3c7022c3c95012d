"""The live table repaints only the lines that changed (on a simulated screen)."""

from __future__ import annotations

COLUMNS, LINES = 150, 40


def test_live_table_redraws_only_what_changed() -> None:
    import io

    from list_support import Screen

    from git_wt.listing.live import LiveTable

    stream = io.StringIO()
    live = LiveTable(stream)
    screen = Screen(40, 10)
    frames = [
        ["head", "a ·", "b ·", "c ·"],
        ["head", "a 1", "b ·", "c ·"],
        ["head", "a 1", "b ·", "c 3"],
        ["head", "a 1", "b ·", "c 3"],  # nothing new: nothing written
        ["head", "a 1", "b 2", "c 3", "d 4"],  # taller: redrawn whole
        ["head", "a 1", "b 2"],  # shorter: the rest is cleared
    ]
    previous: list[str] = []
    for frame in frames:
        before = stream.tell()
        live.paint(frame)
        if frame == previous:
            assert stream.tell() == before
        if frame[1:3] == previous[1:3] and len(frame) == len(previous):
            assert "a 1" not in stream.getvalue()[before:]  # unchanged lines stay
        previous = frame
        screen.feed(stream.getvalue()[before:].replace("\n", "\r\n"))  # as a tty does
        assert screen.text() == frame
    live.finish()
    assert stream.getvalue().endswith("\x1b[?25h")
