"""The import graph stays readable: no cycles, imports at the top of modules.

The only imports inside functions are the start-up deferrals, each marked
``# deferred: <tag>`` with a tag from the table in docs/ARCHITECTURE.md
("Start-up deferrals"), where each tag's reason is written once.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (("bureau", "bureau"), ("ui", "bureau_desk"))
MARK_RE = re.compile(r"#\s*deferred:\s*([a-z-]+)")
# Whole files whose imports inside functions are all one deferral (docs/ARCHITECTURE.md).
FILE_TAGS = {"bureau/cli/": "cli-command", "ui/shell/app.py": "desk-start"}


def modules() -> dict[str, Path]:
    found = {}
    for folder, package in PACKAGES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = [package, *path.relative_to(ROOT / folder).with_suffix("").parts]
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def import_graph() -> dict[str, set[str]]:
    """Module -> the project's modules it imports, anywhere in the file."""
    known = modules()
    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            else:
                continue
            for target in targets:
                resolved = _resolve(target, known)
                # A module importing its own package's __init__ is Python's doing, not a cycle.
                if resolved and resolved != name and not name.startswith(resolved + "."):
                    graph[name].add(resolved)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, directly or around a loop (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return groups


def deferral_tags() -> set[str]:
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    section = text.split("## Start-up deferrals", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z-]+)` \|", section, flags=re.MULTILINE))


def function_level_imports() -> list[tuple[str, int, str]]:
    """(file, line, the import's first source line) of every import inside a function."""
    found = []
    for path in modules().values():
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for function in ast.walk(ast.parse(source)):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    found.append((str(path.relative_to(ROOT)), node.lineno,
                                  lines[node.lineno - 1]))
    return found


def test_no_module_imports_itself_around_a_loop():
    assert cycles(import_graph()) == []


def test_a_seeded_cycle_is_found():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_imports_inside_functions_are_documented_start_up_deferrals():
    tags = deferral_tags()
    assert {"cli-command", "documents", "desk-page"} <= tags
    assert set(FILE_TAGS.values()) <= tags
    unmarked = []
    for file, line, text in function_level_imports():
        match = MARK_RE.search(text)
        tag = match.group(1) if match else next(
            (tag for prefix, tag in FILE_TAGS.items() if file.startswith(prefix)), None)
        if tag not in tags:
            unmarked.append(f"{file}:{line}: {text.strip()}")
    assert unmarked == []
