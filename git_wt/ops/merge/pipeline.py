"""The building blocks of merge: commit, squash, rebase and fast-forward, each usable alone."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from git_wt.context import Context
from git_wt.errors import GitError, WtError
from git_wt.git.diff import (
    DiffStat,
    changed_paths,
    diff_stat,
    has_staged,
    staged_paths,
    staged_stat,
)
from git_wt.git.history import commits_between, count_between, is_ancestor, merge_base
from git_wt.git.refs import rev, short_ref, upstream_of
from git_wt.git.repository import Repository, Worktree
from git_wt.git.run import scrubbed_env
from git_wt.git.status import check_ready, has_work, operation_in_progress, stage, status
from git_wt.hooks import sources as hooks
from git_wt.ops.merge.message import gather, message_for
from git_wt.ops.targets import expand_shortcut, find_worktree
from git_wt.templates.quoting import quote_arg
from git_wt.templates.variables import full_context
from git_wt.ui.words import plural

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
BACKUP_PREFIX = "refs/wt-backup/"
# Longer encoded names are shortened (a loose ref is one file; names have a length limit).
_BACKUP_NAME_MAX = 200


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
        hooks.run_hooks(
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


def current_source(repo: Repository, action: str) -> Source:
    """The current worktree, refusing mid-operation, with conflicts, or detached."""
    wt = repo.current
    if wt is None:
        raise WtError(
            f"cannot {action}: this directory is not inside a worktree",
            hint="cd into the worktree of the branch, or pass -C PATH",
        )
    branch = check_ready(repo, wt.path, wt.branch, action)
    return Source(wt.path, branch)


# -- targets -------------------------------------------------------------------------


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


# -- commit ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CommitResult:
    sha: str
    message: str


def _warn_auto_staged(ctx: Context, paths: list[str]) -> None:
    if paths:
        ctx.out.warning(f"staging {plural(len(paths), 'untracked path')} (--stage all):")
        shown = paths[:10] + ([f"... and {len(paths) - 10} more"] if len(paths) > 10 else [])
        ctx.out.gutter("\n".join(shown))


def _head_or_empty(repo: Repository, path: str) -> str:
    return rev(repo, "HEAD", cwd=path) or EMPTY_TREE


def git_commit(repo: Repository, path: str, message: str) -> str:
    """`git commit` of the index (git's own hooks and signing apply); the new HEAD."""
    try:
        repo.git.run("commit", "--quiet", "--no-edit", "--file=-", cwd=path, input=message + "\n")
    except GitError as exc:
        raise WtError(
            "git commit failed",
            detail=exc.detail,
            hint="fix what git reports above (a git pre-commit hook?), then run again",
        ) from None
    return rev(repo, "HEAD", cwd=path) or ""


def commit_work(
    ctx: Context,
    repo: Repository,
    src: Source,
    stage_mode: str,
    runner: HookRunner,
    *,
    required: bool,
) -> CommitResult | None:
    """Stage per `stage_mode` and commit with a generated message; None when nothing to do."""
    if not has_work(status(repo, src.path), stage_mode):
        if required:
            _nothing_to_commit(stage_mode)
        return None
    runner.run("pre-commit")
    _warn_auto_staged(ctx, stage(repo, src.path, stage_mode))
    check_ready(repo, src.path, src.branch, "commit")
    head = _head_or_empty(repo, src.path)
    if not has_staged(repo, src.path, head):
        if required:
            _nothing_to_commit(stage_mode)
        return None
    paths = staged_paths(repo, src.path, head)
    change = gather(repo, src.path, src.branch, head, paths, target=runner.target)
    stat = staged_stat(repo, src.path, head)
    ctx.out.progress(f"committing {stat.describe()} on {src.branch}")
    message = message_for(ctx, repo, src.path, change)
    sha = git_commit(repo, src.path, message)
    ctx.out.success(f"committed {sha[:7]} {message.splitlines()[0]}")
    runner.run("post-commit")
    return CommitResult(sha, message)


def _nothing_to_commit(stage_mode: str) -> None:
    extra = {
        "none": " (--stage none commits only what is already staged)",
        "tracked": " (--stage tracked leaves untracked files out)",
    }.get(stage_mode, "")
    raise WtError(f"nothing to commit{extra}", hint="make some changes, or stage them with git add")


# -- squash ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SquashResult:
    """`outcome`: nothing, already_single, committed, squashed or no_net_changes."""

    outcome: str
    commits: int = 0
    sha: str | None = None
    message: str | None = None
    backup: str | None = None


def squash(
    ctx: Context,
    repo: Repository,
    src: Source,
    base: Base,
    stage_mode: str,
    runner: HookRunner,
) -> SquashResult:
    """Everything since the merge-base with `base`, plus uncommitted work, as one commit."""
    head = rev(repo, "HEAD", cwd=src.path)
    if head is None:
        raise WtError(f"{src.branch} has no commits yet", hint="commit something first")
    mb = merge_base(repo, head, base.sha)
    if mb is None:
        raise WtError(
            f"{src.branch} and {base.name} share no history; there is nothing to squash onto",
            hint="merge unrelated histories with git itself",
        )
    commits = commits_between(repo, mb, head)
    dirty = has_work(status(repo, src.path), stage_mode)
    if not commits and not dirty:
        ctx.out.info(f"nothing to squash: {src.branch} has no commits of its own")
        return SquashResult("nothing")
    if len(commits) == 1 and not dirty:
        ctx.out.info(f"nothing to squash: {src.branch} is already a single commit")
        return SquashResult("already_single", 1, head)
    if not commits:
        done = commit_work(ctx, repo, src, stage_mode, runner, required=False)
        if done is None:
            return SquashResult("nothing")
        return SquashResult("committed", 0, done.sha, done.message)
    runner.run("pre-commit")
    backup_name, backup = write_backup(repo, src, head, stage_mode, base.target)
    ctx.out.info(f"backed up {src.branch} as {backup_name} ({backup[:7]}){_encoding_note(src)}")
    _warn_auto_staged(ctx, stage(repo, src.path, stage_mode))
    check_ready(repo, src.path, src.branch, "squash")
    had_uncommitted = has_staged(repo, src.path, head)
    if len(commits) == 1 and not had_uncommitted:
        return SquashResult("already_single", 1, head, backup=backup)
    paths = staged_paths(repo, src.path, mb)
    what = plural(len(commits), "commit") + (" and uncommitted changes" if had_uncommitted else "")
    stat = staged_stat(repo, src.path, mb)
    ctx.out.progress(f"squashing {what} of {src.branch} into one ({stat.describe()})")
    change = gather(
        repo,
        src.path,
        src.branch,
        mb,
        paths,
        squashed=commits,
        target=base.target,
        had_uncommitted=had_uncommitted,
    )
    message = message_for(ctx, repo, src.path, change)
    # A soft reset as a compare-and-swap: index and files stay, the branch drops to mb.
    move_branch(repo, src.branch, mb, head, f"git-wt squash: drop to merge-base with {base.name}")
    if not has_staged(repo, src.path, mb):
        ctx.out.info(f"the {what} cancel out: {src.branch} now equals its merge-base")
        return SquashResult("no_net_changes", len(commits), mb, backup=backup)
    try:
        sha = git_commit(repo, src.path, message)
    except WtError:
        move_branch(repo, src.branch, head, mb, "git-wt squash: undo after a failed commit")
        raise
    ctx.out.success(f"squashed into {sha[:7]} {message.splitlines()[0]}")
    runner.run("post-commit")
    return SquashResult("squashed", len(commits), sha, message, backup)


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


def backup_ref(branch: str) -> str:
    """The backup ref of BRANCH: refs/wt-backup/ and the name as a single path component.

    `%` is written `%25` and `/` is written `%2F`, so `feature/x` is backed up as
    refs/wt-backup/feature%2Fx. No backup ref is then ever the parent directory of
    another (refs/wt-backup/a next to refs/wt-backup/a/b cannot exist), and names without
    `/` or `%` keep their plain form. An encoded name longer than 200 bytes is cut to its
    first 120 bytes followed by `%-` and the SHA-256 of the branch name (hex); `%-`
    appears in no other encoded name, so distinct branches never share a backup ref."""
    name = branch.replace("%", "%25").replace("/", "%2F")
    if len(name.encode()) > _BACKUP_NAME_MAX:
        head = name.encode()[:120].decode("utf-8", errors="ignore")
        name = f"{head}%-{hashlib.sha256(branch.encode()).hexdigest()}"
    return BACKUP_PREFIX + name


def _backup_ref_for(repo: Repository, branch: str) -> str:
    """backup_ref(), unless backups that older git-wt versions wrote under the plain name
    (refs/wt-backup/BRANCH/...) occupy it as a directory: then refs/wt-backup/-NAME, a
    name no branch can have (branch names never start with `-`)."""
    ref = backup_ref(branch)
    legacy = repo.git.out(
        "for-each-ref", "--count=1", "--format=%(refname)", ref + "/", cwd=repo.any_dir
    )
    if legacy.strip():
        return BACKUP_PREFIX + "-" + ref[len(BACKUP_PREFIX) :]
    return ref


def _encoding_note(src: Source) -> str:
    if "/" in src.branch or "%" in src.branch:
        return "; in backup ref names / is written %2F and % is written %25"
    return ""


def _ref_value(repo: Repository, ref: str) -> str | None:
    """What `ref` points at, unpeeled (None when it does not exist)."""
    result = repo.git.run(
        "rev-parse", "--verify", "--quiet", "--end-of-options", ref, cwd=repo.any_dir, check=False
    )
    return result.stdout.strip() if result.ok and result.stdout.strip() else None


def write_backup(
    repo: Repository, src: Source, head: str, stage_mode: str, onto: str
) -> tuple[str, str]:
    """Record HEAD plus the uncommitted work the squash takes under backup_ref(BRANCH).

    The backup commit's tree holds the files as they would be staged; its parents are
    HEAD and a commit of the index as it was, so partial staging is recoverable too.
    The ref is written by compare-and-swap against the value read just before (or must
    not exist yet), always with a reflog entry, so an earlier backup stays in the reflog
    and one written meanwhile by someone else is never overwritten. Returns (ref, sha)."""
    index_tree = repo.git.out("write-tree", cwd=src.path)
    work_tree = _work_tree(repo, src.path, stage_mode) if stage_mode != "none" else index_tree
    head_tree = repo.git.out("rev-parse", f"{head}^{{tree}}", cwd=src.path)
    if work_tree == head_tree and index_tree == head_tree:
        sha = head
    else:
        index_commit = repo.git.out(
            "commit-tree", index_tree, "-p", head, "-m", f"index of {src.branch}", cwd=src.path
        )
        sha = repo.git.out(
            "commit-tree",
            work_tree,
            "-p",
            head,
            "-p",
            index_commit,
            "-m",
            f"uncommitted work of {src.branch} before squashing",
            cwd=src.path,
        )
    ref = _backup_ref_for(repo, src.branch)
    old = _ref_value(repo, ref)
    result = repo.git.run(
        "update-ref",
        "--create-reflog",
        "-m",
        f"git-wt: {src.branch} before squashing onto {onto}",
        ref,
        sha,
        old or "",
        cwd=repo.any_dir,
        check=False,
    )
    if not result.ok:
        raise WtError(
            f"could not write the backup ref {ref}; {src.branch} was not squashed",
            detail=result.stderr.strip() or None,
            hint=f"look at `git reflog {ref}` (did something else write it meanwhile?), "
            "then run the command again",
        )
    return ref, sha


def work_tree(repo: Repository, path: str, stage_mode: str) -> str:
    """The tree a commit would get after staging per `stage_mode` (nothing is staged)."""
    if stage_mode == "none":
        return repo.git.out("write-tree", cwd=path)
    return _work_tree(repo, path, stage_mode)


def _work_tree(repo: Repository, path: str, stage_mode: str) -> str:
    """The tree `stage` would produce, built in a scratch index (the real one is untouched)."""
    index = repo.git.out("rev-parse", "--path-format=absolute", "--git-path", "index", cwd=path)
    fd, scratch = tempfile.mkstemp(prefix="git-wt-index-")
    os.close(fd)
    try:
        if os.path.exists(index):
            shutil.copyfile(index, scratch)
        else:
            os.unlink(scratch)
        env = scrubbed_env({"GIT_INDEX_FILE": scratch})
        flag = "--all" if stage_mode == "all" else "--update"
        repo.git.run("add", flag, "--", ":/", cwd=path, env=env)
        return repo.git.out("write-tree", cwd=path, env=env)
    finally:
        if os.path.exists(scratch):
            os.unlink(scratch)


# -- rebase ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RebaseResult:
    """`outcome`: up_to_date, fast_forwarded or rebased."""

    outcome: str
    head: str


def rebase(ctx: Context, repo: Repository, src: Source, onto: str, onto_name: str) -> RebaseResult:
    """Rebase the branch onto `onto` (a sha); a conflict leaves the rebase in progress."""
    head = rev(repo, "HEAD", cwd=src.path)
    if head is None:
        raise WtError(f"{src.branch} has no commits yet", hint="commit something first")
    mb = merge_base(repo, head, onto)
    if mb is None:
        raise WtError(
            f"{src.branch} and {onto_name} share no history; refusing to rebase",
            hint="join unrelated histories with git itself: git merge --allow-unrelated-histories",
        )
    if mb == onto:
        ctx.out.info(f"{src.branch} is already based on {onto_name}; no rebase needed")
        return RebaseResult("up_to_date", head)
    env = scrubbed_env({"GIT_EDITOR": "true", "GIT_SEQUENCE_EDITOR": "true"})
    if mb == head:
        repo.git.run("merge", "--ff-only", "--quiet", onto, cwd=src.path, env=env)
        ctx.out.success(f"fast-forwarded {src.branch} to {onto_name} ({onto[:7]})")
        return RebaseResult("fast_forwarded", onto)
    ctx.out.progress(f"rebasing {src.branch} onto {onto_name}")
    result = repo.git.run("rebase", "--quiet", onto, cwd=src.path, env=env, check=False)
    if not result.ok:
        output = (result.stdout + result.stderr).strip()
        if operation_in_progress(repo, src.path):
            conflicts = repo.git.run(
                "diff", "--name-only", "--diff-filter=U", "-z", cwd=src.path, check=False
            ).stdout
            names = [n for n in conflicts.split("\0") if n]
            raise WtError(
                f"rebasing {src.branch} onto {onto_name} stopped at a conflict"
                + (f" in {', '.join(names[:5])}" if names else "")
                + f"; the rebase is left in progress in {src.path}",
                detail=output or None,
                hint="resolve, `git add` the files and `git rebase --continue`, then run the "
                "command again; or give up with `git rebase --abort`",
            )
        raise WtError(
            f"git could not rebase {src.branch} onto {onto_name}",
            detail=output or None,
            hint="fix what git reports above (commit or stash local changes?), then run again",
        )
    new_head = rev(repo, "HEAD", cwd=src.path) or head
    ctx.out.success(f"rebased {src.branch} onto {onto_name}")
    return RebaseResult("rebased", new_head)


# -- fast-forward TARGET ----------------------------------------------------------------


@dataclass(frozen=True)
class PushResult:
    """`outcome`: up_to_date, fast_forwarded or merge_commit."""

    outcome: str
    target: str
    old: str
    new: str
    commits: int = 0
    stat: DiffStat = field(default_factory=DiffStat)


def check_target_worktree(repo: Repository, target: str, wt: Worktree) -> None:
    """TARGET's worktree must exist and not be stopped half-way through an operation."""
    if wt.is_prunable:
        raise WtError(
            f"the worktree of {target} is registered at {wt.path}, but the directory is missing",
            hint="git worktree prune",
        )
    what = operation_in_progress(repo, wt.path)
    if what:
        raise WtError(
            f"cannot update {target}: {what} is in progress in its worktree {wt.path}",
            hint=f"finish or abort it there first (cd {quote_arg(wt.path)})",
        )


@dataclass(frozen=True)
class Blocker:
    """A path in a worktree that an update would overwrite.

    `kind`: "changed" (an uncommitted change to a tracked file) or "untracked" (an
    untracked or ignored file, or a directory holding some, where the update writes)."""

    path: str
    kind: str


def blocking_paths(repo: Repository, wt_path: str, changes: list[tuple[str, str]]) -> list[Blocker]:
    """What in a worktree the incoming changes (status letter, path) would overwrite.

    Tracked files with uncommitted changes (staged or not) that the update touches, and
    anything not tracked there — untracked or gitignored files, symlinks, directories
    with such files inside — sitting where the update writes a file or needs a
    directory: `read-tree -m -u` silently replaces ignored files, and even a whole
    directory of them, so this check has to catch them first. A tracked, clean file
    there is no obstacle: the update replaces it, and it stays in the history."""
    entries = status(repo, wt_path)
    untracked = {e.path.rstrip("/") for e in entries if e.untracked}
    dirty = {e.path.rstrip("/") for e in entries} | {e.orig_path for e in entries if e.orig_path}
    index: set[str] = set()
    loaded = False

    def tracked(path: str) -> bool:
        nonlocal index, loaded
        if not loaded:
            out = repo.git.run("ls-files", "-z", "--full-name", cwd=wt_path).stdout
            index, loaded = {p for p in out.split("\0") if p}, True
        return path in index

    found: dict[str, str] = {}
    for letter, path in changes:
        if path in dirty:
            found[path] = "untracked" if path in untracked else "changed"
            continue
        if letter == "D":
            continue
        full = os.path.join(wt_path, path)
        if os.path.lexists(full) and not tracked(path):
            if os.path.islink(full) or not os.path.isdir(full):
                found[path] = "untracked"
                continue
            if _holds_untracked(full, path, tracked):
                found[path + "/"] = "untracked"
                continue
        parent = os.path.dirname(path)
        while parent:
            if parent in dirty:
                found[parent] = "untracked" if parent in untracked else "changed"
                break
            there = os.path.join(wt_path, parent)
            if os.path.islink(there) or (os.path.lexists(there) and not os.path.isdir(there)):
                if not tracked(parent):
                    found[parent] = "untracked"
                break
            parent = os.path.dirname(parent)
    return [Blocker(path, kind) for path, kind in sorted(found.items())]


def _holds_untracked(full: str, rel: str, tracked: Callable[[str], bool]) -> bool:
    """Is there anything but tracked files (and empty directories) below `full`?

    A directory that cannot be read counts as holding something."""
    unreadable: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(full, onerror=unreadable.append):
        sub = os.path.relpath(dirpath, full)
        prefix = rel if sub == "." else f"{rel}/{sub.replace(os.sep, '/')}"
        links = [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]
        for name in [*filenames, *links]:
            if not tracked(f"{prefix}/{name}"):
                return True
    return bool(unreadable)


def refuse_blockers(target: str, wt_path: str, blockers: list[Blocker]) -> None:
    """Refuse (exit 1, nothing touched) when an update of TARGET's worktree would lose work."""
    if not blockers:
        return
    kinds = {b.kind for b in blockers}
    cd = f"(cd {quote_arg(wt_path)})"
    if kinds == {"changed"}:
        message = "its worktree has uncommitted changes the merge would overwrite"
        hint = f"commit or stash them in {wt_path} first {cd}"
    elif kinds == {"untracked"}:
        message = "the merge would overwrite untracked or ignored files in its worktree"
        first = quote_arg(blockers[0].path.rstrip("/"))
        hint = (
            f"move them out of the way first, e.g. cd {quote_arg(wt_path)} && "
            f"mv -- {first} {first}.moved"
        )
    else:
        message = (
            "its worktree has uncommitted changes and untracked or ignored files the merge "
            "would overwrite"
        )
        hint = f"commit or stash the changes and move the other files away in {wt_path} first {cd}"
    paths = [b.path for b in blockers]
    more = [f"... and {len(paths) - 20} more"] if len(paths) > 20 else []
    raise WtError(
        f"cannot update {target}: {message}", detail="\n".join(paths[:20] + more), hint=hint
    )


def push(
    ctx: Context,
    repo: Repository,
    src: Source,
    target: str,
    *,
    no_ff: bool,
    action: str = "merge",
) -> PushResult:
    """Move local TARGET up to the branch's HEAD (or a merge commit with `no_ff`).

    The ref moves by compare-and-swap. When TARGET is checked out, its files follow by a
    two-tree `read-tree -m -u` that keeps unrelated uncommitted changes; overlapping
    ones refuse before the ref moves, and the files are rolled back if the ref raced."""
    repo.refresh_branches()
    repo.refresh_worktrees()
    head = rev(repo, "HEAD", cwd=src.path)
    old = rev(repo, f"refs/heads/{target}")
    if head is None or old is None:
        raise WtError(f"no local branch named {target}", hint="git wt list --branches")
    if head == old or is_ancestor(repo, head, old):
        ctx.out.info(f"{target} already contains {src.branch}; nothing to {action}")
        return PushResult("up_to_date", target, old, old)
    if not is_ancestor(repo, old, head):
        newer = commits_between(repo, head, old, limit=10)
        raise WtError(
            f"cannot fast-forward {target}: it has commits that {src.branch} does not have",
            detail="\n".join(f"{c.sha[:7]} {c.subject}" for c in newer),
            hint=f"rebase first: git wt step rebase {quote_arg(target)}",
        )
    commits = count_between(repo, old, head)
    stat = diff_stat(repo, old, head)
    new = head
    if no_ff:
        new = _merge_commit(repo, src, target, old, head)
    wt = repo.find_worktree_for_branch(target)
    reason = f"git-wt {action}: {src.branch} into {target}"
    if wt is None:
        move_branch(repo, target, new, old, reason)
    else:
        _update_checked_out(repo, target, wt, old, new, reason)
    outcome = "merge_commit" if no_ff else "fast_forwarded"
    return PushResult(outcome, target, old, new, commits, stat)


def _merge_commit(repo: Repository, src: Source, target: str, old: str, head: str) -> str:
    tree = repo.git.out("rev-parse", f"{head}^{{tree}}", cwd=repo.any_dir)
    message = f"Merge branch '{src.branch}' into {target}\n"
    created = repo.git.run(
        "commit-tree", tree, "-p", old, "-p", head, "-F", "-", cwd=src.path, input=message
    )
    return created.stdout.strip()


def _update_checked_out(
    repo: Repository, target: str, wt: Worktree, old: str, new: str, reason: str
) -> None:
    check_target_worktree(repo, target, wt)
    refuse_blockers(target, wt.path, blocking_paths(repo, wt.path, changed_paths(repo, old, new)))
    repo.git.run("update-index", "-q", "--refresh", cwd=wt.path, check=False)
    moved = repo.git.run("read-tree", "-m", "-u", old, new, cwd=wt.path, check=False)
    if not moved.ok:
        raise WtError(
            f"cannot update the files in {target}'s worktree; nothing was changed",
            detail=moved.stderr.strip() or None,
            hint=f"commit or stash the changes in {wt.path}, then run again",
        )
    result = repo.git.run(
        "update-ref", "-m", reason, f"refs/heads/{target}", new, old, cwd=repo.any_dir, check=False
    )
    if not result.ok:
        repo.git.run("read-tree", "-m", "-u", new, old, cwd=wt.path, check=False)
        raise WtError(
            f"{target} moved while git-wt was updating it; its files were put back",
            detail=result.stderr.strip() or None,
            hint="run the command again",
        )
