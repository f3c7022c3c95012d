"""The jinja2 sandbox templates render in: bounded time, size and depth, no other files.

A template is text from git config, the project file or the command line. Rendering one
must end, quickly and in little memory, whatever it says: loops and calls check a
deadline, operators and calls that build text check its size first, macros nest only so
deep, and `{% include %}`, `{% import %}` and `{% extends %}` are refused (there is no
loader: a template never reads another file).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, cast

from git_wt.templates.values import TemplateError

if TYPE_CHECKING:
    from jinja2 import nodes
    from jinja2.runtime import Context

SECONDS = 2.0  # wall-clock time one render may take
MAX_SIZE = 1 << 20  # characters (or items) any text or list a template builds may hold
MAX_DEPTH = 50  # macro calls inside macro calls
_MAX_POWER_BITS = 1 << 16  # the largest number `**` may build
# A run of this many digits in a format string is a width nobody means.
_HUGE_WIDTH = re.compile(r"\d{7,}")

_REFUSED_TAGS = {
    "Include": "include",
    "Import": "import",
    "FromImport": "from",
    "Extends": "extends",
}


class _Budget:
    """The limits of one render: a deadline and the macro depth reached."""

    def __init__(self) -> None:
        self.deadline = time.monotonic() + SECONDS
        self.depth = 0

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateError(
                f"the template took longer than {SECONDS:g} s to render; stopped",
                hint="simplify its loops (and make sure every recursion ends)",
            )


def _too_large(what: str) -> TemplateError:
    return TemplateError(
        f"the template builds {what} larger than {MAX_SIZE} characters; stopped",
        hint="templates make short commands and paths, not bulk text",
    )


def _check_size(value: Any) -> Any:
    if isinstance(value, (str, bytes, list, tuple)) and len(value) > MAX_SIZE:
        raise _too_large("a text" if isinstance(value, (str, bytes)) else "a list")
    return value


def _check_numbers(args: Iterable[Any], name: str) -> None:
    """Refuse a number argument big enough to be a size that would exhaust memory."""
    for arg in args:
        items = arg if isinstance(arg, (tuple, list)) else (arg,)
        for item in items:
            if isinstance(item, int) and not isinstance(item, bool) and abs(item) > MAX_SIZE:
                raise TemplateError(
                    f"{name} was given {item}; numbers passed to functions and filters "
                    f"may be at most {MAX_SIZE}",
                )


def _check_format(fmt: Any) -> None:
    if isinstance(fmt, str) and _HUGE_WIDTH.search(fmt):
        raise _too_large("a formatted text")


def _repeat_size(left: Any, right: Any) -> int | None:
    """The length `left * right` would have when it repeats a text or list."""
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, (str, bytes, list, tuple)) and isinstance(times, int):
            return len(seq) * max(times, 0)
    return None


def refused_tag(ast: nodes.Template) -> str | None:
    """The first `include`, `import` or `extends` tag of a parsed template, if any."""
    from jinja2 import nodes

    kinds = tuple(getattr(nodes, kind) for kind in _REFUSED_TAGS)
    for node in ast.find_all(kinds):
        return _REFUSED_TAGS[type(node).__name__]
    return None


def render(
    template: str,
    context: Mapping[str, Any],
    *,
    finalize: Callable[[Any], str],
    filters: Mapping[str, Callable[..., Any]],
) -> str:
    """Render `template` in a fresh bounded sandbox (StrictUndefined, no autoescape);
    `finalize` turns each `{{ value }}` into text. Raises TemplateError for what the
    limits stop, jinja2's own errors for the rest."""
    import jinja2
    from jinja2 import nodes
    from jinja2.sandbox import SandboxedEnvironment
    from jinja2.visitor import NodeTransformer

    budget = _Budget()

    class Bounded(SandboxedEnvironment):
        # Intercepted operators are never folded at compile time either, so a constant
        # `'a' * 3000000000` is refused, not computed while the template compiles.
        intercepted_binops = frozenset({"*", "**", "%", "+"})

        def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
            budget.tick()
            if operator == "*":
                size = _repeat_size(left, right)
                if size is not None and size > MAX_SIZE:
                    raise _too_large("a text or list")
            elif operator == "**" and isinstance(left, int) and isinstance(right, int):
                if abs(left) > 1 and right * max(left.bit_length(), 1) > _MAX_POWER_BITS:
                    raise TemplateError(f"{left} ** {right} is too large a number")
            elif operator == "%" and isinstance(left, str):
                _check_format(left)
                _check_numbers([right], "the % operator")
            return _check_size(super().call_binop(context, operator, left, right))

        def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            budget.tick()
            name = getattr(__obj, "__name__", "a function")
            _check_numbers([*args, *kwargs.values()], name)
            owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
            if name in ("format", "format_map") and isinstance(owner, str):
                _check_format(owner)
            if budget.depth >= MAX_DEPTH:
                raise TemplateError(
                    f"macros call each other more than {MAX_DEPTH} deep; stopped",
                    hint="make sure every recursive macro reaches a case that ends it",
                )
            budget.depth += 1
            try:
                return _check_size(super().call(__context, __obj, *args, **kwargs))
            finally:
                budget.depth -= 1

        def bounded_iter(self, iterable: Any) -> Iterator[Any]:
            for item in iterable:
                budget.tick()
                yield item

        def bounded_join(self, *parts: Any) -> str:
            budget.tick()
            if sum(len(p) if isinstance(p, str) else 0 for p in parts) > MAX_SIZE:
                raise _too_large("a text")
            return str(_check_size("".join(str(p) for p in parts)))

    def method_call(method: str, args: list[nodes.Expr]) -> nodes.Call:
        return nodes.Call(nodes.EnvironmentAttribute(method), args, [], None, None)

    class Bounds(NodeTransformer):
        """Every loop iteration checks the deadline; every `~` checks the size."""

        def visit_For(self, node: nodes.For) -> nodes.Node:
            self.generic_visit(node)
            node.iter = method_call("bounded_iter", [cast("nodes.Expr", node.iter)])
            return node

        def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
            self.generic_visit(node)
            return method_call("bounded_join", node.nodes)

    env = Bounded(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        finalize=finalize,
    )
    env.filters.update(filters)
    env.filters = {name: _bounded_filter(name, f, budget) for name, f in env.filters.items()}
    env.globals.pop("lipsum", None)
    ast = env.parse(template)
    tag = refused_tag(ast)
    if tag is not None:
        raise TemplateError(
            f"templates cannot use {{% {tag} %}}: a template never reads another file",
            hint="write what you need inline (a {% macro %} defined in the same template)",
        )
    compiled = env.from_string(Bounds().visit(ast))
    size = 0
    chunks: list[str] = []
    for chunk in compiled.generate(**context):
        size += len(chunk)
        if size > MAX_SIZE:
            raise _too_large("an output")
        budget.tick()
        chunks.append(chunk)
    return "".join(chunks)


def _bounded_filter(name: str, func: Callable[..., Any], budget: _Budget) -> Callable[..., Any]:
    import functools

    # The value filtered comes after the context or environment jinja may pass first.
    value_at = 0 if getattr(func, "jinja_pass_arg", None) is None else 1

    @functools.wraps(func)  # keeps jinja's pass_context & co. (function attributes)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        budget.tick()
        _check_numbers([*args[value_at + 1 :], *kwargs.values()], f"the {name} filter")
        if name == "format" and len(args) > value_at:
            _check_format(args[value_at])
        return _check_size(func(*args, **kwargs))

    return bounded
