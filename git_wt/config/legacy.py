"""Settings left over from the Go `git-wt` tools, and what to run instead of each."""

from __future__ import annotations

import shlex

from git_wt.config.gitconfig import parse_bool
from git_wt.errors import ConfigError
from git_wt.git.repository import Repository

# The keys the Go tools read; none of them means anything to this git-wt.
LEGACY_KEYS = (
    "wt.hook",
    "wt.deletehook",
    "wt.basedir",
    "wt.copyignored",
    "wt.copyuntracked",
    "wt.copymodified",
    "wt.copy",
    "wt.nocopy",
    "wt.nocd",
)

_SCOPE_FLAGS = {
    "system": "--system ",
    "global": "--global ",
    "local": "--local ",
    "worktree": "--worktree ",
}


def legacy_key_warnings(repo: Repository) -> list[str]:
    """One message per legacy key and scope: what it was for and the commands that give
    the same result here (for `git wt config show` and `git wt hook show`)."""
    pattern = "^(" + "|".join(k.replace(".", r"\.") for k in LEGACY_KEYS) + ")$"
    result = repo.git.run(
        "config", "-z", "--show-scope", "--get-regexp", pattern, cwd=repo.any_dir, check=False
    )
    found: dict[tuple[str, str], list[str]] = {}
    fields = result.stdout.split("\0")
    for i in range(0, len(fields) - 1, 2):
        scope, record = fields[i], fields[i + 1]
        key, _, value = record.partition("\n")
        found.setdefault((key, scope), []).append(value)
    return [_message(key, scope, values) for (key, scope), values in found.items()]


def _message(key: str, scope: str, values: list[str]) -> str:
    flag = _SCOPE_FLAGS.get(scope, "")
    where = f"{scope} git config" if scope else "git config"
    unset = f"git config {flag}--unset-all {key}"
    if scope == "command":
        unset = f"drop `-c {key}=...` from the command line"
    steps = [*_replacement(key, flag, values), unset]
    return (
        f"{key} ({where}) is a setting of the Go git-wt tool and has no effect here; "
        + ("instead run: " if len(steps) > 1 else "remove it: ")
        + " && ".join(steps)
    )


def _replacement(key: str, flag: str, values: list[str]) -> list[str]:
    if key in ("wt.hook", "wt.deletehook"):
        hook_type = "pre-start" if key == "wt.hook" else "pre-remove"
        return [f"git config {flag}--add wt.hook.{hook_type} {shlex.quote(v)}" for v in values]
    if key == "wt.basedir":
        base = values[-1].rstrip("/").replace("{gitroot}", "{{ repo }}")
        return [f"git config {flag}wt.worktree-path {shlex.quote(base + '/{{ branch }}')}"]
    if key == "wt.copyignored":
        try:
            wanted = parse_bool(key, values[-1])
        except ConfigError:
            wanted = False
        if wanted:
            command = "git wt step copy-ignored"
            return [f"git config {flag}--add wt.hook.pre-start {shlex.quote(command)}"]
    return []
