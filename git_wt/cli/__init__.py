"""Entry point: builds the parser from the command table and maps errors to exit codes."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from git_wt import __version__

PROG = "git wt"
EPILOG = "Run 'git wt COMMAND --help' for the options of one command."


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


RunFn = Callable[[argparse.Namespace, Any], int]


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
    for name in _command_names():
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


def _command_names() -> Sequence[str]:
    from git_wt.commands import COMMAND_MODULES

    return COMMAND_MODULES


def _resolve_cwd(chdirs: list[str] | None) -> str:
    from git_wt.errors import WtError

    try:
        cwd = os.getcwd() if "PWD" not in os.environ else _logical_cwd()
    except FileNotFoundError:
        if not chdirs or not os.path.isabs(os.path.expanduser(chdirs[0])):
            raise WtError(
                "the current directory no longer exists (was its worktree removed?)",
                hint="cd to an existing directory, e.g. the repository, and run it again",
            ) from None
        cwd = "/"
    for path in chdirs or []:
        cwd = os.path.normpath(os.path.join(cwd, os.path.expanduser(path)))
    if not os.path.isdir(cwd):
        raise WtError(f"cannot change to {cwd!r}: no such directory", hint="check the -C path")
    return cwd


def _logical_cwd() -> str:
    """$PWD when it names the real cwd (keeps symlinked paths as the user sees them)."""
    pwd = os.environ.get("PWD", "")
    try:
        if pwd and os.path.samefile(pwd, "."):
            return os.path.normpath(pwd)
    except OSError:
        pass
    return os.getcwd()


def _command_in(argv: list[str]) -> str | None:
    """The command word argv names, skipping global options; None when there is none."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word == "-C":
            skip = True
        elif not word.startswith("-"):
            return word if word in _command_names() else None
    return None


def _command_path(parser: argparse.ArgumentParser, argv: list[str]) -> str | None:
    """`config shell install` for argv naming nested commands: where help lives."""
    words: list[str] = []
    current: argparse.ArgumentParser | None = parser
    skip = False
    for word in argv:
        if skip:
            skip = False
            continue
        if word == "-C" and not words:
            skip = True
            continue
        if word.startswith("-") or current is None:
            continue
        subs = [a for a in current._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs or word not in subs[0].choices:
            break
        words.append(word)
        current = subs[0].choices[word]
    return " ".join(words) or None


def _split_trailing(argv: list[str]) -> tuple[list[str], list[str] | None]:
    """Split at the first `--`: what follows is passed through untouched (e.g. to -x CMD)."""
    if "--" not in argv:
        return argv, None
    at = argv.index("--")
    return argv[:at], argv[at + 1 :]


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list == ["--version"]:
        sys.stdout.write(f"git-wt {__version__}\n")
        return 0
    from git_wt.errors import WtError
    from git_wt.ui.output import Output

    out = Output()
    try:
        head, trailing = _split_trailing(args_list)
        parser = build_parser(_command_in(head))
        parser.command = _command_path(parser, head)
        args = parser.parse_args(head)
        run: RunFn | None = getattr(args, "_run", None)
        if trailing is not None and not getattr(args, "_trailing", False):
            parser.error("this command takes no arguments after --")
        args.trailing = trailing or []
        if run is None:
            parser.print_help(sys.stdout)
            return 0
        from git_wt.context import Context

        ctx = Context(cwd=_resolve_cwd(args.chdir), verbose=args.verbose, out=out)
        return run(args, ctx)
    except WtError as exc:
        out.error(exc.message)
        if exc.detail:
            out.gutter(exc.detail)
        if exc.hint:
            out.hint(exc.hint)
        return exc.exit_code
    except KeyboardInterrupt:
        out.err.write("\n")
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `git wt list | head`); nothing left to say.
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        except OSError:
            pass
        return 1
    except OSError as exc:
        # The environment refused something (permissions, a full disk, a path in the way).
        where = f": {exc.filename}" if exc.filename else ""
        out.error(f"{exc.strerror or exc}{where}")
        out.hint("check that the path exists and is writable, then run the command again")
        return 1
    except Exception:
        import traceback

        traceback.print_exc()
        out.error("git-wt hit an internal error (a bug, not something you did)")
        out.hint("please report it with the traceback above and the command you ran")
        return 70
