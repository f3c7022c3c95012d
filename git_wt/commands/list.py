"""`git wt list`: every worktree's state at a glance."""

from __future__ import annotations

import argparse
import os
import threading
import time
from collections.abc import Sequence

from git_wt.config import keys
from git_wt.config.gitconfig import Config
from git_wt.context import Context
from git_wt.git.repository import Repository
from git_wt.listing import table as render
from git_wt.listing.collect import collect_current, collect_rows
from git_wt.listing.model import KINDS, LOCAL_KINDS, Listing
from git_wt.listing.tasks import Task, fill, plan, retain, run_tasks
from git_wt.ui.term import is_terminal

NAME = "list"
HELP = "show every worktree's state at a glance"
DESCRIPTION = """\
Show every worktree (current first, then the primary one, then by last commit) with
its status, uncommitted lines, commits ahead/behind the default branch and upstream.
On a terminal the rows appear at once and their cells fill in as git answers.

status symbols:
  +  staged        !  modified      ?  untracked
  ✘  conflicts     ↻  rebase/merge in progress   ⊟  directory missing   ⊞  locked
  _  same commit as the default branch   ⊂  already integrated into it
  ↑  ahead   ↓  behind   ↕  diverged
  ⇡  ahead of upstream   ⇣  behind it   ⇅  both   |  in sync
gutter: @ current, ^ primary, + other worktree, / branch without worktree, | remote only

`git wt list statusline` prints one line for the current worktree (for shell prompts).
config: wt.list.columns, wt.list.branches, wt.list.remotes, wt.list.full, wt.list.jobs
"""

# Cells still loading after this long get a placeholder; a table that is complete
# sooner never shows one (so a fast run does not flash dots).
PLACEHOLDER_DELAY = 0.2
FRAME_INTERVAL = 0.05


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "what",
        nargs="?",
        choices=("statusline",),
        metavar="statusline",
        help="one line for the current worktree, for shell prompts",
    )
    parser.add_argument(
        "--branches",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also show branches without a worktree (default: wt.list.branches)",
    )
    parser.add_argument(
        "--remotes",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also show remote-only branches (default: wt.list.remotes)",
    )
    parser.add_argument(
        "--full",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="add the slow, off-machine CI/PR column through gh or glab (default: wt.list.full)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--progressive",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="fill the table in as results arrive (default: when stdout is a terminal)",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    repo = ctx.repo()
    if args.what == "statusline":
        return _statusline(args, ctx, repo)
    config = repo.config
    branches = _flag(given=args.branches, config=config, key=keys.LIST_BRANCHES)
    remotes = _flag(given=args.remotes, config=config, key=keys.LIST_REMOTES)
    full = _flag(given=args.full, config=config, key=keys.LIST_FULL)
    listing = collect_rows(repo, branches=branches, remotes=remotes)
    if args.format == "json":
        fill(repo, listing, kinds=KINDS if full else LOCAL_KINDS)
        ctx.out.data(_json(listing))
        _report_problems(ctx, listing)
        return 0
    columns = render.choose_columns(render.parse_columns(config.get(render.CONFIG_KEY)), full=full)
    stream = ctx.out.out
    tty = is_terminal(stream)
    view = render.TableView(
        listing, columns, _width(stream, tty=tty), ctx.cwd, color=ctx.out.out_color
    )
    tasks = plan(repo, listing, render.kinds_for(columns))
    tasks = retain(listing, tasks, view.settle())
    progressive = args.progressive
    if progressive is None:  # a terminal that cannot move its cursor gets the plain table
        progressive = tty and os.environ.get("TERM") != "dumb"
    progressive = progressive and not ctx.verbose  # -v lines would tear the redrawn table
    if progressive and len(listing.rows) + 1 < _height(stream, tty=tty):
        table = _draw_progressively(repo, listing, tasks, view, ctx)
    else:
        run_tasks(repo, listing, tasks)
        table = view.render()
        ctx.out.out.write("".join(line + "\n" for line in table.lines))
        ctx.out.out.flush()
    ctx.out.info(footer(listing, table.hidden))
    _report_problems(ctx, listing)
    listing.cache.prune()  # after the output: at most once a day, a directory walk
    return 0


def _json(listing: Listing) -> str:
    import json

    from git_wt.listing.json import to_json

    return json.dumps(to_json(listing), ensure_ascii=False)


def _flag(*, given: bool | None, config: Config, key: str) -> bool:
    """The flag when given (a bad config value then does not matter), else the config."""
    return config.get_bool(key, default=False) if given is None else given


def _terminal_size(stream: object) -> os.terminal_size | None:
    try:
        return os.get_terminal_size(stream.fileno())  # type: ignore[attr-defined]
    except (OSError, ValueError, AttributeError):
        return None


def _width(stream: object, *, tty: bool) -> int | None:
    """The width to fit: $COLUMNS, else the terminal's; no limit when not on a terminal."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    size = _terminal_size(stream) if tty else None
    return size.columns if size else None


def _height(stream: object, *, tty: bool) -> int:
    lines = os.environ.get("LINES", "")
    if lines.isdigit() and int(lines) > 0:
        return int(lines)
    size = _terminal_size(stream) if tty else None
    return size.lines if size else 1 << 30


def _draw_progressively(
    repo: Repository, listing: Listing, tasks: list[Task], view: render.TableView, ctx: Context
) -> render.Table:
    """Rows now, cells as they arrive, the final table last (the same one a pipe gets).

    Redrawing in place only works while the table fits on the screen, which the caller
    checks. Workers run in a background thread; this one only draws.
    """
    from git_wt.listing.live import LiveTable  # only a terminal gets the live table

    changed = threading.Event()
    finished = threading.Event()
    cancel = threading.Event()
    failure: list[BaseException] = []

    def work() -> None:
        try:
            run_tasks(repo, listing, tasks, lambda row: changed.set(), cancel=cancel)
        except BaseException as exc:  # handed to the drawing thread, which re-raises it
            failure.append(exc)
        finally:
            finished.set()
            changed.set()

    live = LiveTable(ctx.out.out)
    worker = threading.Thread(target=work, name="wt-list-fill", daemon=True)
    start = time.monotonic()
    try:
        # The skeleton goes out before the workers start competing for the CPU.
        live.paint(view.render().lines)
        drawn = time.monotonic()
        worker.start()
        dots = False
        dirty = False
        while not finished.is_set():
            now = time.monotonic()
            wake = [drawn + FRAME_INTERVAL] if dirty else []
            if not dots:
                wake.append(start + PLACEHOLDER_DELAY)
            timeout = max(0.0, min(wake) - now) if wake else None
            if changed.wait(timeout):
                changed.clear()
                dirty = True
            if finished.is_set():
                break
            now = time.monotonic()
            if not dots and now >= start + PLACEHOLDER_DELAY:
                dots = dirty = True
            if dirty and now >= drawn + FRAME_INTERVAL:
                live.paint(view.render(placeholders=dots).lines)
                drawn, dirty = now, False
        if failure:
            raise failure[0]
        table = view.render()
        live.paint(table.lines, whole=True)
        return table
    finally:
        if not finished.is_set():
            cancel.set()
        live.finish()


def footer(listing: Listing, hidden: int) -> str:
    kinds = {"worktree": 0, "branch": 0, "remote": 0}
    changed = ahead = 0
    for row in listing.rows:
        kinds[row.kind] += 1
        if row.working_tree is not None and row.working_tree.dirty:
            changed += 1
        rel = row.relation
        if rel is not None and rel.ahead and not row.integrated:
            ahead += 1
    parts = [_count(kinds["worktree"], "worktree")]
    if kinds["branch"]:
        parts.append(_count(kinds["branch"], "branch", "branches"))
    if kinds["remote"]:
        parts.append(_count(kinds["remote"], "remote branch", "remote branches"))
    if changed:
        parts.append(f"{changed} with changes")
    if ahead:
        parts.append(f"{ahead} ahead of {listing.default_branch}")
    if hidden:
        parts.append(_count(hidden, "column hidden", "columns hidden"))
    return ", ".join(parts)


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _report_problems(ctx: Context, listing: Listing) -> None:
    if listing.no_commits:
        ctx.out.warning("this repository has no commits yet, so nothing is compared")
        ctx.out.hint("make the first commit (git commit --allow-empty -m 'Initial commit')")
    elif listing.default_branch is None:
        ctx.out.warning("cannot tell the default branch, so nothing is compared with it")
        ctx.out.hint("git wt config state default-branch set BRANCH")
    elif listing.target_sha is None:
        ctx.out.warning(
            f"the default branch {listing.default_branch} does not exist here, "
            "so nothing is compared with it"
        )
        ctx.out.hint("git wt config state default-branch clear")
    if listing.ci_note:
        ctx.out.warning(f"CI status unavailable: {listing.ci_note}")
        ctx.out.hint("gh auth status   (or glab auth status for GitLab)")
    if listing.errors:
        ctx.out.warning(_count(len(listing.errors), "check", "checks") + " failed:")
        ctx.out.gutter("\n".join(listing.errors))


# -- statusline ------------------------------------------------------------------------------


def _statusline(args: argparse.Namespace, ctx: Context, repo: Repository) -> int:
    listing = collect_current(repo, details=args.format == "json")
    if args.format == "json":
        ctx.out.data(_json(listing))
        return 0
    ctx.out.data(statusline(listing, color=ctx.out.out_color))
    return 0


def statusline(listing: Listing, *, color: bool = False) -> str:
    """branch, symbols, HEAD±, ahead/behind and line diff against the default branch, upstream."""
    row = listing.rows[0]
    rel = row.relation if row.branch != listing.default_branch else None
    wt = row.working_tree
    pieces: Sequence[tuple[str, str]] = (
        ("branch", render.BY_KEY["branch"].cell(row, listing, "")),
        ("status", row.symbols(listing.default_branch)),
        ("working-diff", render.plus_minus(wt.added_lines, wt.deleted_lines) if wt else ""),
        ("ahead-behind", render.arrows(rel.ahead, rel.behind, "↑", "↓") if rel else ""),
        ("branch-diff", render.plus_minus(rel.added_lines, rel.deleted_lines) if rel else ""),
        ("upstream", render.BY_KEY["upstream"].cell(row, listing, "")),
    )
    shown = []
    for key, text in pieces:
        if text:
            shown.append(render.style_cell(render.BY_KEY[key], row, text) if color else text)
    return "  ".join(shown)
