"""Scope: which site owns a URL, and the trap limits that bound a crawl."""

from __future__ import annotations

from auditor.crawl.scope import Scope, TrapGuard, is_crawlable, url_shape
from auditor.inspection.file import CrawlSettings, Site

PORTAL = "http://127.0.0.1:8000"


def test_longest_prefix_owns_the_url() -> None:
    portal = Site("门户", f"{PORTAL}/", key="portal")
    czj = Site("城区财政局", f"{PORTAL}/bm/czj/", key="site1")
    scope = Scope((portal, czj))
    assert scope.owner(f"{PORTAL}/bm/czj/a.html") is czj
    assert scope.owner(f"{PORTAL}/bm/jyj/a.html") is portal
    assert scope.owner("http://127.0.0.1:8001/bm/czj/a.html") is None  # other port, other host


def test_prefix_given_as_page_url() -> None:
    site = Site("城区财政局", f"{PORTAL}/bm/czj/index.html")
    assert site.prefix == "/bm/czj/"


def test_attachments_and_resources_are_checked_not_crawled() -> None:
    assert is_crawlable(f"{PORTAL}/a/b.html", "a")
    assert is_crawlable(f"{PORTAL}/a/", "iframe")
    assert not is_crawlable(f"{PORTAL}/a/b.xls", "a")
    assert not is_crawlable(f"{PORTAL}/a/b.PDF", "a")
    assert not is_crawlable(f"{PORTAL}/a/b.css", "link")
    assert not is_crawlable(f"{PORTAL}/a/b.html", "img")


def test_query_traps_share_a_shape_articles_do_not() -> None:
    assert url_shape(f"{PORTAL}/cal?date=2014-01-01") == url_shape(f"{PORTAL}/cal?date=2099-12-31")
    assert url_shape(f"{PORTAL}/list?page=2&col=3") == url_shape(f"{PORTAL}/list?col=4&page=9")
    assert url_shape(f"{PORTAL}/art/2014/8/5/art_1_2.html") is None


def test_guard_limits() -> None:
    guard = TrapGuard(CrawlSettings(max_per_pattern=3, max_depth=4, max_pages_per_site=10))
    verdicts = [guard.admit(f"{PORTAL}/cal?date={d}", 1) for d in range(5)]
    assert verdicts == [None, None, None, "pattern_limit", "pattern_limit"]
    assert guard.admit(f"{PORTAL}/deep.html", 5) == "max_depth"
    assert guard.admit(f"{PORTAL}/a/a/a/x.html", 1) == "repeated_segments"
    for n in range(7):
        assert guard.admit(f"{PORTAL}/p{n}.html", 1) is None
    assert guard.admit(f"{PORTAL}/one-too-many.html", 1) == "max_pages"
