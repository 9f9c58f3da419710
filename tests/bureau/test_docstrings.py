"""Public core functions say what they raise.

A function of ``bureau/`` that raises (``raise SomeError(...)``) names the
errors in its docstring ("Raises ``NotFound`` ..."), so a caller at the desk
or the CLI knows what to catch without reading the body. Private helpers
(``_name``) are exempt; so are the database's numbered migrations.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def public_functions(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            yield from (sub for sub in node.body
                        if isinstance(sub, ast.FunctionDef | ast.AsyncFunctionDef))


def raises(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(isinstance(node, ast.Raise) and node.exc is not None
               for node in ast.walk(function))


def names_its_errors(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """"Raises ..." in the docstring, or every error class raised named in it."""
    doc = ast.get_docstring(function) or ""
    if "raise" in doc.lower():
        return True
    raised = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Raise) and node.exc is not None:
            error = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            raised.add(ast.unparse(error))
    return bool(doc) and all(name in doc for name in raised)


def test_public_core_functions_that_raise_name_their_errors():
    silent = []
    for path in sorted((ROOT / "bureau").rglob("*.py")):
        for function in public_functions(path):
            if function.name.startswith("_") or not raises(function):
                continue
            if not names_its_errors(function):
                silent.append(f"{path.relative_to(ROOT)}:{function.lineno} {function.name}")
    assert silent == []


def test_the_check_sees_a_silent_raise(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('def f():\n    """Does f."""\n    raise ValueError\n', encoding="utf-8")
    [function] = public_functions(sample)
    assert raises(function) and not names_its_errors(function)
