"""The argparse parser: git-wt's usage-error format and the tree built from the command table."""

from __future__ import annotations

import argparse
import importlib
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from git_wt import __version__

if TYPE_CHECKING:
    from git_wt.context import Context

PROG = "git wt"
EPILOG = "Run 'git wt COMMAND --help' for the options of one command."

RunFn = Callable[[argparse.Namespace, Any], int]


class Parser(argparse.ArgumentParser):
    """argparse with git-wt's usage-error format (one line, a hint, exit 2)."""

    # Set for the top-level parser once argv names a command, so errors it reports about
    # that command's words point at the command's own help.
    command: str | None = None

    def error(self, message: str) -> NoReturn:
        from git_wt.ui.output import Output

        out = Output()
        out.error(message)
        prog = f"{self.prog} {self.command}" if self.command else self.prog
        out.hint(f"{prog} -h")
        raise SystemExit(2)


def build_parser(only: str | None = None) -> Parser:
    """The whole CLI, or (for speed) just the one command `only` that argv names."""
    parser = Parser(
        prog=PROG,
        description="Git worktrees as easy as branches.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "-C",
        dest="chdir",
        action="append",
        metavar="PATH",
        help="run as if git-wt was started in PATH",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="print each git and hook command run"
    )
    parser.add_argument("--version", action="version", version=f"git-wt {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in command_names():
        if only is not None and name != only:
            continue
        module = importlib.import_module(f"git_wt.commands.{name.replace('-', '_')}")
        cmd = sub.add_parser(
            module.NAME,
            help=module.HELP,
            description=getattr(module, "DESCRIPTION", module.HELP),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        cmd.set_defaults(_run=module.run)
        module.add_arguments(cmd)
    return parser


def command_names() -> Sequence[str]:
    from git_wt.commands import COMMAND_MODULES

    return COMMAND_MODULES


def purge_trash(ctx: Context) -> None:
    """After a command that found a repository, expired undo entries go (in the background;
    only a listing of the trash when nothing is due)."""
    repo = ctx.discovered()
    if repo is None or not os.path.isdir(os.path.join(repo.state_dir, "trash")):
        return
    from git_wt.errors import WtError
    from git_wt.ops.undo import purge_expired

    try:
        purge_expired(repo)
    except (WtError, OSError):
        pass  # the next command tries again
