"""`git wt hook`: run the hooks of one type now, or show every configured hook."""

from __future__ import annotations

import argparse
import json
import os
import re
from collections.abc import Sequence
from typing import Any, cast

from git_wt.config.project import HOOK_TYPES
from git_wt.context import Context
from git_wt.errors import UsageError, WtError
from git_wt.git.repository import Repository, Worktree
from git_wt.hooks import approval as hook_approval
from git_wt.hooks import lifecycle as hook_lifecycle
from git_wt.hooks import sources as hook_sources
from git_wt.hooks.sources import PROJECT, USER, HookCommand
from git_wt.templates.guard import unsafe_values_allowed
from git_wt.templates.variables import full_context

NAME = "hook"
HELP = "run the hooks of one type now, or show the configured hooks"
DESCRIPTION = """\
Run the hooks of one type for the current worktree, or list every configured hook.

examples:
  git wt hook show                          every hook, where it comes from, approval
  git wt hook show post-start --expanded    with the templates expanded for here
  git wt hook pre-start                     run all pre-start hooks now
  git wt hook post-start server --foreground
  git wt hook pre-merge project:            only the project file's pre-merge hooks
  git wt hook pre-start --dry-run --port=4000 -- extra args
"""

# Why a project command is printed as written by `hook show --expanded` and `--dry-run`.
UNEXPANDED = "not approved; shown unexpanded"

_BINDING = re.compile(r"--([A-Za-z_][A-Za-z0-9_-]*)=(.*)", re.DOTALL)


class _Bindings(argparse.ArgumentParser):
    """Also accepts `--KEY=VALUE` (template bindings) and names mixed in among them.

    Mixed into the class of the parser `add_arguments` is given, so the hook types keep
    its usage-error format without this module knowing the CLI's parser class.
    """

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        if not hasattr(parsed, "names"):
            return parsed, extras
        rest: list[str] = []
        names: list[str] = []
        bindings: list[tuple[str, str]] = list(getattr(parsed, "bindings", []))
        # argparse takes an option-like word that contains a space for a positional.
        for word in [*parsed.names, *extras]:
            match = _BINDING.fullmatch(word)
            if match:
                bindings.append((match.group(1), match.group(2)))
            elif not word.startswith("-"):
                names.append(word)
            else:
                rest.append(word)
        parsed.names = names
        parsed.bindings = bindings
        return parsed, rest


def add_arguments(parser: argparse.ArgumentParser) -> None:
    hook_parser = cast(
        "type[argparse.ArgumentParser]", type("HookParser", (_Bindings, type(parser)), {})
    )
    sub = parser.add_subparsers(dest="hook_cmd", metavar="TYPE", parser_class=hook_parser)
    show = sub.add_parser(
        "show",
        help="list every configured hook with its source and approval state",
        description="List every configured hook: git config (with its scope and file) "
        "and the project file (with its approval state).",
    )
    show.add_argument("hook_type", nargs="?", metavar="TYPE", choices=HOOK_TYPES)
    show.add_argument(
        "--expanded", action="store_true", help="expand the templates for this worktree"
    )
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(_run=run_show)
    for hook_type in HOOK_TYPES:
        p = sub.add_parser(
            hook_type,
            help=f"run the {hook_type} hooks now",
            description=f"Run the {hook_type} hooks now, for the current worktree. NAMEs "
            "select commands: NAME, user:NAME, project:NAME, user: or project:. "
            "--KEY=VALUE sets the template variable KEY when a selected template uses "
            "it (otherwise it joins {{ args }}); words after -- go to {{ args }}.",
            allow_abbrev=False,
        )
        p.add_argument("names", nargs="*", metavar="NAME", help="which commands to run")
        p.add_argument(
            "--dry-run", action="store_true", help="print the expanded commands, run nothing"
        )
        p.add_argument(
            "--foreground",
            action="store_true",
            help="run post-* hooks in the foreground, output to the terminal",
        )
        p.add_argument(
            "-y", "--yes", action="store_true", help="run project commands without approval"
        )
        p.set_defaults(_run=run_type, _trailing=True, bindings=[])


def run(args: argparse.Namespace, ctx: Context) -> int:
    raise WtError("name a hook type to run, or `show`", hint="git wt hook --help")


# -- running -------------------------------------------------------------------------


def run_type(args: argparse.Namespace, ctx: Context) -> int:
    hook_type: str = args.hook_cmd
    repo = ctx.repo()
    wt = _current_worktree(repo)
    configured = _all_commands(repo, hook_type)
    if not configured:
        ctx.out.warning(f"no {hook_type} hooks are configured")
        ctx.out.hint("git wt hook show")
        return 0
    commands, unmatched = hook_sources.selected(configured, args.names)
    if unmatched:
        available = ", ".join(c.label for c in configured)
        raise WtError(
            f"no {hook_type} command matches {', '.join(unmatched)}",
            hint=f"available: {available}",
        )
    context = _context(repo, wt, hook_type, commands, args.bindings, args.trailing)
    background = not hook_type.startswith("pre-") and not args.foreground
    if args.dry_run:
        _print_dry_run(
            ctx, repo, hook_type, commands, context, wt.path, yes=args.yes, background=background
        )
        return 0
    from_project = [c for c in commands if c.source == PROJECT]
    if (
        from_project
        and not args.yes
        and not hook_approval.ask_approval(ctx, repo, from_project, operation=False)
    ):
        commands = [c for c in commands if c.source != PROJECT]
        ctx.out.info("declined: the project's commands were not run")
        if not commands:
            return 0
    prepared = hook_lifecycle.prepare(repo, commands, context, wt.path, background=background)
    hint = f"the commands are listed by: git wt hook show {hook_type}"
    hook_lifecycle.run_commands(ctx, repo, hook_type, prepared, background=background, hint=hint)
    return 0


def _print_dry_run(
    ctx: Context,
    repo: Repository,
    hook_type: str,
    commands: Sequence[HookCommand],
    context: dict[str, Any],
    cwd: str,
    *,
    yes: bool,
    background: bool,
) -> None:
    """Each command as it would run; a project command nobody approved (and no --yes)
    is shown as written: expanding it would already run its template."""
    unapproved = set() if yes else _unapproved(repo, commands)
    expandable = [c for c in commands if c not in unapproved]
    prepared = hook_lifecycle.prepare(repo, expandable, context, cwd, background=background)
    texts = {id(p.command): p.text for p in prepared}
    for cmd in commands:
        if cmd in unapproved:
            ctx.out.data(f"# {hook_type} {cmd.label} ({UNEXPANDED})")
            ctx.out.data(cmd.template)
        else:
            ctx.out.data(f"# {hook_type} {cmd.label}")
            ctx.out.data(texts[id(cmd)])


def _unapproved(repo: Repository, commands: Sequence[HookCommand]) -> set[HookCommand]:
    if not any(c.source == PROJECT for c in commands):
        return set()
    from git_wt.config import approvals

    known = approvals.approved(approvals.project_identity(repo))
    return {c for c in commands if c.source == PROJECT and c.template not in known}


def _current_worktree(repo: Repository) -> Worktree:
    wt = repo.current
    if wt is None:
        raise WtError(
            "hooks run for a worktree, and this directory is not inside one",
            hint="cd into a worktree (git wt list shows them), then run it again",
        )
    return wt


def _all_commands(repo: Repository, hook_type: str) -> list[HookCommand]:
    gate = hook_approval.operation_gate(repo)
    user = hook_sources.user_hooks(repo).get(hook_type, [])
    return [*user, *hook_sources.project_hooks(gate.project, hook_type)]


def _context(
    repo: Repository,
    wt: Worktree,
    hook_type: str,
    commands: Sequence[HookCommand],
    bindings: Sequence[tuple[str, str]],
    trailing: Sequence[str],
) -> dict[str, Any]:
    """The current worktree's variables; for commit, merge and remove hooks the target is
    the default branch (where such an operation would integrate or land)."""
    target, target_path = wt.branch, wt.path
    if hook_type.split("-", 1)[1] in ("commit", "merge", "remove"):
        default = repo.default_branch_or_none()
        home = repo.find_worktree_for_branch(default) if default else None
        target, target_path = default, home.path if home else repo.home_dir
    forwarded: list[str] = []
    values: dict[str, str] = {}
    templates = " ".join(c.template for c in commands)
    for raw_key, value in bindings:
        key = raw_key.replace("-", "_")
        if re.search(rf"\b{re.escape(key)}\b", templates):
            values[key] = value
        else:
            forwarded.append(f"--{raw_key}={value}")
    context = full_context(
        repo,
        branch=wt.branch,
        worktree_path=wt.path,
        commit=wt.head,
        base=wt.branch,
        base_worktree_path=wt.path,
        target=target,
        target_worktree_path=target_path,
        args=[*forwarded, *trailing],
        cwd=wt.path,
    )
    context.update(values)
    return context


# -- show ----------------------------------------------------------------------------


def run_show(args: argparse.Namespace, ctx: Context) -> int:
    if getattr(args, "bindings", None):
        raise UsageError("`hook show` takes no --KEY=VALUE")
    repo = ctx.repo()
    types = [args.hook_type] if args.hook_type else list(HOOK_TYPES)
    origins = _user_origins(repo)
    unsafe = unsafe_values_allowed(repo)
    gate = hook_approval.operation_gate(repo)
    from git_wt.config import approvals

    identity = approvals.project_identity(repo)
    approved = approvals.approved(identity) if gate.project else set()
    wt = repo.current
    rows: list[dict[str, Any]] = []
    configured = hook_sources.user_hooks(repo)
    for hook_type in types:
        user = configured.get(hook_type, [])
        project = hook_sources.project_hooks(gate.project, hook_type)
        context = (
            _context(repo, wt, hook_type, [*user, *project], [], [])
            if args.expanded and wt
            else None
        )
        for cmd in [*user, *project]:
            rows.append(
                _row(cmd, origins, approved, context, expanded=args.expanded, allow_unsafe=unsafe)
            )
    if args.format == "json":
        doc = {
            "project": identity,
            "project_file": gate.project.path if gate.project else None,
            "hooks": rows,
        }
        ctx.out.data(json.dumps(doc, indent=2))
    else:
        _print_show(ctx, rows, gate.project.path if gate.project else None, identity)
    from git_wt.config.legacy import legacy_key_warnings

    for warning in legacy_key_warnings(repo):
        ctx.out.warning(warning)
    return 0


def _user_origins(repo: Repository) -> dict[str, list[tuple[str, str]]]:
    """git config key -> (scope, origin) of each of its values, in git's order."""
    # The same directory the config snapshot is read from, so worktree-scope keys count.
    here = repo.toplevel if repo.toplevel and os.path.isdir(repo.toplevel) else repo.any_dir
    result = repo.git.run(
        "config",
        "-z",
        "--show-scope",
        "--show-origin",
        "--get-regexp",
        r"^wt\.hook\.",
        cwd=here,
        check=False,
    )
    origins: dict[str, list[tuple[str, str]]] = {}
    fields = result.stdout.split("\0")
    for i in range(0, len(fields) - 2, 3):
        scope, origin, record = fields[i], fields[i + 1], fields[i + 2]
        key = record.partition("\n")[0]
        if origin.startswith("file:") and not os.path.isabs(origin[5:]):
            origin = "file:" + os.path.normpath(os.path.join(here, origin[5:]))
        origins.setdefault(key, []).append((scope, origin))
    return origins


def _row(
    cmd: HookCommand,
    origins: dict[str, list[tuple[str, str]]],
    approved: set[str],
    context: dict[str, Any] | None,
    *,
    expanded: bool,
    allow_unsafe: bool,
) -> dict[str, Any]:
    scope = origin = None
    if cmd.source == USER:
        queue = origins.get(cmd.origin)
        scope, origin = queue.pop(0) if queue else ("", "")
    else:
        origin = cmd.origin
    row: dict[str, Any] = {
        "hook_type": cmd.hook_type,
        "source": cmd.source,
        "name": cmd.name or None,
        "label": cmd.label,
        "template": cmd.template,
        "step": cmd.step,
        "scope": scope or None,
        "origin": origin or None,
        "approved": (cmd.template in approved) if cmd.source == PROJECT else None,
    }
    if expanded:
        row["expanded"] = None
        row["error"] = None
        if context is None:
            row["error"] = "not inside a worktree"
        elif row["approved"] is False:
            row["error"] = UNEXPANDED
        else:
            try:
                full = dict(context, hook_type=cmd.hook_type, hook_name=cmd.name)
                row["expanded"] = hook_lifecycle.expand(cmd, full, allow_unsafe=allow_unsafe)
            except WtError as exc:
                row["error"] = exc.message
    return row


def _print_show(
    ctx: Context, rows: list[dict[str, Any]], project_file: str | None, identity: str
) -> None:
    lines: list[str] = []
    for source, title in (
        (USER, "user hooks (git config)"),
        (PROJECT, f"project hooks ({project_file or 'no .config/wt.toml here'}; {identity})"),
    ):
        lines.append(title)
        mine = [r for r in rows if r["source"] == source]
        if not mine:
            lines.append("  (none)")
        for row in mine:
            if source == USER:
                state = f"{row['scope']}: {row['origin']}" if row["scope"] else "git config"
            else:
                state = "approved" if row["approved"] else "needs approval"
            lines.append(f"  {row['hook_type']} {row['label']}  [{state}]")
            text = row.get("expanded") or row["template"]
            lines.extend(f"    {line}" for line in text.splitlines())
            if row.get("error") == UNEXPANDED:
                lines.append(f"    # {UNEXPANDED}")
            elif row.get("error"):
                lines.append(f"    # cannot expand: {row['error']}")
    if project_file and any(r["approved"] is False for r in rows):
        lines.append("# approve the project's commands with: git wt config approvals add")
    ctx.out.data("\n".join(lines))
