"""The package's shape: no import cycle between any two modules, the packaging lists every
package, and the top-level folders spiders/ and checklists/ install inside auditor.

The stage order itself is import-linter's contracts (pyproject [tool.importlinter], run by
`lint-imports` in .ci/run); this adds what a package-level contract cannot see: a cycle
between modules, lazy imports inside functions included.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    imported = graph.find_modules_directly_imported_by(child)
                    work.append((child, iter(sorted(imported))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycle_between_modules() -> None:
    # Imports under `if TYPE_CHECKING:` never run, so they cannot make an import-time cycle.
    graph = grimp.build_graph("auditor", exclude_type_checking_imports=True, cache_dir=None)
    assert any(m.startswith("auditor.spiders.") for m in graph.modules), "spiders not seen"
    assert _cycles(graph) == []


def test_packaging_lists_every_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    mapped = config["tool"]["setuptools"]["package-dir"]
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "auditor").rglob("__init__.py")
        if "spiders" not in p.parts and "checklists" not in p.parts
    }
    assert listed == found | set(mapped)
    assert mapped == {"auditor.spiders": "spiders", "auditor.checklists": "checklists"}


def test_every_package_says_its_job() -> None:
    for init in [*(ROOT / "auditor").rglob("__init__.py"), ROOT / "spiders" / "__init__.py"]:
        text = init.read_text(encoding="utf-8").lstrip()
        assert text.startswith('"""'), f"{init} has no module docstring"
