"""`auditor demo` end to end: the full report is written, matches the demo's ground truth,
and reads cleanly in a real browser (offline, no console error, filters, A4 print)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from auditor.demo import load_truth


@pytest.fixture(scope="module")
def demo(demo_run: tuple[Path, Any]) -> dict[str, Any]:
    out, result = demo_run
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return {"out": out, "stdout": result.stdout, "report": report, "truth": load_truth()}


def path(url: str) -> str:
    """A demo URL without its origin ("{zjj}/a.html" and "http://127.0.0.1:1/a.html" agree)."""
    return urlsplit(url.split("}", 1)[-1]).path if "}" in url else urlsplit(url).path


def test_demo_writes_every_report_file(reportworld, demo: dict[str, Any]) -> None:
    names = {p.name for p in demo["out"].iterdir()}
    assert set(reportworld.REPORT_FILES) <= names
    assert str(demo["out"] / "report.html") in demo["stdout"]


def test_demo_findings_match_the_truth(demo: dict[str, Any]) -> None:
    truth = {(i["department"], i["item"]): i for i in demo["truth"]["items"]}
    found = {(i["department"], i["item"]): i for i in demo["report"]["items"]}
    assert found.keys() == truth.keys()
    wrong = [
        (key, found[key]["status"], truth[key]["status"])
        for key in truth
        if found[key]["status"] != truth[key]["status"]
        or sorted(found[key]["missing_channels"]) != sorted(truth[key]["missing_channels"])
    ]
    assert wrong == []


def test_demo_broken_links_are_the_planted_ones(demo: dict[str, Any]) -> None:
    def rows(links: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
        return sorted((path(b["page"]), path(b["url"]), b["reason"]) for b in links)

    assert rows(demo["report"]["broken_links"]) == rows(demo["truth"]["broken_links"])


def test_demo_robots_links_are_unchecked_not_broken(demo: dict[str, Any]) -> None:
    robots = {path(m["url"]) for m in demo["truth"]["must_not_fetch"] if m["why"] == "robots"}
    unchecked = demo["report"]["unchecked_links"]
    assert {path(u["url"]) for u in unchecked if u["reason"] == "robots"} == robots
    assert not robots & {path(b["url"]) for b in demo["report"]["broken_links"]}


def test_demo_tampering_tops_the_report(demo: dict[str, Any]) -> None:
    pages = {path(t["page"]) for t in demo["truth"]["tampering"]}
    assert {path(t["page"]) for t in demo["report"]["tampering"]} == pages
    assert all(t["kind_label"] and t["technique_label"] for t in demo["report"]["tampering"])
    html = (demo["out"] / "report.html").read_text(encoding="utf-8")
    assert html.index('id="alerts"') < html.index('id="summary"')


def test_demo_report_in_a_real_browser(devtools, demo: dict[str, Any], tmp_path: Path) -> None:
    with devtools.chromium_page(tmp_path / "profile") as browser:
        devtools.open_report(browser, demo["out"] / "report.html")
        assert devtools.outside_requests(browser) == []
        assert devtools.console_errors(browser) == [] and devtools.dialogs(browser) == []
        assert browser.evaluate("document.querySelector('a[href*=\"/yl/\"]')") is None
        everything = browser.evaluate(devtools.VISIBLE_ROWS)
        assert len(everything) == len(demo["report"]["items"])
        browser.evaluate("document.querySelector('button[data-filter=missing]').click()")
        assert set(browser.evaluate(devtools.VISIBLE_ROWS)) == {"missing"}
        pages, info = devtools.print_pdf_pages(browser, tmp_path / "demo.pdf")
    departments = len(demo["report"]["departments"])
    assert pages >= departments + 2 and "(A4)" in info
