"""`git wt step copy-ignored`: copy gitignored files from one worktree to another."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from git_wt.commands.step.args import format_flag
from git_wt.context import Context
from git_wt.ui.words import plural

if TYPE_CHECKING:
    from git_wt.ops.copy_ignored import CopyResult

NAME = "copy-ignored"
HELP = "copy gitignored files (.env, node_modules/, ...) from one worktree to another"
DESCRIPTION = """\
Copy gitignored files and directories (.env, node_modules/, .venv/, target/, ...) from
the primary worktree (or --from) into the current one (or --to). When the source has a
.worktreeinclude file (gitignore syntax), only ignored entries matching it are copied.
Existing files are never overwritten; symlinks stay symlinks; files are cloned
copy-on-write where the filesystem supports it (btrfs, XFS, ...).
"""


def add_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--from", dest="source", metavar="SEL", help="source (default: primary)")
    cmd.add_argument("--to", dest="dest", metavar="SEL", help="destination (default: @)")
    cmd.add_argument("--dry-run", action="store_true", help="list what would be copied")
    cmd.add_argument(
        "--reflink",
        choices=("auto", "always", "never"),
        default=None,
        help="copy-on-write clones: auto (default), always (fail without), never",
    )
    format_flag(cmd)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from git_wt.ops.copy_ignored import CopyOptions, copy_ignored

    opts = CopyOptions(
        source=args.source, dest=args.dest, dry_run=args.dry_run, reflink=args.reflink
    )
    result = copy_ignored(ctx.repo(), opts, ctx.cwd)
    json_mode = args.format == "json"
    if result.same:
        ctx.out.info("source and destination are the same worktree; nothing to copy")
    elif result.dry_run:
        if not json_mode:
            for entry in result.entries:
                ctx.out.data(entry.path + ("/" if entry.kind == "dir" else ""))
    elif result.stats is None:
        ctx.out.info(f"no ignored files to copy from {result.source.path}")
    else:
        _say_copied(ctx, result)
    if json_mode:
        ctx.out.data(json.dumps(_as_json(result)))
    if result.dry_run and not result.same:
        ctx.out.info(
            f"would copy {plural(len(result.entries), 'entry', 'entries')} "
            f"from {result.source.path} to {result.dest.path}"
        )
    return 0


def _say_copied(ctx: Context, result: CopyResult) -> None:
    from git_wt.ops.copy_ignored import human_bytes

    stats = result.stats
    assert stats is not None
    for warning in result.warnings:
        ctx.out.warning(warning)
    how = (
        "as copy-on-write clones"
        if stats.cloned and stats.cloned == stats.files
        else (f"({stats.cloned} cloned)" if stats.cloned else "as plain copies")
    )
    ctx.out.success(
        f"copied {plural(stats.files, 'file')} ({human_bytes(stats.bytes)}) {how}"
        + (f", {plural(stats.symlinks, 'symlink')}" if stats.symlinks else "")
        + f" from {result.source.path} in {result.seconds:.1f} s"
    )
    if stats.existing:
        ctx.out.info(f"left {plural(stats.existing, 'existing file')} as they were")
    if stats.special:
        ctx.out.info(f"skipped {plural(stats.special, 'socket or device file')}")


def _as_json(result: CopyResult) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "from": result.source.path,
        "to": result.dest.path,
        "dry_run": result.dry_run,
        "entries": [{"path": e.path, "kind": e.kind.value} for e in result.entries],
    }
    if not result.dry_run:
        stats = result.stats
        doc.update(
            files=stats.files if stats else 0,
            symlinks=stats.symlinks if stats else 0,
            bytes=stats.bytes if stats else 0,
            existing=stats.existing if stats else 0,
            cloned=stats.cloned if stats else 0,
        )
    return doc
