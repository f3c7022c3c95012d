"""Templates for paths and commands: Jinja2 semantics, shell-safe values, Worktrunk's filters.

Plain `{{ name | filter }}` templates are rendered here without importing jinja2; anything
richer (`{% if %}`, filter arguments, `~`) goes through a sandboxed jinja2 environment
with StrictUndefined. In command templates every value is escaped for the place it lands
in: for POSIX sh by the scanner in `shscan` (and again for every `sh -c` or `eval` that
reads it, `guard`), for fish and PowerShell by quote state here; where that place is
murky, or the value would reach a program that may run it, the value must be plain or
the template is refused, so no branch name can ever run code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from git_wt.errors import WtError
from git_wt.templates.filters import FILTERS
from git_wt.templates.quoting import quote_arg, quote_args, quote_in
from git_wt.templates.values import (
    MARK,
    MARK_CLOSE,
    MARK_OPEN,
    Raw,
    TemplateError,
    marker,
    marker_at,
    plain,
)

if TYPE_CHECKING:
    from git_wt.templates.guard import Guard, Origin

# ---------------------------------------------------------------------------
# Escaping the values of a rendered command


def _escape_marked(text: str, values: list[Any], guard: Guard, dialect: str = "posix") -> str:
    """Replace value markers with values escaped for the place they land in."""
    if dialect == "posix":
        return guard.command(text)
    from git_wt.templates.foreign import exposed
    from git_wt.templates.guard import check_inert

    found, program = exposed(text, dialect)
    check_inert(guard, found, program)
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


def _render_simple(
    template: str, context: Mapping[str, Any], wrap: Callable[[Any, str | None], str]
) -> str:
    def substitute(match: re.Match[str]) -> str:
        value = _lookup(context, match.group(1))
        for name in filter(None, (p.strip() for p in match.group(2).split("|"))):
            value = FILTERS[name](value)
        return wrap(value, match.group(1))

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


def _render_jinja(
    template: str, context: Mapping[str, Any], wrap: Callable[[Any, str | None], str]
) -> str:
    import jinja2

    from git_wt.templates import sandbox

    try:
        return sandbox.render(
            template, context, finalize=lambda value: wrap(value, None), filters=FILTERS
        )
    except jinja2.UndefinedError as exc:
        raise TemplateError(
            f"undefined variable: {exc.message}",
            hint="available variables: " + ", ".join(sorted(context)),
        ) from None
    except jinja2.TemplateError as exc:
        line = getattr(exc, "lineno", None)
        where = f" (line {line})" if line else ""
        raise TemplateError(f"template error{where}: {exc}") from None
    except RecursionError:
        raise TemplateError(
            "the template nests too deeply (brackets, expressions or calls)"
        ) from None
    except MemoryError:
        raise TemplateError("the template needs more memory than there is") from None
    except WtError:
        raise
    except Exception as exc:  # what the template's own code raised
        raise TemplateError(f"template error: {type(exc).__name__}: {exc}") from None


def _name_of(context: Mapping[str, Any], value: Any) -> str:
    """The variable a value came from, for messages (jinja expressions lose it)."""
    text = plain(value)
    for key, item in context.items():
        if isinstance(item, Mapping):
            for sub, inner in item.items():
                if not isinstance(inner, Mapping) and plain(inner) == text:
                    return f"{key}.{sub}"
        elif plain(item) == text:
            return key
    return "a template value"


def _expand(
    template: str, context: Mapping[str, Any], wrap: Callable[[Any, str | None], str]
) -> str:
    if _is_simple(template):
        return _render_simple(template, context, wrap)
    return _render_jinja(template, context, wrap)


def _marked(
    template: str, context: Mapping[str, Any], *, posix: bool
) -> tuple[str, list[Any], list[Origin]]:
    """A command template rendered with every value replaced by a marker; the values;
    where they came from."""
    # Imported here: paths (shell=False) are rendered on the hot path of `switch`.
    from git_wt.templates.guard import Origin

    values: list[Any] = []
    origins: list[Origin] = []
    if posix and (MARK_OPEN in template or MARK_CLOSE in template):
        raise TemplateError("command templates cannot contain the characters U+E000 and U+E001")

    def wrap(value: Any, name: str | None) -> str:
        if posix and isinstance(value, Raw) and MARK_OPEN not in value and MARK_CLOSE not in value:
            # Trusted text becomes part of the command, so values after it are escaped
            # for the quoting it opens or closes.
            return str(value)
        values.append(value)
        origins.append(Origin(name or _name_of(context, value), plain(value)))
        return marker(len(values) - 1)

    return _expand(template, context, wrap), values, origins


def render(
    template: str,
    context: Mapping[str, Any],
    *,
    shell: bool,
    dialect: str = "posix",
    allow_unsafe: bool = False,
    env: Mapping[str, str] | None = None,
) -> str:
    """Render a template; with `shell=True` every value is escaped for its quote context
    in the shell `dialect` (posix, fish or powershell), and refused where it could still
    run (`guard`) unless `allow_unsafe`. `env`: environment variables the command will
    have that carry values (a hook's GIT_WT_BRANCH, ...), followed like values."""
    if not shell:
        return _expand(template, context, lambda value, _: plain(value))
    text, values, origins = _marked(template, context, posix=dialect == "posix")
    guard = _guard(values, origins, env, allow=allow_unsafe)
    return _escape_marked(text, values, guard, dialect)


def render_command(
    template: str,
    extra: Sequence[str],
    context: Mapping[str, Any],
    *,
    dialect: str = "posix",
    allow_unsafe: bool = False,
) -> str:
    """A command template followed by argument templates (`switch -x CMD -- ARGS`): each
    argument becomes one more word of the command, quoted as a whole, and is followed
    like any value to the program it reaches."""
    from git_wt.templates.guard import Origin

    posix = dialect == "posix"
    text, values, origins = _marked(template, context, posix=posix)
    for arg in extra:
        _, _, named = _marked(arg, context, posix=False)
        values.append(render(arg, context, shell=False))
        # Literal words are the user's own; only the template values in them are checked.
        names = ", ".join(dict.fromkeys(o.name for o in named)) or "an argument"
        origins.append(Origin(names, "".join(o.text for o in named)))
        text += " " + marker(len(values) - 1)
    guard = _guard(values, origins, None, allow=allow_unsafe)
    return _escape_marked(text, values, guard, dialect)


def render_argv(
    args: Sequence[str],
    context: Mapping[str, Any],
    *,
    allow_unsafe: bool = False,
) -> list[str]:
    """Render the words of a command run without a shell (`step for-each`): values stay
    as they are, except in a `sh -c` script (escaped as a command) and where they would
    reach a program that may run them (refused unless `allow_unsafe`)."""
    values: list[Any] = []
    origins: list[Origin] = []
    words: list[list[str | int]] = []
    for arg in args:
        text, found, named = _marked(arg, context, posix=True)
        words.append(_split_markers(text, len(values)))
        values.extend(found)
        origins.extend(named)
    return _guard(values, origins, None, allow=allow_unsafe).argv(words)


def _split_markers(text: str, offset: int) -> list[str | int]:
    """Literal text and marker indices (shifted by `offset`) of a marked word."""
    parts: list[str | int] = []
    last = 0
    for match in MARK.finditer(text):
        if match.start() > last:
            parts.append(text[last : match.start()])
        parts.append(int(match.group(1)) + offset)
        last = match.end()
    if last < len(text) or not parts:
        parts.append(text[last:])
    return parts


def _guard(
    values: list[Any], origins: list[Origin], env: Mapping[str, str] | None, *, allow: bool
) -> Guard:
    from git_wt.templates.guard import Guard, Origin

    names: dict[str, int] = {}
    origins = list(origins)
    for name, value in (env or {}).items():
        names[name] = len(origins)
        origins.append(Origin(f"${name}", value))
    return Guard(values, origins, names, allow_unsafe=allow)


def check(template: str, context: Mapping[str, Any], *, shell: bool) -> None:
    """Validate a template by rendering it once (errors are raised, output dropped)."""
    render(template, context, shell=shell)
