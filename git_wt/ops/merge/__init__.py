"""git wt merge and its steps: source, commit, squash, backup, rebase, push, diff, message."""
