"""`git wt switch` without a branch: open the interactive picker and return the choice.

Start-up is arranged for a quick first paint. prompt_toolkit takes longer to import than
git takes to list the rows, so the rows are collected on a thread meanwhile, and drawn
at once in plain ANSI (`picker_screen.first_frame`); the application then takes over
the same screen. This module imports nothing heavy itself.
"""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING, Any, TextIO

from git_wt.config import keys
from git_wt.context import Context
from git_wt.errors import WtError
from git_wt.ui.term import is_terminal

if TYPE_CHECKING:
    from git_wt.git.repository import Repository
    from git_wt.listing.model import Listing
    from git_wt.listing.tasks import Task
    from git_wt.picker.app import Choice
    from git_wt.picker.rows import Model

NO_TTY_MESSAGE = "no branch given, and the interactive picker needs a terminal"
NO_TTY_HINT = "git wt switch BRANCH (or git wt list to see them)"


def open_terminal() -> tuple[TextIO, TextIO]:
    """The controlling terminal, opened once for reading and once for writing.

    The picker draws there rather than on stdout, so `git wt switch --format json | jq`
    still works. (Text mode cannot open it read-write: /dev/tty is not seekable.)
    """
    if not is_terminal(sys.stdin):
        raise WtError(NO_TTY_MESSAGE, hint=NO_TTY_HINT)
    try:
        reader = open("/dev/tty", encoding="utf-8")  # noqa: SIM115 (closed by the caller)
    except OSError:
        raise WtError(NO_TTY_MESSAGE, hint=NO_TTY_HINT) from None
    try:
        writer = open("/dev/tty", "w", encoding="utf-8")  # noqa: SIM115
    except OSError:
        reader.close()
        raise WtError(NO_TTY_MESSAGE, hint=NO_TTY_HINT) from None
    return reader, writer


def wanted_kinds(repo: Repository, *, branches: bool, remotes: bool) -> tuple[bool, bool]:
    """(--branches, --remotes), falling back on wt.list.branches / wt.list.remotes."""
    branches = branches or repo.config.get_bool(keys.LIST_BRANCHES, default=False)
    remotes = remotes or repo.config.get_bool(keys.LIST_REMOTES, default=False)
    return branches, remotes


class _Terminal:
    """The terminal's modes while the picker starts: keys typed before the application
    reads them are kept for it (Ctrl-C included, so it ends the picker the same way at
    any moment), but not echoed over the first frame."""

    def __init__(self, reader: TextIO, writer: TextIO) -> None:
        self.reader = reader
        self.writer = writer
        self.saved: list[Any] | None = None
        self.painted = False

    def quiet(self) -> None:
        import termios

        try:
            fd = self.reader.fileno()
            self.saved = termios.tcgetattr(fd)
            quiet = termios.tcgetattr(fd)
            quiet[3] &= ~(termios.ECHO | termios.ICANON | termios.ISIG)
            termios.tcsetattr(fd, termios.TCSANOW, quiet)
        except (termios.error, OSError, ValueError):
            self.saved = None

    def restore(self, *, left_screen: bool) -> None:
        if self.painted and not left_screen:
            # The application never took over: leave the first frame's screen ourselves.
            self.writer.write("\x1b[?25h\x1b[?1049l")
            self.writer.flush()
        if self.saved is not None:
            import termios

            try:
                termios.tcsetattr(self.reader.fileno(), termios.TCSANOW, self.saved)
            except (termios.error, OSError, ValueError):
                pass


def pick(
    ctx: Context, *, branches: bool, remotes: bool, no_hooks: bool, yes: bool
) -> Choice | None:
    """Show the picker; None when the user cancelled with Esc (Ctrl-C raises).

    `branches` and `remotes` add rows (as `switch --branches/--remotes`); `no_hooks` and
    `yes` apply to the removals the picker offers (as `switch --no-hooks/--yes`).
    """
    reader, writer = open_terminal()
    terminal = _Terminal(reader, writer)
    ran = False
    try:
        terminal.quiet()
        collected: dict[str, Any] = {}
        # What the rows thread needs is imported here first: importing it there would
        # compete with prompt_toolkit's import for the interpreter.
        import git_wt.picker.screen  # noqa: F401 (with picker_rows and listing)

        collector = threading.Thread(
            target=_collect,
            args=(ctx,),
            kwargs={
                "branches": branches,
                "remotes": remotes,
                "terminal": terminal,
                "into": collected,
            },
            name="wt-pick-rows",
            daemon=True,
        )
        # While both run, hand the interpreter over more often than every 5 ms, so the
        # rows thread gets it back as soon as each git call returns (the import is
        # pure Python and would otherwise hold it for whole slices).
        interval = sys.getswitchinterval()
        sys.setswitchinterval(0.001)
        try:
            collector.start()
            from git_wt.picker import app as picker_app  # the heavy import, while git runs

            collector.join()
        finally:
            sys.setswitchinterval(interval)
        if "error" in collected:
            raise collected["error"]
        repo: Repository = collected["repo"]
        listing: Listing = collected["listing"]
        model: Model = collected["model"]
        tasks: list[Task] = collected["tasks"]
        app = picker_app.Picker(
            repo,
            listing,
            ctx,
            no_hooks=no_hooks,
            yes=yes,
            reader=reader,
            writer=writer,
            model=model,
            tasks=tasks,
        )
        ran = True
        return app.run()
    finally:
        terminal.restore(left_screen=ran)
        reader.close()
        writer.close()


def _collect(
    ctx: Context, *, branches: bool, remotes: bool, terminal: _Terminal, into: dict[str, Any]
) -> None:
    try:
        from git_wt.listing.collect import collect_rows
        from git_wt.picker.rows import Model, plan_fill

        repo = ctx.repo()
        branches, remotes = wanted_kinds(repo, branches=branches, remotes=remotes)
        listing = collect_rows(repo, branches=branches, remotes=remotes)
        # Planned now so that the first frame already shows which cells are loading.
        tasks = plan_fill(repo, listing)
        model = Model(listing, ctx.cwd)
        into.update(repo=repo, listing=listing, model=model, tasks=tasks)
        _first_frame(terminal, model)
    except BaseException as exc:  # re-raised on the main thread
        into["error"] = exc


def _first_frame(terminal: _Terminal, model: Model) -> None:
    import os

    from git_wt.picker.screen import first_frame
    from git_wt.ui.output import color_enabled

    try:
        size = os.get_terminal_size(terminal.writer.fileno())
    except (OSError, ValueError):
        return
    frame = first_frame(model, size.columns, size.lines, color=color_enabled(terminal.writer))
    terminal.writer.write(frame)
    terminal.writer.flush()
    terminal.painted = True
