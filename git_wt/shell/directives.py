"""Talking to the shell wrapper: the cd file and the exec file (SPEC section 4)."""

from __future__ import annotations

import os

from git_wt.shell import CD_FILE, EXEC_FILE, SHELL_VAR
from git_wt.templates.quoting import dialect_of, quote_arg
from git_wt.ui.output import Output
from git_wt.ui.term import is_terminal


def landing_dir(target: str, source_toplevel: str | None, prefix: str) -> str:
    """The target, or the same subdirectory of it the user was in, when that exists."""
    if source_toplevel and prefix:
        candidate = os.path.join(target, prefix)
        if os.path.isdir(candidate):
            return candidate
    return target


def integration_active() -> bool:
    return bool(os.environ.get(CD_FILE))


def _write(path: str, text: str, *, append: bool) -> None:
    # Never create the file: the wrapper made it, and a late writer (a background
    # hook running `git wt switch`) must not leave a stray file behind once it is gone.
    flags = os.O_WRONLY | (os.O_APPEND if append else os.O_TRUNC)
    fd = os.open(path, flags)
    with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as handle:
        handle.write(text)


def request_cd(path: str, out: Output) -> bool:
    """Ask the wrapper to cd; True when it will. Otherwise say why and how to fix it."""
    cd_file = os.environ.get(CD_FILE)
    if cd_file:
        check_loaded_version(out)
        try:
            _write(cd_file, path, append=False)
            return True
        except OSError as exc:
            out.warning(f"could not tell the shell integration where to go ({exc.strerror})")
            out.hint(f"for now: {cd_command(path)}")
            return False
    explain_no_cd(path, out)
    return False


def cd_command(path: str, shell: str | None = None) -> str:
    shell = shell or os.environ.get(SHELL_VAR, "")
    return f"cd {quote_arg(path, dialect_of(shell))}"


def explain_no_cd(path: str, out: Output) -> None:
    """Why the shell stays put and how to fix that, for a person: a program running git-wt
    (stderr not a terminal) has no shell to fix, and the advice would only be noise."""
    if not is_terminal(out.err):
        return
    from git_wt.shell.diagnose import explain, status

    st = status()
    reason, fix = explain(st)
    out.warning(f"your shell is still in the old directory: {reason}")
    out.hint(f"{fix}; for now: {cd_command(path, st.shell)}")


def check_loaded_version(out: Output) -> None:
    """When the loaded wrapper comes from another git-wt version, bring the installed
    init files up to date (new shells get them) and say so once."""
    from git_wt import __version__
    from git_wt.shell.diagnose import loaded

    info = loaded()
    if info is None or info.version == __version__:
        return
    from git_wt.shell import PROTOCOL
    from git_wt.shell.install import refresh_init_files

    try:
        refreshed = refresh_init_files()
    except OSError:
        refreshed = []
    if info.protocol != PROTOCOL:
        out.warning(
            f"this shell runs the integration of git-wt {info.version}, older than "
            f"{__version__}; open a new shell to load the current one"
        )
    elif refreshed:
        out.info(
            f"updated the shell integration files to git-wt {__version__} "
            f"({', '.join(refreshed)}); new shells load them"
        )


def exec_dialect() -> str | None:
    """The dialect to escape -x payloads in, or None when no exec file is offered."""
    if not os.environ.get(EXEC_FILE):
        return None
    return dialect_of(os.environ.get(SHELL_VAR, ""))


def request_exec(command: str) -> bool:
    """Hand an (already escaped) command to the wrapper to run after the cd."""
    exec_file = os.environ.get(EXEC_FILE)
    if not exec_file:
        return False
    try:
        _write(exec_file, command + "\n", append=True)
    except OSError:
        return False
    return True
