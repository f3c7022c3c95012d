"""Where each shell's start-up file is, and adding or removing git-wt's marked block there."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from git_wt import __version__, fs
from git_wt.fs import atomic_write
from git_wt.shell import SHELLS
from git_wt.templates.quoting import dialect_of, single_quoted

BEGIN = "# >>> git-wt shell integration >>>"
END = "# <<< git-wt shell integration <<<"
_NOTE = "# Added by `git wt config shell install`; `git wt config shell uninstall` removes it."
_NOTE_CREATED = (
    "# Added by `git wt config shell install`, which created this file;"
    " `git wt config shell uninstall` removes it."
)
_BLOCK = re.compile(
    rf"^{re.escape(BEGIN)}\r?\n(?P<body>.*?)^{re.escape(END)}[ \t]*(?P<nl>\r?\n)?",
    re.MULTILINE | re.DOTALL,
)

_INIT_EXT = {"bash": "bash", "zsh": "zsh", "fish": "fish", "powershell": "ps1"}
BINARIES = {"bash": "bash", "zsh": "zsh", "fish": "fish", "powershell": "pwsh"}


def home() -> Path:
    return Path(fs.home())


def data_dir() -> Path:
    """Where install keeps the generated init code that the rc block sources."""
    return Path(fs.xdg_dir("XDG_DATA_HOME")) / "git-wt" / "shell"


def init_file(shell: str) -> Path:
    return data_dir() / f"init.{_INIT_EXT[shell]}"


def rc_file(shell: str) -> Path:
    """The start-up file that gets the block (fish: a conf.d file of its own)."""
    if shell == "bash":
        return home() / ".bashrc"
    if shell == "zsh":
        zdotdir = os.environ.get("ZDOTDIR", "")
        return (Path(zdotdir) if zdotdir else home()) / ".zshrc"
    if shell == "fish":
        return Path(fs.xdg_dir("XDG_CONFIG_HOME")) / "fish" / "conf.d" / "git-wt.fish"
    if sys.platform == "win32":
        return home() / "Documents" / "PowerShell" / "Microsoft.PowerShell_profile.ps1"
    return Path(fs.xdg_dir("XDG_CONFIG_HOME")) / "powershell" / "Microsoft.PowerShell_profile.ps1"


def shell_config_present(shell: str) -> bool:
    """Does the user have a config for this shell (so install may add to it unasked)?"""
    rc = rc_file(shell)
    if shell == "fish":
        return rc.parent.parent.is_dir()
    return rc.exists()


def display(path: Path) -> str:
    """A path as users know it: ~/... under the home directory."""
    try:
        return "~/" + path.relative_to(home()).as_posix()
    except ValueError:
        return str(path)


# -- the block -----------------------------------------------------------------------


_SAFE_PATH = re.compile(r"[A-Za-z0-9_./@%+=:,-]*")


def _path_expr(shell: str, path: Path) -> str:
    """The init file's path in the shell's syntax, via $HOME when it lives there."""
    try:
        rel = path.relative_to(home()).as_posix()
    except ValueError:
        rel = None
    if rel is not None and _SAFE_PATH.fullmatch(rel):
        return f'"$HOME/{rel}"'
    return single_quoted(str(path), dialect_of(shell))


def source_line(shell: str) -> str:
    target = _path_expr(shell, init_file(shell))
    if shell == "fish":
        # conf.d runs for scripts too; only interactive shells want the wrapper.
        return f"status is-interactive; and test -r {target}; and source {target}"
    if shell == "powershell":
        return f"if (Test-Path -LiteralPath {target}) {{ . {target} }}"
    return f"if [ -r {target} ]; then . {target}; fi"


def block(shell: str, *, created: bool, nl: str = "\n") -> str:
    """The marked block, without a final newline."""
    note = _NOTE_CREATED if created else _NOTE
    return nl.join((BEGIN, note, source_line(shell), END))


def _newline_of(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def with_block(text: str | None, shell: str) -> str:
    """The file's text with the block present (added at the end, or brought up to date)."""
    if text is None:
        return block(shell, created=True) + "\n"
    nl = _newline_of(text)
    found = _BLOCK.search(text)
    if found:
        created = _NOTE_CREATED in found.group("body")
        end = found.end() - len(found.group("nl") or "")
        return text[: found.start()] + block(shell, created=created, nl=nl) + text[end:]
    if text == "" or text.endswith("\n"):
        return text + block(shell, created=False, nl=nl) + nl
    # Keep the file's missing final newline: the block becomes the unterminated end,
    # so removing it (and the newline put before it) gives the old bytes back.
    return text + nl + block(shell, created=False, nl=nl)


def without_block(text: str) -> tuple[str | None, bool]:
    """(text with the block removed, or None when the file should go; whether one was found)."""
    found = _BLOCK.search(text)
    if not found:
        return text, False
    start, end = found.start(), found.end()
    if not found.group("nl") and end == len(text):
        # Added to a file that did not end in a newline: drop the one put before it.
        if text[:start].endswith("\r\n"):
            start -= 2
        elif text[:start].endswith("\n"):
            start -= 1
    rest = text[:start] + text[end:]
    if rest == "" and _NOTE_CREATED in found.group("body"):
        return None, True
    return rest, True


def has_block(text: str | None) -> bool:
    return text is not None and _BLOCK.search(text) is not None


# -- files ---------------------------------------------------------------------------


def read_text(path: Path) -> str | None:
    """The file's text (bytes kept exactly), or None when it does not exist."""
    try:
        return path.read_bytes().decode("utf-8", "surrogateescape")
    except FileNotFoundError:
        return None


def write_text(path: Path, text: str) -> None:
    """Replace a file atomically; a symlinked rc file stays a link to the changed target."""
    target = Path(os.path.realpath(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode: int | None = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    atomic_write(str(target), text.encode("utf-8", "surrogateescape"), mode=mode)


def remove_file(path: Path) -> None:
    Path(os.path.realpath(path)).unlink(missing_ok=True)


@dataclass(frozen=True)
class Change:
    """What install or uninstall does to one shell's rc file."""

    shell: str
    rc: Path
    before: str | None
    after: str | None  # None: the file is removed (or stays absent)

    @property
    def changed(self) -> bool:
        return self.before != self.after


def plan_install(shell: str) -> Change:
    rc = rc_file(shell)
    before = read_text(rc)
    return Change(shell, rc, before, with_block(before, shell))


def plan_uninstall(shell: str) -> Change:
    rc = rc_file(shell)
    before = read_text(rc)
    if before is None:
        return Change(shell, rc, None, None)
    after, _ = without_block(before)
    return Change(shell, rc, before, after)


def apply(change: Change) -> None:
    if not change.changed:
        return
    if change.after is None:
        remove_file(change.rc)
    else:
        write_text(change.rc, change.after)


def write_init_file(shell: str) -> Path:
    from git_wt.shell.generate import init_code

    path = init_file(shell)
    text = init_code(shell)
    if read_text(path) != text:
        write_text(path, text)
    return path


def stale_init_files() -> list[str]:
    """Shells whose installed init file came from another git-wt version."""
    from git_wt.shell.generate import version_of

    stale = []
    for shell in SHELLS:
        text = read_text(init_file(shell))
        if text is not None and version_of(text) != __version__:
            stale.append(shell)
    return stale


def refresh_init_files() -> list[str]:
    """Regenerate init files left by another git-wt version; the shells refreshed."""
    stale = stale_init_files()
    for shell in stale:
        write_init_file(shell)
    return stale
