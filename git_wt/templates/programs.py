"""What a command does with its arguments: data, a shell script to quote for, or unknown.

`classify` reads one simple command's words (after the shell's quote removal; `None` for
a word git-wt cannot know, e.g. one holding `$HOME` or a template value in a place that
picks the program). It skips the wrappers that run another command (`env`, `timeout`,
`nice`, `nohup`, `setsid`, `stdbuf`, `xargs`, `command`, `exec`, `time`), finds the
program, and says for every word whether it is plain data for a program known not to
run it, the script of `sh|bash|zsh|dash|ksh -c` or `eval` (which the scanner quotes for
once more), or an argument of a program git-wt cannot prove safe.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

# Shells whose `-c SCRIPT` the POSIX scanner can read.
SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh"})
_SHELL_LONG_WITH_VALUE = frozenset({"--rcfile", "--init-file", "--emulate"})

# Programs and builtins that never run an argument (or their standard input) as code.
# Anything not here may: npm scripts, tmux, ssh, find -exec, sed's `e`, awk's system().
_SAFE = frozenset(
    {
        ":",
        "true",
        "false",
        "echo",
        "printf",
        "cd",
        "pwd",
        "test",
        "[",
        "[[",
        "cat",
        "cp",
        "mv",
        "rm",
        "rmdir",
        "mkdir",
        "ln",
        "touch",
        "ls",
        "chmod",
        "stat",
        "basename",
        "dirname",
        "realpath",
        "readlink",
        "head",
        "tail",
        "wc",
        "tee",
        "grep",
        "mktemp",
        "sleep",
        "git",
    }
)
# bash evaluates the operands of these as arithmetic (where a subscript `a[$(cmd)]` runs
# code) or names variables with them (`test -v 'a[$(cmd)]'`).
_ARITH_OPERATORS = frozenset({"-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-v", "-R"})
# git subcommands that treat their arguments as names, paths and messages only.
_GIT_SAFE = frozenset(
    {
        "add",
        "blame",
        "branch",
        "checkout",
        "cherry-pick",
        "commit",
        "describe",
        "diff",
        "for-each-ref",
        "grep",
        "init",
        "log",
        "ls-files",
        "merge",
        "merge-base",
        "mv",
        "reset",
        "restore",
        "rev-list",
        "rev-parse",
        "rm",
        "show",
        "show-ref",
        "stash",
        "status",
        "switch",
        "symbolic-ref",
        "tag",
        "update-ref",
        "worktree",
    }
)
_GIT_FLAGS = frozenset(
    {"--no-pager", "-P", "--bare", "--no-replace-objects", "--literal-pathspecs", "--paginate"}
)
_GIT_WITH_VALUE = frozenset({"-C"})
_GIT_LONG_WITH_VALUE = ("--git-dir=", "--work-tree=", "--namespace=")

# Reserved words that may stand before a command (`if cmd`, `! cmd`, `{ cmd; }`).
_RESERVED = frozenset(
    {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}"}
)
# Reserved words whose other words are data (`for NAME in WORDS`, `case WORD in`).
_DATA_RESERVED = frozenset({"for", "select", "case", "esac", "in"})
ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\+?=")


@dataclass(frozen=True)
class _Wrapper:
    """How a command-running wrapper takes its options before the command."""

    flags: frozenset[str] = frozenset()  # options without a value, short or long
    short_value: frozenset[str] = frozenset()  # -X VALUE or -XVALUE
    long_value: frozenset[str] = frozenset()  # --name VALUE or --name=VALUE
    operands: int = 0  # words after the options and before the command (timeout's DURATION)
    assignments: bool = False  # env: NAME=VALUE words before the command
    numeric_flags: bool = False  # nice -10


_WRAPPERS: dict[str, _Wrapper] = {
    "env": _Wrapper(
        flags=frozenset({"-i", "-", "-0", "--ignore-environment", "--null", "-v", "--debug"}),
        short_value=frozenset({"-u", "-C"}),
        long_value=frozenset({"--unset", "--chdir"}),
        assignments=True,
    ),
    "timeout": _Wrapper(
        flags=frozenset({"--preserve-status", "--foreground", "-v", "--verbose"}),
        short_value=frozenset({"-s", "-k"}),
        long_value=frozenset({"--signal", "--kill-after"}),
        operands=1,
    ),
    "nice": _Wrapper(
        short_value=frozenset({"-n"}), long_value=frozenset({"--adjustment"}), numeric_flags=True
    ),
    "nohup": _Wrapper(),
    "setsid": _Wrapper(flags=frozenset({"-c", "-f", "-w", "--ctty", "--fork", "--wait"})),
    "stdbuf": _Wrapper(
        short_value=frozenset({"-i", "-o", "-e"}),
        long_value=frozenset({"--input", "--output", "--error"}),
    ),
    "xargs": _Wrapper(
        flags=frozenset(
            {"-0", "-r", "-t", "-p", "-x", "-o", "--null", "--no-run-if-empty", "--verbose"}
            | {"--interactive", "--exit", "--open-tty"}
        ),
        # Not -I/--replace: it pastes input lines into the script, past any quoting.
        short_value=frozenset({"-a", "-d", "-E", "-L", "-n", "-P", "-s"}),
        long_value=frozenset(
            {"--arg-file", "--delimiter", "--eof", "--max-lines", "--max-args"}
            | {"--max-procs", "--max-chars", "--process-slot-var"}
        ),
    ),
    "command": _Wrapper(flags=frozenset({"-p"})),
    "builtin": _Wrapper(),
    "exec": _Wrapper(flags=frozenset({"-c", "-l"}), short_value=frozenset({"-a"})),
    "time": _Wrapper(flags=frozenset({"-p"})),
}


# Wrappers that are shell builtins: in a bare argv they are not programs.
_BUILTIN_WRAPPERS = frozenset({"command", "builtin", "exec"})

DATA = "data"
SCRIPT = "script"
UNKNOWN = "unknown"


@dataclass
class Plan:
    """What one simple command does with each of its words."""

    roles: list[str]
    program: str = ""  # the program a word reaches when its role is UNKNOWN
    script: list[int] = field(default_factory=list)  # words joined into one script
    positional: list[int] = field(default_factory=list)  # $0, $1, ... of `sh -c SCRIPT`
    evaluated: bool = False  # the script runs in the same shell (eval), not a child
    assignments: list[int] = field(default_factory=list)  # NAME=VALUE words
    stdin_safe: bool = True  # the program never runs what it reads on its standard input


def classify(
    words: Sequence[str | None],
    *,
    valued: Collection[int] = (),
    bare: Collection[int] = (),
    assigns: Collection[int] = (),
    shell: bool = True,
) -> Plan:
    """Roles of the words of one simple command. `valued`: words that hold template values
    (they may not pick the program or an option); `bare`: unquoted literal words (reserved
    words count only there); `assigns`: NAME=VALUE words; `shell`: the words come from a
    shell command line (reserved words, assignments and `eval` apply), not a bare argv."""
    plan = Plan(roles=[DATA] * len(words))
    k = 0
    if shell:
        while k < len(words) and k in bare and words[k] in _RESERVED:
            k += 1
        if k < len(words) and k in bare and words[k] in _DATA_RESERVED:
            return plan
        while k in assigns:
            plan.assignments.append(k)
            k += 1
    while k < len(words):
        name = words[k]
        if name is None or k in valued:
            return _unknown(plan, k, name if name is not None and k not in valued else "")
        base = os.path.basename(name)
        wrapper = _WRAPPERS.get(base)
        if wrapper is not None and (shell or base not in _BUILTIN_WRAPPERS):
            after = _skip_wrapper(words, k + 1, wrapper, plan, valued)
            if after is None:
                return _unknown(plan, k, base)
            # After a program (env, nice, ...) the command is a program too, not `eval`.
            shell = shell and base in _BUILTIN_WRAPPERS | {"time"}
            k = after
            continue
        if base in SHELLS:
            return _shell(plan, words, k, base, valued)
        if base == "eval" and shell:
            plan.script = list(range(k + 1, len(words)))
            plan.evaluated = True
            plan.stdin_safe = False
            for j in plan.script:
                plan.roles[j] = SCRIPT
            return plan
        if base in _SAFE and _safe_use(base, words[k + 1 :], {j - k - 1 for j in valued}):
            return plan
        return _unknown(plan, k, base)
    return plan


def _is_assignment(word: str | None) -> bool:
    return word is not None and ASSIGNMENT.match(word) is not None


def _unknown(plan: Plan, start: int, program: str) -> Plan:
    for j in range(start, len(plan.roles)):
        plan.roles[j] = UNKNOWN
    plan.program = program
    plan.stdin_safe = False
    return plan


def _skip_wrapper(
    words: Sequence[str | None], k: int, spec: _Wrapper, plan: Plan, valued: Collection[int]
) -> int | None:
    """The index of the command after a wrapper's options, or None if they are not known."""
    while k < len(words):
        word = words[k]
        if word is None or k in valued:
            return None
        if word == "--":
            k += 1
            break
        if word.startswith("-") and (word != "-" or word in spec.flags):
            if word in spec.short_value or word in spec.long_value:
                k += 2
            elif _one_word_option(word, spec):
                k += 1
            else:
                return None
            continue
        break
    while spec.assignments and k < len(words) and _is_assignment(words[k]):
        plan.assignments.append(k)
        k += 1
    for _ in range(spec.operands):
        if k >= len(words) or words[k] is None:
            return None
        k += 1
    return k if k < len(words) else None


def _one_word_option(word: str, spec: _Wrapper) -> bool:
    """A flag, or an option with its value attached (-uNAME, --unset=NAME, nice's -10)."""
    if word in spec.flags:
        return True
    if word.startswith("--"):
        return "=" in word and word.split("=", 1)[0] in spec.long_value
    return word[:2] in spec.short_value or (spec.numeric_flags and word[1:].isdigit())


def shell_script_index(
    words: Sequence[str | None], k: int = 0, valued: Collection[int] = ()
) -> int | None:
    """Where SCRIPT is in `sh [OPTIONS] -c SCRIPT [NAME [ARGS...]]` (the shell at `k`)."""
    has_c = False
    k += 1
    while k < len(words):
        arg = words[k]
        if arg is None or (k in valued and arg[:1] in ("-", "+", "")):
            return None
        if arg in ("-", "--"):
            k += 1
            break
        if arg.startswith("--"):
            k += 2 if arg in _SHELL_LONG_WITH_VALUE else 1
        elif len(arg) > 1 and arg[0] in "-+":
            has_c = has_c or (arg[0] == "-" and "c" in arg)
            # -o NAME (set -o), -O NAME (bash shopt) take the next argument.
            k += 1 + sum(arg[1:].count(flag) for flag in "oO")
        else:
            break
    return k if has_c and k < len(words) else None


def _shell(
    plan: Plan, words: Sequence[str | None], k: int, base: str, valued: Collection[int]
) -> Plan:
    script = shell_script_index(words, k, valued)
    if script is None:  # a script file or standard input: code git-wt cannot read
        return _unknown(plan, k, base)
    plan.roles[script] = SCRIPT
    plan.script = [script]
    plan.positional = list(range(script + 1, len(words)))
    plan.stdin_safe = False
    return plan


def _safe_use(base: str, args: Sequence[str | None], valued: Collection[int]) -> bool:
    """Whether a program from the safe list is used in a way that keeps it safe."""
    if base in ("test", "[", "[["):
        return not any(a in _ARITH_OPERATORS for a in args)
    if base == "printf":  # bash: printf -v NAME assigns, and NAME may hold a subscript
        return not args or (args[0] is not None and not args[0].startswith("-v"))
    if base == "git":
        return _git_is_safe(args, valued)
    return True


def _git_is_safe(args: Sequence[str | None], valued: Collection[int]) -> bool:
    k = 0
    while k < len(args):
        arg = args[k]
        if arg is None or k in valued:
            return False
        if arg in _GIT_FLAGS or arg.startswith(_GIT_LONG_WITH_VALUE):
            k += 1
        elif arg in _GIT_WITH_VALUE:
            k += 2
        else:
            return arg in _GIT_SAFE
    return True
