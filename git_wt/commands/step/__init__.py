"""`git wt step`: the building blocks of merge, usable one at a time (one module each)."""

from __future__ import annotations

import argparse
import importlib

from git_wt.context import Context
from git_wt.errors import UsageError

NAME = "step"
HELP = "the building blocks of merge, one at a time"
DESCRIPTION = """\
The steps `git wt merge` is made of, one at a time, plus a few worktree chores.

steps:
  commit          stage and commit with a generated message
  squash [T]      everything since the merge-base with T as one commit
  rebase [T]      rebase onto T
  push [T]        fast-forward the local branch T to HEAD
  diff [T]        all work since the merge-base with T, uncommitted included
  copy-ignored    copy gitignored files (.env, node_modules/, ...) between worktrees
  for-each        run a command in every worktree
  prune           remove clean worktrees whose branches are merged
  eval            print a template's expansion
"""

# Each is a module of this package with NAME, HELP, add_arguments() and run(), and
# optionally DESCRIPTION and TRAILING (it takes the arguments after --). Order is the
# order of `git wt step --help`.
STEP_MODULES = (
    "commit",
    "squash",
    "rebase",
    "push",
    "diff",
    "copy_ignored",
    "for_each",
    "prune",
    "eval",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="step", metavar="STEP", parser_class=type(parser))
    for name in STEP_MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        help_text: str = module.HELP
        cmd = sub.add_parser(
            module.NAME,
            help=help_text,
            description=getattr(module, "DESCRIPTION", None)
            or help_text[:1].upper() + help_text[1:] + ".",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        cmd.set_defaults(_run=module.run)
        if getattr(module, "TRAILING", False):
            cmd.set_defaults(_trailing=True)
        module.add_arguments(cmd)


def run(args: argparse.Namespace, ctx: Context) -> int:
    raise UsageError("name a step", hint="git wt step --help")
