"""Hooks: the one runner for every hook type (pre-* block and abort, post-* detach and log).

Sources, in run order: git config (`wt.hook.<type>` unnamed and multi-valued, and
`wt.hook.<type>.<name>`, in the order git lists them; trusted), then the project file
`.config/wt.toml` of the worktree the command runs in (approved per exact template).
Every command runs through `sh -c` with the template context as JSON on stdin,
`GIT_WT_*` variables in its environment and git's repository-locating variables removed.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from git_wt import project
from git_wt.config import HOOK_PREFIX
from git_wt.context import Context
from git_wt.errors import ConfigError, GitError, HookError, WtError
from git_wt.git import scrubbed_env
from git_wt.project import HOOK_TYPES, ProjectFile
from git_wt.repo import Repository
from git_wt.templates import TemplateError, render, sanitize_hash

if TYPE_CHECKING:
    from subprocess import Popen

__all__ = [
    "HOOK_TYPES",
    "HookCommand",
    "approve_operation",
    "check_templates",
    "run_hooks",
    "run_pre_start",
]

USER = "user"
PROJECT = "project"
SWITCH_TYPES = ("pre-switch", "post-switch")
START_TYPES = ("pre-start", "post-start")

# The directive files belong to the git-wt process the shell wrapper started; a hook
# (possibly outliving it) must never move the user's shell or queue commands for it.
_PRIVATE_ENV = ("GIT_WT_CD_FILE", "GIT_WT_EXEC_FILE")
_EXPORTED = (
    "hook_type",
    "hook_name",
    "branch",
    "worktree_path",
    "worktree_name",
    "commit",
    "repo",
    "repo_path",
    "primary_worktree_path",
    "default_branch",
    "base",
    "target",
)


@dataclass(frozen=True)
class HookCommand:
    """One configured command: where it came from and what it runs."""

    hook_type: str
    source: str  # USER (git config) or PROJECT (.config/wt.toml)
    name: str  # "" when unnamed
    template: str
    step: int  # commands sharing (source, step) run at the same time
    origin: str  # the git config key, or the project file's path
    log_name: str  # file name (without .log) of its background log

    @property
    def short_name(self) -> str:
        return self.name or self.log_name

    @property
    def label(self) -> str:
        return f"{self.source}:{self.short_name}"


# -- sources -------------------------------------------------------------------------


def user_hooks(repo: Repository) -> dict[str, list[HookCommand]]:
    """Every `wt.hook.*` key of git config, checked, in the order git lists them."""
    found: dict[str, list[HookCommand]] = {}
    for key, value in repo.config.items_with_prefix(HOOK_PREFIX):
        hook_type, _, name = key[len(HOOK_PREFIX) :].partition(".")
        if hook_type not in HOOK_TYPES:
            raise ConfigError(
                f"unknown hook type {hook_type!r} in git config key {key}",
                hint=f"hook types: {', '.join(HOOK_TYPES)}; remove the key with: "
                f"git config --unset-all {key}",
            )
        if not value.strip():
            raise ConfigError(
                f"git config key {key} is set but holds no command",
                hint=f"git config --unset-all {key}",
            )
        commands = found.setdefault(hook_type, [])
        commands.append(HookCommand(hook_type, USER, name, value, len(commands), key, ""))
    return {t: _with_log_names(c) for t, c in found.items()}


def project_hooks(pf: ProjectFile | None, hook_type: str) -> list[HookCommand]:
    if pf is None:
        return []
    return _with_log_names(
        [
            HookCommand(hook_type, PROJECT, c.name, c.template, c.step, pf.path, "")
            for c in pf.commands(hook_type)
        ]
    )


def _with_log_names(commands: list[HookCommand]) -> list[HookCommand]:
    """Unnamed commands log as cmd-0, cmd-1...; a repeated name gets a -2, -3... suffix."""
    result: list[HookCommand] = []
    seen: dict[str, int] = {}
    unnamed = 0
    for cmd in commands:
        if cmd.name:
            base = sanitize_hash(cmd.name)
        else:
            base = f"cmd-{unnamed}"
            unnamed += 1
        seen[base] = seen.get(base, 0) + 1
        log_name = base if seen[base] == 1 else f"{base}-{seen[base]}"
        result.append(
            HookCommand(
                cmd.hook_type, cmd.source, cmd.name, cmd.template, cmd.step, cmd.origin, log_name
            )
        )
    return result


def check_hook_type(hook_type: str) -> None:
    if hook_type not in HOOK_TYPES:
        import difflib

        close = difflib.get_close_matches(hook_type, HOOK_TYPES, n=1)
        raise WtError(
            f"unknown hook type {hook_type!r}" + (f" (did you mean {close[0]}?)" if close else ""),
            hint="hook types: " + ", ".join(HOOK_TYPES),
        )


# -- approval of project commands, once per operation --------------------------------


@dataclass
class Gate:
    """What one operation decided about project hooks; the project file is read once."""

    project: ProjectFile | None
    covered: set[str] = field(default_factory=set)  # hook types already decided
    allowed: bool = True  # False once the user declined: no project hook runs


# One operation per Repository object (a command run); the repo is kept as the value so
# its id cannot be reused while the entry lives.
_GATES: dict[int, tuple[Repository, Gate]] = {}


def project_dir(repo: Repository) -> str | None:
    """The worktree whose project file applies: the one the command runs in."""
    if repo.toplevel:
        return repo.toplevel
    default = repo.default_branch_or_none()
    found = repo.find_worktree_for_branch(default) if default else None
    return found.path if found else None


def operation_gate(repo: Repository, worktree: str | None = None) -> Gate:
    entry = _GATES.get(id(repo))
    if entry is not None and entry[0] is repo:
        return entry[1]
    gate = Gate(project.load(worktree or project_dir(repo)))
    _GATES[id(repo)] = (repo, gate)
    return gate


def approve_operation(
    ctx: Context,
    repo: Repository,
    hook_types: Iterable[str],
    *,
    enabled: bool,
    yes: bool = False,
    worktree: str | None = None,
) -> None:
    """Ask once, before anything happens, about every unapproved project command that
    this operation may run. Declining skips all project hooks of the operation; without
    a terminal (and without --yes) it is an error, so nothing has been done yet."""
    if not enabled:
        return
    gate = operation_gate(repo, worktree)
    _decide(ctx, repo, gate, list(hook_types), yes)


def _decide(ctx: Context, repo: Repository, gate: Gate, hook_types: list[str], yes: bool) -> None:
    fresh = [t for t in hook_types if t not in gate.covered]
    gate.covered.update(fresh)
    if not gate.allowed or gate.project is None or not fresh:
        return
    commands = [c for t in fresh for c in project_hooks(gate.project, t)]
    if not commands or yes:
        return
    if not ask_approval(ctx, repo, commands, operation=True):
        gate.allowed = False


def ask_approval(
    ctx: Context, repo: Repository, commands: Sequence[HookCommand], *, operation: bool
) -> bool:
    """True when every command may run: approved before, or the user approves now (saved)."""
    from git_wt import approvals

    identity = approvals.project_identity(repo)
    known = approvals.approved(identity)
    pending = [c for c in commands if c.template not in known]
    if not pending:
        return True
    show_pending(ctx, identity, pending)
    if not can_prompt():
        raise WtError(
            "cannot ask for approval: there is no terminal to ask on",
            hint="run them this once with --yes, or approve them for good with: "
            "git wt config approvals add --yes",
        )
    if not confirm("Allow and remember?"):
        if operation:
            ctx.out.info("declined: continuing without the project's hooks")
        return False
    try:
        approvals.add(identity, (c.template for c in pending))
    except (OSError, WtError) as exc:
        ctx.out.warning(f"could not save the approval ({exc}); running them this time only")
    return True


def show_pending(ctx: Context, identity: str, pending: Sequence[HookCommand]) -> None:
    name = identity.rstrip("/").rpartition("/")[2] or identity
    count = len(pending)
    noun = "command" if count == 1 else "commands"
    ctx.out.warning(
        f"{name} needs your approval to run {count} {noun} from {project.PROJECT_FILE}:"
    )
    for cmd in pending:
        ctx.out.info(f"{cmd.hook_type} {cmd.short_name}:")
        ctx.out.gutter(cmd.template)


def can_prompt() -> bool:
    try:
        return sys.stdin.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def confirm(question: str) -> bool:
    """A y/N question on the terminal (stderr), No by default; Ctrl-C interrupts."""
    import questionary
    from prompt_toolkit.output import create_output

    answer = questionary.confirm(
        question,
        default=False,
        qmark="❯",
        instruction="[y/N] ",
        output=create_output(stdout=sys.stderr),
    ).unsafe_ask()
    return bool(answer)


# -- context, environment, rendering ------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    """A command ready to run: its expanded text, context, directory and environment."""

    command: HookCommand
    text: str
    context: dict[str, Any]
    cwd: str
    env: dict[str, str]

    @property
    def payload(self) -> bytes:
        return json.dumps(self.context, default=str).encode("ascii")


def default_cwd(repo: Repository, hook_type: str, context: Mapping[str, Any]) -> str:
    """pre-switch: the source worktree; post-remove: the primary; others: the one acted on.
    (For pre-switch and others the caller's context names that worktree.)"""
    if hook_type == "post-remove":
        return repo.home_dir
    path = str(context.get("worktree_path") or "")
    return path if path and os.path.isdir(path) else repo.home_dir


def hook_env(context: Mapping[str, Any], *, background: bool) -> dict[str, str]:
    env = scrubbed_env()
    for name in _PRIVATE_ENV:
        env.pop(name, None)
    for key in _EXPORTED:
        value = context.get(key)
        if isinstance(value, str):
            env[f"GIT_WT_{key.upper()}"] = value
        else:
            env.pop(f"GIT_WT_{key.upper()}", None)
    if background:
        env["GIT_WT_BACKGROUND"] = "1"
    else:
        env.pop("GIT_WT_BACKGROUND", None)
    return env


def prepare(
    commands: Sequence[HookCommand],
    context: Mapping[str, Any],
    cwd: str,
    *,
    background: bool,
) -> list[Prepared]:
    """Expand every command first, so a bad template stops the hook before any runs."""
    prepared = []
    for cmd in commands:
        full = dict(context, hook_type=cmd.hook_type, hook_name=cmd.name, cwd=cwd)
        text = expand(cmd, full)
        prepared.append(Prepared(cmd, text, full, cwd, hook_env(full, background=background)))
    return prepared


def expand(cmd: HookCommand, context: Mapping[str, Any]) -> str:
    try:
        return render(cmd.template, context, shell=True)
    except TemplateError as exc:
        raise ConfigError(
            f"cannot expand the {cmd.hook_type} hook {cmd.label} ({_origin(cmd)}): {exc.message}",
            hint=exc.hint,
        ) from None


def _origin(cmd: HookCommand) -> str:
    return f"git config {cmd.origin}" if cmd.source == USER else cmd.origin


def _steps(prepared: Sequence[Prepared]) -> list[list[Prepared]]:
    """Group consecutive commands of the same source and step: each group runs together."""
    steps: list[list[Prepared]] = []
    last: tuple[str, int] | None = None
    for p in prepared:
        key = (p.command.source, p.command.step)
        if key != last:
            steps.append([])
            last = key
        steps[-1].append(p)
    return steps


# -- the entry points the commands call ---------------------------------------------


def commands_for(ctx: Context, repo: Repository, hook_type: str, *, yes: bool) -> list[HookCommand]:
    """User commands, then (if approved for this operation) the project's."""
    commands = list(user_hooks(repo).get(hook_type, []))
    gate = operation_gate(repo)
    if gate.project is not None and gate.allowed:
        _decide(ctx, repo, gate, [hook_type], yes)
        if gate.allowed:
            commands.extend(project_hooks(gate.project, hook_type))
    return commands


def check_templates(
    repo: Repository,
    hook_types: Iterable[str],
    context: Mapping[str, Any],
    *,
    enabled: bool,
) -> None:
    """Expand the templates of hooks that will run later, before anything is created.
    Values that only exist afterwards (the new commit) get stand-ins."""
    if not enabled:
        return
    stand_in = {"commit": "0" * 40, "short_commit": "0" * 7, **context}
    gate = operation_gate(repo)
    for hook_type in hook_types:
        commands = list(user_hooks(repo).get(hook_type, []))
        if gate.allowed:
            commands.extend(project_hooks(gate.project, hook_type))
        where = str(stand_in.get("worktree_path") or repo.home_dir)
        for cmd in commands:
            expand(cmd, dict(stand_in, hook_type=hook_type, hook_name=cmd.name, cwd=where))


def run_hooks(
    ctx: Context,
    repo: Repository,
    hook_type: str,
    context: Mapping[str, Any],
    *,
    enabled: bool,
    yes: bool = False,
    cwd: str | None = None,
) -> None:
    """Run every hook of one type; a failing pre-* hook raises HookError (the operation
    stops), post-* hooks start in the background and never fail the command."""
    if not enabled:
        return
    commands = commands_for(ctx, repo, hook_type, yes=yes)
    if not commands:
        return
    where = cwd or default_cwd(repo, hook_type, context)
    background = not hook_type.startswith("pre-")
    prepared = prepare(commands, context, where, background=background)
    if background:
        start_background(ctx, repo, hook_type, prepared)
    else:
        run_foreground(ctx, hook_type, prepared, hint=NO_HOOKS_HINT)


NO_HOOKS_HINT = "fix the command, or skip hooks for this run with --no-hooks"


def run_pre_start(
    ctx: Context,
    repo: Repository,
    context: Mapping[str, Any],
    *,
    enabled: bool,
    yes: bool,
    path: str,
    branch: str | None,
    head: str | None,
    created_branch: bool,
) -> None:
    """pre-start for a worktree this command just created. When a hook fails or is
    interrupted, the new worktree is removed again (and the branch, if this command
    created it and it has not moved), so no half-made worktree stays registered and
    the same command can simply be run again."""
    try:
        run_hooks(ctx, repo, "pre-start", context, enabled=enabled, yes=yes, cwd=path)
    except (WtError, KeyboardInterrupt):
        with _signals_ignored():
            discard_new_worktree(ctx, repo, path, branch if created_branch else None, head)
        raise


def discard_new_worktree(
    ctx: Context, repo: Repository, path: str, branch: str | None, head: str | None
) -> None:
    """Undo a worktree creation: the registration and directory, then the branch (only
    if it still points where it was created, so nothing committed meanwhile is lost)."""
    try:
        repo.git.run("worktree", "remove", "--force", "--force", "--", path, cwd=repo.any_dir)
    except GitError as exc:
        ctx.out.warning(f"could not remove the new worktree at {path}: {exc.message}")
        return
    what = f"the new worktree at {path}"
    if branch and head:
        deleted = repo.git.run(
            "update-ref", "-d", f"refs/heads/{branch}", head, cwd=repo.any_dir, check=False
        )
        if deleted.ok:
            repo.git.run(
                "config",
                "--local",
                "--remove-section",
                f"branch.{branch}",
                cwd=repo.any_dir,
                check=False,
            )
            what += f" and the branch {branch}"
        else:
            ctx.out.warning(f"kept the branch {branch}: it moved since it was created")
    repo.refresh_worktrees()
    repo.refresh_branches()
    ctx.out.info(f"removed {what} again, because pre-start did not finish")


@contextmanager
def _signals_ignored() -> Iterator[None]:
    """Let a clean-up finish even if Ctrl-C is pressed again."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


# -- foreground ----------------------------------------------------------------------


class _Terminated(BaseException):
    """SIGTERM arrived while a blocking hook ran."""


def run_foreground(
    ctx: Context, hook_type: str, prepared: Sequence[Prepared], *, hint: str | None
) -> None:
    """Run step by step; the commands of one step run at the same time with their output
    prefixed by name. The first failing step stops the rest and raises HookError."""
    for step in _steps(prepared):
        for p in step:
            where = "" if _same_dir(p.cwd, ctx.cwd) else f" in {p.cwd}"
            ctx.out.progress(f"running {hook_type} {p.command.label}{where}")
            ctx.out.gutter(p.text)
        failures = _run_step(ctx, step)
        if failures:
            raise _failure(hook_type, failures, hint)


def _same_dir(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _failure(hook_type: str, failures: list[tuple[Prepared, int]], hint: str | None) -> HookError:
    parts = [f"{p.command.label} ({describe_status(code)})" for p, code in failures]
    noun = "hook" if len(failures) == 1 else "hooks"
    return HookError(
        f"{hook_type} {noun} failed: {', '.join(parts)}",
        detail="\n".join(p.text for p, _ in failures),
        hint=hint,
    )


def describe_status(code: int) -> str:
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"killed by {name}"
    return f"exit status {code}"


def _run_step(ctx: Context, step: list[Prepared]) -> list[tuple[Prepared, int]]:
    procs: list[tuple[Prepared, Popen[bytes]]] = []
    pumps: list[threading.Thread] = []
    old_term = _catch_sigterm()
    try:
        try:
            lock = threading.Lock()
            width = max(len(p.command.short_name) for p in step)
            for p in step:
                prefix = f"{p.command.short_name:<{width}} │ " if len(step) > 1 else None
                proc, pump = _spawn_foreground(ctx, p, prefix, lock)
                procs.append((p, proc))
                if pump is not None:
                    pumps.append(pump)
            codes = [(p, proc.wait()) for p, proc in procs]
        except (KeyboardInterrupt, _Terminated) as exc:
            for _, proc in procs:
                stop_group(proc)
            if isinstance(exc, _Terminated):
                err = HookError("stopped by SIGTERM while a blocking hook ran")
                err.exit_code = 128 + signal.SIGTERM
                raise err from None
            raise
    finally:
        _restore_sigterm(old_term)
    for pump in pumps:
        pump.join(timeout=1.0)  # a daemon a hook left behind may keep the pipe open
    return [(p, code) for p, code in codes if code != 0]


def _catch_sigterm() -> Any:
    if threading.current_thread() is not threading.main_thread():
        return None

    def on_term(signum: int, frame: Any) -> None:
        raise _Terminated

    return signal.signal(signal.SIGTERM, on_term)


def _restore_sigterm(old: Any) -> None:
    if old is not None:
        signal.signal(signal.SIGTERM, old)


def stop_group(proc: Popen[bytes], grace: float = 2.0) -> None:
    """Stop a hook's whole process group: SIGINT (what Ctrl-C would have sent), then
    SIGTERM, then SIGKILL for whatever is still there."""
    import subprocess

    for sig in (signal.SIGINT, signal.SIGTERM):
        _killpg(proc.pid, sig)
        try:
            proc.wait(timeout=grace)
            break
        except subprocess.TimeoutExpired:
            continue
    _killpg(proc.pid, signal.SIGKILL)  # children that ignored the polite signals
    proc.wait()


def _killpg(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def stdin_file(payload: bytes) -> IO[bytes]:
    """The JSON context as a file, so a hook that never reads stdin cannot block us."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the caller closes it
    handle.write(payload)
    handle.seek(0)
    return handle


def spawn(
    text: str, cwd: str, env: Mapping[str, str], *, stdin: Any, stdout: Any, stderr: Any
) -> Popen[bytes]:
    """Start `sh -c TEXT` in its own session (so its process group can be stopped as one)
    through plumbum, with exactly the given environment."""
    from plumbum import local

    # plumbum merges its own copy of the environment (taken when it was imported) into
    # every child's; swap it for ours while the process starts.
    with local.env():
        local.env.clear()
        local.env.update(env)
        proc = local["sh"]["-c", text].popen(
            cwd=cwd,
            stdin=stdin,
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,
        )
    # Keep the real Popen: plumbum's wrapper waits for the child when it is collected.
    real: Popen[bytes] = getattr(proc, "_proc")  # noqa: B009
    return real


def _spawn_foreground(
    ctx: Context, p: Prepared, prefix: str | None, lock: threading.Lock
) -> tuple[Popen[bytes], threading.Thread | None]:
    import subprocess

    err = ctx.out.err
    err.flush()
    fd = _fileno(err)
    with stdin_file(p.payload) as stdin:
        try:
            if prefix is None and fd is not None:
                return spawn(p.text, p.cwd, p.env, stdin=stdin, stdout=fd, stderr=fd), None
            proc = spawn(
                p.text,
                p.cwd,
                p.env,
                stdin=stdin,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
        except OSError as exc:
            raise HookError(
                f"cannot start the {p.command.hook_type} hook {p.command.label} in {p.cwd}: "
                f"{exc.strerror}",
                hint=NO_HOOKS_HINT,
            ) from None
    assert proc.stdout is not None
    pump = threading.Thread(target=_pump, args=(proc.stdout, err, prefix or "", lock), daemon=True)
    pump.start()
    return proc, pump


def _fileno(stream: Any) -> int | None:
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None
    return fd if isinstance(fd, int) else None


def _pump(source: IO[bytes], sink: Any, prefix: str, lock: threading.Lock) -> None:
    for raw in iter(source.readline, b""):
        line = raw.decode("utf-8", "replace").rstrip("\n")
        with lock:
            sink.write(f"{prefix}{line}\n")
            sink.flush()
    source.close()


# -- background ----------------------------------------------------------------------


def log_path(repo: Repository, branch: str | None, cmd: HookCommand) -> str:
    """`<common dir>/wt/logs/<branch>/<source>/<type>/<name>.log` (names made file-safe)."""
    return repo.state_path(
        "logs",
        sanitize_hash(branch or "HEAD"),
        cmd.source,
        cmd.hook_type,
        f"{cmd.log_name}.log",
    )


_STARTED: list[Any] = []


def start_background(
    ctx: Context, repo: Repository, hook_type: str, prepared: Sequence[Prepared]
) -> None:
    """Hand the commands to a detached runner (own session, no terminal, output to logs)
    and return at once; it runs the steps in order and stops after a failing one."""
    import subprocess

    branch = prepared[0].context.get("branch")
    plan = {
        "steps": [
            [
                {
                    "label": p.command.label,
                    "text": p.text,
                    "cwd": p.cwd,
                    "env": p.env,
                    "payload": p.context,
                    "log": log_path(repo, branch if isinstance(branch, str) else None, p.command),
                }
                for p in step
            ]
            for step in _steps(prepared)
        ]
    }
    runner_log = repo.state_path("logs", "runner.log")
    from plumbum import local

    try:
        spec_bytes = json.dumps(plan, default=str).encode("utf-8", "surrogateescape")
        with stdin_file(spec_bytes) as spec, open(runner_log, "ab") as log, local.env():
            local.env.clear()
            local.env.update(prepared[0].env)
            proc = local[sys.executable]["-m", "git_wt.hookrun"].popen(
                cwd=prepared[0].cwd,
                stdin=spec,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        # The runner forks at once and its first process exits; keeping the handle lets
        # it be reaped without making this command wait for that.
        _STARTED.append(proc)
    except OSError as exc:
        ctx.out.warning(f"could not start the {hook_type} hooks: {exc.strerror}")
        return
    names = ", ".join(p.command.label for p in prepared)
    ctx.out.progress(f"started {hook_type} in the background: {names}")
    if ctx.verbose:
        for p in prepared:
            ctx.out.gutter(p.text)
        ctx.out.debug(f"logs: {os.path.dirname(log_path(repo, None, prepared[0].command))}")


def run_commands(
    ctx: Context,
    repo: Repository,
    hook_type: str,
    prepared: Sequence[Prepared],
    *,
    background: bool,
    hint: str | None,
) -> None:
    """For `git wt hook`: run already expanded commands one way or the other."""
    if background:
        start_background(ctx, repo, hook_type, prepared)
    else:
        run_foreground(ctx, hook_type, prepared, hint=hint)


def selected(
    commands: Sequence[HookCommand], names: Sequence[str]
) -> tuple[list[HookCommand], list[str]]:
    """Filter by `name`, `user:name`, `project:name`, `user:` or `project:`; returns the
    commands kept and the filters that matched nothing."""
    if not names:
        return list(commands), []
    kept: list[HookCommand] = []
    unmatched = []
    for wanted in names:
        source, colon, name = wanted.rpartition(":") if ":" in wanted else ("", "", wanted)
        hits = [
            c
            for c in commands
            if (not colon or c.source == source) and (not name or name in (c.name, c.log_name))
        ]
        if not hits:
            unmatched.append(wanted)
        kept.extend(c for c in hits if c not in kept)
    return [c for c in commands if c in kept], unmatched
