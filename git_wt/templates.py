"""Templates for paths and commands: Jinja2 semantics, shell-safe values, Worktrunk's filters.

Plain `{{ name | filter }}` templates are rendered here without importing jinja2; anything
richer (`{% if %}`, filter arguments, `~`) goes through a sandboxed jinja2 environment
with StrictUndefined. In command templates every value is escaped for the quoting context
it lands in (bare, inside "...", inside '...'), so no branch name can ever run code.
"""

from __future__ import annotations

import json
import os
import re
import struct
from collections.abc import Callable, Mapping
from typing import Any

from git_wt.errors import WtError

_MASK = 0xFFFFFFFFFFFFFFFF


class TemplateError(WtError):
    """A template failed to parse or render."""


class Raw(str):
    """A value the user marked `| raw`: inserted into commands without escaping."""


def _rotl(x: int, b: int) -> int:
    return ((x << b) | (x >> (64 - b))) & _MASK


def siphash13(data: bytes, k0: int = 0, k1: int = 0) -> int:
    """SipHash-1-3, the algorithm behind Rust's DefaultHasher (keys 0, 0 there)."""
    v0 = k0 ^ 0x736F6D6570736575
    v1 = k1 ^ 0x646F72616E646F6D
    v2 = k0 ^ 0x6C7967656E657261
    v3 = k1 ^ 0x7465646279746573

    def rounds(v0: int, v1: int, v2: int, v3: int) -> tuple[int, int, int, int]:
        v0 = (v0 + v1) & _MASK
        v1 = _rotl(v1, 13) ^ v0
        v0 = _rotl(v0, 32)
        v2 = (v2 + v3) & _MASK
        v3 = _rotl(v3, 16) ^ v2
        v0 = (v0 + v3) & _MASK
        v3 = _rotl(v3, 21) ^ v0
        v2 = (v2 + v1) & _MASK
        v1 = _rotl(v1, 17) ^ v2
        v2 = _rotl(v2, 32)
        return v0, v1, v2, v3

    length = len(data)
    tail_start = length - length % 8
    for i in range(0, tail_start, 8):
        (m,) = struct.unpack_from("<Q", data, i)
        v3 ^= m
        v0, v1, v2, v3 = rounds(v0, v1, v2, v3)
        v0 ^= m
    last = (length & 0xFF) << 56
    for i, byte in enumerate(data[tail_start:]):
        last |= byte << (8 * i)
    v3 ^= last
    v0, v1, v2, v3 = rounds(v0, v1, v2, v3)
    v0 ^= last
    v2 ^= 0xFF
    for _ in range(3):
        v0, v1, v2, v3 = rounds(v0, v1, v2, v3)
    return (v0 ^ v1 ^ v2 ^ v3) & _MASK


def stable_hash(value: str) -> int:
    """Rust's `str` Hash: the UTF-8 bytes followed by a 0xFF terminator."""
    return siphash13(value.encode("utf-8", "surrogateescape") + b"\xff")


_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def short_hash(value: str) -> str:
    h = stable_hash(value)
    return "".join(_BASE36[(h // 36**i) % 36] for i in range(3))


def hash_port(value: Any) -> int:
    return 10000 + stable_hash(str(value)) % 10000


def sanitize(value: Any) -> str:
    return str(value).replace("/", "-").replace("\\", "-")


def sanitize_db(value: Any) -> str:
    text = str(value)
    cleaned = re.sub(r"[^a-z0-9]+", "_", text.lower())
    if cleaned[:1].isdigit():
        cleaned = "_" + cleaned
    return f"{cleaned[:44]}_{short_hash(text)}"


_UNSAFE_FILENAME = re.compile(r'[/\\:*?"<>|\x00-\x1f]')


def sanitize_hash(value: Any) -> str:
    text = str(value)
    cleaned = _UNSAFE_FILENAME.sub("-", text)
    return cleaned if cleaned == text else f"{cleaned}-{short_hash(text)}"


FILTERS: dict[str, Callable[[Any], Any]] = {
    "sanitize": sanitize,
    "sanitize_db": sanitize_db,
    "sanitize_hash": sanitize_hash,
    "hash": lambda v: short_hash(str(v)),
    "hash_port": hash_port,
    "dirname": lambda v: os.path.dirname(str(v)),
    "basename": lambda v: os.path.basename(str(v)),
    "raw": lambda v: Raw(v if isinstance(v, str) else _plain(v)),
}


def _plain(value: Any) -> str:
    """How a value prints in a template (lists joined by spaces, JSON for mappings)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return " ".join(_plain(v) for v in value)
    if isinstance(value, Mapping):
        return json.dumps(value)
    return str(value)


# ---------------------------------------------------------------------------
# Shell escaping by quoting context

_SAFE_BARE = re.compile(r"[A-Za-z0-9_@%+=:,./-]+")


def quote_bare(value: str) -> str:
    if value and _SAFE_BARE.fullmatch(value):
        return value
    return "'" + value.replace("'", "'\\''") + "'"


def quote_in_double(value: str) -> str:
    return re.sub(r'([$`"\\])', r"\\\1", value)


def quote_in_single(value: str) -> str:
    return value.replace("'", "'\\''")


# fish and PowerShell quote differently; the exec file of the shell wrapper is sourced
# by the user's own shell, so `-x` payloads are escaped in that shell's dialect.
DIALECTS = ("posix", "fish", "powershell")

# PowerShell also treats the typographic quotes as quotes.
_PS_SINGLE = "'\u2018\u2019\u201a\u201b"
_PS_DOUBLE = '"\u201c\u201d\u201e'
_SAFE_BARE_PS = re.compile(r"[A-Za-z0-9_./:=+-]+")


def _fish_single_body(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")


def _ps_single_body(value: str) -> str:
    return "".join(ch + ch if ch in _PS_SINGLE else ch for ch in value)


def quote_arg(value: str, dialect: str = "posix") -> str:
    """One word for the dialect's command line, quoted only when it has to be."""
    if dialect == "fish":
        if value and _SAFE_BARE.fullmatch(value):
            return value
        return "'" + _fish_single_body(value) + "'"
    if dialect == "powershell":
        if value and _SAFE_BARE_PS.fullmatch(value):
            return value
        return "'" + _ps_single_body(value) + "'"
    return quote_bare(value)


def _quote_in(value: str, state: str, dialect: str) -> str:
    """A value inside a quoted string of the dialect (state is the opening quote)."""
    if dialect == "fish":
        if state == "'":
            return _fish_single_body(value)
        return re.sub(r'([$"\\])', r"\\\1", value)
    if dialect == "powershell":
        if state == "'":
            return _ps_single_body(value)
        return "".join("`" + ch if ch in "`$" + _PS_DOUBLE else ch for ch in value)
    return quote_in_double(value) if state == '"' else quote_in_single(value)


_MARK_OPEN = "\ue000"
_MARK_CLOSE = "\ue001"
_MARK = re.compile(f"{_MARK_OPEN}(\\d+){_MARK_CLOSE}")


def _escape_marked(text: str, values: list[Any], dialect: str = "posix") -> str:
    """Replace value markers with values escaped for the quote state they sit in."""
    # The escape character outside quotes and inside "..."; fish also escapes in '...'.
    esc = "`" if dialect == "powershell" else "\\"
    single_esc = dialect == "fish"
    out: list[str] = []
    state: str | None = None
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == _MARK_OPEN:
            end = text.index(_MARK_CLOSE, i)
            value = values[int(text[i + 1 : end])]
            out.append(_escape_value(value, state, dialect))
            i = end + 1
            continue
        out.append(ch)
        if state is None:
            if ch == esc and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if ch in "'\"":
                state = ch
        elif state == "'":
            if single_esc and ch == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if ch == "'":
                state = None
        elif ch == esc and i + 1 < n:
            out.append(text[i + 1])
            i += 2
            continue
        elif ch == '"':
            state = None
        i += 1
    return "".join(out)


def _escape_value(value: Any, state: str | None, dialect: str = "posix") -> str:
    if isinstance(value, Raw):
        return str(value)
    if state is None and isinstance(value, (list, tuple)):
        return " ".join(quote_arg(_plain(v), dialect) for v in value)
    text = _plain(value)
    if state is None:
        return quote_arg(text, dialect)
    return _quote_in(text, state, dialect)


# ---------------------------------------------------------------------------
# Rendering

_SIMPLE = re.compile(r"\{\{\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*((?:\|\s*[A-Za-z_]\w*\s*)*)\}\}")


def _lookup(context: Mapping[str, Any], dotted: str) -> Any:
    value: Any = context
    for part in dotted.split("."):
        if isinstance(value, Mapping) and part in value:
            value = value[part]
        else:
            raise TemplateError(
                f"undefined variable {dotted!r}",
                hint="available variables: " + ", ".join(sorted(context)),
            )
    return value


def _render_simple(template: str, context: Mapping[str, Any], wrap: Callable[[Any], str]) -> str:
    def substitute(match: re.Match[str]) -> str:
        value = _lookup(context, match.group(1))
        for name in filter(None, (p.strip() for p in match.group(2).split("|"))):
            value = FILTERS[name](value)
        return wrap(value)

    return _SIMPLE.sub(substitute, template)


def _is_simple(template: str) -> bool:
    if "{%" in template or "{#" in template:
        return False
    for match in _SIMPLE.finditer(template):
        for name in filter(None, (p.strip() for p in match.group(2).split("|"))):
            if name not in FILTERS:
                return False
    rest = _SIMPLE.sub("", template)
    return "{{" not in rest and "}}" not in rest


def _render_jinja(template: str, context: Mapping[str, Any], wrap: Callable[[Any], str]) -> str:
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        finalize=wrap,
    )
    env.filters.update(FILTERS)
    try:
        return env.from_string(template).render(**context)
    except jinja2.UndefinedError as exc:
        raise TemplateError(
            f"undefined variable: {exc.message}",
            hint="available variables: " + ", ".join(sorted(context)),
        ) from None
    except jinja2.TemplateError as exc:
        line = getattr(exc, "lineno", None)
        where = f" (line {line})" if line else ""
        raise TemplateError(f"template error{where}: {exc}") from None


def render(
    template: str, context: Mapping[str, Any], *, shell: bool, dialect: str = "posix"
) -> str:
    """Render a template; with `shell=True` every value is escaped for its quote context
    in the shell `dialect` (posix, fish or powershell)."""
    values: list[Any] = []

    def wrap(value: Any) -> str:
        if not shell:
            return _plain(value)
        values.append(value)
        return f"{_MARK_OPEN}{len(values) - 1}{_MARK_CLOSE}"

    if _is_simple(template):
        text = _render_simple(template, context, wrap)
    else:
        text = _render_jinja(template, context, wrap)
    if not shell:
        return text
    return _escape_marked(text, values, dialect)


def check(template: str, context: Mapping[str, Any], *, shell: bool) -> None:
    """Validate a template by rendering it once (errors are raised, output dropped)."""
    render(template, context, shell=shell)
