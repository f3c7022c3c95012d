"""Talking to the shell wrapper: the cd file and the exec file (SPEC section 4)."""

from __future__ import annotations

import os
import shlex

from git_wt.output import Output

CD_FILE = "GIT_WT_CD_FILE"
EXEC_FILE = "GIT_WT_EXEC_FILE"
SHELL_VAR = "GIT_WT_SHELL"


def landing_dir(target: str, source_toplevel: str | None, prefix: str) -> str:
    """The target, or the same subdirectory of it the user was in, when that exists."""
    if source_toplevel and prefix:
        candidate = os.path.join(target, prefix)
        if os.path.isdir(candidate):
            return candidate
    return target


def integration_active() -> bool:
    return bool(os.environ.get(CD_FILE))


def request_cd(path: str, out: Output) -> bool:
    """Ask the wrapper to cd; True when it will. Otherwise say why and how to fix it."""
    cd_file = os.environ.get(CD_FILE)
    if cd_file:
        try:
            with open(cd_file, "w", encoding="utf-8", errors="surrogateescape") as handle:
                handle.write(path)
            return True
        except OSError as exc:
            out.warning(f"could not write the directory for the shell ({exc.strerror})")
    explain_no_cd(path, out)
    return False


def explain_no_cd(path: str, out: Output) -> None:
    from git_wt.diagnose import why_no_cd

    reason, fix = why_no_cd()
    out.warning(f"your shell is still in the old directory: {reason}")
    out.hint(f"{fix}; for now: cd {shlex.quote(path)}")


def exec_payload(command: str, directory: str | None) -> str:
    """Shell code for the wrapper to source after the cd (already escaped for its shell)."""
    shell = os.environ.get(SHELL_VAR, "posix")
    if shell == "fish":
        return command + "\n"
    if shell == "powershell":
        return command + "\n"
    return command + "\n"


def request_exec(command: str) -> bool:
    exec_file = os.environ.get(EXEC_FILE)
    if not exec_file:
        return False
    with open(exec_file, "a", encoding="utf-8", errors="surrogateescape") as handle:
        handle.write(exec_payload(command, None))
    return True
