"""Test modules share helpers through the fixtures of tests/conftest.py, never by importing
each other: no tests/test_*.py imports a module that lives in tests/ (another test module,
conftest, or the support package that only conftest imports)."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def local_modules(folder: Path) -> set[str]:
    """Names a test module could import from tests/: its modules and packages."""
    names = {p.stem for p in folder.glob("*.py")}
    names |= {p.name for p in folder.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    return names | {"tests"}


def imported(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, top-level module name) of every absolute import, wherever it sits."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            name = "." if node.level else (node.module or "").split(".")[0]
            found.append((node.lineno, name))
    return found


def offences(folder: Path) -> list[str]:
    local = local_modules(folder)
    out = []
    for path in sorted(folder.glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for line, name in imported(tree):
            if name in local or name == ".":
                out.append(f"{path.name}:{line} imports {name}")
    return out


def test_no_test_module_imports_another_module_of_tests() -> None:
    assert offences(TESTS) == [], "share helpers as fixtures in tests/conftest.py"


def test_the_check_sees_each_kind_of_import(tmp_path: Path) -> None:
    (tmp_path / "helper.py").write_text("X = 1\n", encoding="utf-8")
    (tmp_path / "support").mkdir()
    (tmp_path / "support" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "test_a.py").write_text(
        "import helper\nfrom support.worlds import W\nfrom test_b import Y\n"
        "def f():\n    from tests.helper import X\n",
        encoding="utf-8",
    )
    (tmp_path / "test_b.py").write_text("import json\nfrom auditor.cli import cli\n")
    assert offences(tmp_path) == [
        "test_a.py:1 imports helper",
        "test_a.py:2 imports support",
        "test_a.py:3 imports test_b",
        "test_a.py:5 imports tests",
    ]
