"""The labelled set of issue 14: per-item precision and recall of "this page proves this
item" (classifier + attribution to a department that owes the item) against floors, and the
shape of the set itself.  benchmarks/labelled_eval.py computes the figures; this test holds
them so that a classifier change that loses ground fails here."""

from __future__ import annotations

import difflib
import importlib
import json
import pkgutil
from pathlib import Path

import labelled_eval  # benchmarks/ is on sys.path (tests/conftest.py)
import pytest

from auditor.checklist.load import load_checklist

ROOT = Path(__file__).resolve().parent.parent
SET_DIR = ROOT / "tests" / "labelled"


EVAL = labelled_eval  # benchmarks/labelled_eval.py
CHECKLIST = load_checklist("liangqing-2014")
ROWS = EVAL.load_labelled(SET_DIR)

# (precision, recall) floors: what the classifier of today achieves, rounded down
# (`python3 benchmarks/labelled_eval.py --floors` prints them).  The target of issue 14 is
# precision >= 0.98 and recall >= 0.95 for every item; raise these floors as the classifier
# improves, never lower them to make a change pass.
# fmt: off
FLOORS = {
    "approval.adjustments": (1.00, 1.00),
    "approval.results": (0.88, 1.00),
    "approval.licensing-guide": (1.00, 1.00),
    "budget.government-budget": (1.00, 0.93),
    "budget.government-accounts": (1.00, 1.00),
    "budget.department-budget": (0.94, 1.00),
    "budget.department-accounts": (1.00, 0.85),
    "budget.three-public": (1.00, 1.00),
    "budget.audit-results": (1.00, 1.00),
    "budget.livelihood-funds": (1.00, 1.00),
    "housing.annual-plan": (1.00, 1.00),
    "housing.project-progress": (1.00, 1.00),
    "housing.allocation": (1.00, 1.00),
    "housing.supervision-contact": (1.00, 1.00),
    "food-drug.incidents": (0.92, 0.85),
    "food-drug.enforcement": (0.86, 0.86),
    "food-drug.blacklist": (1.00, 1.00),
    "food-drug.illegal-ads": (1.00, 0.92),
    "food-drug.gmp": (1.00, 1.00),
    "food-drug.campaigns": (0.92, 0.92),
    "food-drug.standards": (1.00, 1.00),
    "environment.water-quality": (1.00, 1.00),
    "environment.eia": (1.00, 0.93),
    "environment.polluter-supervision": (1.00, 1.00),
    "environment.emission-reduction": (0.92, 1.00),
    "safety.incident-response": (0.93, 1.00),
    "safety.investigation-reports": (1.00, 0.93),
    "safety.early-warning": (1.00, 1.00),
    "pricing.price-catalog": (1.00, 1.00),
    "pricing.fee-catalog": (1.00, 1.00),
    "pricing.supervision": (0.88, 1.00),
    "pricing.violation-cases": (1.00, 1.00),
    "land.requisition": (1.00, 1.00),
    "land.expropriation": (1.00, 1.00),
    "land.survey-results": (1.00, 0.92),
    "public-services.enrollment": (1.00, 1.00),
    "public-services.education-info": (1.00, 0.86),
    "public-services.medical-info": (1.00, 1.00),
    "investment.major-projects": (0.94, 1.00),
    "investment.promotion-projects": (1.00, 1.00),
    "investment.industrial-policy": (1.00, 0.92),
    "investment.industry-overview": (1.00, 0.92),
    "investment.trade-statistics": (1.00, 1.00),
    "tendering.announcements": (1.00, 1.00),
    "tendering.violations": (1.00, 1.00),
    "progress.report": (1.00, 1.00),
    "overall": (0.98, 0.97),
}
# fmt: on
REALTITLES_FLOOR = (0.91, 0.59)  # ../shared/corpus/realtitles, classifier alone (see below)
# Precision 0.92 -> 0.91 in round 2: masking the publisher's name (审计局) removed the veto
# that hid one 三公 vs 部门决算 confusion (…审计局“三公”经费决算情况说明).


@pytest.fixture(scope="module")
def score():
    return EVAL.evaluate(CHECKLIST, ROWS)


@pytest.mark.parametrize("name", list(FLOORS))
def test_item_precision_and_recall_hold_their_floor(score, name: str) -> None:
    counts = score.total() if name == "overall" else score.items[name]
    floor_p, floor_r = FLOORS[name]
    assert EVAL.precision(counts) >= floor_p, (name, dict(counts))
    assert EVAL.recall(counts) >= floor_r, (name, dict(counts))


def test_real_titles_hold_their_floor(shared_corpus: Path) -> None:
    titles = EVAL.load_realtitles(shared_corpus / "realtitles" / "titles.jsonl")
    assert len(titles) >= 100
    counts = EVAL.evaluate(CHECKLIST, titles, real=True).total()
    assert EVAL.precision(counts) >= REALTITLES_FLOOR[0], dict(counts)
    assert EVAL.recall(counts) >= REALTITLES_FLOOR[1], dict(counts)


def test_every_item_of_the_checklist_has_a_floor() -> None:
    assert set(FLOORS) == {i.id for i in CHECKLIST.items} | {"overall"}


# ---- the set itself -----------------------------------------------------------------------
FIELDS = {
    "title": str,
    "column": str,
    "url": str,
    "agency": str,
    "text": str,
    "attachments": list,
    "doc_no": str,
    "expected": list,
    "kind": str,
    "why": str,
}


def test_set_is_large_small_and_mostly_hard_negatives() -> None:
    assert len(ROWS) >= 1000
    negatives = [r for r in ROWS if not r["expected"]]
    assert len(negatives) * 2 >= len(ROWS)
    size = sum(p.stat().st_size for p in SET_DIR.glob("*.jsonl"))
    assert size < 1_000_000


def test_entries_have_the_fields_and_known_items() -> None:
    ids = {i.id for i in CHECKLIST.items}
    for row in ROWS:
        for key, kind in FIELDS.items():
            assert isinstance(row.get(key), kind), (row["_where"], key)
        assert row["title"].strip() and row["why"].strip(), row["_where"]
        assert set(row["expected"]) <= ids, row["_where"]
        assert row["kind"] in EVAL.KINDS, row["_where"]
        assert row["kind"] == "disclosure" or not row["expected"], row["_where"]


def test_every_item_has_varied_positives() -> None:
    by_item: dict[str, set[str]] = {i.id: set() for i in CHECKLIST.items}
    for row in ROWS:
        for item in row["expected"]:
            by_item[item].add(row["title"])
    thin = {item: len(titles) for item, titles in by_item.items() if len(titles) < 8}
    assert thin == {}


def test_positives_name_a_department_that_owes_the_item() -> None:
    """A positive label must be reachable: its agency is one of ours and owes the item.
    (The title is left out: whether it reads as another jurisdiction's is for the measure.)"""
    attributor = EVAL.attributor_for(CHECKLIST, None)
    for row in ROWS:
        expected = set(row["expected"])
        owed = EVAL.owed_items(CHECKLIST, attributor, row["agency"], "", expected)
        assert owed == expected, row["_where"]


def test_no_entry_is_repeated() -> None:
    keys = [json.dumps([r["title"], r["column"], r["agency"], r["text"]]) for r in ROWS]
    assert len(keys) == len(set(keys))


def _demo_titles() -> set[str]:
    """Titles of the demo district's articles (only to prove the set does not repeat them)."""
    import auditor.demo

    found = set()
    for info in pkgutil.iter_modules(auditor.demo.__path__):
        if not info.name.startswith("articles"):
            continue
        module = importlib.import_module(f"auditor.demo.{info.name}")
        for value in vars(module).values():
            if isinstance(value, (list, tuple)):
                found |= {t for v in value if isinstance(t := getattr(v, "title", None), str)}
    return found


def test_titles_are_not_the_demo_s() -> None:
    """Written apart from the demo generator: no title equals or nearly equals a demo one."""
    demo = _demo_titles()
    assert len(demo) > 20
    near = []
    matcher = difflib.SequenceMatcher()
    for title in demo:
        matcher.set_seq2(title)  # the expensive side is analysed once per demo title
        for row in ROWS:
            matcher.set_seq1(row["title"])
            quick = matcher.real_quick_ratio() >= 0.9 and matcher.quick_ratio() >= 0.9
            if quick and matcher.ratio() >= 0.9:
                near.append((row["_where"], row["title"], title))
    assert near == []
