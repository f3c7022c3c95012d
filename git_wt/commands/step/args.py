"""Arguments several steps share: TARGET, --stage, the hook switches, --format."""

from __future__ import annotations

import argparse

from git_wt.git.status import STAGE_MODES, StageMode


def target_arg(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument(
        "target", nargs="?", metavar="TARGET", help="local branch (default: the default branch)"
    )


def stage_flag(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument(
        "--stage",
        choices=STAGE_MODES,
        default=None,
        help="what to commit: all (with untracked files), tracked, none (only staged)",
    )


def hook_flags(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--no-hooks", action="store_true", help="run no hooks")
    cmd.add_argument("-y", "--yes", action="store_true", help="approve project hooks")


def format_flag(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--format", choices=("text", "json"), default="text")


def stage_of(args: argparse.Namespace) -> StageMode | None:
    """--stage as given (None: the configured default applies)."""
    return StageMode(args.stage) if args.stage else None
