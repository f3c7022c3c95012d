"""Hooks: the one runner for every hook type (pre-* block and abort, post-* detach and log)."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from git_wt.config import HOOK_PREFIX
from git_wt.context import Context
from git_wt.errors import ConfigError, HookError
from git_wt.git import scrubbed_env
from git_wt.repo import Repository
from git_wt.templates import TemplateError, render, sanitize

HOOK_TYPES = (
    "pre-switch",
    "post-switch",
    "pre-start",
    "post-start",
    "pre-commit",
    "post-commit",
    "pre-merge",
    "post-merge",
    "pre-remove",
    "post-remove",
)


@dataclass(frozen=True)
class HookCommand:
    hook_type: str
    name: str  # "" for unnamed entries
    template: str
    source: str  # "user" (git config) or "project" (.config/wt.toml)
    index: int

    @property
    def label(self) -> str:
        return f"{self.source}:{self.name}" if self.name else f"{self.source}:cmd-{self.index}"


def configured(repo: Repository, hook_type: str) -> list[HookCommand]:
    """Hooks from git config, in the order git lists them."""
    found: list[HookCommand] = []
    for key, value in repo.config.items_with_prefix(HOOK_PREFIX):
        rest = key[len(HOOK_PREFIX) :]
        htype, _, name = rest.partition(".")
        if htype not in HOOK_TYPES:
            raise ConfigError(
                f"unknown hook type in git config key {key}",
                hint="hook types: " + ", ".join(HOOK_TYPES),
            )
        if htype == hook_type:
            found.append(HookCommand(htype, name, value, "user", len(found)))
    return found


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
    """Run every hook of one type; a failing pre-* hook raises HookError."""
    if not enabled:
        return
    commands = configured(repo, hook_type)
    if not commands:
        return
    where = cwd or str(context.get("worktree_path") or repo.any_dir)
    rendered = []
    for cmd in commands:
        full = dict(context, hook_type=hook_type, hook_name=cmd.name or "")
        try:
            rendered.append((cmd, render(cmd.template, full, shell=True), full))
        except TemplateError as exc:
            raise ConfigError(f"{HOOK_PREFIX}{hook_type}: {exc.message}", hint=exc.hint) from None
    for cmd, text, full in rendered:
        env = scrubbed_env(
            {
                "GIT_WT_HOOK_TYPE": hook_type,
                "GIT_WT_BRANCH": str(full.get("branch", "")),
                "GIT_WT_WORKTREE_PATH": str(full.get("worktree_path", "")),
            }
        )
        payload = json.dumps(full, default=str)
        if hook_type.startswith("pre-"):
            _run_foreground(ctx, cmd, text, payload, where, env)
        else:
            _run_background(repo, cmd, text, payload, where, env, str(full.get("branch", "HEAD")))


def _run_foreground(
    ctx: Context, cmd: HookCommand, text: str, payload: str, cwd: str, env: dict[str, str]
) -> None:
    ctx.out.progress(f"running {cmd.hook_type} {cmd.label}:")
    ctx.out.gutter(text)
    proc = subprocess.Popen(
        ["sh", "-c", text],
        cwd=cwd,
        env=env,
        stdin=subprocess.PIPE,
        stdout=2,
        start_new_session=True,
    )
    try:
        try:
            assert proc.stdin is not None
            proc.stdin.write(payload.encode("utf-8", "surrogateescape"))
            proc.stdin.close()
        except BrokenPipeError:
            pass
        code = proc.wait()
    except KeyboardInterrupt:
        import signal

        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        proc.wait()
        raise
    if code != 0:
        raise HookError(
            f"{cmd.hook_type} hook {cmd.label} failed with exit status {code}",
            detail=text,
            hint="fix the hook, or skip hooks with --no-hooks",
        )


def log_path(repo: Repository, branch: str, cmd: HookCommand) -> str:
    name = cmd.name or f"cmd-{cmd.index}"
    return repo.state_path("logs", sanitize(branch), cmd.source, cmd.hook_type, f"{name}.log")


def _run_background(
    repo: Repository,
    cmd: HookCommand,
    text: str,
    payload: str,
    cwd: str,
    env: dict[str, str],
    branch: str,
) -> None:
    log = log_path(repo, branch, cmd)
    with open(log, "wb") as handle:
        proc = subprocess.Popen(
            ["sh", "-c", text],
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            close_fds=True,
        )
    try:
        assert proc.stdin is not None
        proc.stdin.write(payload.encode("utf-8", "surrogateescape"))
        proc.stdin.close()
    except BrokenPipeError:
        pass
