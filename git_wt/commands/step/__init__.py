"""`git wt step`: the building blocks of merge, usable one at a time."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

from git_wt.config import keys
from git_wt.context import Context
from git_wt.errors import ConfigError, UsageError, WtError
from git_wt.git.history import merge_base
from git_wt.git.refs import rev
from git_wt.git.repository import Repository, Worktree
from git_wt.git.run import scrubbed_env
from git_wt.git.status import STAGE_MODES
from git_wt.hooks import sources as hooks
from git_wt.ops.merge.pipeline import (
    Base,
    HookRunner,
    Source,
    base_for,
    commit_work,
    current_source,
    push,
    rebase,
    resolve_target_branch,
    squash,
)
from git_wt.proc import run_pager, run_prefixed
from git_wt.templates.quoting import quote_arg, quote_args
from git_wt.templates.render import render
from git_wt.templates.values import TemplateError
from git_wt.templates.variables import full_context
from git_wt.ui.term import is_terminal
from git_wt.ui.words import plural

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


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="step", metavar="STEP", parser_class=type(parser))

    def add(
        name: str,
        help_text: str,
        run: Callable[[argparse.Namespace, Context], int],
        *,
        description: str | None = None,
    ) -> argparse.ArgumentParser:
        cmd = sub.add_parser(
            name,
            help=help_text,
            description=description or help_text[:1].upper() + help_text[1:] + ".",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        cmd.set_defaults(_run=run)
        return cmd

    cmd = add("commit", "stage and commit, with a message from the generator", run_commit)
    _stage_flag(cmd)
    _hook_flags(cmd)
    cmd.add_argument(
        "--show-prompt",
        action="store_true",
        help="print the prompt the message generator would get, and commit nothing",
    )
    cmd.add_argument("--format", choices=("text", "json"), default="text")

    cmd = add(
        "squash",
        "squash everything since the merge-base with TARGET into one commit",
        run_squash,
    )
    _target_arg(cmd)
    _stage_flag(cmd)
    _hook_flags(cmd)
    cmd.add_argument("--format", choices=("text", "json"), default="text")

    cmd = add("rebase", "rebase the current branch onto TARGET", run_rebase)
    cmd.add_argument(
        "target", nargs="?", metavar="TARGET", help="branch, tag or commit (default: ^)"
    )
    cmd.add_argument("--format", choices=("text", "json"), default="text")

    cmd = add("push", "fast-forward the local branch TARGET to HEAD", run_push)
    _target_arg(cmd)
    cmd.add_argument("--no-ff", action="store_true", help="record a merge commit on TARGET")
    cmd.add_argument("--format", choices=("text", "json"), default="text")

    cmd = add(
        "diff",
        "show all work since the merge-base with TARGET (uncommitted and untracked too)",
        run_diff,
    )
    _target_arg(cmd)
    cmd.set_defaults(_trailing=True)

    cmd = add(
        "copy-ignored",
        "copy gitignored files (.env, node_modules/, ...) from one worktree to another",
        run_copy_ignored,
        description=COPY_DESCRIPTION,
    )
    cmd.add_argument("--from", dest="source", metavar="SEL", help="source (default: primary)")
    cmd.add_argument("--to", dest="dest", metavar="SEL", help="destination (default: @)")
    cmd.add_argument("--dry-run", action="store_true", help="list what would be copied")
    cmd.add_argument(
        "--reflink",
        choices=("auto", "always", "never"),
        default=None,
        help="copy-on-write clones: auto (default), always (fail without), never",
    )
    cmd.add_argument("--format", choices=("text", "json"), default="text")

    cmd = add(
        "for-each",
        "run a command in every worktree",
        run_for_each,
        description=FOR_EACH_DESCRIPTION,
    )
    cmd.add_argument("--format", choices=("text", "json"), default="text")
    cmd.set_defaults(_trailing=True)

    cmd = add(
        "prune",
        "remove clean worktrees whose branches are merged into the default branch",
        run_prune,
    )
    cmd.add_argument("--dry-run", action="store_true", help="list them, remove nothing")
    cmd.add_argument(
        "--min-age",
        default="1d",
        metavar="DURATION",
        help="skip worktrees created more recently (default 1d; e.g. 0, 30m, 12h, 2w)",
    )
    cmd.add_argument(
        "--foreground", action="store_true", help="delete directories before returning"
    )
    _hook_flags(cmd)
    cmd.add_argument("--format", choices=("text", "json"), default="text")

    cmd = add(
        "eval",
        "print a template's expansion for the current worktree",
        run_eval,
        description="Print a template's expansion for the current worktree.\n\n"
        "example:\n  git wt step eval '{{ branch | hash_port }}'",
    )
    cmd.add_argument("template", metavar="TEMPLATE")
    cmd.add_argument("--shell", action="store_true", help="escape values as in a hook command")


COPY_DESCRIPTION = """\
Copy gitignored files and directories (.env, node_modules/, .venv/, target/, ...) from
the primary worktree (or --from) into the current one (or --to). When the source has a
.worktreeinclude file (gitignore syntax), only ignored entries matching it are copied.
Existing files are never overwritten; symlinks stay symlinks; files are cloned
copy-on-write where the filesystem supports it (btrfs, XFS, ...).
"""

FOR_EACH_DESCRIPTION = """\
Run a command in every worktree, one after another. Each argument is a template
(`{{ branch }}`, `{{ worktree_path }}`, ...) expanded for that worktree; the command runs
directly, without a shell, and values reach it as plain arguments. Output lines are
prefixed with the branch. Exits 1 when the command failed anywhere.

For shell syntax, hand the values to the script as arguments ($1, $2, ...) instead of
writing them into it. (Values in an sh/bash/dash/zsh/ksh -c script are shell-escaped like
hook commands, but some placements are refused.)

examples:
  git wt step for-each -- git status --short
  git wt step for-each -- sh -c 'echo "$1: $(git log -1 --format=%s)"' sh '{{ branch }}'
"""


def _target_arg(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument(
        "target", nargs="?", metavar="TARGET", help="local branch (default: the default branch)"
    )


def _stage_flag(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument(
        "--stage",
        choices=STAGE_MODES,
        default=None,
        help="what to commit: all (with untracked files), tracked, none (only staged)",
    )


def _hook_flags(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--no-hooks", action="store_true", help="run no hooks")
    cmd.add_argument("-y", "--yes", action="store_true", help="approve project hooks")


def run(args: argparse.Namespace, ctx: Context) -> int:
    raise UsageError("name a step", hint="git wt step --help")


def _stage_mode(repo: Repository, flag: str | None) -> str:
    mode = flag or repo.config.get(keys.COMMIT_STAGE) or "all"
    if mode not in STAGE_MODES:
        raise ConfigError(
            f"{keys.COMMIT_STAGE} must be one of {', '.join(STAGE_MODES)}, not {mode!r}",
            hint=f"git config {keys.COMMIT_STAGE} all",
        )
    return mode


def _runner(
    ctx: Context, repo: Repository, src: Source, args: argparse.Namespace, target: str | None = None
) -> HookRunner:
    return HookRunner(ctx, repo, not args.no_hooks, args.yes, src, target=target)


# -- commit, squash, rebase, push ---------------------------------------------------------


def run_commit(args: argparse.Namespace, ctx: Context) -> int:
    repo = ctx.repo()
    src = current_source(repo, "commit")
    mode = _stage_mode(repo, args.stage)
    if args.show_prompt:
        ctx.out.data(_prompt_preview(repo, src, mode))
        return 0
    runner = _runner(ctx, repo, src, args)
    hooks.approve_operation(
        ctx, repo, ("pre-commit", "post-commit"), enabled=runner.enabled, yes=args.yes
    )
    done = commit_work(ctx, repo, src, mode, runner, required=True)
    assert done is not None
    if args.format == "json":
        ctx.out.data(json.dumps({"sha": done.sha, "message": done.message, "stage": mode}))
    return 0


def _prompt_preview(repo: Repository, src: Source, mode: str) -> str:
    """The prompt for what `commit` would stage now, built in a scratch index."""
    from git_wt.git.diff import staged_paths
    from git_wt.ops.merge import message as commit_message
    from git_wt.ops.merge.pipeline import EMPTY_TREE

    head = rev(repo, "HEAD", cwd=src.path) or EMPTY_TREE
    index = repo.git.out("rev-parse", "--path-format=absolute", "--git-path", "index", cwd=src.path)
    with tempfile.TemporaryDirectory(prefix="git-wt-") as tmp:
        scratch = os.path.join(tmp, "index")
        if os.path.exists(index):
            with open(index, "rb") as a, open(scratch, "wb") as b:
                b.write(a.read())
        env = scrubbed_env({"GIT_INDEX_FILE": scratch})
        if mode != "none":
            flag = "--all" if mode == "all" else "--update"
            repo.git.run("add", flag, "--", ":/", cwd=src.path, env=env)
        paths = staged_paths(repo, src.path, head, env=env)
        change = commit_message.gather(repo, src.path, src.branch, head, paths, env=env)
    return commit_message.build_prompt(change)


def run_squash(args: argparse.Namespace, ctx: Context) -> int:
    repo = ctx.repo()
    src = current_source(repo, "squash")
    target = resolve_target_branch(repo, args.target, ctx.cwd)
    base = base_for(ctx, repo, target)
    runner = _runner(ctx, repo, src, args, target)
    hooks.approve_operation(
        ctx, repo, ("pre-commit", "post-commit"), enabled=runner.enabled, yes=args.yes
    )
    result = squash(ctx, repo, src, base, _stage_mode(repo, args.stage), runner)
    if args.format == "json":
        doc = {
            "outcome": result.outcome,
            "commits": result.commits,
            "sha": result.sha,
            "message": result.message,
            "backup": result.backup,
        }
        ctx.out.data(json.dumps(doc))
    return 0


def run_rebase(args: argparse.Namespace, ctx: Context) -> int:
    repo = ctx.repo()
    src = current_source(repo, "rebase")
    base = _rebase_base(ctx, repo, args.target)
    result = rebase(ctx, repo, src, base.sha, base.name)
    if args.format == "json":
        doc = {"outcome": result.outcome, "onto": base.name, "head": result.head}
        ctx.out.data(json.dumps(doc))
    return 0


def _rebase_base(ctx: Context, repo: Repository, name: str | None) -> Base:
    """A local branch (upstream-aware, as in merge), or any commit-ish."""
    if name is None:
        return base_for(ctx, repo, resolve_target_branch(repo, None, ctx.cwd))
    from git_wt.ops.targets import expand_shortcut

    expanded = expand_shortcut(repo, name)
    if isinstance(expanded, Worktree):
        sha = expanded.head or ""
        return Base(expanded.path, sha, expanded.path, sha)
    if expanded in repo.local_branches:
        return base_for(ctx, repo, expanded)
    found = rev(repo, expanded)
    if found is None:
        raise WtError(f"no branch, tag or commit named {expanded}", hint="git wt list --branches")
    return Base(expanded, found, expanded, found)


def run_push(args: argparse.Namespace, ctx: Context) -> int:
    repo = ctx.repo()
    src = current_source(repo, "push")
    target = resolve_target_branch(repo, args.target, ctx.cwd)
    if target == src.branch:
        raise WtError(
            f"{src.branch} is checked out here; there is nothing to push it to",
            hint="run this from the worktree of the branch to bring in",
        )
    result = push(ctx, repo, src, target, no_ff=args.no_ff, action="push")
    if result.outcome != "up_to_date":
        how = " with a merge commit" if result.outcome == "merge_commit" else ""
        ctx.out.success(
            f"pushed {src.branch} to {target}{how} at {result.new[:7]} "
            f"({plural(result.commits, 'commit')}, {result.stat.describe()})"
        )
    if args.format == "json":
        doc = {
            "outcome": result.outcome,
            "target": target,
            "commits": result.commits,
            "sha": result.new,
        }
        ctx.out.data(json.dumps(doc))
    return 0


# -- diff ---------------------------------------------------------------------------------


def run_diff(args: argparse.Namespace, ctx: Context) -> int:
    repo = ctx.repo()
    wt = repo.current
    if wt is None:
        raise WtError("not inside a worktree", hint="cd into one, or pass -C PATH")
    target = resolve_target_branch(repo, args.target, ctx.cwd)
    head = rev(repo, "HEAD", cwd=wt.path)
    tip = rev(repo, f"refs/heads/{target}")
    if head is None or tip is None:
        raise WtError("there is no commit to compare with yet", hint="commit something first")
    mb = merge_base(repo, head, tip)
    if mb is None:
        raise WtError(f"HEAD and {target} share no history", hint="name another TARGET")
    tty = is_terminal(sys.stdout)
    text = _full_diff(repo, wt.path, mb, list(args.trailing), color=tty)
    if not text:
        return 0
    if tty:
        return _page(repo, wt.path, text)
    ctx.out.out.write(text)
    ctx.out.out.flush()
    return 0


def _full_diff(repo: Repository, path: str, base: str, extra: list[str], *, color: bool) -> str:
    """`git diff BASE` over committed, staged, unstaged and untracked work.

    Untracked files are added intent-to-add in a scratch copy of the index, so they show
    as new files while the real index stays exactly as it was."""
    index = repo.git.out("rev-parse", "--path-format=absolute", "--git-path", "index", cwd=path)
    with tempfile.TemporaryDirectory(prefix="git-wt-") as tmp:
        scratch = os.path.join(tmp, "index")
        if os.path.exists(index):
            with open(index, "rb") as a, open(scratch, "wb") as b:
                b.write(a.read())
        env = scrubbed_env({"GIT_INDEX_FILE": scratch})
        repo.git.run("add", "--intent-to-add", "--all", "--", ":/", cwd=path, env=env)
        argv = ["diff", f"--color={'always' if color else 'never'}", *extra, base, "--"]
        return repo.git.run(*argv, cwd=path, env=env).stdout


def _page(repo: Repository, path: str, text: str) -> int:
    """Show text through git's pager (core.pager, GIT_PAGER, PAGER, less)."""
    pager = repo.git.run("var", "GIT_PAGER", cwd=path, check=False).stdout.strip() or "less"
    if pager == "cat":
        sys.stdout.write(text)
        return 0
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    run_pager(pager, text.encode("utf-8", "surrogateescape"), cwd=path, env=env)
    return 0


# -- copy-ignored -------------------------------------------------------------------------


def run_copy_ignored(args: argparse.Namespace, ctx: Context) -> int:
    from git_wt.ops.copy_ignored import Copier, human_bytes, list_entries

    repo = ctx.repo()
    source = _worktree_for(repo, args.source, ctx, default_primary=True)
    dest = _worktree_for(repo, args.dest, ctx, default_primary=False)
    reflink = args.reflink or repo.config.get(keys.COPY_IGNORED_REFLINK) or "auto"
    if os.path.realpath(source.path) == os.path.realpath(dest.path):
        ctx.out.info("source and destination are the same worktree; nothing to copy")
        if args.format == "json":
            ctx.out.data(json.dumps(_copy_json(source, dest, [], None, args.dry_run)))
        return 0
    entries = list_entries(repo, source.path, dest.path)
    if args.dry_run:
        if args.format == "json":
            ctx.out.data(json.dumps(_copy_json(source, dest, entries, None, True)))
        else:
            for entry in entries:
                ctx.out.data(entry.path + ("/" if entry.kind == "dir" else ""))
        ctx.out.info(
            f"would copy {plural(len(entries), 'entry', 'entries')} "
            f"from {source.path} to {dest.path}"
        )
        return 0
    if not entries:
        ctx.out.info(f"no ignored files to copy from {source.path}")
        if args.format == "json":
            ctx.out.data(json.dumps(_copy_json(source, dest, entries, None, False)))
        return 0
    copier = Copier(reflink)
    started = time.monotonic()
    stats = copier.copy(source.path, dest.path, entries)
    took = time.monotonic() - started
    for warning in copier.warnings:
        ctx.out.warning(warning)
    how = (
        "as copy-on-write clones"
        if stats.cloned and stats.cloned == stats.files
        else (f"({stats.cloned} cloned)" if stats.cloned else "as plain copies")
    )
    ctx.out.success(
        f"copied {plural(stats.files, 'file')} ({human_bytes(stats.bytes)}) {how}"
        + (f", {plural(stats.symlinks, 'symlink')}" if stats.symlinks else "")
        + f" from {source.path} in {took:.1f} s"
    )
    if stats.existing:
        ctx.out.info(f"left {plural(stats.existing, 'existing file')} as they were")
    if stats.special:
        ctx.out.info(f"skipped {plural(stats.special, 'socket or device file')}")
    if args.format == "json":
        ctx.out.data(json.dumps(_copy_json(source, dest, entries, stats, False)))
    return 0


def _copy_json(
    source: Worktree, dest: Worktree, entries: list[Any], stats: Any, dry_run: bool
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "from": source.path,
        "to": dest.path,
        "dry_run": dry_run,
        "entries": [{"path": e.path, "kind": e.kind} for e in entries],
    }
    if stats is not None or not dry_run:
        doc.update(
            files=stats.files if stats else 0,
            symlinks=stats.symlinks if stats else 0,
            bytes=stats.bytes if stats else 0,
            existing=stats.existing if stats else 0,
            cloned=stats.cloned if stats else 0,
        )
    return doc


def _worktree_for(
    repo: Repository, selector: str | None, ctx: Context, *, default_primary: bool
) -> Worktree:
    from git_wt.ops.targets import expand_shortcut, find_worktree

    if selector is None:
        wt = repo.primary if default_primary else repo.current
        if wt is None and default_primary:
            default = repo.default_branch()
            wt = repo.find_worktree_for_branch(default)
        if wt is None:
            raise WtError(
                "there is no worktree to use here",
                hint="name one: --from BRANCH / --to BRANCH",
            )
        return wt
    expanded = expand_shortcut(repo, selector)
    found = expanded if isinstance(expanded, Worktree) else find_worktree(repo, expanded, ctx.cwd)
    if found is None:
        raise WtError(
            f"{selector} has no worktree",
            hint=f"create one: git wt switch {quote_arg(selector)}",
        )
    if found.is_prunable:
        raise WtError(f"the directory of {selector} is missing", hint="git worktree prune")
    return found


# -- for-each -----------------------------------------------------------------------------


def run_for_each(args: argparse.Namespace, ctx: Context) -> int:
    if not args.trailing:
        raise UsageError(
            "name the command to run after --",
            hint="git wt step for-each -- git status --short",
        )
    repo = ctx.repo()
    results: list[dict[str, Any]] = []
    for wt in [w for w in repo.worktrees if not w.bare and not w.is_prunable]:
        label = wt.branch or f"{os.path.basename(wt.path)} (detached)"
        context = full_context(
            repo, branch=wt.branch, worktree_path=wt.path, commit=wt.head, cwd=wt.path
        )
        try:
            # A script given to `sh -c` is shell code: escape values as in a hook command.
            script = _shell_script_index(args.trailing)
            argv = [render(a, context, shell=k == script) for k, a in enumerate(args.trailing)]
        except TemplateError as exc:
            raise ConfigError(
                f"cannot expand the command for {label}: {exc.message}", hint=exc.hint
            ) from None
        ctx.out.progress(f"{label}: {quote_args(argv)}")
        code = _run_prefixed(argv, wt.path, label, ctx, json_mode=args.format == "json")
        if code != 0:
            ctx.out.error(f"{label}: exited with status {code}")
        results.append(
            {"branch": wt.branch, "path": wt.path, "exit_code": code, "success": code == 0}
        )
    failed = [r for r in results if not r["success"]]
    if failed:
        names = ", ".join(r["branch"] or r["path"] for r in failed)
        ctx.out.warning(f"failed in {len(failed)} of {plural(len(results), 'worktree')}: {names}")
    else:
        ctx.out.success(f"succeeded in {plural(len(results), 'worktree')}")
    if args.format == "json":
        ctx.out.data(json.dumps(results))
    return 1 if failed else 0


_POSIX_SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh"})
_OPTIONS_WITH_VALUE = frozenset({"--rcfile", "--init-file", "--emulate"})


def _shell_script_index(argv: list[str]) -> int | None:
    """Where SCRIPT is in `sh [OPTIONS] -c SCRIPT [NAME [ARGS...]]`, else None."""
    if not argv or os.path.basename(argv[0]) not in _POSIX_SHELLS:
        return None
    has_c = False
    k = 1
    while k < len(argv):
        arg = argv[k]
        if arg in ("-", "--"):
            k += 1
            break
        if arg.startswith("--"):
            k += 2 if arg in _OPTIONS_WITH_VALUE else 1
        elif len(arg) > 1 and arg[0] in "-+":
            has_c = has_c or (arg[0] == "-" and "c" in arg)
            # -o NAME (set -o), -O NAME (bash shopt) take the next argument.
            k += 1 + sum(arg[1:].count(flag) for flag in "oO")
        else:
            break
    return k if has_c and k < len(argv) else None


def _run_prefixed(argv: list[str], cwd: str, label: str, ctx: Context, *, json_mode: bool) -> int:
    """Run argv, prefixing every output line with the label; stdout stays stdout
    (in JSON mode it goes to stderr so stdout holds one document)."""
    out_stream = ctx.out.err if json_mode else ctx.out.out
    try:
        return run_prefixed(
            argv, cwd=cwd, env=scrubbed_env(), out=out_stream, err=ctx.out.err, prefix=f"{label} | "
        )
    except OSError as exc:
        ctx.out.error(f"{label}: cannot run {argv[0]}: {exc.strerror}")
        return 127


# -- prune --------------------------------------------------------------------------------

_DURATION = re.compile(r"(\d+)\s*(s|m|h|d|w)")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str) -> int:
    """`0`, `90s`, `30m`, `12h`, `1d`, `2w`, `1d12h` -> seconds."""
    text = text.strip().lower()
    if text.isdigit():
        return int(text)
    pos = 0
    total = 0
    for match in _DURATION.finditer(text):
        if match.start() != pos:
            break
        total += int(match.group(1)) * _UNITS[match.group(2)]
        pos = match.end()
    if pos != len(text) or not text:
        raise UsageError(
            f"invalid duration {text!r}",
            hint="use a number with s, m, h, d or w, e.g. --min-age 12h or --min-age 0",
        )
    return total


def worktree_age(repo: Repository, wt: Worktree) -> float:
    """Seconds since the worktree was created (its administrative files were written)."""
    admin = repo.worktree_git_dir(wt)
    for name in ("commondir", "gitdir"):
        try:
            return time.time() - os.stat(os.path.join(admin, name)).st_mtime
        except OSError:
            continue
    try:
        return time.time() - os.stat(admin).st_mtime
    except OSError:
        return float("inf")


def prune_candidates(
    ctx: Context, repo: Repository, min_age: int
) -> tuple[list[tuple[Worktree, str]], list[tuple[Worktree, str]]]:
    """(worktrees to remove with the reason, worktrees skipped with the reason)."""
    from git_wt.git.merged import describe, integration_reason
    from git_wt.git.status import status

    default = repo.default_branch()
    default_sha = repo.local_branches.get(default)
    chosen: list[tuple[Worktree, str]] = []
    skipped: list[tuple[Worktree, str]] = []
    for wt in repo.worktrees:
        if wt.is_main or wt.bare or wt.branch is None or wt.branch == default:
            continue
        sha = repo.local_branches.get(wt.branch)
        if sha is None or default_sha is None:
            continue
        reason = integration_reason(repo.git, repo.common_dir, sha, default_sha)
        if reason is None:
            continue
        why = describe(reason, default)
        if wt.is_locked:
            skipped.append((wt, "locked"))
        elif wt.is_prunable:
            skipped.append((wt, "its directory is missing (git worktree prune)"))
        elif status(repo, wt.path, untracked="normal"):
            skipped.append((wt, "has uncommitted changes"))
        elif worktree_age(repo, wt) < min_age:
            skipped.append((wt, "younger than --min-age"))
        else:
            chosen.append((wt, why))
    return chosen, skipped


def run_prune(args: argparse.Namespace, ctx: Context) -> int:
    from git_wt.ops import remove

    repo = ctx.repo()
    min_age = parse_duration(args.min_age)
    chosen, skipped = prune_candidates(ctx, repo, min_age)
    for wt, why in skipped:
        ctx.out.info(f"skipped {wt.branch}: {why}")
    if args.dry_run:
        for wt, why in chosen:
            if args.format == "text":
                ctx.out.data(f"{wt.branch}\t{wt.path}\t{why}")
        if args.format == "json":
            doc = [{"branch": wt.branch, "path": wt.path, "reason": why} for wt, why in chosen]
            ctx.out.data(json.dumps(doc))
        ctx.out.info(f"would remove {plural(len(chosen), 'worktree')} and their branches (dry run)")
        return 0
    if not chosen:
        ctx.out.info("no merged worktrees to remove")
        if args.format == "json":
            ctx.out.data("[]")
        return 0
    rm_opts = remove.RemoveOptions(
        foreground=args.foreground, hooks=not args.no_hooks, yes=args.yes
    )
    remove.approve(ctx, repo, rm_opts)
    results: list[dict[str, Any]] = []
    failed = False
    chosen.sort(key=lambda item: os.path.normpath(item[0].path) == repo.toplevel)
    for wt, _ in chosen:
        try:
            removal = remove.execute(
                ctx, repo, remove.validate(repo, wt.path, rm_opts, ctx.cwd), rm_opts
            )
        except WtError as exc:
            failed = True
            ctx.out.error(f"{wt.branch}: {exc.message}")
            if exc.hint:
                ctx.out.hint(exc.hint)
            continue
        results.append(removal.as_json())
    ctx.out.success(f"pruned {plural(len(results), 'worktree')}")
    if args.format == "json":
        ctx.out.data(json.dumps(results))
    return 1 if failed else 0


# -- eval ---------------------------------------------------------------------------------


def run_eval(args: argparse.Namespace, ctx: Context) -> int:
    repo = ctx.repo()
    current = repo.current
    path = current.path if current else repo.repo_path
    context = full_context(
        repo,
        branch=current.branch if current else None,
        worktree_path=path,
        commit=current.head if current else None,
        cwd=ctx.cwd,
    )
    try:
        ctx.out.data(render(args.template, context, shell=args.shell))
    except TemplateError as exc:
        raise ConfigError(f"cannot expand the template: {exc.message}", hint=exc.hint) from None
    return 0
