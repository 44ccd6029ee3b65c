"""Links the crawl did not check are not broken: robots.txt and skipped outside links."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from auditor.report import build_report
from auditor.report.html import render_html
from auditor.store.records import ReportDocument


@pytest.fixture
def report(reportworld, tmp_path: Path) -> ReportDocument:
    store, run_id = reportworld.make_store(tmp_path)
    return build_report(store, run_id)


def test_robots_links_are_unchecked_not_broken(reportworld, report: ReportDocument) -> None:
    assert reportworld.ROBOTS_URL not in {b["url"] for b in report["broken_links"]}
    robots = [u for u in report["unchecked_links"] if u["reason"] == "robots"]
    assert [(u["url"], u["pages"], u["department"]) for u in robots] == [
        (reportworld.ROBOTS_URL, 2, "城区财政局")
    ]
    assert "robots.txt" in robots[0]["reason_text"]


def test_outside_link_without_a_check_is_unchecked(reportworld, report: ReportDocument) -> None:
    outside = [u for u in report["unchecked_links"] if u["url"] == reportworld.UNCHECKED_URL]
    assert [u["reason"] for u in outside] == ["not_checked"]
    assert reportworld.UNCHECKED_URL not in {b["url"] for b in report["broken_links"]}


def test_external_links_skip_setting_names_the_reason(reportworld, tmp_path: Path) -> None:
    store, run_id = reportworld.make_store(tmp_path)
    store.db.execute(
        "update runs set inspection = ? where id = ?",
        ['{"crawl": {"external_links": "skip"}}', run_id],
    )
    reasons = {u["url"]: u["reason"] for u in build_report(store, run_id)["unchecked_links"]}
    assert reasons[reportworld.UNCHECKED_URL] == "external_skipped"


def test_broken_counts_and_site_health_ignore_unchecked_links(report: ReportDocument) -> None:
    assert len(report["broken_links"]) == 3
    health = next(h for h in report.get("health", []) if h.get("key") == "site1")
    home = next(i for i in health["indicators"] if i["id"] == "links.home_broken")
    assert home["value"] == 0 and not home["deduction"]


def test_html_appendix_lists_robots_links_apart(reportworld, report: ReportDocument) -> None:
    tree = lxml.html.fromstring(render_html(report))
    broken_table = tree.xpath("//table[contains(@class, 'all-links')]")[0].text_content()
    assert reportworld.ROBOTS_URL not in broken_table
    unchecked = tree.get_element_by_id("unchecked").getparent().text_content()
    assert "按 robots.txt 未访问" in unchecked and reportworld.ROBOTS_URL in unchecked
    section = tree.xpath("//section[@data-dept='城区财政局']")[0].text_content()
    assert "不计为失效" in section


def test_department_report_keeps_its_unchecked_links(reportworld, tmp_path: Path) -> None:
    store, run_id = reportworld.make_store(tmp_path)
    own = build_report(store, run_id, department="城区财政局")["unchecked_links"]
    other = build_report(store, run_id, department="城区住建局")["unchecked_links"]
    assert {u["url"] for u in own} == {
        reportworld.ROBOTS_URL,
        reportworld.UNCHECKED_URL,
    } and other == []
    assert all(u["page"].startswith(reportworld.site_url(1)) for u in own)


def test_unchecked_targets_count_only_the_links_left_unjudged(tmp_path: Path) -> None:
    """An outside target with no verdict is listed once, with its outside link on the
    smallest page URL and the pages carrying it as an outside link; an in-site link to it with no verdict (the crawl
    was stopped) is not counted, a robots-forbidden target counts every page, and a judged
    target or a mailto: never appears."""
    from auditor.store import Store

    store = Store(tmp_path / "links.db")
    rows = [
        ("http://a.test/p1", "https://gone.example/x", 1),  # in-site: not counted
        ("http://a.test/p2", "https://gone.example/x", 0),
        ("http://a.test/p3", "https://gone.example/x", None),
        ("http://a.test/p3", "https://gone.example/x", 0),  # same page again
        ("http://a.test/p1", "http://a.test/private", 1),
        ("http://a.test/p4", "http://a.test/private", 1),
        ("http://a.test/p1", "https://judged.example/", 0),
        ("http://a.test/p1", "mailto:office@a.test", 0),
    ]
    store.db.table("links").insert_all(
        {"run_id": 1, "site_key": "site1", "source": s, "target": t, "internal": i}
        for s, t, i in rows
    )
    checks: list[dict[str, object]] = [
        {"run_id": 1, "url": "http://a.test/private", "reason": "robots", "ok": None},
        {"run_id": 1, "url": "https://judged.example/", "reason": "ok", "ok": 1},
    ]
    store.db.table("checks").insert_all(checks)
    listed = [(r["target"], r["source"], r["pages"]) for r in store.unchecked_targets(1)]
    assert listed == [
        ("http://a.test/private", "http://a.test/p1", 2),
        ("https://gone.example/x", "http://a.test/p2", 2),
    ]


def test_unchecked_links_come_in_url_order_whatever_order_the_crawl_stored_pages(
    tmp_path: Path,
) -> None:
    """Each page's links are stored in page order, but pages in crawl order, which differs
    between two crawls of one district: the unchecked links are listed by target, each
    with its first link on the smallest linking page URL, either way."""
    from auditor.store import Store

    pages = {
        "http://a.test/z.html": [("https://x.example/", "外链一"), ("https://b.example/", "乙")],
        "http://a.test/m.html": [("https://x.example/", "外链二"), ("https://x.example/", "重复")],
        "http://a.test/q.html": [("https://b.example/", "乙二")],
    }
    listed = []
    for n, order in enumerate((list(pages), list(pages)[::-1])):
        store = Store(tmp_path / f"{n}.db")
        store.db.table("links").insert_all(
            {"run_id": 1, "site_key": "site1", "source": page, "target": t, "anchor": a}
            for page in order
            for t, a in pages[page]
        )
        rows = store.unchecked_targets(1)
        listed.append([(r["target"], r["source"], r["anchor"], r["pages"]) for r in rows])
    assert listed[0] == listed[1] == [
        ("https://b.example/", "http://a.test/q.html", "乙二", 2),
        ("https://x.example/", "http://a.test/m.html", "外链二", 2),
    ]


def test_broken_links_come_in_url_order_whatever_order_the_crawl_stored_them(
    tmp_path: Path,
) -> None:
    """Two crawls of one site store its links in different orders (parallel processes,
    Redis workers); the report's broken links are listed by page, then target, either way,
    each pair once with the fields of its first link on that page."""
    from auditor.store import Store

    pairs = [
        ("http://a.test/z.html", "http://a.test/gone1", "第一处"),
        ("http://a.test/a.html", "http://a.test/gone2", "甲"),
        ("http://a.test/a.html", "http://a.test/gone1", "乙"),
        ("http://a.test/z.html", "http://a.test/gone1", "第二处"),  # same pair again
    ]
    listed = []
    for n, order in enumerate((pairs, pairs[::-1])):
        store = Store(tmp_path / f"{n}.db")
        store.db.table("links").insert_all(
            {"run_id": 1, "site_key": "site1", "source": s, "target": t, "anchor": a}
            for s, t, a in order
        )
        store.db.table("checks").insert_all(
            {"run_id": 1, "url": url, "status": 404, "reason": "http_404", "ok": 0}
            for url in ("http://a.test/gone1", "http://a.test/gone2")
        )
        listed.append([(r["source"], r["target"]) for r in store.broken_links_by_page(1)])
        anchors = {(r["source"], r["target"]): r["anchor"] for r in store.broken_links_by_page(1)}
    assert listed[0] == listed[1] == [
        ("http://a.test/a.html", "http://a.test/gone1"),
        ("http://a.test/a.html", "http://a.test/gone2"),
        ("http://a.test/z.html", "http://a.test/gone1"),
    ]
    assert anchors[("http://a.test/z.html", "http://a.test/gone1")] == "第二处"  # reversed order
