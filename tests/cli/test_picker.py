"""The picker in process on real repositories: previews and every key (pipe input)."""

from __future__ import annotations

import io
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import Remote, branch_exists, commit, git, worktree_map, wt

from git_wt.context import Context
from git_wt.git.repository import Repository
from git_wt.listing.collect import collect_rows
from git_wt.listing.model import Row
from git_wt.listing.tasks import fill
from git_wt.picker.rows import Item, Model, rank
from git_wt.ui.output import Output

pytest.importorskip("prompt_toolkit")

from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from git_wt.picker import preview as P
from git_wt.picker.app import Choice, Picker
from git_wt.picker.screen import first_frame, help_fragments

UP, DOWN = "\x1b[A", "\x1b[B"
PAGE_DOWN = "\x1b[6~"
TAB, SHIFT_TAB = "\t", "\x1b[Z"
ENTER, ESC, CTRL_C = "\r", "\x1b", "\x03"
CTRL_N, CTRL_P, CTRL_U, CTRL_D = "\x0e", "\x10", "\x15", "\x04"


def alt(key: str) -> str:
    return "\x1b" + key


# -- a repository with a few kinds of worktree ------------------------------------------------


@dataclass
class Layout:
    repo: Path
    login: Path  # one commit ahead of main, clean
    crash: Path  # same commit as main, clean (merged)
    docs: Path  # same commit as main, an untracked file (dirty)


def add_worktree(repo: Path, branch: str) -> Path:
    path = repo.parent / f"repo.{branch.replace('/', '-')}"
    git("worktree", "add", "-q", "-b", branch, str(path), "main", cwd=repo)
    return path


@pytest.fixture
def layout(repo: Path) -> Layout:
    login = add_worktree(repo, "feature/login")
    commit(login, "login.py", "def login():\n    pass\n", "add login")
    crash = add_worktree(repo, "fix/crash-on-start")
    docs = add_worktree(repo, "docs")
    (docs / "draft.md").write_text("draft\n")
    return Layout(repo, login, crash, docs)


# -- driving the real application through a pipe ----------------------------------------------

Step = str | Callable[[Picker], bool]


@dataclass
class Run:
    choice: Choice | None
    picker: Picker


def run_picker(
    cwd: Path,
    *steps: Step,
    branches: bool = False,
    remotes: bool = False,
    fill: bool = False,
) -> Run:
    """Open the picker in `cwd`, feed the steps (keys, or conditions to wait for) in order."""
    ctx = Context(cwd=str(cwd), out=Output(out=io.StringIO(), err=io.StringIO()))
    repo = Repository.discover(str(cwd))
    listing = collect_rows(repo, branches=branches, remotes=remotes)
    errors: list[BaseException] = []
    with create_pipe_input() as pipe:
        picker = Picker(repo, listing, ctx, input=pipe, output=DummyOutput(), fill=fill)

        def feed() -> None:
            try:
                for step in steps:
                    if isinstance(step, str):
                        pipe.send_text(step)
                        continue
                    deadline = time.monotonic() + 20
                    while not step(picker):
                        if time.monotonic() > deadline:
                            raise AssertionError(f"timed out waiting; status: {picker.message}")
                        time.sleep(0.02)
            except BaseException as exc:
                errors.append(exc)
                pipe.send_text(CTRL_C)

        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
        try:
            choice = picker.run()
        finally:
            feeder.join(5)
        if errors:
            raise errors[0]
    return Run(choice, picker)


def settled(picker: Picker) -> bool:
    """No removal running (then an Esc after it is not read as an Alt-key)."""
    return picker.removing is None and bool(picker.message[1])


def branches_shown(picker: Picker) -> list[str]:
    return [h.item.branch_text for h in picker.model.hits]


# -- fuzzy scoring ----------------------------------------------------------------------------


def test_path_matches_count_and_are_highlighted_there() -> None:
    row = Row("worktree", "wip", "/src/repo.experiments", None)
    item = Item(row, "wip", "../repo.experiments")
    hits = rank([item], "exper")
    assert len(hits) == 1
    assert hits[0].branch_positions == frozenset()
    assert hits[0].path_positions == frozenset(range(8, 13))


def test_incremental_narrowing_gives_the_same_result(repo: Path) -> None:
    for n in range(30):
        git("branch", f"topic/t{n:02d}-{'abc'[n % 3]}", cwd=repo)
    repository = Repository.discover(str(repo))
    model = Model(collect_rows(repository, branches=True), str(repo))
    for query in ("t", "t1", "t1-", "t1-b", "t1-", "t", "", "tb"):
        model.set_query(query)
        fresh = rank(model.items, query)
        assert [(h.item.branch_text, h.score) for h in model.hits] == [
            (h.item.branch_text, h.score) for h in fresh
        ]


# -- the row model and its lines ----------------------------------------------------------------


def test_model_rows_header_and_current_mark(layout: Layout) -> None:
    repository = Repository.discover(str(layout.repo))
    listing = collect_rows(repository)
    fill(repository, listing)
    model = Model(listing, str(layout.repo))
    lay = model.layout(120)
    header = "".join(t for _, t in model.header(lay)).rstrip()
    assert header.split() == ["Branch", "Status", "main↕", "Path", "Age", "Message"]
    lines = {
        h.item.branch_text: "".join(t for _, t in model.line(h, lay, selected=False)).rstrip()
        for h in model.hits
    }
    assert lines["main"].startswith("@  main")
    assert lines["feature/login"].split()[:4] == ["+", "feature/login", "↑", "↑1"]
    assert lines["docs"].split()[:3] == ["+", "docs", "?"]
    current = model.line(model.hits[0], lay, selected=False)
    assert all("class:current" in style for style, text in current if text.strip())


def test_matched_characters_are_highlighted(layout: Layout) -> None:
    repository = Repository.discover(str(layout.repo))
    model = Model(collect_rows(repository), str(layout.repo))
    model.set_query("fcs")
    hit = model.hits[0]
    frags = model.line(hit, model.layout(120), selected=True)
    marked = "".join(t for s, t in frags if "class:match" in s)
    assert marked == "fcs"
    assert all("class:picked" in s for s, _ in frags)


def test_narrow_panes_drop_columns_but_keep_branch_and_fit(layout: Layout) -> None:
    repository = Repository.discover(str(layout.repo))
    model = Model(collect_rows(repository), str(layout.repo))
    for width in (30, 40, 58, 80, 200):
        lay = model.layout(width)
        keys = [c.key for c in lay.columns]
        assert keys[:2] == ["gutter", "branch"]
        for hit in model.hits:
            text = "".join(t for _, t in model.line(hit, lay, selected=False))
            assert len(text.rstrip()) <= max(width, 15)


def test_help_line_fits(layout: Layout) -> None:
    for width in (60, 80, 120):
        text = "".join(t for _, t in help_fragments(width))
        assert len(text) <= width
        assert text.endswith("esc quit")
    assert "alt-x remove" in "".join(t for _, t in help_fragments(60))


def test_first_frame_draws_the_rows_in_the_alternate_screen(layout: Layout) -> None:
    repository = Repository.discover(str(layout.repo))
    model = Model(collect_rows(repository), str(layout.repo))
    frame = first_frame(model, 60, 15, color=False)
    assert frame.startswith("\x1b[?1049h")
    assert "\x1b[38;" not in frame and "\x1b[0;3" not in frame  # NO_COLOR: no colors
    text = re.sub(r"\x1b\[[0-9;?]*[A-LN-Za-z]", "\n", re.sub(r"\x1b\[[0-9;]*m", "", frame))
    for name in ("› ", "4/4", "main", "feature/login", "fix/crash-on-start", "docs", "esc quit"):
        assert name in text
    assert "\x1b[0;1m" in frame  # the current row is bold all the same


# -- keys ---------------------------------------------------------------------------------------


def test_enter_picks_the_current_row_first(layout: Layout) -> None:
    assert run_picker(layout.repo, ENTER).choice == Choice("main")


def test_typing_filters_and_enter_picks_the_best_match(layout: Layout) -> None:
    run = run_picker(layout.repo, "fcs", ENTER)
    assert run.choice == Choice("fix/crash-on-start")
    assert branches_shown(run.picker) == ["fix/crash-on-start"]


def test_arrows_and_ctrl_n_ctrl_p_move(layout: Layout) -> None:
    order = branches_shown(run_picker(layout.repo, ESC).picker)
    assert run_picker(layout.repo, DOWN, ENTER).choice == Choice(order[1])
    assert run_picker(layout.repo, DOWN, DOWN, UP, ENTER).choice == Choice(order[1])
    assert run_picker(layout.repo, CTRL_N, CTRL_N, ENTER).choice == Choice(order[2])
    assert run_picker(layout.repo, CTRL_N, CTRL_N, CTRL_P, ENTER).choice == Choice(order[1])
    assert run_picker(layout.repo, UP, ENTER).choice == Choice(order[0])  # stays in range
    assert run_picker(layout.repo, PAGE_DOWN, ENTER).choice == Choice(order[-1])


def test_a_detached_worktree_is_picked_by_its_path(layout: Layout) -> None:
    detached = layout.repo.parent / "repo.detached"
    git("worktree", "add", "-q", "--detach", str(detached), "main", cwd=layout.repo)
    run = run_picker(layout.repo, "detached", ENTER)
    assert run.choice == Choice(str(detached))


def test_escape_cancels(layout: Layout) -> None:
    assert run_picker(layout.repo, "log", ESC).choice is None


def test_ctrl_c_interrupts(layout: Layout) -> None:
    with pytest.raises(KeyboardInterrupt):
        run_picker(layout.repo, "log", CTRL_C)


def test_enter_with_no_match_says_so(layout: Layout) -> None:
    run = run_picker(layout.repo, "zzzq", ENTER, lambda p: bool(p.message[1]), ESC)
    assert run.choice is None
    assert run.picker.message[1] == "nothing matches; alt-c creates the branch zzzq"


def test_alt_c_creates_from_the_query(layout: Layout) -> None:
    run = run_picker(layout.repo, "feature/new", alt("c"))
    assert run.choice == Choice("feature/new", create=True)


def test_alt_c_refuses_an_existing_or_invalid_name(layout: Layout) -> None:
    run = run_picker(layout.repo, "docs", alt("c"), lambda p: bool(p.message[1]), ESC)
    assert run.choice is None
    assert "already exists" in run.picker.message[1]
    run = run_picker(layout.repo, "a..b", alt("c"), lambda p: bool(p.message[1]), ESC)
    assert run.choice is None
    assert run.picker.message[1].startswith("invalid branch name")
    run = run_picker(layout.repo, alt("c"), lambda p: bool(p.message[1]), ESC)
    assert run.picker.message[1] == "type the new branch's name first, then press alt-c"


def test_tabs_preview_toggle_and_scrolling(layout: Layout) -> None:
    (layout.login / "long.txt").write_text("".join(f"line {n}\n" for n in range(300)))
    run = run_picker(layout.repo, TAB, TAB, ESC)
    assert run.picker.tab == 2
    assert run_picker(layout.repo, TAB, TAB, TAB, ESC).picker.tab == 0
    assert run_picker(layout.repo, SHIFT_TAB, ESC).picker.tab == 2
    assert run_picker(layout.repo, alt("2"), ESC).picker.tab == 1
    assert run_picker(layout.repo, alt("p"), ESC).picker.show_preview is False
    assert run_picker(layout.repo, alt("p"), alt("p"), ESC).picker.show_preview is True
    # Scroll once the rows stopped filling in and the diff is there (a refill under load
    # could otherwise land between the keys and reset the scroll).
    loaded = lambda p: not p.filling and p.previews.get(p.model.current, P.DIFF) is not None  # noqa: E731
    run = run_picker(layout.repo, "login", loaded, CTRL_D, CTRL_D, CTRL_U, ESC)
    assert run.picker.preview_scroll == max(1, run.picker.preview_height // 2)


def test_current_and_linked_filters(layout: Layout) -> None:
    run = run_picker(layout.login, "@", ESC)
    assert branches_shown(run.picker) == ["feature/login"]
    run = run_picker(layout.repo, "+", ESC)
    assert sorted(branches_shown(run.picker)) == ["docs", "feature/login", "fix/crash-on-start"]


def test_branches_and_remotes_rows(remote: Remote) -> None:
    git("branch", "local-only", cwd=remote.clone)
    run = run_picker(remote.clone, "feat", ENTER, branches=True, remotes=True)
    assert run.choice == Choice("origin/feature")
    hits = run_picker(remote.clone, ESC, branches=True, remotes=True).picker.model.hits
    kinds = {h.item.branch_text: h.item.row.kind for h in hits}
    assert kinds == {"main": "worktree", "local-only": "branch", "origin/feature": "remote"}
    assert run_picker(remote.clone, ESC).picker.model.items[0].branch_text == "main"
    assert len(run_picker(remote.clone, ESC).picker.model.items) == 1


def test_rows_fill_in_the_background(layout: Layout) -> None:
    run = run_picker(layout.repo, lambda p: not p.filling and p._fill_started, ESC, fill=True)
    docs = next(h.item for h in run.picker.model.hits if h.item.branch_text == "docs")
    assert docs.row.working_tree is not None and docs.row.working_tree.untracked == 1
    assert not docs.row.pending


# -- alt-x ---------------------------------------------------------------------------------------


def test_alt_x_removes_a_clean_merged_worktree(layout: Layout) -> None:
    run = run_picker(layout.repo, "fcs", alt("x"), settled, ESC)
    assert run.picker.message == (
        "class:message.ok",
        "removed fix/crash-on-start and deleted its branch (same commit as main)",
    )
    assert "fix/crash-on-start" not in branches_shown(run.picker)
    assert "fix/crash-on-start" not in worktree_map(layout.repo)
    assert not branch_exists(layout.repo, "fix/crash-on-start")


def test_alt_x_keeps_an_unmerged_branch_as_a_branch_row(layout: Layout) -> None:
    run = run_picker(layout.repo, "login", alt("x"), settled, ESC)
    assert run.picker.message[1] == (
        "removed the worktree of feature/login; kept the branch (not merged yet)"
    )
    item = run.picker.model.hits[0].item
    assert (item.row.kind, item.branch_text, item.path_text) == ("branch", "feature/login", "")
    assert "feature/login" not in worktree_map(layout.repo)
    assert branch_exists(layout.repo, "feature/login")


def test_alt_x_gives_blocking_hooks_the_terminal(layout: Layout, hermetic_env: Path) -> None:
    out = hermetic_env / "hook.txt"
    git("config", "wt.hook.pre-remove", f"echo {{{{ branch }}}} >> '{out}'", cwd=layout.repo)
    run = run_picker(layout.repo, "fcs", alt("x"), settled, ESC)
    assert run.picker.message[1].startswith("removed fix/crash-on-start")
    assert out.read_text() == "fix/crash-on-start\n"
    assert "fix/crash-on-start" not in worktree_map(layout.repo)


def test_alt_x_refuses_a_dirty_worktree(layout: Layout) -> None:
    run = run_picker(layout.repo, "docs", alt("x"), lambda p: bool(p.message[1]), ESC)
    assert run.picker.message == (
        "class:message.error",
        "cannot remove docs: the worktree of docs has uncommitted changes",
    )
    assert (layout.docs / "draft.md").exists()
    assert "docs" in worktree_map(layout.repo)


def test_alt_x_refuses_the_current_and_the_primary_worktree(layout: Layout) -> None:
    run = run_picker(layout.login, "@", alt("x"), lambda p: bool(p.message[1]), ESC)
    assert run.picker.message[1] == (
        "cannot remove feature/login: it is the worktree you are in (leave it first)"
    )
    run = run_picker(layout.login, "main", alt("x"), lambda p: bool(p.message[1]), ESC)
    assert run.picker.message[1] == "cannot remove main: it is the primary worktree"
    assert set(worktree_map(layout.repo)) == {"main", "feature/login", "fix/crash-on-start", "docs"}


# -- previews -----------------------------------------------------------------------------------


def _text(preview: P.Preview) -> str:
    return "\n".join("".join(t for _, t in line) for line in preview.lines)


def _preview(cwd: Path, branch: str, tab: str) -> tuple[P.Preview, Row]:
    repository = Repository.discover(str(cwd))
    listing = collect_rows(repository, branches=True)
    row = next(r for r in listing.rows if r.branch == branch)
    return P.compute(repository, row, tab, listing.target_sha, listing.default_branch), row


def test_diff_preview_has_committed_uncommitted_and_untracked_work(layout: Layout) -> None:
    (layout.login / "README").write_text("hello\nchanged\n")
    (layout.login / "notes.txt").write_text("new file\n")
    git("add", "README", cwd=layout.login)
    (layout.login / "login.py").write_text("def login():\n    return True\n")
    status_before = git("status", "--porcelain=v2", cwd=layout.login)
    indexes = [
        layout.repo / ".git" / "index",
        *(layout.repo / ".git" / "worktrees").glob("*/index"),
    ]
    stamps = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in indexes}
    text = _text(_preview(layout.repo, "feature/login", P.DIFF)[0])
    assert "+++ b/login.py" in text  # committed on the branch
    assert "+    return True" in text  # modified, unstaged
    assert "+changed" in text  # staged
    assert "+++ b/notes.txt" in text  # untracked
    uncommitted = _text(_preview(layout.repo, "feature/login", P.UNCOMMITTED)[0])
    assert "+++ b/notes.txt" in uncommitted and "+changed" in uncommitted
    assert "+def login" not in uncommitted  # committed work is not uncommitted
    # The real indexes are untouched (not even rewritten), and so is what is staged.
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in indexes} == stamps
    assert git("status", "--porcelain=v2", cwd=layout.login) == status_before


def test_preview_notes_when_there_is_nothing(layout: Layout) -> None:
    assert _text(_preview(layout.repo, "fix/crash-on-start", P.DIFF)[0]) == (
        "no changes since main"
    )
    assert _text(_preview(layout.repo, "fix/crash-on-start", P.UNCOMMITTED)[0]) == (
        "nothing uncommitted"
    )
    git("branch", "side", "feature/login", cwd=layout.repo)
    assert _text(_preview(layout.repo, "side", P.UNCOMMITTED)[0]) == (
        "no worktree, so nothing uncommitted"
    )
    assert "+++ b/login.py" in _text(_preview(layout.repo, "side", P.DIFF)[0])


def test_log_preview_dims_commits_already_in_main(layout: Layout) -> None:
    preview, _ = _preview(layout.repo, "feature/login", P.LOG)
    own, base = preview.lines
    assert own[0][0] == "class:sha" and own[1][1] == " add login"
    assert base[0][0] == "class:dim" and "initial commit" in base[0][1]


def test_previews_are_computed_in_the_background_and_cached(layout: Layout) -> None:
    repository = Repository.discover(str(layout.repo))
    listing = collect_rows(repository)
    ready = threading.Event()
    previews = P.Previews(repository, listing.target_sha, "main", on_ready=ready.set)
    item = Item(next(r for r in listing.rows if r.branch == "feature/login"), "x", "")
    try:
        assert previews.get(item, P.LOG) is None  # queued, not computed on this thread
        assert ready.wait(20)
        first = previews.get(item, P.LOG)
        assert first is not None
        assert previews.get(item, P.LOG) is first
    finally:
        previews.close()


# -- the command around it -------------------------------------------------------------------


def test_no_terminal_is_an_error_with_a_hint(layout: Layout) -> None:
    res = wt("switch", cwd=layout.repo)
    assert res.returncode == 1
    assert res.err_lines == [
        "✗ no branch given, and the interactive picker needs a terminal",
        "↳ git wt switch BRANCH (or git wt list to see them)",
    ]
    res = wt("switch", "--branches", "-x", "true", cwd=layout.repo)
    assert res.returncode == 1 and res.stdout == ""


def test_create_without_a_name_is_an_error(layout: Layout) -> None:
    res = wt("switch", "--create", cwd=layout.repo)
    assert res.returncode == 2  # a usage error
    assert res.err_lines[0] == "✗ --create needs the name of the new branch"
