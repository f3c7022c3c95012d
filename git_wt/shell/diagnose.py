"""Why the shell could not change directory, and what fixes it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from git_wt.shell import ACTIVE_VAR, CD_FILE, PROTOCOL, SHELLS

_SHELL_NAMES = {"pwsh": "powershell", "powershell": "powershell"}


@dataclass(frozen=True)
class Loaded:
    """What the init code exported when a shell loaded it (GIT_WT_SHELL_ACTIVE)."""

    protocol: int | None
    shell: str
    version: str
    pid: int | None


def loaded() -> Loaded | None:
    raw = os.environ.get(ACTIVE_VAR, "").split()
    if len(raw) != 4:
        return None
    protocol = int(raw[0]) if raw[0].isdigit() else None
    pid = int(raw[3]) if raw[3].isdigit() else None
    return Loaded(protocol, raw[1], raw[2], pid)


def normalize_shell(name: str) -> str | None:
    base = os.path.basename(name).lower().removeprefix("-")
    base = base.removesuffix(".exe")
    base = _SHELL_NAMES.get(base, base)
    return base if base in SHELLS else None


def detect_shell() -> tuple[str | None, str]:
    """(shell, how it was found: "process", "SHELL" or "") for install and diagnostics."""
    try:
        import shellingham  # type: ignore[import-untyped,unused-ignore]

        name, _ = shellingham.detect_shell()
        shell = normalize_shell(name)
        if shell is not None:
            return shell, "process"
    except Exception:
        pass  # detection is a convenience; $SHELL is the fallback
    shell = normalize_shell(os.environ.get("SHELL", ""))
    return (shell, "SHELL") if shell else (None, "")


def _proc(pid: int) -> tuple[str, int] | None:
    """(command name, parent pid) from /proc; None where there is no /proc."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as handle:
            stat = handle.read()
    except OSError:
        return None
    name = stat[stat.find("(") + 1 : stat.rfind(")")]
    fields = stat[stat.rfind(")") + 2 :].split()
    return name, int(fields[1])


def caller() -> tuple[int, str] | None:
    """The process that ran `git wt` (the nearest ancestor that is not git itself)."""
    pid = os.getppid()
    for _ in range(8):
        info = _proc(pid)
        if info is None:
            return None
        name, parent = info
        if name != "git":
            return pid, name
        pid = parent
    return None


@dataclass(frozen=True)
class Status:
    """The state of shell integration for the shell git-wt was started from."""

    state: str  # active | stale | bypassed | other_process | not_loaded | not_installed
    shell: str | None
    shell_source: str
    rc_file: Path | None
    installed: bool
    loaded: Loaded | None
    via_git: bool
    caller_name: str | None = None


def status(detected: tuple[str | None, str] | None = None) -> Status:
    from git_wt.shell import install

    info = loaded()
    shell: str | None
    if info is not None and info.shell in SHELLS:
        shell, source = info.shell, "integration"
    else:
        shell, source = detected or detect_shell()
    rc = install.rc_file(shell) if shell else None
    installed = rc is not None and install.has_block(install.read_text(rc))
    via_git = bool(os.environ.get("GIT_EXEC_PATH"))
    who = caller()

    def make(state: str) -> Status:
        return Status(state, shell, source, rc, installed, info, via_git, who[1] if who else None)

    if info is not None and info.protocol != PROTOCOL:
        return make("stale")
    if os.environ.get(CD_FILE):
        return make("active")
    if info is not None:
        if who is None or who[0] == info.pid:
            return make("bypassed")
        return make("other_process")
    return make("not_installed" if not installed else "not_loaded")


def _reload_command(shell: str | None, rc: Path | None) -> str:
    from git_wt.shell.install import display

    if shell == "powershell":
        return ". $PROFILE"
    if rc is None:
        return "open a new shell"
    return f"source {display(rc)}"


def explain(st: Status) -> tuple[str, str]:
    """A (reason, fix) pair for a shell that was not moved."""
    from git_wt import __version__

    if st.state == "stale":
        old = st.loaded.version if st.loaded else "an older version"
        return (
            f"the shell integration loaded in this shell is from git-wt {old}, which "
            f"git-wt {__version__} cannot talk to",
            f"open a new shell, or run `{_reload_command(st.shell, st.rc_file)}`",
        )
    if st.state == "bypassed":
        if st.shell == "powershell" and st.via_git:
            return (
                "in PowerShell the shell integration wraps only `git-wt`; "
                "`git wt` goes straight to git, which cannot change directory",
                "type `git-wt switch ...` instead of `git wt switch ...`",
            )
        if st.via_git:
            return (
                "the shell integration is loaded, but git-wt was started through "
                "`command git`, a path to git or another wrapper, which skips the shell's "
                "`git` function",
                "type plain `git wt ...`",
            )
        return (
            "the shell integration is loaded, but git-wt was started by its path or "
            "`command git-wt`, which skips the shell's `git-wt` function",
            "type `git wt ...` or plain `git-wt ...`",
        )
    if st.state == "other_process":
        who = f" ({st.caller_name})" if st.caller_name else ""
        return (
            f"git-wt was started by a script or program{who} that does not have the "
            "shell integration (only interactive shells load it)",
            "run the command in your interactive shell",
        )
    if st.state == "not_loaded":
        from git_wt.shell.install import display, init_file

        if st.shell and not init_file(st.shell).exists():
            return (
                f"the shell integration block is in {display(st.rc_file or Path())}, but "
                "the file it loads is missing",
                "run `git wt config shell install`, then open a new shell",
            )
        return (
            f"the shell integration is installed in {display(st.rc_file or Path())} "
            "but not loaded in this shell",
            f"open a new shell, or run `{_reload_command(st.shell, st.rc_file)}`",
        )
    return (
        "the shell integration is not installed",
        "run `git wt config shell install`, then open a new shell",
    )


def why_no_cd() -> tuple[str, str]:
    """A (reason, fix) pair for a switch that could not move the user's shell."""
    return explain(status())
