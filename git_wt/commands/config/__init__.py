"""`git wt config`: settings, shell set-up and stored state; each area is its own module."""

from __future__ import annotations

import argparse
import importlib

from git_wt.context import Context
from git_wt.errors import WtError

NAME = "config"
HELP = "show and change git-wt's settings, shell integration and stored state"

# Each module registers one `git wt config <area>` subcommand through add_to(sub).
AREAS = ("show", "shell", "state", "approvals")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="config_cmd", metavar="SUBCOMMAND", parser_class=type(parser))
    for area in AREAS:
        importlib.import_module(f"git_wt.commands.config.{area}").add_to(sub)


def run(args: argparse.Namespace, ctx: Context) -> int:
    raise WtError("name a config subcommand", hint="git wt config --help")
