"""Conformance with the test pages of three established link checkers (LinkChecker, lychee,
linkinator), read in place from ../shared/corpus/linkcheckers/ and served on 127.0.0.1: every
link their suites expect is recorded by auditor's extraction, and nothing else.  Deliberate
differences are listed, each with its reason, in benchmarks/linkcheck_conformance.py
(EXCLUDED) and docs/linkcheck.md."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import linkcheck_conformance  # benchmarks/ is on sys.path (tests/conftest.py)
import pytest

ROOT = Path(__file__).resolve().parent.parent
HARNESS = linkcheck_conformance
# collection needs the cases before any fixture runs: ../shared beside the clone, as
# `shared_corpus` finds it (absent: no cases, and the fixture skips the other tests)
CORPUS = ROOT.parent / "shared" / "corpus" / "linkcheckers"
CASES = HARNESS.cases(CORPUS) if CORPUS.is_dir() else []


@pytest.fixture(scope="module")
def origin(shared_corpus: Path) -> Iterator[str]:
    with HARNESS.serve(shared_corpus / "linkcheckers") as served:
        yield served


def test_every_peer_folder_gives_cases(shared_corpus: Path) -> None:
    peers = {case.peer for case in CASES}
    assert peers == set(HARNESS.PEERS)
    assert len(CASES) >= 50


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_page_records_the_expected_links(case, origin: str) -> None:
    expected, recorded = HARNESS.compare(case, origin)
    assert sorted(expected - recorded) == [], "missed"
    assert sorted(recorded - expected) == [], "recorded but not expected"


def test_overall_recall_and_precision(shared_corpus: Path) -> None:
    figures = HARNESS.measure(shared_corpus / "linkcheckers")
    for peer, row in figures.items():
        assert row["recall"] >= 0.95, (peer, row)
        assert row["precision"] >= 0.95, (peer, row)
    assert figures["overall"]["expected"] >= 100
