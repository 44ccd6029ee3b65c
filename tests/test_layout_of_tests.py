"""Test modules share helpers through the fixtures of tests/conftest.py, never by importing
each other: no tests/test_*.py imports a module that lives in tests/ (another test module,
conftest, or the support package that only conftest imports). Nor does one import a name
that only resolves by accident (a helper module that has since moved, like `clirun` into
tests/support): every absolute import is the standard library, an installed distribution,
auditor, or a benchmarks/ module (conftest puts benchmarks/ on sys.path), so a stale import
fails here with its line instead of at collection."""

from __future__ import annotations

import ast
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

TESTS = Path(__file__).resolve().parent
BENCHMARKS = TESTS.parent / "benchmarks"


def local_modules(folder: Path) -> set[str]:
    """Names a test module could import from `folder`: its modules and packages."""
    names = {p.stem for p in folder.glob("*.py")}
    names |= {p.name for p in folder.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    return names


def known_modules() -> set[str]:
    """Top-level names a test module may import: stdlib, installed, auditor, benchmarks."""
    installed = set(packages_distributions())
    bench = local_modules(BENCHMARKS) | {p.name for p in BENCHMARKS.iterdir() if p.is_dir()}
    return set(sys.stdlib_module_names) | installed | bench | {"auditor", "benchmarks"}


def imported(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, top-level module name) of every absolute import, wherever it sits."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            name = "." if node.level else (node.module or "").split(".")[0]
            found.append((node.lineno, name))
    return sorted(found)


def offences(folder: Path, known: set[str]) -> list[str]:
    """Imports of tests/ modules, and of names neither in `known` nor in tests/."""
    local = local_modules(folder) | {"tests"}
    out = []
    for path in sorted(folder.glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for line, name in imported(tree):
            if name in local or name == ".":
                out.append(f"{path.name}:{line} imports {name}")
            elif name not in known:
                out.append(f"{path.name}:{line} imports {name}: not stdlib, installed nor auditor")
    return out


def test_no_test_module_imports_another_module_of_tests_or_an_unknown_one() -> None:
    assert offences(TESTS, known_modules()) == [], "share helpers as fixtures in tests/conftest.py"


def test_the_check_sees_each_kind_of_import(tmp_path: Path) -> None:
    (tmp_path / "helper.py").write_text("X = 1\n", encoding="utf-8")
    (tmp_path / "support").mkdir()
    (tmp_path / "support" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "test_a.py").write_text(
        "import helper\nfrom support.worlds import W\nfrom test_b import Y\n"
        "def f():\n    from tests.helper import X\n"
        "from clirun import run_cli\nimport pytest, tinyworld\n",
        encoding="utf-8",
    )
    (tmp_path / "test_b.py").write_text(
        "import json\nfrom auditor.cli import cli\nimport scrapy\nfrom labelled_eval import f\n"
    )
    assert offences(tmp_path, known_modules()) == [
        "test_a.py:1 imports helper",
        "test_a.py:2 imports support",
        "test_a.py:3 imports test_b",
        "test_a.py:5 imports tests",
        "test_a.py:6 imports clirun: not stdlib, installed nor auditor",
        "test_a.py:7 imports tinyworld: not stdlib, installed nor auditor",
    ]


def test_the_known_names_hold_what_the_suite_really_imports() -> None:
    known = known_modules()
    assert {"json", "pytest", "scrapy", "lxml", "auditor", "labelled_eval"} <= known
    assert not {"clirun", "tinyworld", "support", "conftest"} & known
