"""`auditor audit` end to end on the demo district: report.json equals its ground truth.

One real audit over HTTP (module fixture, about 10 s), then one `--reuse-crawl` audit on the
same database that must judge identically without fetching anything.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from auditor.demo import DemoServer, load_truth, write_inspection
from auditor.net.urls import canonicalize_url

Key = tuple[str, str]


@pytest.fixture(scope="module")
def audited(run_cli, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("audit")
    with DemoServer() as server:
        inspection = write_inspection(server, tmp / "demo.toml")
        first = run_cli("audit", str(inspection), "--out", str(tmp / "first"), "--quiet")
        assert first.returncode == 0, first.stderr
        before = len(server.requests)
        db = tmp / "first" / "auditor.db"
        args = ("--db", str(db), "--out", str(tmp / "again"), "--quiet")
        again = run_cli("audit", str(inspection), "--reuse-crawl", str(_run_id(db)), *args)
        assert again.returncode == 0, again.stderr
        return {
            "report": _load(tmp / "first" / "report.json"),
            "crawl_log": (tmp / "first" / "crawl.log").read_text(encoding="utf-8"),
            "again": _load(tmp / "again" / "report.json"),
            "new_requests": server.requests[before:],
            "truth": load_truth(server),
            "origins": {**server.origins, "closed": f"http://127.0.0.1:{server.closed_port}"},
        }


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _run_id(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("select max(id) from runs").fetchone()[0])


def by_key(items: list[dict[str, Any]]) -> dict[Key, dict[str, Any]]:
    return {(i["department"], i["item"]): i for i in items}


def test_findings_cover_exactly_the_truths_department_items(audited: dict[str, Any]) -> None:
    assert set(by_key(audited["report"]["items"])) == set(by_key(audited["truth"]["items"]))


def test_each_status_and_missing_channels_equal_the_truth(audited: dict[str, Any]) -> None:
    found = by_key(audited["report"]["items"])
    for key, want in by_key(audited["truth"]["items"]).items():
        got = found[key]
        assert (got["status"], sorted(got["missing_channels"])) == (
            want["status"],
            sorted(want["missing_channels"]),
        ), key


def test_best_evidence_of_present_items_is_planted_evidence(audited: dict[str, Any]) -> None:
    found = by_key(audited["report"]["items"])
    for key, want in by_key(audited["truth"]["items"]).items():
        if want["status"] == "present":
            best = found[key]["evidence"][0]
            planted = {
                (e["title"], e["channel"]) for e in want["evidence"] if e["state"] == "valid"
            }
            assert (best["title"], best["channel"]) in planted, key


def test_evidence_lists_only_the_planted_pages(audited: dict[str, Any]) -> None:
    found = by_key(audited["report"]["items"])
    for key, want in by_key(audited["truth"]["items"]).items():
        got = {(e["title"], e["channel"]) for e in found[key]["evidence"]}
        assert got == {(e["title"], e["channel"]) for e in want["evidence"]}, key


def test_tampering_is_reported_on_the_planted_pages_only(audited: dict[str, Any]) -> None:
    truth = audited["truth"]
    planted = {(_page(audited, row), row["kind"]) for row in truth["tampering"]}
    found = {(canonicalize_url(t["page"]), t["kind"]) for t in audited["report"]["tampering"]}
    assert found == planted


def _page(audited: dict[str, Any], row: dict[str, Any]) -> str:
    """A truth row's page ("site" key and a path) as the absolute URL the report uses."""
    host = audited["truth"]["pages"][row["site"]]["host"]
    return canonicalize_url(audited["origins"][host] + row["page"])


def test_broken_links_are_the_planted_ones(audited: dict[str, Any]) -> None:
    planted = {
        (_page(audited, row), canonicalize_url(row["url"]), row["reason"])
        for row in audited["truth"]["broken_links"]
    }
    found = {
        (canonicalize_url(r["page"]), canonicalize_url(r["url"]), r["reason"])
        for r in audited["report"]["broken_links"]
    }
    assert found == planted


def test_links_robots_forbids_are_unchecked_not_broken(audited: dict[str, Any]) -> None:
    forbidden = {
        canonicalize_url(row["url"])
        for row in audited["truth"]["must_not_fetch"]
        if row["why"] == "robots"
    }
    unchecked = audited["report"]["unchecked_links"]
    listed = {canonicalize_url(r["url"]) for r in unchecked if r["reason"] == "robots"}
    assert listed == forbidden


def test_crawl_log_records_every_spider_in_the_report_folder(audited: dict[str, Any]) -> None:
    """docs/crawl.md promises crawl.log beside the report: Scrapy's own lines, each spider
    opened and closed, so a failed fetch can be traced after the fact."""
    log = audited["crawl_log"]
    assert log.count("Spider opened") >= 2
    assert log.count("Spider opened") == log.count("Spider closed")


def test_report_json_has_the_contract_fields(audited: dict[str, Any]) -> None:
    report = audited["report"]
    assert {"name", "checklist", "as_of", "started", "finished"} <= set(report["inspection"])
    assert report["inspection"]["checklist"] == "liangqing-2014"
    assert report["inspection"]["as_of"] == "2014-11-20"
    assert isinstance(report["pages_crawled"], int) and report["pages_crawled"] > 0
    for item in report["items"]:
        assert {"department", "area", "item", "status", "evidence", "missing_channels"} <= set(item)
        assert item["status"] in {"present", "stale", "missing", "broken"}
        assert set(item["missing_channels"]) <= {"site", "platform"}
        for evidence in item["evidence"]:
            assert {"url", "published", "channel"} <= set(evidence)
            assert evidence["channel"] in {"site", "platform"}
    for link in report["broken_links"]:
        assert {"page", "url", "status", "reason"} <= set(link)
        assert link["status"] is None or isinstance(link["status"], int)
    for hit in report["tampering"]:
        assert {"page", "kind", "detail"} <= set(hit)


def test_reuse_crawl_judges_the_same_without_fetching(audited: dict[str, Any]) -> None:
    assert audited["new_requests"] == []

    def findings(report: dict[str, Any]) -> dict[Key, tuple]:
        return {
            key: (i["status"], i["missing_channels"], [e["url"] for e in i["evidence"]])
            for key, i in by_key(report["items"]).items()
        }

    assert findings(audited["again"]) == findings(audited["report"])
