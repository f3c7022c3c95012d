"""Every git config key git-wt reads or writes, with its default."""

from __future__ import annotations

DEFAULT_BRANCH = "wt.default-branch"
WORKTREE_PATH = "wt.worktree-path"
PREVIOUS = "wt.state.previous"
HOOK_PREFIX = "wt.hook."
LIST_COLUMNS = "wt.list.columns"
LIST_BRANCHES = "wt.list.branches"
LIST_REMOTES = "wt.list.remotes"
LIST_FULL = "wt.list.full"
LIST_JOBS = "wt.list.jobs"
MERGE_SQUASH = "wt.merge.squash"
MERGE_COMMIT = "wt.merge.commit"
MERGE_REBASE = "wt.merge.rebase"
MERGE_REMOVE = "wt.merge.remove"
MERGE_FF = "wt.merge.ff"
MERGE_STAGE = "wt.merge.stage"
MERGE_WAIT = "wt.merge.wait"  # how long a merge waits for its turn (default 10m)
COMMIT_STAGE = "wt.commit.stage"
COMMIT_GENERATION_COMMAND = "wt.commit.generation-command"
COMMIT_GENERATION_TIMEOUT = "wt.commit.generation-timeout"
COPY_IGNORED_REFLINK = "wt.copy-ignored.reflink"
REMOVE_KEEP = "wt.remove.keep"
# Off by default: a template value with shell characters never reaches a program that may
# run it as code (docs/hooks.md, "What no branch name can do").
TEMPLATE_ALLOW_UNSAFE_VALUES = "wt.template.allow-unsafe-values"
INIT_DEFAULT_BRANCH = "init.defaultbranch"
CHECKOUT_DEFAULT_REMOTE = "checkout.defaultremote"

# How long a removed worktree waits in the undo trash (`git wt undo`); 0 deletes at once.
DEFAULT_REMOVE_KEEP = "1d"

DEFAULT_WORKTREE_PATH = "{{ repo_path }}/../{{ repo }}.{{ branch | sanitize }}"
# A bare repository kept in a hidden directory (`project/.bare`, `project/.git`) puts
# its worktrees inside the project directory instead of beside it.
DEFAULT_WORKTREE_PATH_HIDDEN_BARE = "{{ repo_path }}/{{ branch | sanitize }}"
