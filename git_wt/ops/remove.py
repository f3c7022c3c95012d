"""Removing worktrees and branches: every refusal first, then the move to the trash and the
branch decision under the repository lock. `git wt remove`, merge's cleanup, `step prune`
and the picker all remove through here."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from git_wt.context import Context
from git_wt.errors import GitError, WtError
from git_wt.fs import repo_lock
from git_wt.git.merged import describe, integration_reason
from git_wt.git.refs import delete_branch
from git_wt.git.repository import Repository, Worktree, is_within
from git_wt.git.status import read_status
from git_wt.hooks import approval as hook_approval
from git_wt.hooks import lifecycle as hook_lifecycle
from git_wt.ops import undo
from git_wt.ops.targets import expand_shortcut, find_worktree
from git_wt.ops.transaction import Transaction, transaction
from git_wt.shell import directives
from git_wt.templates.quoting import quote_arg
from git_wt.templates.variables import full_context
from git_wt.ui.output import Output
from git_wt.ui.words import Name


class BranchOutcome(Name):
    """What became of the branch of a removed worktree (the JSON `branch_outcome`)."""

    NONE = "none"
    DELETED = "deleted"
    RETAINED_FLAG = "retained_flag"
    RETAINED_CHECKED_OUT = "retained_checked_out"
    RETAINED_UNMERGED = "retained_unmerged"
    RETAINED_RACED = "retained_raced"


@dataclass(frozen=True)
class RemoveOptions:
    force: bool = False  # remove even with uncommitted changes
    force_delete: bool = False  # delete the branch even if unmerged
    keep_branch: bool = False  # keep the branch in every case
    foreground: bool = False  # delete (with keep 0) and purge before returning
    hooks: bool = True
    yes: bool = False  # approve project hooks


def approve(ctx: Context, repo: Repository, opts: RemoveOptions) -> None:
    """Ask once, up front, for the project's remove hooks (before anything is removed)."""
    hook_approval.approve_operation(
        ctx, repo, ("pre-remove", "post-remove"), enabled=opts.hooks, yes=opts.yes
    )


@dataclass
class Removal:
    """One validated removal: a worktree (maybe stale) and/or a branch."""

    branch: str | None
    worktree: Worktree | None
    branch_sha: str | None
    is_current: bool = False
    stale: bool = False
    outcome: BranchOutcome = BranchOutcome.NONE
    reason: str | None = None
    # Set by merge: the branch it merged into (integration is judged against it) and
    # the worktree the shell lands in; None means the default branch and home.
    target: str | None = None
    landing: str | None = None

    @property
    def path(self) -> str | None:
        return self.worktree.path if self.worktree else None

    def as_json(self) -> dict[str, Any]:
        return {"branch": self.branch, "path": self.path, "branch_outcome": self.outcome.value}


# -- validation ----------------------------------------------------------------------


def validate(repo: Repository, selector: str, opts: RemoveOptions, cwd: str) -> Removal:
    """Check every refusal of SPEC 2.3 without changing anything."""
    expanded = expand_shortcut(repo, selector)
    wt = expanded if isinstance(expanded, Worktree) else find_worktree(repo, expanded, cwd)
    if wt is None:
        assert isinstance(expanded, str)
        return _validate_branch_only(repo, expanded, opts)
    name = wt.branch or wt.path
    if wt.is_main:
        raise WtError(
            f"the primary worktree cannot be removed ({wt.path})",
            hint="remove other worktrees by branch: git wt remove BRANCH",
        )
    if wt.branch and wt.branch == repo.default_branch_or_none() and not opts.force_delete:
        raise WtError(
            f"{wt.branch} is the default branch; refusing to remove it",
            hint=f"to remove it anyway: git wt remove -D {quote_arg(wt.branch)}",
        )
    if wt.is_locked:
        why = f" ({wt.locked})" if wt.locked else ""
        raise WtError(
            f"the worktree of {name} is locked{why}",
            hint=f"git worktree unlock {quote_arg(wt.path)}",
        )
    stale = not os.path.isdir(wt.path)
    if not stale:
        _check_readable(wt.path)
    if wt.prunable is not None and not stale:
        raise WtError(
            f"{wt.path} exists but is not the worktree git registered there",
            hint="if the worktree was moved: git worktree repair; "
            "if it is gone for good: git worktree prune",
        )
    if not stale:
        _check_occupant(repo, wt)
        _check_no_nested(repo, wt)
        if not opts.force:
            _check_clean(repo, wt)
            _check_no_submodule_history(repo, wt)
    if not opts.force_delete:
        _check_commits_kept(repo, wt, stale=stale)
    is_current = repo.toplevel is not None and os.path.normpath(wt.path) == repo.toplevel
    return Removal(wt.branch, wt, _branch_sha(repo, wt.branch), is_current=is_current, stale=stale)


def _validate_branch_only(repo: Repository, name: str, opts: RemoveOptions) -> Removal:
    if name in repo.local_branches:
        if name == repo.default_branch_or_none() and not opts.force_delete:
            raise WtError(
                f"{name} is the default branch; refusing to delete it",
                hint=f"to delete it anyway: git wt remove -D {quote_arg(name)}",
            )
        return Removal(name, None, repo.local_branches[name])
    stripped = repo.strip_remote(name)
    remote_only = repo.remotes_having(name) or (stripped and name in repo.remote_branches)
    if remote_only:
        raise WtError(
            f"{name} exists only on a remote; there is nothing local to remove",
            hint="git wt list --branches --remotes",
        )
    raise WtError(f"no worktree or branch named {name}", hint="git wt list --branches")


def _branch_sha(repo: Repository, branch: str | None) -> str | None:
    return repo.local_branches.get(branch) if branch else None


def _check_readable(path: str) -> None:
    """Say so when the directory cannot be read (git then calls the worktree prunable)."""
    try:
        os.stat(os.path.join(path, ".git"))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise WtError(
            f"cannot read {path}: {(exc.strerror or str(exc)).lower()}",
            hint=f"give yourself access first (chmod u+rwx {quote_arg(path)}), then run it again",
        ) from None
    if not os.access(path, os.R_OK | os.X_OK):
        raise WtError(
            f"cannot read {path}: permission denied",
            hint=f"give yourself access first (chmod u+rwx {quote_arg(path)}), then run it again",
        )


def _check_occupant(repo: Repository, wt: Worktree) -> None:
    """The directory must be the worktree registered there, not something moved in."""
    dotgit = os.path.join(wt.path, ".git")
    admin = None
    try:
        with open(dotgit, encoding="utf-8") as handle:
            line = handle.readline().strip()
        if line.startswith("gitdir:"):
            admin = os.path.normpath(os.path.join(wt.path, line[len("gitdir:") :].strip()))
    except OSError:
        pass
    points_back = False
    if admin and is_within(admin, repo.common_dir):
        try:
            with open(os.path.join(admin, "gitdir"), encoding="utf-8") as handle:
                back = os.path.normpath(handle.readline().strip())
            points_back = os.path.realpath(back) == os.path.realpath(dotgit)
        except OSError:
            points_back = False
    if not points_back:
        raise WtError(
            f"{wt.path} does not hold the worktree registered there",
            hint="check what is in that directory; `git worktree repair` fixes moved worktrees",
        )


def _unreachable(repo: Repository, sha: str) -> bool:
    """True when no shared ref (branch, tag, remote, ...) contains the commit."""
    found = repo.git.run(
        "for-each-ref",
        "--count=1",
        "--format=%(refname)",
        "--contains",
        sha,
        cwd=repo.any_dir,
        check=False,
    )
    return found.ok and not found.stdout.strip()


def _check_commits_kept(repo: Repository, wt: Worktree, *, stale: bool) -> None:
    """A detached HEAD or a per-worktree ref may hold the only copy of some commits."""
    held: list[tuple[str, str]] = []
    if wt.branch is None and wt.head:
        held.append(("HEAD", wt.head))
    if not stale:
        refs = repo.git.run(
            "for-each-ref",
            "--format=%(objectname) %(refname)",
            "refs/worktree/",
            cwd=wt.path,
            check=False,
        )
        for line in refs.stdout.splitlines():
            sha, _, ref = line.partition(" ")
            held.append((ref, sha))
    lost = [(ref, sha) for ref, sha in held if _unreachable(repo, sha)]
    if not lost:
        return
    ref, sha = lost[0]
    name = wt.branch or wt.path
    raise WtError(
        f"the worktree of {name} holds commits that no branch or tag contains ({ref} at {sha[:7]})",
        hint=f"keep them on a branch: git branch NAME {sha[:12]}; "
        f"or throw them away: git wt remove -D {quote_arg(name)}",
    )


def _check_no_submodule_history(repo: Repository, wt: Worktree) -> None:
    """Submodules initialized in a worktree keep their repositories in its git dir."""
    modules = os.path.join(repo.worktree_git_dir(wt), "modules")
    if os.path.isdir(modules) and os.listdir(modules):
        name = wt.branch or wt.path
        raise WtError(
            f"the worktree of {name} has initialized submodules whose history lives only there",
            hint="push the submodules' commits first, then remove it with: "
            f"git wt remove --force {quote_arg(name)}",
        )


def _check_no_nested(repo: Repository, wt: Worktree) -> None:
    """Moving a directory must never take another worktree (and its work) with it."""
    for other in repo.worktrees:
        if other.path != wt.path and not other.bare and is_within(other.path, wt.path):
            raise WtError(
                f"the worktree of {wt.branch or wt.path} contains another worktree "
                f"({other.branch or 'detached'} at {other.path})",
                hint="remove the inner one first: git wt remove " + quote_arg(other.path),
            )


def _check_clean(repo: Repository, wt: Worktree) -> None:
    entries = [e.short() for e in read_status(repo, wt.path, untracked="normal").entries]
    entries += hidden_changes(repo, wt.path)
    if entries:
        name = wt.branch or wt.path
        shown = "\n".join(entries[:10]) + ("\n..." if len(entries) > 10 else "")
        raise WtError(
            f"the worktree of {name} has uncommitted changes",
            detail=shown,
            hint="commit or stash them, or throw them away with: git wt remove --force "
            + quote_arg(name),
        )


def hidden_changes(repo: Repository, path: str) -> list[str]:
    """Changes `git status` does not show, as `XY path (flag)` lines: files marked
    assume-unchanged or skip-worktree that differ from the index, found by hashing them
    as git would (an absent skip-worktree file is a sparse checkout, not a change)."""
    listed = repo.git.run("ls-files", "-v", "-s", "-z", cwd=path, check=False)
    hidden: dict[str, tuple[str, str]] = {}  # path -> (index sha, flag)
    for record in listed.stdout.split("\0"):
        meta, _, name = record.partition("\t")
        fields = meta.split(" ")
        if len(fields) != 4 or not (fields[0].islower() or fields[0] == "S"):
            continue
        if fields[1] in ("100644", "100755"):  # regular files (not links or submodules)
            flag = "skip-worktree" if fields[0] in "Ss" else "assume-unchanged"
            hidden[name] = (fields[2], flag)
    changed: dict[str, str] = {}  # path -> status code
    present = []
    for name, (_, flag) in hidden.items():
        if "\n" in name:
            changed[name] = " M"  # cannot be hashed by name; count it as changed
        elif os.path.lexists(os.path.join(path, name)):
            present.append(name)
        elif flag == "assume-unchanged":
            changed[name] = " D"
    if present:
        hashed = repo.git.run(
            "hash-object",
            "--stdin-paths",
            cwd=path,
            input="".join(f"{name}\n" for name in present),
            check=False,
        )
        sums = hashed.stdout.split()
        if not hashed.ok or len(sums) != len(present):
            sums = [""] * len(present)  # unreadable: count every one as changed
        for name, now in zip(present, sums, strict=True):
            if now != hidden[name][0]:
                changed[name] = " M"
    return [f"{changed[name]} {name} ({hidden[name][1]})" for name in sorted(changed)]


# -- execution -----------------------------------------------------------------------


def execute(ctx: Context, repo: Repository, removal: Removal, opts: RemoveOptions) -> Removal:
    wt = removal.worktree
    keep = undo.keep_seconds(repo)  # an invalid wt.remove.keep fails before any change
    hook_ctx = _hook_context(repo, removal)
    if wt is not None and not removal.stale:
        hook_lifecycle.run_hooks(
            ctx, repo, "pre-remove", hook_ctx, enabled=opts.hooks, yes=opts.yes, cwd=wt.path
        )
    title = f"remove {removal.branch or removal.path}"
    with repo_lock(repo.state_dir), transaction(repo, "remove", title) as txn:
        _revalidate(repo, removal)
        entry = None
        if wt is not None and not removal.stale:
            entry = _detach_worktree(repo, removal, opts, keep, txn)
        else:
            if wt is not None:
                repo.git.run("worktree", "remove", "--force", "--", wt.path, cwd=repo.any_dir)
            if keep and removal.branch and removal.branch_sha:
                # Only the branch goes: keep its tip and config in case it is deleted.
                entry = undo.open_entry(repo, branch=removal.branch, sha=removal.branch_sha)
        txn.settle()  # the worktree is gone; a signal now waits for the branch decision
        _decide_branch(repo, removal, opts)
        if entry is not None and not entry.has_tree and removal.outcome != BranchOutcome.DELETED:
            undo.discard(entry, foreground=True)  # nothing was taken away
            entry = None
    if removal.is_current:
        home = removal.landing or repo.home_dir
        landing = directives.landing_dir(home, repo.toplevel, repo.prefix)
        # This process's cwd went with the worktree: every git call and hook after this
        # names its own directory, and the shell is told where to go.
        directives.request_cd(landing, ctx.out)
    report(ctx.out, removal)
    if entry is not None and not keep:
        undo.discard(entry, foreground=opts.foreground)
    undo.purge_expired(repo, foreground=opts.foreground)
    if wt is not None:
        hook_lifecycle.run_hooks(
            ctx,
            repo,
            "post-remove",
            hook_ctx,
            enabled=opts.hooks,
            yes=opts.yes,
            cwd=repo.home_dir,
        )
    return removal


def _revalidate(repo: Repository, removal: Removal) -> None:
    """Under the lock: another git-wt may have removed the same thing meanwhile."""
    repo.refresh_worktrees()
    repo.refresh_branches()
    wt = removal.worktree
    if wt is not None and repo.find_worktree_at(wt.path) is None:
        raise WtError(
            f"the worktree of {wt.branch or wt.path} was removed meanwhile", hint="git wt list"
        )
    if wt is not None and not removal.stale and not os.path.isdir(wt.path):
        removal.stale = True
    if removal.branch is not None and removal.branch not in repo.local_branches:
        if wt is None:
            raise WtError(
                f"branch {removal.branch} was deleted meanwhile", hint="git wt list --branches"
            )
        removal.branch_sha = None  # nothing left to decide about


def _detach_worktree(
    repo: Repository, removal: Removal, opts: RemoveOptions, keep: int, txn: Transaction
) -> undo.Entry | None:
    """Move the directory and its git directory into a trash entry (which unregisters the
    worktree); returns the entry, or None when the directory had to be deleted in place."""
    wt = removal.worktree
    assert wt is not None
    if not opts.force:
        _check_clean(repo, wt)  # again, now that hooks have run
    admin = repo.worktree_git_dir(wt)
    entry = undo.open_entry(
        repo,
        branch=wt.branch,
        sha=removal.branch_sha,
        head=wt.head,
        path=wt.path,
        admin=os.path.basename(admin),
        with_config=keep > 0,
    )
    # Until the git directory follows, a rollback moves the directory back (and drops
    # the entry); after that, the removal stands and the entry is what undo restores.
    txn.will("detach", path=wt.path, trash=entry.tree, entry=entry.dir)
    try:
        os.rename(wt.path, entry.tree)
    except OSError:
        # Another filesystem (or no permission to rename): let git delete it in place.
        undo.discard(entry, foreground=True)
        repo.git.run("worktree", "remove", "--force", "--", wt.path, cwd=repo.any_dir)
        return None
    txn.checkpoint()
    try:
        undo.keep_git_dir(repo, entry, admin)
    except OSError:
        # Not where git keeps it: let git drop the registration (the entry keeps the files).
        try:
            repo.git.run("worktree", "remove", "--force", "--", wt.path, cwd=repo.any_dir)
        except GitError:
            os.rename(entry.tree, wt.path)  # put it back: nothing half-done
            undo.discard(entry, foreground=True)
            raise
    return entry


def _decide_branch(repo: Repository, removal: Removal, opts: RemoveOptions) -> None:
    branch, sha = removal.branch, removal.branch_sha
    if branch is None or sha is None:
        removal.outcome = BranchOutcome.NONE
        return
    if opts.keep_branch:
        removal.outcome = BranchOutcome.RETAINED_FLAG
        return
    repo.refresh_worktrees()
    if repo.find_worktree_for_branch(branch) is not None:
        removal.outcome = BranchOutcome.RETAINED_CHECKED_OUT
        return
    if not opts.force_delete:
        default = removal.target or repo.default_branch_or_none()
        target_sha = repo.local_branches.get(default) if default else None
        reason = (
            integration_reason(repo.git, repo.common_dir, sha, target_sha) if target_sha else None
        )
        if reason is None:
            removal.outcome = BranchOutcome.RETAINED_UNMERGED
            return
        removal.reason = describe(reason, default or "")
    deleted = delete_branch(repo, branch, sha)
    removal.outcome = BranchOutcome.DELETED if deleted else BranchOutcome.RETAINED_RACED


def _hook_context(repo: Repository, removal: Removal) -> dict[str, Any]:
    path = removal.path or repo.home_dir
    home = removal.landing or repo.home_dir
    return full_context(
        repo,
        branch=removal.branch,
        worktree_path=path,
        commit=removal.branch_sha or (removal.worktree.head if removal.worktree else None),
        target=removal.target or repo.default_branch_or_none(),
        target_worktree_path=home,
        cwd=home,
    )


def report(out: Output, removal: Removal) -> None:
    """What happened, in words (the same for remove, merge cleanup, prune and the picker)."""
    branch = removal.branch
    q = quote_arg(branch) if branch else ""
    if removal.worktree is None:
        what = f"branch {branch}"
    elif removal.stale:
        what = f"the stale worktree entry of {branch or removal.path}"
    else:
        what = f"the worktree of {branch or 'a detached HEAD'} at {removal.path}"
    outcome = removal.outcome
    if outcome is BranchOutcome.DELETED:
        because = f" ({removal.reason})" if removal.reason else " (--force-delete)"
        if removal.worktree is None:
            out.success(f"deleted branch {branch}{because}")
        else:
            out.success(f"removed {what} and deleted its branch{because}")
        return
    if removal.worktree is None:
        # A branch-only removal that kept the branch did nothing; say why.
        out.warning(f"kept branch {branch}: it has work that is not in the default branch")
        out.hint(f"to delete it anyway: git wt remove -D {q}")
        return
    out.success(f"removed {what}")
    if outcome is BranchOutcome.RETAINED_UNMERGED:
        out.hint(f"kept branch {branch}: not merged yet; to delete it: git wt remove -D {q}")
    elif outcome is BranchOutcome.RETAINED_CHECKED_OUT:
        out.warning(f"kept branch {branch}: another worktree has it checked out")
    elif outcome is BranchOutcome.RETAINED_RACED:
        out.warning(f"kept branch {branch}: it moved while being removed")
