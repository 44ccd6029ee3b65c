"""`auditor demo` shows the national indicators' planted problems, and only those.

The demo district plants a leader with the wrong title, an outdated expression, a date in
the future, a message unanswered for months, a service guide missing elements and annual
reports late or lacking sections, each beside a clean look-alike (truth.json "health").
One real `auditor demo` run (about 15 s); report.json and report.html are read as a user
would read them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from lxml import html

from auditor.demo import load_truth

VETO_OF = {
    "serious.leaders": "严重错误",
    "serious.expressions": "严重错误",
    "serious.dates": "严重错误",
    "interaction.response": "互动回应差",
    "service.guides": "服务不实用",
}


@pytest.fixture(scope="module")
def demo(demo_run: tuple[Path, Any]) -> dict[str, Any]:
    out, result = demo_run
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    page = html.fromstring((out / "report.html").read_text(encoding="utf-8"))
    return {"report": report, "html": page, "truth": load_truth()["health"]}


def path(url: str | None) -> str:
    """A demo URL without its origin ("{zjj}/a.html" and "http://127.0.0.1:1/a.html" agree)."""
    url = url or ""
    return urlsplit(url.split("}", 1)[-1]).path if "}" in url else urlsplit(url).path


def indicators(report: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (site["department"], i["id"]): i
        for site in report["health"]
        if site.get("department")
        for i in site["indicators"]
    }


def cited_pages(indicator: dict[str, Any]) -> set[str]:
    """Every page an indicator cites: serious hits, unanswered messages, guides, the report."""
    rows = [
        *indicator.get("hits", []),
        *indicator.get("guides", []),
        *(indicator.get("messages") or {}).get("unanswered", []),
    ]
    pages = {path(r["page"]) for r in rows}
    if indicator["id"] == "annual.report" and indicator["status"] != "ok":
        pages.add(path(indicator.get("page")))
    return pages - {""}


def test_every_department_has_the_planted_status(demo: dict[str, Any]) -> None:
    found = indicators(demo["report"])
    wrong = {
        (department, id_): (status, found[(department, id_)]["status"])
        for department, row in demo["truth"]["statuses"].items()
        for id_, status in row.items()
        if found[(department, id_)]["status"] != status
    }
    assert wrong == {}


def test_each_indicator_cites_exactly_the_planted_pages(demo: dict[str, Any]) -> None:
    found = indicators(demo["report"])
    planted: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in demo["truth"]["planted"]:
        planted.setdefault((row["department"], row["indicator"]), []).append(row)
    for key, indicator in found.items():
        if key[0] not in demo["truth"]["statuses"] or key[1] not in VETO_OF:
            continue
        rows = planted.get(key, [])
        pages = {path(r["page"]) for r in rows}
        assert pages <= cited_pages(indicator), key
        # A listing or the home page repeating the planted headline is cited too, quoting it.
        for hit in indicator.get("hits", []):
            quoted = any(r["title"] in hit["sentence"] for r in rows)
            assert path(hit["page"]) in pages or quoted, (key, hit)
        if not indicator.get("hits"):
            assert cited_pages(indicator) == pages, key


def test_annual_reports_cite_the_planted_report(demo: dict[str, Any]) -> None:
    found = indicators(demo["report"])
    for row in demo["truth"]["planted"]:
        if row["indicator"] == "annual.report":
            assert path(found[(row["department"], "annual.report")]["page"]) == path(row["page"])


def test_look_alikes_are_never_cited(demo: dict[str, Any]) -> None:
    found = indicators(demo["report"])
    for row in demo["truth"]["look_alikes"]:
        same = [i for (_, id_), i in found.items() if id_ == row["indicator"]]
        assert path(row["page"]) not in set().union(*map(cited_pages, same)), row
        sentences = " ".join(h["sentence"] for i in same for h in i.get("hits", []))
        assert row["title"] not in sentences, row


def test_report_html_shows_the_national_section_with_the_planted_problems(
    demo: dict[str, Any],
) -> None:
    sections = demo["html"].xpath("//section[@id='national']")
    assert sections, "report.html 缺少国家指标一节"
    section = sections[0]
    heads = [th.text_content() for th in section.xpath(".//thead//th")]
    assert {"严重错误", "互动回应差", "服务不实用"} <= set(heads)
    notes = {
        note.xpath("string(.//strong)"): note.text_content()
        for note in section.xpath(".//div[@class='national-notes']")
    }
    for row in demo["truth"]["planted"]:
        veto = VETO_OF.get(row["indicator"])
        if veto is None:
            continue
        note = notes[row["department"]]
        assert veto in note and row["title"][:8] in note, row
    for row in demo["truth"]["look_alikes"]:
        assert all(row["title"] not in note for note in notes.values()), row
