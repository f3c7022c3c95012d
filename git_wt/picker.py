"""`git wt switch` without a branch: open the interactive picker and return the choice.

This module stays light: prompt_toolkit is imported (by `picker_app`) only once a
terminal is known to be there, and while it loads the rows are collected on a thread,
so git and the import overlap.
"""

from __future__ import annotations

import argparse
import sys
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from git_wt import config as keys
from git_wt.context import Context
from git_wt.errors import WtError

if TYPE_CHECKING:
    from git_wt.listing import Listing
    from git_wt.repo import Repository

NO_TTY_MESSAGE = "no branch given, and the interactive picker needs a terminal"
NO_TTY_HINT = "git wt switch BRANCH (or git wt list to see them)"


@dataclass(frozen=True)
class Choice:
    """What the user picked: a selector for `switch`, created with --create or not."""

    selector: str
    create: bool = False


def open_terminal() -> tuple[TextIO, TextIO]:
    """The controlling terminal, opened once for reading and once for writing.

    The picker draws there rather than on stdout, so `git wt switch --format json | jq`
    still works. (Text mode cannot open it read-write: /dev/tty is not seekable.)
    """
    if not _isatty(sys.stdin):
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


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def wanted_kinds(args: argparse.Namespace, repo: Repository) -> tuple[bool, bool]:
    """(--branches, --remotes), falling back on wt.list.branches / wt.list.remotes."""
    branches = args.branches or repo.config.get_bool(keys.LIST_BRANCHES, False)
    remotes = args.remotes or repo.config.get_bool(keys.LIST_REMOTES, False)
    return branches, remotes


def pick(args: argparse.Namespace, ctx: Context) -> Choice | None:
    """Show the picker; None when the user cancelled with Esc (Ctrl-C raises)."""
    if args.create:
        raise WtError(
            "--create needs the name of the new branch",
            hint="git wt switch --create BRANCH (or press alt-c in the picker)",
        )
    reader, writer = open_terminal()
    try:
        collected: dict[str, Any] = {}
        collector = threading.Thread(
            target=_collect, args=(args, ctx, collected), name="wt-pick-rows", daemon=True
        )
        collector.start()
        from git_wt import picker_app  # the heavy import, while git runs

        collector.join()
        if "error" in collected:
            raise collected["error"]
        repo: Repository = collected["repo"]
        listing: Listing = collected["listing"]
        app = picker_app.Picker(repo, listing, ctx, args, reader=reader, writer=writer)
        return app.run()
    finally:
        reader.close()
        writer.close()


def _collect(args: argparse.Namespace, ctx: Context, into: dict[str, Any]) -> None:
    try:
        from git_wt import listing as L

        repo = ctx.repo()
        branches, remotes = wanted_kinds(args, repo)
        into["listing"] = L.collect_rows(repo, branches, remotes)
        into["repo"] = repo
    except BaseException as exc:  # re-raised on the main thread
        into["error"] = exc
