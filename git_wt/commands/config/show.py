"""`git wt config show`: versions, the shell integration's state and the settings in effect."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from git_wt import __version__
from git_wt.context import Context
from git_wt.git.run import Git

MIN_GIT = (2, 39)


def add_to(sub: Any) -> None:
    show = sub.add_parser(
        "show",
        help="versions, shell integration state and the settings in effect",
        description="Show git-wt's and git's versions, whether shell integration is installed "
        "and active in this shell (and why not), and every wt.* setting with where it comes "
        "from.",
    )
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(_run=run)


def _git_version(git: Git) -> str | None:
    result = git.run("--version", check=False)
    words = result.stdout.split()
    return words[2] if result.ok and len(words) >= 3 else None


def _version_tuple(text: str | None) -> tuple[int, ...]:
    parts = []
    for piece in (text or "").split(".")[:2]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def _settings(git: Git) -> list[dict[str, str]]:
    """Every wt.* key git sees here, in git's order, with its scope and origin."""
    result = git.run(
        "config", "--show-scope", "--show-origin", "-z", "--get-regexp", r"^wt\.", check=False
    )
    fields = result.stdout.split("\0") if result.ok else []
    found = []
    for i in range(0, len(fields) - 2, 3):
        scope, origin, entry = fields[i : i + 3]
        key, _, value = entry.partition("\n")
        found.append({"key": key, "value": value, "scope": scope, "origin": origin})
    return found


def _shell_rows() -> list[dict[str, Any]]:
    from git_wt.shell import SHELLS, install
    from git_wt.shell.generate import version_of

    rows = []
    for shell in SHELLS:
        rc = install.rc_file(shell)
        init_text = install.read_text(install.init_file(shell))
        rows.append(
            {
                "shell": shell,
                "rc_file": str(rc),
                "installed": install.has_block(install.read_text(rc)),
                "init_file": str(install.init_file(shell)),
                "init_file_version": version_of(init_text) if init_text is not None else None,
            }
        )
    return rows


def _legacy_warnings(ctx: Context) -> list[str]:
    """Keys of the Go git-wt tools, when run inside a repository."""
    from git_wt.config.legacy import legacy_key_warnings
    from git_wt.errors import WtError

    try:
        return legacy_key_warnings(ctx.repo())
    except WtError:
        return []  # outside a repository there is nothing repository-specific to say


def collect(ctx: Context) -> dict[str, Any]:
    from git_wt.shell.diagnose import explain, status

    git = Git(ctx.cwd, verbose=ctx.verbose)
    git_version = _git_version(git)
    st = status()
    shells = _shell_rows()
    problems: list[str] = []
    if git_version is None:
        problems.append("git was not found on PATH")
    elif _version_tuple(git_version) < MIN_GIT:
        problems.append(f"git {git_version} is older than the 2.39 git-wt needs")
    if st.state != "active":
        reason, fix = explain(st)
        problems.append(f"{reason}; {fix}")
    for row in shells:
        version = row["init_file_version"]
        if version is not None and version != __version__:
            problems.append(
                f"{row['shell']}: {row['init_file']} is from git-wt {version}; "
                f"run `git wt config shell install {row['shell']}`"
            )
        if row["installed"] and version is None:
            problems.append(
                f"{row['shell']}: {row['rc_file']} loads {row['init_file']}, which is missing; "
                f"run `git wt config shell install {row['shell']}`"
            )
    problems.extend(_legacy_warnings(ctx))
    return {
        "git_wt_version": __version__,
        "git_version": git_version,
        "python_version": sys.version.split()[0],
        "shell": st.shell,
        "shell_detected_from": st.shell_source or None,
        "rc_file": str(st.rc_file) if st.rc_file else None,
        "installed": st.installed,
        "active": st.state == "active",
        "integration": st.state,
        "loaded_version": st.loaded.version if st.loaded else None,
        "shells": shells,
        "settings": _settings(git),
        "problems": problems,
    }


_STATE_TEXT = {
    "active": "active in this shell",
    "stale": "loaded from an older git-wt (open a new shell)",
    "bypassed": "loaded, but bypassed by this call",
    "other_process": "not available to the program that ran git-wt",
    "not_loaded": "installed, not loaded in this shell",
    "not_installed": "not installed",
}


def _text(data: dict[str, Any]) -> str:
    from git_wt.shell.install import display

    def show_path(path: str | None) -> str:
        return display(Path(path)) if path else "-"

    shell = data["shell"] or "unknown"
    if data["shell_detected_from"] == "SHELL":
        shell += " (from $SHELL)"
    lines = [
        f"git-wt        {data['git_wt_version']} (Python {data['python_version']})",
        f"git           {data['git_version'] or 'not found'}",
        f"shell         {shell}",
        f"rc file       {show_path(data['rc_file'])}",
        f"integration   {_STATE_TEXT.get(data['integration'], data['integration'])}",
        "",
        "shells:",
    ]
    width = max(len(show_path(row["rc_file"])) for row in data["shells"])
    for row in data["shells"]:
        state = "installed" if row["installed"] else "-"
        if row["init_file_version"]:
            state += f" (init file from git-wt {row['init_file_version']})"
        lines.append(f"  {row['shell']:<11} {show_path(row['rc_file']):<{width}}  {state}")
    lines += ["", "settings:"]
    if not data["settings"]:
        lines.append("  (no wt.* settings)")
    for item in data["settings"]:
        lines.append(f"  {item['key']} = {item['value']}    ({item['scope']}: {item['origin']})")
    if data["problems"]:
        lines += ["", "problems:"]
        lines += [f"  - {problem}" for problem in data["problems"]]
    return "\n".join(lines)


def run(args: argparse.Namespace, ctx: Context) -> int:
    data = collect(ctx)
    if args.format == "json":
        ctx.out.data(json.dumps(data))
    else:
        ctx.out.data(_text(data))
    return 0
