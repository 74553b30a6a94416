"""Tests stand on their own: no module under tests/ imports a test module or a
conftest module (pytest hands out conftest fixtures; plain functions do not
belong there).

Shared helpers live in tests/helpers.py and each app's tests/<app>/helpers.py;
builders in tests/<app>/factories.py.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def module_name(path: Path) -> str:
    relative = path.relative_to(TESTS.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, *, importer: str, is_package: bool) -> list[str]:
    """Every module an import statement in `source` names, relative ones resolved."""
    package = importer if is_package else importer.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.append(module)
            # `from tests.people import test_hr_import` imports a module too.
            found += [f"{module}.{alias.name}" for alias in node.names]
    return found


def is_test_module(dotted: str) -> bool:
    return dotted.startswith("tests.") and dotted.rpartition(".")[2].startswith("test_")


def is_conftest(dotted: str) -> bool:
    return dotted.startswith("tests.") and dotted.rpartition(".")[2] == "conftest"


def is_forbidden(dotted: str) -> bool:
    return is_test_module(dotted) or is_conftest(dotted)


def offenders() -> list[str]:
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        if "vendor" in path.parts:
            continue
        importer = module_name(path)
        names = imported_modules(
            path.read_text(),
            importer=importer,
            is_package=path.name == "__init__.py",
        )
        found += [
            f"{path.relative_to(TESTS.parent)} imports {name}"
            for name in dict.fromkeys(names)
            if is_forbidden(name) and name != importer
        ]
    return found


def test_no_module_under_tests_imports_a_test_or_conftest_module():
    found = offenders()
    assert not found, (
        "Move shared helpers to helpers.py or factories.py:\n" + "\n".join(found)
    )


def test_every_kind_of_import_of_a_test_module_is_caught():
    source = (
        "import tests.people.test_hr_import\n"
        "from tests.programmes.test_programmes import CORE\n"
        "from tests.people import test_import_jobs\n"
        "from .test_bookings import briefing\n"
        "from . import test_planner\n"
        "from tests.people.helpers import GOOD\n"
        "from .factories import briefing\n"
        "import tests.conftest\n"
        "from tests.browser.conftest import sign_in\n"
        "from .conftest import lrs_client\n"
        "from tests.xapi import conftest\n"
        "from .. import conftest as root\n"
        "from tests.browser.helpers import sign_in\n"
    )
    names = imported_modules(
        source, importer="tests.scheduling.test_calendars", is_package=False
    )
    assert list(dict.fromkeys(n for n in names if is_forbidden(n))) == [
        "tests.people.test_hr_import",
        "tests.programmes.test_programmes",
        "tests.people.test_import_jobs",
        "tests.scheduling.test_bookings",
        "tests.scheduling.test_planner",
        "tests.conftest",
        "tests.browser.conftest",
        "tests.scheduling.conftest",
        "tests.xapi.conftest",
    ]


def test_browser_tests_keep_the_database_for_the_next_ones():
    """A transactional browser test flushes the database when it ends; without
    serialized_rollback the roles and content types the migrations made are
    gone, and every later browser test fails (on PostgreSQL, in CI)."""
    careless = []
    for path in sorted((TESTS / "browser").glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "django_db"
            ):
                continue
            options = {kw.arg: kw.value for kw in node.keywords}
            transaction = options.get("transaction")
            kept = options.get("serialized_rollback")
            if (
                isinstance(transaction, ast.Constant)
                and transaction.value is True
                and not (isinstance(kept, ast.Constant) and kept.value is True)
            ):
                careless.append(f"{path.name}:{node.lineno}")
    assert careless == []
