"""The repository's own seams: tests and benchmarks share code only through devtools/, and tests/ mirrors the code.

import-linter checks the shipped packages; tests/ and benchmarks/ are not packages it can take as roots, so these
rules are read from the sources here.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from tests.support.paths import REPO

SHIPPED = ("common", "devices", "drivers", "hall", "kiosk", "ui")
# Which top-level packages each tree may not import.
FORBIDDEN = {
    "tests": {"benchmarks"},
    "benchmarks": {"tests"},
    "devtools": {"tests", "benchmarks"},
    **{package: {"tests", "benchmarks", "devtools"} for package in SHIPPED},
}


def imported_roots(source: str) -> Iterator[tuple[int, str]]:
    """Each absolute import's top-level package, with its line, wherever it sits in the module."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]


def forbidden_imports(root: Path) -> list[str]:
    found = []
    for tree, forbidden in FORBIDDEN.items():
        for path in sorted((root / tree).rglob("*.py")):
            for line, package in imported_roots(path.read_text(encoding="utf-8")):
                if package in forbidden:
                    found.append(f"{path.relative_to(root)}:{line} imports {package}")
    return found


def test_tests_benchmarks_and_the_shipped_code_import_only_what_they_may() -> None:
    assert forbidden_imports(REPO) == []


def test_a_benchmark_importing_a_test_helper_is_caught(tmp_path: Path) -> None:
    (tmp_path / "benchmarks").mkdir()
    (tmp_path / "benchmarks" / "sneaky.py").write_text(
        "def run() -> None:\n    from tests.support.waiting import wait_until\n", encoding="utf-8"
    )
    (tmp_path / "devtools").mkdir()
    (tmp_path / "devtools" / "ok.py").write_text("import psycopg\nfrom devtools import ports\n", encoding="utf-8")
    assert forbidden_imports(tmp_path) == ["benchmarks/sneaky.py:2 imports tests"]


def test_each_test_directory_is_named_after_the_code_it_exercises() -> None:
    """tests/<package>/<subpackage>/ mirrors the code; tests/support holds the shared helpers."""
    tests = REPO / "tests"
    directories = {path.parent for path in tests.rglob("test_*.py")} - {tests}
    strays = [
        str(directory.relative_to(tests))
        for directory in sorted(directories)
        if not (REPO / directory.relative_to(tests)).is_dir() or directory.relative_to(tests).parts[0] == "support"
    ]
    assert strays == []
