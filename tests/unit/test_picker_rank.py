"""The picker's pure parts: fuzzy matching and ranking, row filters, geometry, diff styles."""

from __future__ import annotations

import pytest

from git_wt.listing.model import Row
from git_wt.picker import fuzzy
from git_wt.picker.rows import Item, narrows, rank, split_query

pytest.importorskip("prompt_toolkit")


from git_wt.picker import preview as P
from git_wt.picker.screen import Geometry, geometry

UP, DOWN = "\x1b[A", "\x1b[B"
TAB, SHIFT_TAB = "\t", "\x1b[Z"
ENTER, ESC, CTRL_C = "\r", "\x1b", "\x03"
CTRL_N, CTRL_P, CTRL_U, CTRL_D = "\x0e", "\x10", "\x15", "\x04"


# -- fuzzy scoring ----------------------------------------------------------------------------


def test_subsequence_or_nothing() -> None:
    assert fuzzy.match("fcs", "fix/crash-on-start") is not None
    assert fuzzy.match("frs", "fix/crash-on-start") is not None  # in order, anywhere
    assert fuzzy.match("xyz", "fix/crash-on-start") is None
    assert fuzzy.match("ff", "fix") is None
    assert fuzzy.match("", "anything") == fuzzy.Match(0, ())


def test_positions_prefer_word_starts() -> None:
    found = fuzzy.match("fcs", "fix/crash-on-start")
    assert found is not None
    assert found.positions == (0, 4, 13)
    found = fuzzy.match("log", "feature/blog-login")
    assert found is not None
    assert found.positions == (13, 14, 15)  # "login", not the "log" inside "blog"


def test_smart_case() -> None:
    assert fuzzy.match("foo", "Feature/FOO") is not None
    assert fuzzy.match("FOO", "feature/foo") is None
    assert fuzzy.match("FOO", "feature/FOO") is not None


def test_unicode_names_keep_their_positions() -> None:
    found = fuzzy.match("ber", "feat/Überblick")
    assert found is not None and found.positions == (6, 7, 8)
    fuzzy.match("i", "İstanbul")  # a letter that grows when lowered: still no crash
    found = fuzzy.match("st", "İstanbul")
    assert found is not None and found.positions == (1, 2)


def test_tight_runs_beat_scattered_hits() -> None:
    run = fuzzy.match("flo", "fix/flow")
    scattered = fuzzy.match("flo", "feature/long-option")
    assert run is not None and scattered is not None
    assert run.score > scattered.score


def _items(*names: str) -> list[Item]:
    return [
        Item(Row("branch", name, None, None), name, "", order=n) for n, name in enumerate(names)
    ]


def test_rank_orders_best_first_and_keeps_listing_order_for_ties() -> None:
    items = _items("feature/blog", "feature/login", "login", "fix/log-rotation", "main")
    assert [h.item.branch_text for h in rank(items, "login")] == [
        "login",
        "feature/login",
        "fix/log-rotation",  # l-o-g...i...n, scattered
    ]
    assert [h.item.branch_text for h in rank(items, "")] == [i.branch_text for i in items]
    assert [h.item.branch_text for h in rank(items, "fl")][:2] == [
        "fix/log-rotation",
        "feature/login",
    ]


def test_every_word_must_match() -> None:
    items = _items("feature/login", "feature/logout", "fix/login")
    assert [h.item.branch_text for h in rank(items, "fea in")] == ["feature/login"]
    assert rank(items, "fea zzz") == []


def test_row_filters() -> None:
    assert split_query("@ fe") == (["@"], ["fe"])
    assert split_query("+") == (["+"], [])
    assert narrows("fe", "fea")
    assert narrows("fe", "fe x")
    assert not narrows("fea", "fe")
    assert not narrows("@", "@x")  # "@" stops being a filter


# -- the row model and its lines ----------------------------------------------------------------


def test_geometry_places_the_preview_by_terminal_size() -> None:
    assert geometry(120, 30, show_preview=True) == Geometry("right", 65, 26, 26)
    assert geometry(100, 20, show_preview=True).placement == "right"
    assert geometry(99, 30, show_preview=True) == Geometry("below", 99, 12, 13)
    assert geometry(60, 15, show_preview=True) == Geometry("below", 60, 5, 5)
    assert geometry(80, 14, show_preview=True) == Geometry("none", 80, 10, 0)
    assert geometry(120, 30, show_preview=False) == Geometry("none", 120, 26, 0)


# -- previews -----------------------------------------------------------------------------------


def test_diff_styles() -> None:
    lines = P.style_diff(
        " a | 2 +-\n 1 file changed\n\ndiff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -1 +1 @@\n-x\n+y\n"
    )
    styles = [[s for s, _ in line] for line in lines]
    assert styles[0][-2:] == ["class:added", "class:deleted"]
    assert styles[3:] == [
        ["class:diff.file"],
        ["class:diff.meta"],
        ["class:diff.meta"],
        ["class:diff.hunk"],
        ["class:deleted"],
        ["class:added"],
    ]
