"""The code stays in small pieces: a module over 450 lines holds two ideas, and a
function over 80 lines hides its steps (issue 16). The demo seeding, settings
and migrations are left out: they are data, not rules."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("crystal_learning", "modules", "quizzes")
EXCLUDED_DIRS = {"migrations", "demo", "settings", "tests", "__pycache__"}
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 80


def app_modules() -> list[Path]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).parts[:-1]
            if not EXCLUDED_DIRS.intersection(parts):
                found.append(path)
    return found


def long_functions(source: str) -> list[tuple[str, int, int]]:
    """(qualified name, first line, length) of every function over the limit."""
    found = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                length = child.end_lineno - child.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found.append((name, child.lineno, length))
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(ast.parse(source), "")
    return found


def test_the_walk_finds_the_apps():
    paths = {p.relative_to(ROOT).as_posix() for p in app_modules()}
    assert "crystal_learning/reports/views.py" in paths
    assert "quizzes/models.py" in paths
    assert not any("/migrations/" in p or "/demo/" in p for p in paths)


def test_long_functions_are_measured_from_def_to_last_line():
    body = "".join(f"        x = {n}\n" for n in range(MAX_FUNCTION_LINES))
    at_limit = "".join(f"    y = {n}\n" for n in range(MAX_FUNCTION_LINES - 1))
    source = f"class A:\n    def long(self):\n{body}\ndef fits():\n{at_limit}"
    assert long_functions(source) == [("A.long", 2, MAX_FUNCTION_LINES + 1)]


def test_no_app_module_over_450_lines():
    offenders = []
    for path in app_modules():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            offenders.append(f"{path.relative_to(ROOT)}: {lines} lines")
    listing = "\n".join(offenders)
    assert not offenders, f"Modules over {MAX_MODULE_LINES} lines:\n{listing}"


def test_no_function_over_80_lines():
    offenders = []
    for path in app_modules():
        for name, line, length in long_functions(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(ROOT)}:{line} {name}: {length} lines")
    listing = "\n".join(offenders)
    assert not offenders, f"Functions over {MAX_FUNCTION_LINES} lines:\n{listing}"
