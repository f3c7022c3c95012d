"""What the merge steps act on: the branch's worktree, the base, the hooks, scratch trees."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from git_wt.config import keys
from git_wt.context import Context
from git_wt.errors import ConfigError, WtError
from git_wt.git.history import count_between, is_ancestor
from git_wt.git.refs import rev, short_ref, upstream_of
from git_wt.git.repository import Repository, Worktree
from git_wt.git.run import scrubbed_env
from git_wt.git.status import StageMode, check_ready
from git_wt.hooks import approval as hook_approval
from git_wt.hooks import lifecycle as hook_lifecycle
from git_wt.ops.targets import expand_shortcut, find_worktree
from git_wt.ops.transaction import refuse_unfinished
from git_wt.templates.quoting import quote_arg
from git_wt.templates.variables import full_context
from git_wt.ui.words import plural

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


@dataclass
class Source:
    """The worktree and branch the steps act on (normally where the command runs)."""

    path: str
    branch: str


@dataclass
class HookRunner:
    """Runs one operation's hooks with a context that follows the branch as it moves."""

    ctx: Context
    repo: Repository
    enabled: bool
    yes: bool
    source: Source
    target: str | None = None
    target_path: str | None = None
    # Hook types held back until flush(): merge starts post-commit only once it knows
    # which directory will still exist (the branch's worktree may be removed).
    deferred: tuple[str, ...] = ()
    pending: list[tuple[str, dict[str, Any]]] = field(default_factory=list, init=False)

    def context(self, **overrides: Any) -> dict[str, Any]:
        branch = overrides.pop("branch", self.source.branch)
        path = overrides.pop("worktree_path", self.source.path)
        head = rev(self.repo, "HEAD", cwd=path) if os.path.isdir(path) else None
        return full_context(
            self.repo,
            branch=branch,
            worktree_path=path,
            commit=overrides.pop("commit", head),
            target=self.target,
            target_worktree_path=self.target_path,
            cwd=overrides.pop("cwd", path),
            **overrides,
        )

    def run(self, hook_type: str, cwd: str | None = None, **overrides: Any) -> None:
        if not self.enabled:
            return
        if hook_type in self.deferred:
            head = rev(self.repo, "HEAD", cwd=self.source.path)
            self.pending.append((hook_type, {"commit": head, **overrides}))
            return
        where = cwd or overrides.get("worktree_path") or self.source.path
        hook_lifecycle.run_hooks(
            self.ctx,
            self.repo,
            hook_type,
            self.context(cwd=where, **overrides),
            enabled=self.enabled,
            yes=self.yes,
            cwd=where,
        )

    def flush(self, cwd: str) -> None:
        """Start the held-back hooks, in `cwd`."""
        pending, self.pending, self.deferred = self.pending, [], ()
        for hook_type, overrides in pending:
            self.run(hook_type, cwd=cwd, **overrides)

    def approve(self, hook_types: tuple[str, ...], *, worktree: str | None = None) -> None:
        """Ask once, before anything happens, for the project hooks of these types."""
        hook_approval.approve_operation(
            self.ctx,
            self.repo,
            hook_types,
            enabled=self.enabled,
            yes=self.yes,
            worktree=worktree,
        )


COMMIT_HOOKS = ("pre-commit", "post-commit")


def stage_setting(
    repo: Repository, flag: StageMode | None, key: str = keys.COMMIT_STAGE
) -> StageMode:
    """--stage > git config `key` (wt.commit.stage or wt.merge.stage) > all."""
    if flag is not None:
        return flag
    value = repo.config.get(key) or StageMode.ALL.value
    try:
        return StageMode(value)
    except ValueError:
        modes = ", ".join(m.value for m in StageMode)
        raise ConfigError(
            f"{key} must be one of {modes}, not {value!r}", hint=f"git config {key} all"
        ) from None


def current_source(repo: Repository, action: str) -> Source:
    """The current worktree, refusing mid-operation, with conflicts, or detached."""
    wt = repo.current
    if wt is None:
        raise WtError(
            f"cannot {action}: this directory is not inside a worktree",
            hint="cd into the worktree of the branch, or pass -C PATH",
        )
    refuse_unfinished(repo, wt, action)
    branch = check_ready(repo, wt.path, wt.branch, action)
    return Source(wt.path, branch)


def resolve_target_branch(repo: Repository, name: str | None, cwd: str) -> str:
    """A local branch named by TARGET (default: the default branch)."""
    if name is None:
        target = repo.default_branch()
        if target not in repo.local_branches:
            raise WtError(
                f"the default branch {target} does not exist locally",
                hint=f"create it (git branch {quote_arg(target)} ...), or name the target: "
                "git wt merge BRANCH",
            )
        return target
    expanded = expand_shortcut(repo, name)
    if isinstance(expanded, Worktree):
        raise WtError(
            f"{expanded.path} has a detached HEAD, so it has no branch to merge into",
            hint="name a local branch",
        )
    if expanded in repo.local_branches:
        return expanded
    found = find_worktree(repo, expanded, cwd)
    if found is not None and found.branch:
        return found.branch
    stripped = repo.strip_remote(expanded)
    if stripped and stripped in repo.local_branches:
        return stripped
    if repo.remotes_having(expanded) or (stripped and expanded in repo.remote_branches):
        local = stripped or expanded
        remote_ref = expanded if stripped else f"{repo.remotes_having(expanded)[0]}/{local}"
        raise WtError(
            f"{expanded} exists only on a remote; merge needs a local branch (it never fetches)",
            hint=f"git branch --track {quote_arg(local)} {quote_arg(remote_ref)}",
        )
    raise WtError(f"no local branch named {expanded}", hint="git wt list --branches")


@dataclass(frozen=True)
class Base:
    """What the branch is rebased onto: TARGET, or its upstream when the local copy lags."""

    name: str
    sha: str
    target: str
    target_sha: str


def base_for(ctx: Context, repo: Repository, target: str, *, quiet: bool = False) -> Base:
    """The commit to build on; refuses a TARGET that diverged from its upstream."""
    target_sha = rev(repo, f"refs/heads/{target}")
    if target_sha is None:
        raise WtError(f"no local branch named {target}", hint="git wt list --branches")
    upstream = upstream_of(repo, target)
    if upstream and upstream.startswith("refs/remotes/"):
        up_sha = rev(repo, upstream)
        if up_sha and up_sha != target_sha:
            name = short_ref(upstream)
            if is_ancestor(repo, target_sha, up_sha):
                if not quiet:
                    behind = count_between(repo, target_sha, up_sha)
                    ctx.out.info(
                        f"local {target} is {plural(behind, 'commit')} behind {name} "
                        f"(as last fetched); building on {name}, so {target} catches up too"
                    )
                return Base(name, up_sha, target, target_sha)
            if not is_ancestor(repo, up_sha, target_sha):
                raise WtError(
                    f"local {target} and {name} have diverged; refusing to merge into either",
                    hint=f"reconcile them first, e.g. in {target}'s worktree: git pull --rebase",
                )
    return Base(target, target_sha, target, target_sha)


def move_branch(repo: Repository, branch: str, new: str, old: str, reason: str) -> None:
    """Compare-and-swap update of refs/heads/BRANCH; refuses when it moved meanwhile."""
    result = repo.git.run(
        "update-ref", "-m", reason, f"refs/heads/{branch}", new, old, cwd=repo.any_dir, check=False
    )
    if not result.ok:
        raise WtError(
            f"{branch} moved while git-wt was working on it; nothing more was changed",
            detail=result.stderr.strip() or None,
            hint="look at `git log -g " + quote_arg(branch) + "`, then run the command again",
        )


@contextmanager
def scratch_index(repo: Repository, path: str) -> Iterator[dict[str, str]]:
    """An environment whose GIT_INDEX_FILE is a throwaway copy of the worktree's index,
    so staging can be tried out while the real index stays exactly as it was."""
    index = repo.git.out("rev-parse", "--path-format=absolute", "--git-path", "index", cwd=path)
    with tempfile.TemporaryDirectory(prefix="git-wt-") as tmp:
        scratch = os.path.join(tmp, "index")
        if os.path.exists(index):
            shutil.copyfile(index, scratch)
        yield scrubbed_env({"GIT_INDEX_FILE": scratch})


def stage_scratch(repo: Repository, path: str, mode: StageMode, env: dict[str, str]) -> None:
    """Stage per `mode` into the index that `env` names (see scratch_index)."""
    if mode is not StageMode.NONE:
        flag = "--all" if mode is StageMode.ALL else "--update"
        repo.git.run("add", flag, "--", ":/", cwd=path, env=env)


def work_tree(repo: Repository, path: str, mode: StageMode) -> str:
    """The tree a commit would get after staging per `mode` (the real index is untouched)."""
    if mode is StageMode.NONE:
        return repo.git.out("write-tree", cwd=path)
    with scratch_index(repo, path) as env:
        stage_scratch(repo, path, mode, env)
        return repo.git.out("write-tree", cwd=path, env=env)
