"""Templates for paths and commands: Jinja2 semantics, shell-safe values, Worktrunk's filters.

Plain `{{ name | filter }}` templates are rendered here without importing jinja2; anything
richer (`{% if %}`, filter arguments, `~`) goes through a sandboxed jinja2 environment
with StrictUndefined. In command templates every value is escaped for the place it lands
in: for POSIX sh by the scanner in `shscan`, for fish and PowerShell by quote state here;
where that place is murky the value must be plain or the template is refused, so no
branch name can ever run code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from git_wt.templates.filters import FILTERS
from git_wt.templates.quoting import quote_arg, quote_args, quote_in
from git_wt.templates.shscan import escape_posix
from git_wt.templates.values import (
    MARK_CLOSE,
    MARK_OPEN,
    Raw,
    TemplateError,
    marker,
    marker_at,
    plain,
)

# ---------------------------------------------------------------------------
# Escaping the values of a rendered command


def _escape_marked(text: str, values: list[Any], dialect: str = "posix") -> str:
    """Replace value markers with values escaped for the place they land in."""
    if dialect == "posix":
        return escape_posix(text, values)
    return _escape_quote_states(text, values, dialect)


def _escape_quote_states(text: str, values: list[Any], dialect: str) -> str:
    """fish and PowerShell: escape values for the quote state (bare, '...', "...")."""
    # The escape character outside quotes and inside "..."; fish also escapes in '...'.
    esc = "`" if dialect == "powershell" else "\\"
    single_esc = dialect == "fish"
    out: list[str] = []
    state: str | None = None
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == MARK_OPEN:
            index, i = marker_at(text, i)
            out.append(_escape_value(values[index], state, dialect))
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


def _escape_value(value: Any, state: str | None, dialect: str) -> str:
    if isinstance(value, Raw):
        return str(value)
    if state is None and isinstance(value, (list, tuple)):
        return quote_args((plain(v) for v in value), dialect)
    text = plain(value)
    if state is None:
        return quote_arg(text, dialect)
    return quote_in(text, state, dialect)


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
    posix = shell and dialect == "posix"
    if posix and (MARK_OPEN in template or MARK_CLOSE in template):
        raise TemplateError("command templates cannot contain the characters U+E000 and U+E001")

    def wrap(value: Any) -> str:
        if not shell:
            return plain(value)
        if posix and isinstance(value, Raw) and MARK_OPEN not in value and MARK_CLOSE not in value:
            # Trusted text becomes part of the command, so values after it are escaped
            # for the quoting it opens or closes.
            return str(value)
        values.append(value)
        return marker(len(values) - 1)

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
