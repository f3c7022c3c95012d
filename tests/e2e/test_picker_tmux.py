"""The picker end to end in a real terminal: bash with the shell integration, inside tmux."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import branch_exists, commit, git, json_doc, worktree_map

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None or shutil.which("bash") is None, reason="needs tmux and bash"
)

TIMEOUT = 30


class Terminal:
    """One tmux server of our own (its own socket), running one interactive bash."""

    def __init__(self, home: Path, cwd: Path, columns: int = 120, rows: int = 30) -> None:
        # A short directory: socket paths have a small length limit.
        self.dir = Path(tempfile.mkdtemp(prefix="wt-tmux-"))
        self.socket = self.dir / "sock"
        conf = self.dir / "tmux.conf"
        conf.write_text("set -s escape-time 10\nset -g status off\n")
        rc = home / "picker.bashrc"
        rc.write_text(f"PS1='$ '\neval \"$(git wt config shell init bash)\"\ncd -- '{cwd}'\n")
        command = f"bash --noprofile --rcfile '{rc}' -i"
        self._tmux(
            "-f", str(conf), "new-session", "-d", "-s", "t", "-x", str(columns), "-y", str(rows),
            command,
        )  # fmt: skip
        self.wait_for(lambda s: s.rstrip().endswith("$"), "the shell prompt")

    def _tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-S", str(self.socket), *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=TIMEOUT,
        ).stdout

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", "t", "-l", text)

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", "t", *keys)

    def run(self, command: str) -> None:
        self.type(command)
        self.keys("Enter")

    def screen(self) -> str:
        # -J joins lines the terminal wrapped (long temporary paths).
        return self._tmux("capture-pane", "-p", "-J", "-t", "t")

    def wait_for(self, want: str | Callable[[str], bool], what: str = "") -> str:
        check = (lambda s: want in s) if isinstance(want, str) else want
        deadline = time.monotonic() + TIMEOUT
        while True:
            screen = self.screen()
            if check(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{what or want!r} never appeared; the screen:\n{screen}")
            time.sleep(0.05)

    def resize(self, columns: int, rows: int) -> None:
        self._tmux("resize-window", "-t", "t", "-x", str(columns), "-y", str(rows))

    def close(self) -> None:
        subprocess.run(["tmux", "-S", str(self.socket), "kill-server"], capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def worktrees(repo: Path) -> dict[str, Path]:
    paths = {"main": repo}
    for branch in ("feature/login", "fix/crash-on-start", "docs"):
        path = repo.parent / f"repo.{branch.replace('/', '-')}"
        git("worktree", "add", "-q", "-b", branch, str(path), "main", cwd=repo)
        paths[branch] = path
    commit(paths["feature/login"], "login.py", "def login():\n    pass\n", "add login")
    (paths["docs"] / "draft.md").write_text("draft\n")
    return paths


@pytest.fixture
def term(hermetic_env: Path, worktrees: dict[str, Path]) -> Iterator[Terminal]:
    terminal = Terminal(hermetic_env / "home", worktrees["main"])
    try:
        yield terminal
    finally:
        terminal.close()


def open_picker(term: Terminal, command: str = "git wt switch") -> str:
    term.run(f'{command}; echo "rc=$? at:$PWD"')
    return term.wait_for("4/4", "the picker's rows")


def result_line(term: Terminal) -> str:
    """The `rc=... at:...` line the command line of `open_picker` echoes at its end."""

    def ended(screen: str) -> bool:
        return any(line.startswith("rc=") for line in screen.splitlines())

    screen = term.wait_for(ended, "the command's end")
    return next(line.rstrip() for line in screen.splitlines() if line.startswith("rc="))


def test_fuzzy_query_and_enter_change_the_shells_directory(
    term: Terminal, worktrees: dict[str, Path]
) -> None:
    screen = open_picker(term)
    assert "› @  main" in screen
    term.type("fcs")
    screen = term.wait_for("1/4")
    assert "› +  fix/crash-on-start" in screen
    term.keys("Enter")
    assert result_line(term) == f"rc=0 at:{worktrees['fix/crash-on-start']}"
    assert f"switched to fix/crash-on-start at {worktrees['fix/crash-on-start']}" in term.screen()


def test_escape_leaves_the_directory_alone(term: Terminal, worktrees: dict[str, Path]) -> None:
    open_picker(term)
    term.type("log")
    term.wait_for("1/4")
    term.keys("Escape")
    assert result_line(term) == f"rc=0 at:{worktrees['main']}"


def test_ctrl_c_exits_130(term: Terminal, worktrees: dict[str, Path]) -> None:
    open_picker(term)
    term.keys("C-c")
    assert result_line(term) == f"rc=130 at:{worktrees['main']}"


def test_alt_c_creates_a_branch_and_worktree(term: Terminal, worktrees: dict[str, Path]) -> None:
    open_picker(term)
    term.type("brand-new")
    term.wait_for("0/4")
    term.keys("M-c")
    created = worktrees["main"].parent / "repo.brand-new"
    assert result_line(term) == f"rc=0 at:{created}"
    assert worktree_map(worktrees["main"])["brand-new"] == str(created)


def test_alt_x_removes_a_clean_merged_worktree(term: Terminal, worktrees: dict[str, Path]) -> None:
    open_picker(term)
    term.type("crash")
    term.wait_for("1/4")
    term.keys("M-x")
    screen = term.wait_for("removed fix/crash-on-start")
    assert "0/3" in screen  # its row is gone (and so is its branch)
    term.keys("Escape")
    assert result_line(term) == f"rc=0 at:{worktrees['main']}"
    assert "fix/crash-on-start" not in worktree_map(worktrees["main"])
    assert not worktrees["fix/crash-on-start"].exists()
    assert not branch_exists(worktrees["main"], "fix/crash-on-start")


def test_alt_x_refuses_a_dirty_worktree(term: Terminal, worktrees: dict[str, Path]) -> None:
    open_picker(term)
    term.type("docs")
    term.wait_for("1/4")
    term.keys("M-x")
    screen = term.wait_for("cannot remove docs")
    assert "cannot remove docs: the worktree of docs has uncommitted changes" in screen
    term.keys("Escape")
    assert result_line(term) == f"rc=0 at:{worktrees['main']}"
    assert (worktrees["docs"] / "draft.md").exists()
    assert "docs" in worktree_map(worktrees["main"])


def test_execute_and_json_with_the_picker(
    term: Terminal, worktrees: dict[str, Path], hermetic_env: Path
) -> None:
    out = hermetic_env / "switch.json"
    open_picker(term, f"git wt switch --format json -x 'echo ran in $PWD >&2' > '{out}'")
    term.type("login")
    term.wait_for("1/4")
    term.keys("Enter")
    login = worktrees["feature/login"]
    assert result_line(term) == f"rc=0 at:{login}"
    assert f"ran in {login}" in term.screen()
    # The picker drew on the terminal: stdout holds the JSON document and nothing else.
    assert json.loads(out.read_text()) == json_doc("switched", "feature/login", login)


def test_small_terminal_and_resizing(hermetic_env: Path, worktrees: dict[str, Path]) -> None:
    term = Terminal(hermetic_env / "home", worktrees["main"], columns=60, rows=15)
    try:
        screen = open_picker(term)
        lines = screen.splitlines()
        assert len(lines) <= 15
        assert any("fix/crash-on-start" in line for line in lines)
        assert any(line.startswith(" diff ") or " diff " in line for line in lines)
        assert lines[-1].rstrip().endswith("esc quit")
        assert all(len(line) <= 60 for line in lines)
        term.resize(120, 30)
        term.wait_for(
            lambda s: any("fix/crash-on-start" in ln and "│" in ln for ln in s.splitlines()),
            "the preview beside the list",
        )
        term.keys("Escape")
        assert result_line(term) == f"rc=0 at:{worktrees['main']}"
    finally:
        term.close()


def test_no_cd_is_honoured(term: Terminal, worktrees: dict[str, Path]) -> None:
    open_picker(term, "git wt switch --no-cd")
    term.type("login")
    term.wait_for("1/4")
    term.keys("Enter")
    assert result_line(term) == f"rc=0 at:{worktrees['main']}"


def test_enter_runs_the_hooks_and_asks_for_approval(
    hermetic_env: Path, worktrees: dict[str, Path]
) -> None:
    out = hermetic_env / "hooks.txt"
    main = worktrees["main"]
    git("config", "wt.hook.pre-switch", f"echo user >> '{out}'", cwd=main)
    (main / ".config").mkdir()
    (main / ".config" / "wt.toml").write_text(f"pre-switch = \"echo project >> '{out}'\"\n")
    term = Terminal(hermetic_env / "home", main)
    try:
        open_picker(term)
        term.type("login")
        term.wait_for("1/4")
        term.keys("Enter")
        term.wait_for("Allow and remember?")
        term.type("y")
        term.keys("Enter")
        assert result_line(term) == f"rc=0 at:{worktrees['feature/login']}"
        assert out.read_text().splitlines() == ["user", "project"]
    finally:
        term.close()


FRAME_SCRIPT = """\
import os, sys
from git_wt.listing.collect import collect_rows
from git_wt.context import Context
from git_wt.picker.rows import Model, plan_fill
from git_wt.picker.screen import first_frame

ctx = Context(cwd=os.getcwd())
repo = ctx.repo()
listing = collect_rows(repo)
plan_fill(repo, listing)  # cells loading, and never filled: both frames show the same
model = Model(listing, ctx.cwd)
if sys.argv[1] == "first":
    size = os.get_terminal_size(1)
    sys.stdout.write(first_frame(model, size.columns, size.lines, color=False))
    sys.stdout.flush()
    sys.stdin.readline()
    sys.stdout.write("\\x1b[?25h\\x1b[?1049l")
else:
    from git_wt.picker.app import Picker

    reader, writer = open("/dev/tty"), open("/dev/tty", "w")
    Picker(repo, listing, ctx, reader=reader, writer=writer, model=model, tasks=[]).run()
"""


def test_the_first_frame_matches_the_application(
    term: Terminal, worktrees: dict[str, Path], hermetic_env: Path
) -> None:
    """The plain-ANSI frame drawn while prompt_toolkit loads puts everything where the
    application then draws it (the preview's contents aside), so nothing jumps."""
    from git_wt.picker.screen import geometry

    script = hermetic_env / "frame.py"
    script.write_text(FRAME_SCRIPT)
    term.run(f"clear; python '{script}' first")
    first = term.wait_for("4/4", "the first frame").splitlines()
    term.keys("Enter")
    term.wait_for(lambda s: "4/4" not in s, "the shell again")
    term.run(f"clear; python '{script}' live")
    live = term.wait_for("4/4", "the application").splitlines()
    term.keys("Escape")
    geo = geometry(120, 30, show_preview=True)
    assert geo.placement == "right"
    assert len(first) == len(live) == 30
    assert first[0] == live[0]  # the prompt line and the counter
    assert first[-1] == live[-1]  # the help line
    # The list pane with its border, and the tab bar beside the header.
    assert [line[: geo.list_width + 1] for line in first[1:-2]] == [
        line[: geo.list_width + 1] for line in live[1:-2]
    ]
    assert first[1] == live[1]
    assert "› @  main" in first[2]
