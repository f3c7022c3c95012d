"""Selectors (branch, path, `^`, `@`, `-`) and where a branch's worktree lives."""

from __future__ import annotations

import os
from dataclasses import dataclass

from git_wt.config import keys
from git_wt.errors import ConfigError, WtError
from git_wt.git.repository import Repository, Worktree
from git_wt.ops.previous import read as read_previous
from git_wt.templates.quoting import quote_arg
from git_wt.templates.render import render
from git_wt.templates.values import TemplateError
from git_wt.templates.variables import path_context


@dataclass(frozen=True)
class Target:
    """What a selector names: a worktree, a local branch, or a branch on one remote."""

    branch: str | None
    worktree: Worktree | None = None
    remote: str | None = None


def expand_shortcut(repo: Repository, token: str) -> str | Worktree:
    """`^`, `@` and `-` -> a branch name or a worktree; other tokens unchanged."""
    if token == "^":
        return repo.default_branch()
    if token == "@":
        current = repo.current
        if current is None:
            raise WtError(
                "`@` means the current worktree, but this directory is not in one",
                hint="cd into a worktree, or name a branch",
            )
        return current.branch if current.branch else current
    if token == "-":
        previous = read_previous(repo)
        if not previous:
            raise WtError(
                "there is no previous worktree to go back to yet",
                hint="git wt list",
            )
        if os.path.isabs(previous):
            found = repo.find_worktree_at(previous)
            if found is None:
                raise WtError(
                    f"the previous worktree {previous} no longer exists", hint="git wt list"
                )
            return found
        return previous
    if len(token) > 1:
        token = token.rstrip("/") or token
    return token


def _looks_like_path(token: str) -> bool:
    return token.startswith(("/", "./", "../", "~")) or token in (".", "..") or os.sep in token


def find_worktree(repo: Repository, token: str, cwd: str) -> Worktree | None:
    """A registered worktree named by branch or by path."""
    found = repo.find_worktree_for_branch(token)
    if found:
        return found
    if _looks_like_path(token):
        path = os.path.normpath(os.path.join(cwd, os.path.expanduser(token)))
        return repo.find_worktree_at(path)
    return None


def resolve_existing(repo: Repository, selector: str, cwd: str) -> Target:
    """Resolve a selector that must name an existing worktree, branch or remote branch."""
    expanded = expand_shortcut(repo, selector)
    if isinstance(expanded, Worktree):
        return Target(expanded.branch, expanded)
    token = expanded
    found = find_worktree(repo, token, cwd)
    if found:
        return Target(found.branch, found)
    if token in repo.local_branches:
        return Target(token, None)
    stripped = repo.strip_remote(token)
    if stripped is not None:
        found = repo.find_worktree_for_branch(stripped)
        if found:
            return Target(stripped, found)
        if stripped in repo.local_branches:
            return Target(stripped, None)
        if token in repo.remote_branches:
            return Target(stripped, None, remote=token[: -len(stripped) - 1])
    remotes = repo.remotes_having(token)
    if len(remotes) == 1:
        return Target(token, None, remote=remotes[0])
    if len(remotes) > 1:
        choices = ", ".join(f"{r}/{token}" for r in remotes)
        raise WtError(
            f"branch {token} exists on several remotes ({choices})",
            hint=f"name one of them: git wt switch {quote_arg(f'{remotes[0]}/{token}')}",
        )
    raise WtError(
        f"no branch or worktree named {token}",
        hint=f"to create it: git wt switch --create {quote_arg(token)}; to see them all: "
        "git wt list --branches --remotes",
    )


def check_branch_name(repo: Repository, name: str) -> None:
    """Refuse names git refuses, with git's reason."""
    result = repo.git.run("check-ref-format", "--branch", name, cwd=repo.any_dir, check=False)
    if result.ok and result.stdout.strip() != name:
        # `--branch` expands `@{-1}` and friends; a new branch needs a literal name.
        result = repo.git.run(
            "check-ref-format", f"refs/heads/{name}", cwd=repo.any_dir, check=False
        )
        if result.ok:
            result = type(result)(1, "", f"fatal: '{name}' is not a valid branch name")
    if not result.ok or name.startswith("-"):
        reason = result.stderr.strip().removeprefix("fatal: ") or f"'{name}' is not a valid name"
        raise WtError(f"invalid branch name: {reason}", hint="git help check-ref-format")


def worktree_path_template(repo: Repository) -> str:
    configured = repo.config.get(keys.WORKTREE_PATH)
    if configured:
        return configured
    return (
        keys.DEFAULT_WORKTREE_PATH_HIDDEN_BARE if repo.hidden_bare else keys.DEFAULT_WORKTREE_PATH
    )


def worktree_path_for(repo: Repository, branch: str) -> str:
    """Where the worktree of `branch` belongs (the default branch: the primary worktree)."""
    if repo.primary is not None and branch == repo.default_branch_or_none():
        return repo.primary.path
    template = worktree_path_template(repo)
    try:
        rendered = render(template, path_context(repo, branch), shell=False)
    except TemplateError as exc:
        raise ConfigError(
            f"{keys.WORKTREE_PATH}: {exc.message}",
            hint=exc.hint or f"git config {keys.WORKTREE_PATH} '{keys.DEFAULT_WORKTREE_PATH}'",
        ) from None
    rendered = rendered.strip()
    if not rendered:
        raise ConfigError(
            f"{keys.WORKTREE_PATH} renders to an empty path for branch {branch}",
            hint=f"git config --unset {keys.WORKTREE_PATH}",
        )
    path = os.path.expanduser(rendered)
    if not os.path.isabs(path):
        path = os.path.join(repo.repo_path, path)
    return os.path.normpath(path)
