"""Renders the shell code from the templates shipped in git_wt/shell/data."""

from __future__ import annotations

import importlib.resources

from git_wt import __version__
from git_wt.shell import PROTOCOL, SHELLS, tables
from git_wt.shell.spec import Command, shipped
from git_wt.templates.quoting import quote_in_single

# Which templates make up each shell's init code and its stand-alone completion file.
_INIT_PARTS = {
    "bash": ("wrapper.sh", "complete.bash"),
    "zsh": ("wrapper.sh", "complete.zsh", "register.zsh"),
    "fish": ("wrapper.fish", "complete.fish"),
    "powershell": ("wrapper.ps1", "complete.ps1"),
}
_COMPLETION_PART = {
    "bash": "complete.bash",
    "zsh": "complete.zsh",
    "fish": "complete.fish",
    "powershell": "complete.ps1",
}

# File names in the repository's top-level shell/ and completions/ folders. The
# completion names are what each shell's lazy loader looks for.
INIT_FILE_NAMES = {
    "bash": "git-wt.bash",
    "zsh": "git-wt.zsh",
    "fish": "git-wt.fish",
    "powershell": "git-wt.ps1",
}
COMPLETION_FILE_NAMES = {
    "bash": "git-wt",
    "zsh": "_git-wt",
    "fish": "git-wt.fish",
    "powershell": "git-wt.ps1",
}

_LOAD_HINT = {
    "bash": 'eval "$(git wt config shell init bash)"',
    "zsh": 'eval "$(git wt config shell init zsh)"',
    "fish": "git wt config shell init fish | source",
    "powershell": "git wt config shell init powershell | Out-String | Invoke-Expression",
}

HEADER_PREFIX = "# git-wt "


def _template(name: str) -> str:
    return (importlib.resources.files("git_wt.shell") / "data" / name).read_text("utf-8")


_COMPLETION_HINT = {
    "bash": "Install as ~/.local/share/bash-completion/completions/git-wt (loaded on first use).",
    "zsh": "Install as _git-wt in a directory on $fpath, before compinit runs.",
    "fish": "Install as ~/.config/fish/completions/git-wt.fish.",
    "powershell": "Dot-source it from your PowerShell profile.",
}


def _header(shell: str, what: str) -> str:
    usage = (
        f"Load by hand with: {_LOAD_HINT[shell]}"
        if what == "shell integration"
        else _COMPLETION_HINT[shell]
    )
    return (
        f"{HEADER_PREFIX}{__version__} {what} for {shell}; generated from git-wt's command\n"
        "# definitions. Do not edit: `git wt config shell install` rewrites it.\n"
        f"# {usage}\n"
    )


def _wt_help(shell: str) -> str:
    text = "manage worktrees (git-wt)"
    if shell == "zsh":
        return quote_in_single(text).replace(":", "\\:")
    return text


def _fill(text: str, shell: str, spec: Command) -> str:
    return (
        text.replace("@@TABLES@@", tables.EMITTERS[shell](spec))
        .replace("@@PROTOCOL@@", str(PROTOCOL))
        .replace("@@VERSION@@", __version__)
        .replace("@@SHELL@@", shell)
        .replace("@@WT_HELP@@", _wt_help(shell))
    )


def init_code(shell: str, spec: Command | None = None) -> str:
    """What `git wt config shell init SHELL` prints: wrapper plus completion."""
    spec = spec or shipped()
    parts = [_fill(_template(name), shell, spec) for name in _INIT_PARTS[shell]]
    return _header(shell, "shell integration") + "\n" + "\n".join(parts)


def completion_code(shell: str, spec: Command | None = None) -> str:
    """Completion alone, as a file for the shell's completion directory."""
    spec = spec or shipped()
    body = _fill(_template(_COMPLETION_PART[shell]), shell, spec)
    if shell == "zsh":
        # An autoloaded completion function: the compdef tag and the description
        # that zsh's _git shows for `git w<TAB>` must be its first two lines.
        return (
            f"#compdef git-wt\n#description {_wt_help('fish')}\n"
            + _header(shell, "completion")
            + "\n"
            + body
            + '\n_git-wt "$@"\n'
        )
    return _header(shell, "completion") + "\n" + body


def repository_files(spec: Command | None = None) -> dict[str, str]:
    """The generated copies kept in the repository: relative path -> content."""
    spec = spec or shipped()
    files: dict[str, str] = {}
    for shell in SHELLS:
        files[f"shell/{INIT_FILE_NAMES[shell]}"] = init_code(shell, spec)
        files[f"completions/{COMPLETION_FILE_NAMES[shell]}"] = completion_code(shell, spec)
    return files


def version_of(text: str) -> str | None:
    """The git-wt version a generated file came from (its first header line)."""
    for line in text.splitlines()[:3]:
        if line.startswith(HEADER_PREFIX):
            return line[len(HEADER_PREFIX) :].split(" ", 1)[0]
    return None
