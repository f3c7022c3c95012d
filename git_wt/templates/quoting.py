"""Quoting a value for a shell: POSIX sh, fish and PowerShell, bare or inside quotes."""

from __future__ import annotations

from collections.abc import Iterable

# Words made only of these need no quotes. Sets, not patterns: this module is imported on
# the hot path of `switch`, where compiling a regex costs more than all the lookups.
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_SAFE_BARE = frozenset(_ALNUM + "_@%+=:,./-")
_SAFE_BARE_PS = frozenset(_ALNUM + "_./:=+-")

# fish and PowerShell quote differently; the exec file of the shell wrapper is sourced
# by the user's own shell, so `-x` payloads are escaped in that shell's dialect.
DIALECTS = ("posix", "fish", "powershell")

# PowerShell also treats the typographic quotes as quotes.
_PS_SINGLE = "'\u2018\u2019\u201a\u201b"
_PS_DOUBLE = '"\u201c\u201d\u201e'


def dialect_of(shell: str) -> str:
    """How a shell (bash, zsh, fish, powershell) quotes: fish and PowerShell their own way."""
    return shell if shell in ("fish", "powershell") else "posix"


def is_bare(value: str) -> bool:
    """Whether the value can stand as a word of a POSIX command without quotes."""
    return bool(value) and _SAFE_BARE.issuperset(value)


def quote_bare(value: str) -> str:
    """One word for a POSIX command line, quoted only when it has to be."""
    return value if is_bare(value) else single_quoted(value)


def quote_in_double(value: str) -> str:
    """The value inside a POSIX "..." string."""
    return _backslashed(value, '$`"\\')


def quote_in_single(value: str) -> str:
    """The value inside a POSIX '...' string (a `'` closes it, is escaped, and reopens it)."""
    return value.replace("'", "'\\''")


def quote_in_heredoc(value: str) -> str:
    """The value in an unquoted heredoc body, or one `...` deeper: \\, $ and ` backslashed."""
    return _backslashed(value, "\\$`")


def _backslashed(value: str, special: str, escape: str = "\\") -> str:
    return "".join(escape + ch if ch in special else ch for ch in value)


def _fish_single_body(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")


def _ps_single_body(value: str) -> str:
    return "".join(ch + ch if ch in _PS_SINGLE else ch for ch in value)


def quote_in(value: str, quote: str, dialect: str = "posix") -> str:
    """The value inside a quoted string of the dialect (`quote` is the opening quote)."""
    if dialect == "fish":
        if quote == "'":
            return _fish_single_body(value)
        return _backslashed(value, '$"\\')
    if dialect == "powershell":
        if quote == "'":
            return _ps_single_body(value)
        return _backslashed(value, "`$" + _PS_DOUBLE, escape="`")
    return quote_in_double(value) if quote == '"' else quote_in_single(value)


def single_quoted(value: str, dialect: str = "posix") -> str:
    """The value as one single-quoted string of the dialect, always quoted."""
    return "'" + quote_in(value, "'", dialect) + "'"


def quote_arg(value: str, dialect: str = "posix") -> str:
    """One word for the dialect's command line, quoted only when it has to be."""
    safe = _SAFE_BARE_PS if dialect == "powershell" else _SAFE_BARE
    if value and safe.issuperset(value):
        return value
    return single_quoted(value, dialect)


def quote_args(values: Iterable[str], dialect: str = "posix") -> str:
    """Words for the dialect's command line, each quoted only when it has to be."""
    return " ".join(quote_arg(value, dialect) for value in values)
