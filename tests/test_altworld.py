"""World test: a generated district kept apart from the demo (benchmarks/altworld), audited
by the real CLI, measured against its planted truth (issue 14, "Done when" part 2).

The floors below are what today's classifier achieves on this seed, rounded down, so the
test catches a regression. The targets of issue 14 are item-status accuracy >= 0.95,
evidence precision >= 0.95 and broken recall >= 0.9; the coordinator raises the floors
after the classifier rework lands.
"""

from __future__ import annotations

import datetime as dt
import http.client
import re
import sys
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.altworld import build_world, serve_world  # noqa: E402
from benchmarks.status_confusion import Truth, altworld_truth, measure, run_audit  # noqa: E402

SEED = 5
# Seed 5 before the classifier rework: 0.815, 0.750, 0.455; with the evidence model of
# issue 14: 0.982, 1.000, 1.000 (seeds 1-3: accuracy 0.93-0.95, broken recall 0.60-0.89);
# after the second round (attribution of dead platform links, publishers' names, column
# pages): seeds 1, 2, 3, 8, 13 at 1.000, 1.000, 1.000 and seed 9 at 0.961, 1.000, 1.000.
# Third round (title trailers, land compensation, approval changes): seeds 1, 2, 3, 8, 13,
# 21, 31, 42 at 1.000, 1.000, 1.000; seed 9 at 0.980; seed 77 at 0.964, 0.968, 0.900.
# With a one-area lead's short name lending its subject: seeds 1, 2, 3, 5, 8, 9, 13, 21, 31,
# 42, 2024 at 1.000, 1.000, 1.000; seed 77 at 0.982, 0.969, 1.000; seeds 100 and 123 at 0.983.
FLOOR_ACCURACY = 0.99
FLOOR_EVIDENCE_PRECISION = 0.98
FLOOR_BROKEN_RECALL = 0.95


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    base = tmp_path_factory.mktemp("altworld")
    with serve_world(SEED, base) as served:
        report = run_audit(served.inspection, base / "out", timeout=240)
        yield {"served": served, "report": report, "requested": set(served.requested)}


def fetch(url: str) -> tuple[int, str, bytes]:
    """GET over a direct connection (never through a proxy from the environment)."""
    parts = urllib.parse.urlsplit(url)
    assert parts.hostname is not None, url
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        conn.request("GET", parts.path or "/")
        answer = conn.getresponse()
        return answer.status, answer.getheader("Content-Type", ""), answer.read()
    finally:
        conn.close()


def test_audit_completes_and_reports_every_owed_item(audited: dict) -> None:
    report, truth = audited["report"], audited["served"].truth
    assert report["inspection"]["finished"]
    assert report["pages_crawled"] >= len(truth["planted"]) // 2
    found = {(f["department"], f["item"]) for f in report["items"]}
    owed = {(t["department"], t["item"]) for t in truth["items"]}
    assert owed <= found


def test_every_planted_page_was_fetched(audited: dict) -> None:
    missed = sorted(set(audited["served"].truth["planted"]) - audited["requested"])
    assert missed == []


def test_item_judgement_is_at_least_todays(audited: dict) -> None:
    result = measure(altworld_truth(audited["served"].truth), audited["report"])
    assert result["items"] >= 40
    assert result["accuracy"] >= FLOOR_ACCURACY, result["confusion"]
    assert result["evidence_precision"] >= FLOOR_EVIDENCE_PRECISION, result["errors"]
    assert result["broken_recall"] >= FLOOR_BROKEN_RECALL, result["confusion"]["broken"]


def test_seeds_plant_every_status_and_every_kind_of_breakage() -> None:
    statuses: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    for seed in range(1, 6):
        owed = build_world(seed).plan.owed
        statuses.update(o.status for o in owed)
        kinds.update(o.kind for o in owed if o.kind)
    assert set(statuses) == {"present", "stale", "missing", "broken"}
    assert set(kinds) == {"404", "soft404", "attachment"}


def test_worlds_differ_by_seed_and_repeat_for_one_seed() -> None:
    first, again, other = build_world(SEED), build_world(SEED), build_world(SEED + 1)
    titles = [d.title for d in first.plan.docs]
    assert titles == [d.title for d in again.plan.docs]
    assert titles != [d.title for d in other.plan.docs]


def test_the_gbk_site_serves_gbk_and_the_soft404_site_answers_200(audited: dict) -> None:
    served = audited["served"]
    sites = served.truth["sites"]
    gbk = next(s for s in sites if s["encoding"] == "gbk")
    _status, content_type, raw = fetch(gbk["url"])
    assert "charset" not in content_type
    assert "最新信息" in raw.decode("gbk")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    soft = next(s for s in sites if s["soft404"])
    status, _type, body = fetch(soft["url"] + "no-such-page-2014.html")
    assert status == 200
    assert "不存在" in body.decode("utf-8")


def test_no_title_is_borrowed_from_the_demo() -> None:
    from auditor.demo.layout import ARTICLES

    demo_titles = {a.title for a in ARTICLES}
    for seed in range(1, 4):
        assert not demo_titles & {d.title for d in build_world(seed).plan.docs}


def test_measure_counts_statuses_evidence_and_broken_items() -> None:
    truth = [
        Truth("城区审计局", "budget.audit-results", "present", frozenset({"http://a/1"})),
        Truth("城区审计局", "budget.department-budget", "broken", frozenset({"http://a/2"})),
        Truth("城区审计局", "budget.department-accounts", "broken", frozenset({"http://a/3"})),
        Truth("城区审计局", "progress.report", "missing", frozenset()),
    ]
    found = [
        ("budget.audit-results", "present", ["http://a/1", "http://a/news"]),
        ("budget.department-budget", "broken", ["http://a/2"]),
        ("budget.department-accounts", "missing", []),
    ]
    report = {
        "items": [
            {
                "department": "城区审计局",
                "item": i,
                "status": s,
                "evidence": [{"url": u} for u in e],
            }
            for i, s, e in found
        ]
    }
    result = measure(truth, report)
    assert result["accuracy"] == 0.5
    assert result["confusion"]["broken"] == {
        "present": 0,
        "stale": 0,
        "missing": 1,
        "broken": 1,
        "absent": 0,
    }
    assert result["confusion"]["missing"]["absent"] == 1
    assert (result["evidence_cited"], result["evidence_precision"]) == (3, 0.6667)
    assert result["broken_recall"] == 0.5


def _fresh(freshness: str, as_of: dt.date, published: dt.date, title: str) -> bool:
    """The freshness classes of docs/checklists.md, written again here from the text so the
    generator's dates are checked by something other than the generator."""
    years = [int(y) for y in re.findall(r"(20\d\d)年", title) if int(y) <= as_of.year + 1]
    edition = max(years) if years else published.year
    if freshness.startswith("due:"):
        due = dt.date.fromisoformat(freshness[4:])
        return published <= due and edition == due.year
    rules = {
        "rolling": (as_of - published).days <= 183,
        "monthly": (as_of - published).days <= 62,
        "annual-current": edition >= as_of.year,
        "annual-previous": edition >= as_of.year - 1,
    }
    return rules.get(freshness, True)


@pytest.mark.parametrize("seed", range(1, 11))
def test_planted_statuses_follow_from_the_planted_documents(seed: int) -> None:
    plan = build_world(seed).plan
    for owed in plan.owed:
        docs = [d for d in plan.docs if d.dept == owed.dept.name and d.item == owed.item]
        states: Counter[str] = Counter()
        for doc in docs:
            assert doc.published <= plan.as_of, doc.title
            if doc.state in ("valid", "stale", "broken"):
                channel = "platform" if doc.site == "platform" else "site"
                assert channel in owed.channels, doc.title
                fresh = _fresh(owed.freshness, plan.as_of, doc.published, doc.title)
                assert fresh == (doc.state != "stale"), (owed.item, doc.title, doc.published)
                assert (doc.state == "broken") == bool(doc.dead or not doc.attachment_ok)
                states[doc.state] += 1
        expected = next(
            (
                s
                for s, e in (("present", "valid"), ("broken", "broken"), ("stale", "stale"))
                if states[e]
            ),
            "missing",
        )
        assert owed.status == expected, (owed.dept.name, owed.item, states)
