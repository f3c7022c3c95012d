"""`git wt config state`: values git-wt keeps in the repository (default branch, vars, logs)."""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from typing import Any

from git_wt.config import keys
from git_wt.context import Context
from git_wt.errors import GitError, UsageError, WtError
from git_wt.git.repository import Repository
from git_wt.git.run import Result
from git_wt.templates.quoting import quote_arg
from git_wt.templates.variables import VAR_KEY, branch_vars, var_key, vars_prefix

_CONFIG_LOCK_WAIT = 10.0  # seconds to keep trying while another process writes the config


def add_to(sub: Any) -> None:
    parser_class = sub._parser_class
    state = sub.add_parser("state", help="values git-wt stores in the repository")
    state.set_defaults(_run=_need_kind)
    state_sub = state.add_subparsers(dest="state_cmd", metavar="KIND", parser_class=parser_class)
    db = state_sub.add_parser("default-branch", help="the cached default branch")
    db_sub = db.add_subparsers(dest="action", metavar="ACTION", parser_class=parser_class)
    db_sub.add_parser("get", help="print the default branch (detecting it if needed)")
    setp = db_sub.add_parser("set", help="set the default branch")
    setp.add_argument("branch", metavar="BRANCH")
    db_sub.add_parser("clear", help="forget the cached value (detect it again next time)")
    db.set_defaults(_run=run_default_branch)
    _add_vars(state_sub, parser_class)
    logs = state_sub.add_parser(
        "logs", help="the logs of background hooks, newest first (their paths)"
    )
    logs.add_argument("--format", choices=("text", "json"), default="text")
    logs.set_defaults(_run=run_logs)


def _add_vars(state_sub: Any, parser_class: Any) -> None:
    vars_parser = state_sub.add_parser(
        "vars",
        help="per-branch values for templates ({{ vars.KEY }})",
        description="Per-branch values that templates read as {{ vars.KEY }}. Values "
        "that are JSON objects or arrays can be read with dots: {{ vars.db.port }}. "
        "Keys are letters, digits and hyphens, starting with a letter (git config's "
        "rule), case-insensitive. --branch defaults to the current worktree's branch.",
    )
    vars_parser.set_defaults(_run=_need_action)
    vars_sub = vars_parser.add_subparsers(
        dest="vars_action", metavar="ACTION", parser_class=parser_class
    )
    get = vars_sub.add_parser("get", help="print one value")
    get.add_argument("key", metavar="KEY")
    set_ = vars_sub.add_parser("set", help="set a value (KEY VALUE, or KEY=VALUE)")
    set_.add_argument("key", metavar="KEY")
    set_.add_argument("value", nargs="?", metavar="VALUE")
    list_ = vars_sub.add_parser("list", help="every value of the branch")
    list_.add_argument("--format", choices=("text", "json"), default="text")
    clear = vars_sub.add_parser("clear", help="remove values (KEY... or --all)")
    clear.add_argument("keys", nargs="*", metavar="KEY")
    clear.add_argument("--all", action="store_true", help="remove every value of the branch")
    for p in (get, set_, list_, clear):
        p.add_argument("--branch", metavar="BRANCH", help="whose vars (default: current)")
        p.set_defaults(_run=run_vars)


def _need_action(args: argparse.Namespace, ctx: Context) -> int:
    raise WtError("name an action: get, set, list or clear", hint="git wt config state vars --help")


def _need_kind(args: argparse.Namespace, ctx: Context) -> int:
    raise WtError("name what to show or change", hint="git wt config state --help")


def run_default_branch(args: argparse.Namespace, ctx: Context) -> int:
    repo = ctx.repo()
    action = args.action or "get"
    if action == "get":
        ctx.out.data(repo.default_branch())
    elif action == "set":
        if args.branch not in repo.local_branches:
            ctx.out.warning(f"branch {args.branch} does not exist locally (set anyway)")
        _write_config(repo, keys.DEFAULT_BRANCH, args.branch)
        ctx.out.success(f"default branch set to {args.branch}")
    else:
        _write_config(repo, "--unset-all", keys.DEFAULT_BRANCH, check=False)
        ctx.out.success("default branch cache cleared")
    return 0


# -- vars ----------------------------------------------------------------------------


def run_vars(args: argparse.Namespace, ctx: Context) -> int:
    repo = ctx.repo()
    branch = _vars_branch(repo, args.branch, ctx.cwd)
    action = args.vars_action
    if action == "get":
        key = _check_key(args.key)
        value = repo.config.get(var_key(branch, key))
        if value is None:
            raise WtError(
                f"{branch} has no var {key}",
                hint=f"git wt config state vars set {quote_arg(key)} VALUE "
                f"--branch {quote_arg(branch)}",
            )
        ctx.out.data(value)
    elif action == "set":
        key, value = args.key, args.value
        if value is None:
            key, eq, value = key.partition("=")
            if not eq:
                raise UsageError(
                    "give a value: KEY VALUE or KEY=VALUE",
                    hint=f"git wt config state vars set {quote_arg(key)} VALUE",
                )
        key = _check_key(key)
        _write_config(repo, "--replace-all", var_key(branch, key), value)
        ctx.out.success(f"set {key} for {branch}")
    elif action == "list":
        values = branch_vars(repo, branch)
        if args.format == "json":
            ctx.out.data(json.dumps({"branch": branch, "vars": values}))
        else:
            prefix = vars_prefix(branch)
            for name, raw in repo.config.items_with_prefix(prefix):
                if "." not in name[len(prefix) :]:
                    ctx.out.data(f"{name[len(prefix) :]}\t{raw}")
    else:
        _clear_vars(repo, branch, args, ctx)
    return 0


def _clear_vars(repo: Repository, branch: str, args: argparse.Namespace, ctx: Context) -> None:
    if args.all == bool(args.keys):
        raise UsageError(
            "name the keys to clear, or pass --all (not both)",
            hint="git wt config state vars clear KEY",
        )
    if args.all:
        section = vars_prefix(branch).rstrip(".")
        _write_config(repo, "--remove-section", section, check=False)
        ctx.out.success(f"cleared every var of {branch}")
        return
    for raw in args.keys:
        key = _check_key(raw)
        done = _write_config(repo, "--unset-all", var_key(branch, key), check=False)
        if done.ok:
            ctx.out.success(f"cleared {key} for {branch}")
        else:
            ctx.out.info(f"{branch} had no var {key}")


def _write_config(repo: Repository, *args: str, check: bool = True) -> Result:
    """`git config --local ARGS`, tried again while another process holds config.lock:
    git gives up at once when it cannot take the lock, and parallel agents setting vars
    would otherwise lose values. Waits up to about ten seconds in all."""
    delay = 0.005
    deadline = time.monotonic() + _CONFIG_LOCK_WAIT
    while True:
        result = repo.git.run("config", "--local", *args, cwd=repo.any_dir, check=False)
        locked = not result.ok and "could not lock config file" in result.stderr
        if not locked or time.monotonic() >= deadline:
            break
        time.sleep(delay * random.uniform(0.5, 1.5))
        delay = min(delay * 2, 0.2)
    if check and not result.ok:
        raise GitError(["git", "config", "--local", *args], result.returncode, result.stderr)
    return result


def _check_key(key: str) -> str:
    if not VAR_KEY.fullmatch(key):
        raise UsageError(
            f"invalid var key {key!r}: use letters, digits and hyphens, starting with a letter",
            hint="for structured values store JSON: git wt config state vars set db "
            """'{"port": 5432}'""",
        )
    return key.lower()


def _vars_branch(repo: Repository, given: str | None, cwd: str) -> str:
    """--branch (a branch, or the path of a worktree), else the current branch."""
    if given:
        path = os.path.abspath(os.path.join(cwd, os.path.expanduser(given)))
        wt = repo.find_worktree_at(path) if os.path.isdir(path) else None
        if wt is not None and wt.branch:
            return wt.branch
        if given not in repo.local_branches:
            raise WtError(f"no local branch named {given}", hint="git wt list --branches")
        return given
    current = repo.current
    if current is None or current.branch is None:
        raise WtError(
            "this is not the worktree of a branch, so say whose vars: --branch BRANCH",
            hint="git wt config state vars list --branch main",
        )
    return current.branch


# -- logs ----------------------------------------------------------------------------


def run_logs(args: argparse.Namespace, ctx: Context) -> int:
    repo = ctx.repo()
    root = os.path.join(repo.state_dir, "logs")
    found = []
    for dirpath, _dirs, files in os.walk(root):
        parts = os.path.relpath(dirpath, root).split(os.sep)
        if len(parts) != 3:
            continue  # only <branch>/<source>/<type>/<name>.log
        for name in files:
            if name.endswith(".log"):
                path = os.path.join(dirpath, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                found.append((stat.st_mtime, path, parts, name[: -len(".log")], stat.st_size))
    found.sort(key=lambda item: item[0], reverse=True)
    if args.format == "json":
        doc = [
            {
                "path": path,
                "branch": parts[0],
                "source": parts[1],
                "hook_type": parts[2],
                "name": name,
                "modified": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(mtime)),
                "size": size,
            }
            for mtime, path, parts, name, size in found
        ]
        ctx.out.data(json.dumps(doc, indent=2))
        return 0
    if not found:
        ctx.out.info(f"no hook logs yet (they are written under {root})")
        return 0
    for _mtime, path, *_rest in found:
        ctx.out.data(path)
    return 0
