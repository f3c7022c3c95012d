"""Is a branch's work already in the default branch? The checks of SPEC 2.3, cheapest first."""

from __future__ import annotations

from git_wt.git.run import Git
from git_wt.ui.words import Name


class IntegrationReason(Name):
    """Why a branch counts as integrated (the JSON `integration` value), cheapest first."""

    SAME_COMMIT = "same_commit"
    ANCESTOR = "ancestor"
    NO_ADDED_CHANGES = "no_added_changes"
    TREES_MATCH = "trees_match"
    MERGE_ADDS_NOTHING = "merge_adds_nothing"
    PATCH_ID_MATCH = "patch_id_match"


REASONS = tuple(r.value for r in IntegrationReason)

DESCRIPTIONS = {
    IntegrationReason.SAME_COMMIT: "same commit as {target}",
    IntegrationReason.ANCESTOR: "already contained in {target}",
    IntegrationReason.NO_ADDED_CHANGES: "no changes of its own since it left {target}",
    IntegrationReason.TREES_MATCH: "same files as {target}",
    IntegrationReason.MERGE_ADDS_NOTHING: "merging it into {target} would change nothing",
    IntegrationReason.PATCH_ID_MATCH: "its changes were applied to {target} as one commit",
}

PATCH_ID_SCAN_LIMIT = 500


def describe(reason: str, target: str) -> str:
    return DESCRIPTIONS[IntegrationReason(reason)].format(target=target)


def integration_reason(
    git: Git,
    cwd: str,
    branch_sha: str,
    target_sha: str,
    *,
    ahead: int | None = None,
    has_changes: bool | None = None,
    trees: tuple[str, str] | None = None,
    merge_base: str | None = None,
) -> IntegrationReason | None:
    """The first integration check that holds, or None (also for unrelated histories).

    Callers that already know some facts (`git wt list` has them from its other columns)
    pass them to skip git calls: `ahead` (commits on the branch not in the target),
    `has_changes` (does the branch differ from its merge-base with the target),
    `trees` (the tree SHAs of branch and target) and `merge_base` (their only merge
    base). The answer is the same either way.
    """
    if branch_sha == target_sha:
        return IntegrationReason.SAME_COMMIT
    if ahead is None:
        merge_base = merge_base or _merge_base(git, cwd, branch_sha, target_sha)
        if merge_base is None:
            return None
        if merge_base == branch_sha:
            return IntegrationReason.ANCESTOR
    elif ahead == 0:
        return IntegrationReason.ANCESTOR
    if has_changes is None:
        if merge_base is None:
            merge_base = _merge_base(git, cwd, branch_sha, target_sha)
            if merge_base is None:
                return None
        has_changes = not git.ok("diff", "--quiet", merge_base, branch_sha, "--", cwd=cwd)
    if not has_changes:
        return IntegrationReason.NO_ADDED_CHANGES
    if trees is None:
        found = git.run(
            "rev-parse", f"{branch_sha}^{{tree}}", f"{target_sha}^{{tree}}", cwd=cwd
        ).stdout.split()
        trees = (found[0], found[1]) if len(found) == 2 else ("", "")
    if trees[0] and trees[0] == trees[1]:
        return IntegrationReason.TREES_MATCH
    merged = git.run(
        "merge-tree",
        "--write-tree",
        "--no-messages",
        target_sha,
        branch_sha,
        cwd=cwd,
        check=False,
    )
    if merged.ok:
        if merged.stdout.split("\n", 1)[0].strip() == trees[1]:
            return IntegrationReason.MERGE_ADDS_NOTHING
        return None
    if merge_base is None:
        merge_base = _merge_base(git, cwd, branch_sha, target_sha)
        if merge_base is None:
            return None
    if _patch_id_matches(git, cwd, merge_base, branch_sha, target_sha):
        return IntegrationReason.PATCH_ID_MATCH
    return None


def _merge_base(git: Git, cwd: str, a: str, b: str) -> str | None:
    found = git.run("merge-base", a, b, cwd=cwd, check=False)
    return found.stdout.strip() if found.ok else None


def _patch_id(git: Git, cwd: str, diff: str) -> str | None:
    if not diff.strip():
        return None
    out = git.run("patch-id", "--verbatim", cwd=cwd, input=diff, check=False).stdout.split()
    return out[0] if out else None


def _patch_id_matches(
    git: Git, cwd: str, merge_base: str, branch_sha: str, target_sha: str
) -> bool:
    """Did one commit on the target apply the branch's whole change (a squash merge)?"""
    whole = git.run(
        "diff",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--full-index",
        merge_base,
        branch_sha,
        cwd=cwd,
    ).stdout
    wanted = _patch_id(git, cwd, whole)
    if wanted is None:
        return False
    commits = git.run(
        "rev-list",
        f"--max-count={PATCH_ID_SCAN_LIMIT + 1}",
        "--no-merges",
        f"{merge_base}..{target_sha}",
        cwd=cwd,
    ).stdout.split()
    if not commits or len(commits) > PATCH_ID_SCAN_LIMIT:
        return False
    patches = git.run(
        "diff-tree",
        "--stdin",
        "-p",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--full-index",
        cwd=cwd,
        input="\n".join(commits) + "\n",
    ).stdout
    ids = git.run("patch-id", "--verbatim", cwd=cwd, input=patches, check=False).stdout
    return any(line.split()[0] == wanted for line in ids.splitlines() if line.split())
