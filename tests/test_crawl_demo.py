"""The real crawl over HTTP on the demo district: exact stored facts against its ground truth."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from auditor.demo import load_truth
from auditor.net.urls import canonicalize_url


@pytest.fixture(scope="module")
def crawled(demo_crawl: dict[str, Any]) -> dict[str, Any]:
    result = demo_crawl["result"]
    truth = load_truth(demo_crawl["server"])
    origins, requests = demo_crawl["origins"], demo_crawl["requests"]
    assert result.returncode == 0, result.stderr
    db = sqlite3.connect(demo_crawl["db"])
    db.row_factory = sqlite3.Row
    return {
        "db": db,
        "truth": truth,
        "origins": origins,
        "requests": requests,
        "stderr": result.stderr,
        "stdout": result.stdout,
    }


def rows(crawled: dict[str, Any], sql: str, *args: Any) -> list[sqlite3.Row]:
    return crawled["db"].execute(sql, args).fetchall()


def test_every_page_of_the_demo_is_reached(crawled: dict[str, Any]) -> None:
    stored = {r["url"] for r in rows(crawled, "select url from pages")}
    for site, spec in crawled["truth"]["pages"].items():
        origin = crawled["origins"][spec["host"]]
        expected = {canonicalize_url(origin + path) for path in spec["reach"]}
        assert expected <= stored, (site, sorted(expected - stored)[:5])


def test_gbk_pages_are_decoded(crawled: dict[str, Any]) -> None:
    # the page's text is stored once per digest, beside its other facts (store/texts.py)
    sql = """select p.facts || coalesce(t.text, '') as facts from pages p
             left join page_texts t on t.sha = p.text_sha"""
    texts = " ".join(r["facts"] for r in rows(crawled, sql))
    assert crawled["truth"]["gbk_marker"] in texts
    for case in crawled["truth"]["encodings"]:
        titles = [
            r["title"]
            for r in rows(
                crawled,
                "select title from pages where url like ?",
                "%" + case["path"].replace("?", "_"),
            )
        ]
        assert titles and case["marker"] in titles[0], case


def test_traps_are_bounded_and_cutoffs_recorded(crawled: dict[str, Any]) -> None:
    limit = 30  # max_per_pattern in the demo inspection
    calendar = rows(crawled, "select url from pages where url like '%hdrl/index.jhtml?date=%'")
    assert 0 < len(calendar) <= limit
    pages = rows(crawled, "select url from pages where url like '%col1452/index.html?page=%'")
    assert len(pages) <= limit
    cut = {
        r["reason"]
        for r in rows(
            crawled, "select reason from cutoffs where url like ?", "%hdrl/index.jhtml?date=%"
        )
    }
    assert cut and cut <= {"pattern_limit", "max_depth"}  # whichever limit bites first
    cut = {
        r["reason"]
        for r in rows(crawled, "select reason from cutoffs where url like ?", "%ztzl/ztzl/ztzl/%")
    }
    assert cut == {"repeated_segments"}
    deepest = rows(
        crawled,
        "select max(length(url) - length(replace(url, 'ztzl/', ''))) as n "
        "from pages where url like '%ztzl%'",
    )[0]["n"]
    assert deepest // len("ztzl/") <= 2


def test_must_not_fetch_is_never_requested(crawled: dict[str, Any]) -> None:
    fetched = {
        canonicalize_url(crawled["origins"][host] + path) for host, _, path in crawled["requests"]
    }
    for case in crawled["truth"]["must_not_fetch"]:
        assert canonicalize_url(case["url"]) not in fetched, case


def test_out_of_scope_links_are_recorded_and_checked_not_crawled(crawled: dict[str, Any]) -> None:
    pages = {r["url"] for r in rows(crawled, "select url from pages")}
    checks = {r["url"] for r in rows(crawled, "select url from checks")}
    for site, urls in crawled["truth"]["external"].items():
        spec = crawled["truth"]["pages"][site]
        root = crawled["origins"][spec["host"]] + min(spec["reach"], key=len)
        for url in map(canonicalize_url, urls):
            linked = rows(
                crawled,
                "select internal from links where target = ? and source like ?",
                url,
                root + "%",
            )
            assert linked and all(r["internal"] == 0 for r in linked), (site, url)
            assert url not in pages or url.rstrip("/") + "/" in _roots(crawled), (site, url)
            assert url in checks or url in pages, (site, url)


def _roots(crawled: dict[str, Any]) -> set[str]:
    """Other inspected sites' roots are crawled by their own spider, not checked."""
    return {canonicalize_url(r["url"]) for r in rows(crawled, "select url from sites")}


def test_each_broken_link_reason_is_recorded(crawled: dict[str, Any]) -> None:
    for case in crawled["truth"]["broken_links"]:
        found = rows(
            crawled, "select reason from checks where url = ?", canonicalize_url(case["url"])
        )
        assert found and found[0]["reason"] == case["reason"], case
        page = canonicalize_url(crawled["origins"][_host(crawled, case["site"])] + case["page"])
        assert rows(
            crawled,
            "select 1 from links where source = ? and target = ?",
            page,
            canonicalize_url(case["url"]),
        ), case


def _host(crawled: dict[str, Any], site: str) -> str:
    return crawled["truth"]["pages"][site]["host"]


def test_no_url_is_fetched_twice(crawled: dict[str, Any]) -> None:
    counts = Counter(
        (host, path)
        for host, method, path in crawled["requests"]
        if method == "GET" and not path.startswith("/robots.txt") and "/xf/" not in path
    )  # the timeout link is retried by design
    assert [k for k, n in counts.items() if n > 1] == []


def test_tampered_page_is_flagged_at_crawl_time(crawled: dict[str, Any]) -> None:
    for case in crawled["truth"]["tampering"]:
        page = canonicalize_url(crawled["origins"][_host(crawled, case["site"])] + case["page"])
        assert rows(crawled, "select 1 from tampering where page = ?", page), case
        assert rows(crawled, "select sha256 from snapshots where url = ?", page)


def test_summary_is_printed(crawled: dict[str, Any]) -> None:
    assert "抓取完成" in crawled["stderr"]
    assert "Traceback" not in crawled["stderr"]


def test_run_is_marked_crawled(crawled: dict[str, Any]) -> None:
    assert [r["status"] for r in rows(crawled, "select status from runs")] == ["crawled"]


@pytest.fixture()
def tmp_db(tmp_path: Path) -> Path:
    return tmp_path / "a.db"
