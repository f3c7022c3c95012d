"""Generate the git-wt(1) man page from the CLI definition, so `git wt --help` has a page."""

from __future__ import annotations

import argparse
import sys

from git_wt import __version__
from git_wt.cli.parser import build_parser
from git_wt.cli.tree import subcommands


def _escape(text: str) -> str:
    out = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join(
        ("\\&" + line) if line.startswith((".", "'")) else line for line in out.split("\n")
    )


def _section(name: str, parser: argparse.ArgumentParser, lines: list[str]) -> None:
    lines.append(f".SS {_escape(name)}")
    usage = parser.format_usage().strip().removeprefix("usage: ")
    lines.append(".nf")
    lines.append(_escape(usage))
    lines.append(".fi")
    if parser.description:
        lines.append(".PP")
        lines.append(".nf")
        lines.append(_escape(parser.description.rstrip()))
        lines.append(".fi")
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
            continue
        if not action.help or action.help == argparse.SUPPRESS:
            continue
        label = ", ".join(action.option_strings) or (action.metavar or action.dest)
        lines.append(".TP")
        lines.append(f".B {_escape(str(label))}")
        lines.append(_escape(action.help))
    for sub in subcommands(parser):
        _section(f"{name} {sub.name}", sub.parser, lines)


def generate() -> str:
    import os

    # argparse wraps usage lines to the terminal width; the page must not depend on it.
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "80"
    try:
        return _generate()
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved


def _generate() -> str:
    parser = build_parser()
    lines = [
        f'.TH GIT\\-WT 1 "" "git-wt {__version__}" "git-wt manual"',
        ".SH NAME",
        "git\\-wt \\- git worktrees as easy as branches",
        ".SH SYNOPSIS",
        ".B git wt",
        "[\\fB\\-C\\fR \\fIPATH\\fR] [\\fB\\-v\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]",
        ".SH DESCRIPTION",
        _escape(parser.description or ""),
        ".PP",
        "Human messages go to standard error; standard output carries data only.",
        "Exit status: 0 success, 1 a handled error, 2 a usage error, 130 interrupted.",
        ".SH COMMANDS",
    ]
    for sub in subcommands(parser):
        _section(f"git wt {sub.name}", sub.parser, lines)
    lines += [".SH SEE ALSO", "git\\-worktree(1)", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(generate())
