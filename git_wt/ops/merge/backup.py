"""Backup refs (refs/wt-backup/...): what a squash replaced, kept recoverable."""

from __future__ import annotations

import hashlib

from git_wt.errors import WtError
from git_wt.git.repository import Repository
from git_wt.git.status import StageMode
from git_wt.ops.merge.source import Source, work_tree
from git_wt.templates.quoting import quote_arg

BACKUP_PREFIX = "refs/wt-backup/"
# Longer encoded names are shortened (a loose ref is one file; names have a length limit).
_BACKUP_NAME_MAX = 200


def backup_ref(branch: str) -> str:
    """The backup ref of BRANCH: refs/wt-backup/ and the name as a single path component.

    `%` is written `%25` and `/` is written `%2F`, so `feature/x` is backed up as
    refs/wt-backup/feature%2Fx. No backup ref is then ever the parent directory of
    another (refs/wt-backup/a next to refs/wt-backup/a/b cannot exist), and names without
    `/` or `%` keep their plain form. An encoded name longer than 200 bytes is cut to its
    first 120 bytes followed by `%-` and the SHA-256 of the branch name (hex); `%-`
    appears in no other encoded name, so distinct branches never share a backup ref."""
    name = branch.replace("%", "%25").replace("/", "%2F")
    # A name that is not UTF-8 (git allows it) counts and hashes its own bytes.
    raw = name.encode("utf-8", "surrogateescape")
    if len(raw) > _BACKUP_NAME_MAX:
        head = raw[:120].decode("utf-8", errors="ignore")
        digest = hashlib.sha256(branch.encode("utf-8", "surrogateescape")).hexdigest()
        name = f"{head}%-{digest}"
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


def encoding_note(branch: str) -> str:
    """What to add when the backup ref's name is not the branch name verbatim."""
    if "/" in branch or "%" in branch:
        return "; in backup ref names / is written %2F and % is written %25"
    return ""


def _ref_value(repo: Repository, ref: str) -> str | None:
    """What `ref` points at, unpeeled (None when it does not exist)."""
    result = repo.git.run(
        "rev-parse", "--verify", "--quiet", "--end-of-options", ref, cwd=repo.any_dir, check=False
    )
    return result.stdout.strip() if result.ok and result.stdout.strip() else None


def write_backup(
    repo: Repository, src: Source, head: str, mode: StageMode, onto: str
) -> tuple[str, str]:
    """Record HEAD plus the uncommitted work the squash takes under backup_ref(BRANCH).

    The backup commit's tree holds the files as they would be staged; its parents are
    HEAD and a commit of the index as it was, so partial staging is recoverable too.
    The ref is written by compare-and-swap against the value read just before (or must
    not exist yet), always with a reflog entry, so an earlier backup stays in the reflog
    and one written meanwhile by someone else is never overwritten. Returns (ref, sha)."""
    index_tree = repo.git.out("write-tree", cwd=src.path)
    staged_tree = work_tree(repo, src.path, mode) if mode is not StageMode.NONE else index_tree
    head_tree = repo.git.out("rev-parse", f"{head}^{{tree}}", cwd=src.path)
    if staged_tree == head_tree and index_tree == head_tree:
        sha = head
    else:
        index_commit = repo.git.out(
            "commit-tree", index_tree, "-p", head, "-m", f"index of {src.branch}", cwd=src.path
        )
        sha = repo.git.out(
            "commit-tree",
            staged_tree,
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
            hint=f"look at `git reflog {quote_arg(ref)}` (did something else write it meanwhile?), "
            "then run the command again",
        )
    return ref, sha
