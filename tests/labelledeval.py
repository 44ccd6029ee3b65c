"""benchmarks/labelled_eval.py loaded as a module, for the tests of the labelled set and of
the real pages (benchmarks/ is not a package)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def labelled_eval() -> ModuleType:
    """The evaluator module, loaded once per process."""
    if "labelled_eval" in sys.modules:
        return sys.modules["labelled_eval"]
    spec = importlib.util.spec_from_file_location(
        "labelled_eval", ROOT / "benchmarks" / "labelled_eval.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["labelled_eval"] = module
    spec.loader.exec_module(module)
    return module
