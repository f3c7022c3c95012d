"""Shell integration: generated wrapper and completion code, and the rc-file installer."""

from __future__ import annotations

# The shells `git wt config shell init` speaks, in the order help and docs list them.
SHELLS = ("bash", "zsh", "fish", "powershell")

# Bumped whenever the wrapper <-> git-wt contract (variables, file formats) changes, so
# git-wt can tell a wrapper it cannot talk to from one that is merely older.
PROTOCOL = 1

# Exported by the init code when a shell loads it: "PROTOCOL SHELL VERSION PID".
ACTIVE_VAR = "GIT_WT_SHELL_ACTIVE"

# Set by the wrapper for each run: the file to write the directory to cd to, the file
# to append a command to run after it, and the wrapper's shell.
CD_FILE = "GIT_WT_CD_FILE"
EXEC_FILE = "GIT_WT_EXEC_FILE"
SHELL_VAR = "GIT_WT_SHELL"
