"""The repository model: discovery, worktrees, branches, the default branch, state paths."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property

from git_wt.config import keys
from git_wt.config.gitconfig import Config
from git_wt.errors import GitError, WtError
from git_wt.git.run import Git, scrubbed_env

FALLBACK_DEFAULT_BRANCHES = ("main", "master", "develop", "trunk")


@dataclass(frozen=True)
class Worktree:
    path: str
    head: str | None
    branch: str | None  # short name; None when detached or bare
    is_main: bool
    bare: bool = False
    detached: bool = False
    locked: str | None = None  # the lock reason ("" when locked without one)
    prunable: str | None = None

    @property
    def is_locked(self) -> bool:
        return self.locked is not None

    @property
    def is_prunable(self) -> bool:
        return self.prunable is not None or not os.path.isdir(self.path)


def parse_worktrees(porcelain_z: str) -> list[Worktree]:
    """Parse `git worktree list --porcelain -z`."""
    result: list[Worktree] = []
    fields: dict[str, str | None] = {}

    def flush() -> None:
        if "worktree" not in fields:
            return
        branch_ref = fields.get("branch")
        branch = None
        if branch_ref and branch_ref.startswith("refs/heads/"):
            branch = branch_ref[len("refs/heads/") :]
        result.append(
            Worktree(
                path=fields["worktree"] or "",
                head=fields.get("HEAD"),
                branch=branch,
                is_main=not result,
                bare="bare" in fields,
                detached="detached" in fields,
                locked=(fields.get("locked") or "") if "locked" in fields else None,
                prunable=(fields.get("prunable") or "") if "prunable" in fields else None,
            )
        )

    for token in porcelain_z.split("\0"):
        if token == "":
            flush()
            fields = {}
            continue
        name, _, value = token.partition(" ")
        fields[name] = value if _ else None
    flush()
    return result


def common_prefix_dir(path: str) -> str:
    return os.path.normpath(os.path.abspath(os.path.expanduser(path)))


def is_within(child: str, parent: str) -> bool:
    child, parent = os.path.normpath(child), os.path.normpath(parent)
    return child == parent or child.startswith(parent.rstrip(os.sep) + os.sep)


@dataclass
class Repository:
    """One repository as seen from the directory git-wt started in."""

    git: Git
    cwd: str
    common_dir: str
    git_dir: str
    toplevel: str | None  # the worktree the cwd is in; None in a bare repo's directory
    prefix: str  # cwd relative to toplevel ("" at the top)
    is_bare: bool
    _config: Config | None = field(default=None, repr=False)

    # -- discovery -----------------------------------------------------------------

    @classmethod
    def discover(cls, cwd: str, *, verbose: bool = False) -> Repository:
        git = Git(cwd, verbose=verbose)
        result = git.run(
            "rev-parse",
            "--is-bare-repository",
            "--is-inside-work-tree",
            "--path-format=absolute",
            "--git-common-dir",
            "--git-dir",
            "--show-toplevel",
            "--show-prefix",
            check=False,
        )
        lines = result.stdout.split("\n")
        if len(lines) < 4 or lines[0] not in ("true", "false"):
            raise WtError(
                f"not inside a git repository: {cwd}",
                hint="cd into a repository (or pass -C PATH) and run the command again",
            )
        is_bare = lines[0] == "true"
        inside = lines[1] == "true"
        common_dir, git_dir = lines[2], lines[3]
        toplevel = lines[4] if inside and result.ok and len(lines) > 4 else None
        prefix = lines[5] if toplevel and len(lines) > 5 else ""
        # From here on every git call names its directory explicitly, and none inherits
        # the variables that would point it back at the repository found here.
        git = Git(os.path.normpath(common_dir), verbose=verbose, env=scrubbed_env())
        return cls(
            git=git,
            cwd=cwd,
            common_dir=os.path.normpath(common_dir),
            git_dir=os.path.normpath(git_dir),
            toplevel=os.path.normpath(toplevel) if toplevel else None,
            prefix=prefix.rstrip("/"),
            is_bare=is_bare,
        )

    # -- cached facts ----------------------------------------------------------------

    @property
    def config(self) -> Config:
        if self._config is None:
            # From the worktree when there is one, so `git config --worktree` keys count.
            here = self.toplevel if self.toplevel and os.path.isdir(self.toplevel) else None
            self._config = Config.load(self.git, cwd=here or self.any_dir)
        return self._config

    def reload_config(self) -> None:
        self._config = None

    @property
    def any_dir(self) -> str:
        """Where repository-wide git commands run: the common dir outlives any worktree."""
        return self.common_dir

    @cached_property
    def worktrees(self) -> list[Worktree]:
        out = self.git.run("worktree", "list", "--porcelain", "-z", cwd=self.any_dir).stdout
        return parse_worktrees(out)

    def refresh_worktrees(self) -> list[Worktree]:
        self.__dict__.pop("worktrees", None)
        return self.worktrees

    @property
    def primary(self) -> Worktree | None:
        """The main working tree; None for a bare repository."""
        first = self.worktrees[0] if self.worktrees else None
        return None if first is None or first.bare else first

    @property
    def linked(self) -> list[Worktree]:
        return [w for w in self.worktrees if not w.bare]

    @property
    def current(self) -> Worktree | None:
        if self.toplevel is None:
            return None
        for wt in self.worktrees:
            if os.path.normpath(wt.path) == self.toplevel:
                return wt
        return None

    @property
    def repo_path(self) -> str:
        """The primary worktree, or the directory holding a bare repository."""
        if self.primary is not None:
            return self.primary.path
        if self.hidden_bare:
            return os.path.dirname(self.common_dir)
        return self.common_dir

    @property
    def hidden_bare(self) -> bool:
        return self.primary is None and os.path.basename(self.common_dir).startswith(".")

    @property
    def repo_name(self) -> str:
        name = os.path.basename(self.repo_path.rstrip(os.sep))
        if self.primary is None and name.endswith(".git") and len(name) > 4:
            name = name[:-4]
        return name

    @property
    def home_dir(self) -> str:
        """Where a shell lands after its worktree goes away."""
        if self.primary is not None:
            return self.primary.path
        default = self.find_worktree_for_branch(self.default_branch_or_none() or "")
        return default.path if default else self.repo_path

    @property
    def state_dir(self) -> str:
        return os.path.join(self.common_dir, "wt")

    def state_path(self, *parts: str) -> str:
        path = os.path.join(self.state_dir, *parts)
        os.makedirs(os.path.dirname(path) if parts else path, exist_ok=True)
        return path

    # -- branches --------------------------------------------------------------------

    @cached_property
    def local_branches(self) -> dict[str, str]:
        """Local branch name -> tip SHA."""
        out = self.git.out(
            "for-each-ref", "--format=%(objectname) %(refname)", "refs/heads/", cwd=self.any_dir
        )
        branches: dict[str, str] = {}
        for line in out.splitlines():
            sha, _, ref = line.partition(" ")
            branches[ref[len("refs/heads/") :]] = sha
        return branches

    @cached_property
    def remote_branches(self) -> dict[str, str]:
        """`remote/name` -> tip SHA, without the symbolic `remote/HEAD` entries."""
        out = self.git.out(
            "for-each-ref",
            "--format=%(objectname) %(refname) %(symref)",
            "refs/remotes/",
            cwd=self.any_dir,
        )
        branches: dict[str, str] = {}
        for line in out.splitlines():
            parts = line.split(" ")
            if len(parts) >= 3 and parts[2]:
                continue
            branches[parts[1][len("refs/remotes/") :]] = parts[0]
        return branches

    def refresh_branches(self) -> None:
        self.__dict__.pop("local_branches", None)
        self.__dict__.pop("remote_branches", None)

    def remotes_having(self, branch: str) -> list[str]:
        return [r for r in self.config.remotes() if f"{r}/{branch}" in self.remote_branches]

    def strip_remote(self, name: str) -> str | None:
        """`origin/feature` -> `feature` when `origin` is a remote."""
        for remote in self.config.remotes():
            if name.startswith(remote + "/") and len(name) > len(remote) + 1:
                return name[len(remote) + 1 :]
        return None

    # -- default branch --------------------------------------------------------------

    def primary_remote(self) -> str | None:
        remotes = self.config.remotes()
        preferred = self.config.get(keys.CHECKOUT_DEFAULT_REMOTE)
        if preferred and preferred in remotes:
            return preferred
        if "origin" in remotes:
            return "origin"
        return remotes[0] if remotes else None

    def detect_default_branch(self) -> str | None:
        """The detection ladder of SPEC 1, without the cache."""
        remote = self.primary_remote()
        if remote:
            result = self.git.run(
                "symbolic-ref",
                "--quiet",
                f"refs/remotes/{remote}/HEAD",
                cwd=self.any_dir,
                check=False,
            )
            ref = result.stdout.strip()
            prefix = f"refs/remotes/{remote}/"
            if result.ok and ref.startswith(prefix):
                return ref[len(prefix) :]
        local = self.local_branches
        init = self.config.get(keys.INIT_DEFAULT_BRANCH)
        if init and init in local:
            return init
        if len(local) == 1:
            return next(iter(local))
        if self.primary is None:
            head = self.git.run(
                "symbolic-ref", "--quiet", "--short", "HEAD", cwd=self.any_dir, check=False
            )
            if head.ok and head.stdout.strip() in local:
                return head.stdout.strip()
        for name in FALLBACK_DEFAULT_BRANCHES:
            if name in local:
                return name
        return None

    def default_branch_or_none(self) -> str | None:
        cached = self.config.get(keys.DEFAULT_BRANCH)
        if cached:
            return cached
        found = self.detect_default_branch()
        if found:
            try:
                self.git.run("config", "--local", keys.DEFAULT_BRANCH, found, cwd=self.any_dir)
            except GitError:
                pass  # a cache that cannot be written is not worth failing for
        return found

    def default_branch(self) -> str:
        found = self.default_branch_or_none()
        if not found and not self.local_branches:
            raise WtError(
                "this repository has no commits yet, so it has no branches",
                hint="make the first commit (git commit --allow-empty -m 'Initial commit'), "
                "then run this again",
            )
        if not found:
            raise WtError(
                "cannot tell which branch is the default branch",
                hint="git wt config state default-branch set BRANCH",
            )
        return found

    # -- lookups ---------------------------------------------------------------------

    def find_worktree_for_branch(self, branch: str) -> Worktree | None:
        for wt in self.worktrees:
            if wt.branch == branch and not wt.bare:
                return wt
        return None

    def find_worktree_at(self, path: str) -> Worktree | None:
        target = os.path.normpath(path)
        real = os.path.realpath(target)
        for wt in self.worktrees:
            if wt.bare:
                continue
            if os.path.normpath(wt.path) in (target, real) or os.path.realpath(wt.path) == real:
                return wt
        return None

    def worktree_git_dir(self, wt: Worktree) -> str:
        """The administrative directory of a worktree (the common dir for the primary)."""
        if wt.is_main:
            return self.common_dir
        dotgit = os.path.join(wt.path, ".git")
        try:
            with open(dotgit, encoding="utf-8") as handle:
                line = handle.readline().strip()
        except OSError:
            line = ""
        if line.startswith("gitdir:"):
            path = line[len("gitdir:") :].strip()
            return os.path.normpath(os.path.join(wt.path, path))
        return os.path.join(self.common_dir, "worktrees", os.path.basename(wt.path))
