"""Fixtures shared by the test modules.

`shared_corpus` finds the read-only real material (`../shared/corpus` beside the clone, as CI
lays it out) and skips, saying why, only where it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path | None:
    """`../shared` beside the project root, where the developers and CI keep it."""
    candidate = ROOT.parent / "shared"
    return candidate if candidate.is_dir() else None


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """The real pages, titles and link-checker suites, read in place."""
    shared = shared_dir()
    if shared is None or not (shared / "corpus").is_dir():
        pytest.skip("../shared/corpus is absent beside the clone (CI always provides it)")
    return shared / "corpus"
