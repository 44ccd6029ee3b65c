"""benchmarks/labelled_eval.py and benchmarks/realpages_eval.py loaded as modules, for the
tests of the labelled set and of the real pages (benchmarks/ is not a package)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def bench_module(name: str) -> ModuleType:
    """benchmarks/<name>.py, loaded once per process under its own name."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def labelled_eval() -> ModuleType:
    return bench_module("labelled_eval")


def realpages_eval() -> ModuleType:
    labelled_eval()  # realpages_eval imports it by name
    return bench_module("realpages_eval")
