"""Entry point: argv -> parser -> one command -> exit code; the only exception handler."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from git_wt import __version__

if TYPE_CHECKING:
    from git_wt.git.repository import Repository
    from git_wt.ui.output import Output


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
            from git_wt.cli.parser import command_names

            return word if word in command_names() else None
    return None


def _split_trailing(argv: list[str]) -> tuple[list[str], list[str] | None]:
    """Split at the first `--`: what follows is passed through untouched (e.g. to -x CMD)."""
    if "--" not in argv:
        return argv, None
    at = argv.index("--")
    return argv[:at], argv[at + 1 :]


def _recover(repo: Repository, out: Output) -> None:
    """Roll back or finish what a killed git-wt left half done here (one listdir if none)."""
    from git_wt.ops.transaction import recover

    recover(repo, out)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list == ["--version"]:
        sys.stdout.write(f"git-wt {__version__}\n")
        return 0
    from git_wt.cli.parser import RunFn, build_parser, purge_trash
    from git_wt.cli.tree import command_path
    from git_wt.errors import WtError
    from git_wt.ui.output import Output

    out = Output()
    try:
        head, trailing = _split_trailing(args_list)
        parser = build_parser(_command_in(head))
        parser.command = command_path(parser, head)
        args = parser.parse_args(head)
        run: RunFn | None = getattr(args, "_run", None)
        if trailing is not None and not getattr(args, "_trailing", False):
            parser.error("this command takes no arguments after --")
        args.trailing = trailing or []
        if run is None:
            parser.print_help(sys.stdout)
            return 0
        from git_wt.context import Context

        ctx = Context(cwd=_resolve_cwd(args.chdir), verbose=args.verbose, out=out, on_open=_recover)
        code = run(args, ctx)
        purge_trash(ctx)
        return code
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
