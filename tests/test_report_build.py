"""The report dict read back from a stored run: contract fields, scores, links, scope."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.errors import InputError
from auditor.report import build_report
from auditor.store.records import ReportDocument


@pytest.fixture
def report(reportworld, tmp_path: Path) -> ReportDocument:
    store, run_id = reportworld.make_store(tmp_path)
    return build_report(store, run_id)


def test_contract_fields_are_present(report: ReportDocument) -> None:
    assert {"name", "checklist", "as_of", "started", "finished"} <= report["inspection"].keys()
    assert report["inspection"]["as_of"] == "2014-11-20"
    assert report["pages_crawled"] == 7
    for item in report["items"]:
        assert {
            "department",
            "area",
            "item",
            "status",
            "evidence",
            "missing_channels",
        } <= item.keys()
        for evidence in item["evidence"]:
            assert {"url", "published", "channel"} <= evidence.keys()
    for link in report["broken_links"]:
        assert {"page", "url", "status", "reason"} <= link.keys()
    assert {"page", "kind", "detail"} <= report["tampering"][0].keys()


def test_scorecard_counts_deductions_and_ranks(report: ReportDocument) -> None:
    rows = {row["department"]: row for row in report["departments"]}
    housing = rows["城区住建局"]
    assert (housing["due"], housing["present"], housing["missing"], housing["broken"]) == (
        4,
        2,
        1,
        1,
    )
    assert housing["score"] == 96.5 and housing["rank"] == 4
    assert [row["rank"] for row in report["departments"]] == [1, 2, 3, 4]


def test_equal_scores_share_a_rank(tmp_path: Path) -> None:
    from auditor.judge.scoring import score_departments

    items = [{"department": d, "status": "missing", "deduction": 2.0} for d in "甲乙"]
    items.append({"department": "丙", "status": "present", "deduction": 0.0})
    ranks = {r["department"]: r["rank"] for r in score_departments(items, ["甲", "乙", "丙"])}
    assert ranks == {"丙": 1, "甲": 2, "乙": 2}


def test_broken_links_are_the_failed_checks_only(report: ReportDocument) -> None:
    found = {(b["url"], b["reason"]) for b in report["broken_links"]}
    assert found == {
        ("http://127.0.0.1:8102/plan2014.doc", "http_404"),
        ("http://gone.invalid/x", "dns"),
        ("http://127.0.0.1:8101/old.html", "soft_404"),
    }
    texts = {b["reason"]: b["reason_text"] for b in report["broken_links"]}
    assert texts["http_404"] == "HTTP 404 错误"


def test_unreachable_site_and_cutoffs_are_reported(report: ReportDocument) -> None:
    sites = {s["department"]: s for s in report["sites"]}
    assert sites["城区教育局"]["reachable"] is False
    assert sites["城区财政局"]["reachable"] and sites["城区财政局"]["cutoffs"] == 3
    assert report["limits"]["cutoffs_by_reason"] == {"pattern_limit": 3}
    assert report["limits"]["settings"]["max_pages_per_site"] == 50


def test_department_report_holds_one_department(reportworld, tmp_path: Path) -> None:
    store, run_id = reportworld.make_store(tmp_path)
    report = build_report(store, run_id, department="城区住建局")
    assert {item["department"] for item in report["items"]} == {"城区住建局"}
    assert [b["url"] for b in report["broken_links"]] == ["http://127.0.0.1:8102/plan2014.doc"]
    assert report["tampering"] == []
    assert report["departments"][0]["rank"] == 4  # rank within the whole inspection


def test_unknown_department_or_run_is_a_user_error(reportworld, tmp_path: Path) -> None:
    store, run_id = reportworld.make_store(tmp_path)
    with pytest.raises(InputError, match="城区水利局") as error:
        build_report(store, run_id, department="城区水利局")
    assert "城区财政局" in error.value.hint
    with pytest.raises(InputError, match="99"):
        build_report(store, 99)
