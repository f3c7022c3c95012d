"""The one rule of ARCHITECTURE.md: imports point down, never sideways between commands,
and no module takes part in an import cycle (lazy imports inside functions included)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import git_wt

PACKAGE = Path(git_wt.__file__).parent

# Top to bottom. A module may import its own layer and the layers below it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("__main__", "cli", "shell.__main__"),
    ("commands",),
    ("picker", "listing"),
    ("ops",),
    ("hooks", "templates", "shell"),
    ("git", "config", "context"),
    ("proc", "fs", "errors", "ui", ""),
)
# Layers whose modules may import argparse or see a Namespace.
ARGPARSE_LAYERS = ("__main__", "cli", "commands", "shell.__main__")


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def layer_of(module: str) -> int:
    best, depth = len(LAYERS) - 1, -1
    for index, names in enumerate(LAYERS):
        for name in names:
            if name == "" and depth < 0:
                best = index
            elif (
                name
                and (module == name or module.startswith(name + "."))
                and name.count(".") >= depth
            ):
                best, depth = index, name.count(".")
    return best


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _resolve(target: str) -> str:
    """The module an import names: the longest prefix that is one of ours."""
    parts = target.split(".")
    for n in range(len(parts), -1, -1):
        candidate = ".".join(parts[:n])
        if candidate in MODULES:
            return candidate
    return ""


def imports_of(module: str) -> Iterator[tuple[str, int, bool]]:
    """(imported module, line, only for type checking) for each git_wt import."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    typing_only = _type_checking_lines(tree)
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        targets: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "git_wt" or node.module.startswith("git_wt."):
                base = node.module.removeprefix("git_wt").lstrip(".")
                for alias in node.names:
                    full = f"{base}.{alias.name}" if base else alias.name
                    targets.append(full if full in MODULES else base)
        elif isinstance(node, ast.Import):
            targets += [
                a.name.removeprefix("git_wt").lstrip(".")
                for a in node.names
                if a.name == "git_wt" or a.name.startswith("git_wt.")
            ]
        for target in targets:
            yield _resolve(target), node.lineno, node.lineno in typing_only


def _command_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "commands" and len(parts) > 1 else None


def test_imports_point_down_and_commands_never_import_each_other() -> None:
    wrong = []
    for module in sorted(MODULES):
        for target, line, _ in imports_of(module):
            if target == module:
                continue
            if layer_of(target) < layer_of(module):
                wrong.append(f"{module}:{line} imports {target} (a layer above)")
            mine, theirs = _command_of(module), _command_of(target)
            if mine and theirs and mine != theirs:
                wrong.append(f"{module}:{line} imports another command, {target}")
    assert wrong == []


def test_no_import_cycles() -> None:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module in MODULES:
        for target, _, typing_only in imports_of(module):
            if not typing_only and target != module:
                graph[module].add(target)
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*stack[stack.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert cycles == []


def test_nothing_below_commands_uses_argparse() -> None:
    wrong = []
    for module, path in sorted(MODULES.items()):
        if any(module == n or module.startswith(n + ".") for n in ARGPARSE_LAYERS):
            continue
        text = path.read_text(encoding="utf-8")
        if "import argparse" in text or "Namespace" in text:
            wrong.append(module)
    assert wrong == []


def test_only_proc_and_git_run_start_processes() -> None:
    allowed = {"proc", "git.run"}
    wrong = []
    for module, path in sorted(MODULES.items()):
        if module in allowed:
            continue
        text = path.read_text(encoding="utf-8")
        for word in ("import subprocess", "from subprocess", "plumbum", "os.spawn", "os.exec"):
            if word in text:
                wrong.append(f"{module}: {word}")
    assert wrong == []


def test_every_module_lives_in_a_package() -> None:
    loose = {"", "__main__", "proc", "fs", "errors", "context"}
    assert (
        sorted(m for m in MODULES if "." not in m and m not in loose and not (PACKAGE / m).is_dir())
        == []
    )
