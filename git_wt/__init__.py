"""git-wt: git worktrees as easy as branches."""

__version__ = "0.1.0"
