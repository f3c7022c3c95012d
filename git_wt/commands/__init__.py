"""The command table: each entry is a module with NAME, HELP, add_arguments() and run()."""

from __future__ import annotations

# Order is the order of `git wt --help`.
COMMAND_MODULES = (
    "switch",
    "list",
    "remove",
    "merge",
    "undo",
    "step",
    "hook",
    "config",
)
