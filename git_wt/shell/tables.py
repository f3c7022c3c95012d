"""Completion tables (commands, flags, value kinds) rendered as code for each shell."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from git_wt.shell.spec import Command, Value
from git_wt.templates.quoting import quote_in, single_quoted


def encode(value: Value | None) -> str:
    """A value kind as the shells read it: '' flag, '=a b' fixed words, else a kind name."""
    if value is None:
        return ""
    if value.kind == "choices":
        return "=" + " ".join(value.choices)
    return value.kind or "any"


def _entries(
    root: Command,
) -> tuple[
    list[tuple[str, list[tuple[str, str]]]],
    list[tuple[str, list[tuple[str, str]]]],
    list[tuple[str, str]],
    list[tuple[str, str]],
    list[tuple[str, str]],
]:
    """(subcommands, options, option values, positionals, new-name flags) keyed by path."""
    subs: list[tuple[str, list[tuple[str, str]]]] = []
    opts: list[tuple[str, list[tuple[str, str]]]] = []
    optvals: list[tuple[str, str]] = []
    pos: list[tuple[str, str]] = []
    new: list[tuple[str, str]] = []
    for cmd in root.walk():
        if cmd.subcommands:
            subs.append((cmd.key, [(s.path[-1], s.help) for s in cmd.subcommands]))
        opts.append((cmd.key, [(f, o.help) for o in cmd.options for f in o.flags]))
        for opt in cmd.options:
            if opt.value is not None:
                for flag in opt.flags:
                    optvals.append((f"{cmd.key}:{flag}", encode(opt.value)))
        for i, p in enumerate(cmd.positionals):
            # A repeating positional is last: it covers every index from here on.
            pos.append((f"{cmd.key}:*" if p.repeat else f"{cmd.key}:{i}", encode(p.value)))
        if cmd.new_name_flags:
            new.append((cmd.key, " ".join(cmd.new_name_flags)))
    return subs, opts, optvals, pos, new


def _case_key(key: str, quote: Callable[[str], str]) -> str:
    """A case pattern: the key literally, with a trailing `*` left as a wildcard."""
    if key.endswith("*"):
        return quote(key[:-1]) + "*"
    return quote(key)


def bash(root: Command) -> str:
    subs, opts, optvals, pos, new = _entries(root)
    q = single_quoted
    out = ["__git_wt_subs () {", "\tcase $1 in"]
    out += [f"\t{q(k)}) __git_wt_r={q(' '.join(n for n, _ in v))} ;;" for k, v in subs]
    out += ["\t*) __git_wt_r= ;;", "\tesac", "}", "", "__git_wt_opts () {", "\tcase $1 in"]
    out += [f"\t{q(k)}) __git_wt_r={q(' '.join(f for f, _ in v))} ;;" for k, v in opts if v]
    out += ["\t*) __git_wt_r= ;;", "\tesac", "}", ""]
    out += _bash_lookup("__git_wt_optval", optvals, "")
    out += _bash_lookup("__git_wt_pos", pos, "none")
    out += _bash_lookup("__git_wt_newname", new, "")
    return "\n".join(out) + "\n"


def _bash_lookup(name: str, pairs: list[tuple[str, str]], default: str) -> list[str]:
    out = [f"{name} () {{", "\tcase $1 in"]
    out += [f"\t{_case_key(k, single_quoted)}) __git_wt_r={single_quoted(v)} ;;" for k, v in pairs]
    out += [f"\t*) __git_wt_r={single_quoted(default)} ;;", "\tesac", "}", ""]
    return out


def zsh(root: Command) -> str:
    subs, opts, optvals, pos, new = _entries(root)
    q = single_quoted

    def described(items: list[tuple[str, str]]) -> str:
        return " ".join(q(f"{n}:{h}" if h else n) for n, h in items)

    out = ["__git_wt_subs () {", "\tcase $1 in"]
    out += [f"\t({q(k)}) reply=({described(v)}) ;;" for k, v in subs]
    out += ["\t(*) reply=() ;;", "\tesac", "}", "", "__git_wt_opts () {", "\tcase $1 in"]
    out += [f"\t({q(k)}) reply=({described(v)}) ;;" for k, v in opts if v]
    out += ["\t(*) reply=() ;;", "\tesac", "}", ""]
    for name, pairs, default in (
        ("__git_wt_optval", optvals, ""),
        ("__git_wt_pos", pos, "none"),
        ("__git_wt_newname", new, ""),
    ):
        out += [f"{name} () {{", "\tcase $1 in"]
        out += [f"\t({_case_key(k, q)}) REPLY={q(v)} ;;" for k, v in pairs]
        out += [f"\t(*) REPLY={q(default)} ;;", "\tesac", "}", ""]
    return "\n".join(out)


def fish(root: Command) -> str:
    subs, opts, optvals, pos, new = _entries(root)
    q = partial(single_quoted, dialect="fish")

    def lines(items: list[tuple[str, str]]) -> str:
        return " ".join(f"{q(n)} {q(h)}" for n, h in items)

    out = ["function __git_wt_subs", "    switch $argv[1]"]
    for k, v in subs:
        out += [f"        case {q(k)}", f"            printf '%s\\t%s\\n' {lines(v)}"]
    out += ["    end", "end", "", "function __git_wt_opts", "    switch $argv[1]"]
    for k, v in opts:
        if v:
            out += [f"        case {q(k)}", f"            printf '%s\\t%s\\n' {lines(v)}"]
    out += ["    end", "end", ""]
    for name, pairs, default in (
        ("__git_wt_optval", optvals, ""),
        ("__git_wt_pos", pos, "none"),
        ("__git_wt_newname", new, ""),
    ):
        out += [f"function {name}", "    switch $argv[1]"]
        for key, kind in pairs:
            # fish treats * in a quoted case pattern as a wildcard too.
            out += [f"        case {q(key)}", f"            echo {q(kind)}"]
        out += ["        case '*'", f"            echo {q(default)}", "    end", "end", ""]
    return "\n".join(out)


def _ps_double(text: str) -> str:
    """A double-quoted PowerShell string; the backtick escapes what would expand."""
    return '"' + quote_in(text, '"', "powershell") + '"'


def powershell(root: Command) -> str:
    subs, opts, optvals, pos, new = _entries(root)
    q = partial(single_quoted, dialect="powershell")

    def entries(items: list[tuple[str, str]]) -> str:
        # "name`tdescription": plain strings, so a one-entry list stays a list.
        return ", ".join(_ps_double(f"{n}\t{h}").replace("\t", "`t") for n, h in items)

    out = ["$global:GitWtSubcommands = @{"]
    out += [f"    {q(k)} = @({entries(v)})" for k, v in subs]
    out += ["}", "$global:GitWtOptions = @{"]
    out += [f"    {q(k)} = @({entries(v)})" for k, v in opts if v]
    out += ["}", "$global:GitWtOptionValues = @{"]
    out += [f"    {q(k)} = {q(v)}" for k, v in optvals]
    out += ["}", "# Keys ending in * apply to every further positional argument."]
    out += ["$global:GitWtPositionals = @{"]
    out += [f"    {q(k)} = {q(v)}" for k, v in pos]
    out += ["}", "$global:GitWtNewName = @{"]
    out += [f"    {q(k)} = {q(v)}" for k, v in new]
    out += ["}", ""]
    return "\n".join(out)


EMITTERS: dict[str, Callable[[Command], str]] = {
    "bash": bash,
    "zsh": zsh,
    "fish": fish,
    "powershell": powershell,
}
