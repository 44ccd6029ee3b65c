"""A first audit's checks (attachments, images, stylesheets, other hosts' pages) go past
Scrapy's engine to the downloader (spiders/lean.py), and still give every URL one request and
its true verdict, keep the per-host limits, and wait on disk beyond the lean path's bound."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Request
from scrapy.utils.test import get_crawler

from auditor.spiders import frontier, lean
from auditor.spiders.frontier import DiskFrontier

PAGES = 12
FILES = 6  # attachments per page, each its own file
DELAY = 0.2
LAG = DELAY / 2  # the crawler may write a request this late after its turn (see arrivals.py)


def truth(n: int, j: int) -> str:
    """What attachment j of page n is: most exist, some are gone, one in six moved."""
    return ("ok", "ok", "ok", "http_404", "redirected", "ok")[(n + j) % 6]


@pytest.fixture(scope="module")
def audit(linkworld, tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("leanchecks")
    world = linkworld.World()
    pdf = b"%PDF-1.4 lean check test\n" * 8
    expected: dict[str, str] = {}
    referers: list[str | None] = []

    def pdf_route(h: Any) -> None:
        linkworld.send(h, 200, pdf, "application/pdf")

    def moved_route(h: Any) -> None:
        referers.append(h.headers.get("Referer"))
        pdf_route(h)

    site_routes: dict[str, Any] = {}
    outside_routes: dict[str, Any] = {"/ok.html": linkworld.html(linkworld.page("外部页面"))}
    try:
        outside = world.serve("outside", outside_routes)
        site = world.serve("site", site_routes)
        site_routes["/moved.pdf"] = moved_route
        site_routes["/style.css"] = lambda h: linkworld.send(
            h,
            200,
            "body { background: url(/bg.png) } .x { background: url(/nobg.png) }",
            "text/css",
        )
        site_routes["/bg.png"] = lambda h: linkworld.send(h, 200, b"\x89PNG....", "image/png")
        for n in range(PAGES):
            hrefs = []
            for j in range(FILES):
                path = f"/files/{n}-{j}.pdf"
                hrefs.append(path)
                verdict = truth(n, j)
                expected[f"{site}{path}"] = verdict
                if verdict == "ok":
                    site_routes[path] = pdf_route
                elif verdict == "redirected":
                    site_routes[path] = linkworld.redirect("/moved.pdf")
            hrefs += [f"{outside}/ok.html", f"{outside}/gone-{n}.html"]
            expected[f"{outside}/gone-{n}.html"] = "http_404"
            head = "<link rel='stylesheet' href='/style.css'>"
            body = head + linkworld.links(*hrefs) + "<img src='/bg.png'>"
            site_routes[f"/p{n}.html"] = linkworld.html(linkworld.page(f"文章{n}", body))
        expected |= {f"{outside}/ok.html": "ok", f"{site}/moved.pdf": "ok"}
        expected |= {
            f"{site}/style.css": "ok",
            f"{site}/bg.png": "ok",
            f"{site}/nobg.png": "http_404",
        }
        home = linkworld.page("首页", linkworld.links(*(f"/p{n}.html" for n in range(PAGES))))
        site_routes["/"] = linkworld.html(home)
        platform = world.serve("platform", {"/": linkworld.html(linkworld.page("平台"))})
        toml = linkworld.inspection_toml(
            [("城区环保局", site)], platform, delay=DELAY, retries=0, concurrency_per_host=2
        )
        db = linkworld.crawl(tmp, toml)
        log = (tmp / "a.log").read_text(encoding="utf-8")
        yield {
            "db": db,
            "log": log,
            "world": world,
            "expected": expected,
            "site": site,
            "referers": referers,
        }
    finally:
        world.close()


def test_every_check_is_asked_once_and_gets_its_true_verdict(audit: dict[str, Any]) -> None:
    db, expected = audit["db"], audit["expected"]
    rows = db.execute("select url, reason from checks").fetchall()
    got = {r["url"]: r["reason"] for r in rows if r["url"] in expected}
    assert got == expected
    assert len([r for r in rows if r["url"] in expected]) == len(expected)  # one row each
    asked = [(s, p) for s, p, _ in audit["world"].log if s in ("site", "outside")]
    checked = [(s, p) for s, p in asked if not p.startswith("/p") and p not in ("/", "/robots.txt")]
    assert len(checked) == len(set(checked))  # no URL fetched twice
    pages = [r[0] for r in db.execute("select url from pages")]
    assert len([url for url in pages if url.startswith(audit["site"])]) == PAGES + 1


def test_this_scrapy_has_every_engine_part_the_lean_path_calls(audit: dict[str, Any]) -> None:
    """The lean path calls Scrapy internals (spiders/lean.py ENGINE_PARTS); a Scrapy without
    one would quietly send every check through the frontier. The crawl's log says so."""
    assert "Spider opened" in audit["log"]  # the log is the crawl's, written at INFO
    assert "缺少 engine." not in audit["log"]


def test_a_checks_redirect_hop_says_where_it_came_from(audit: dict[str, Any]) -> None:
    """The hop carries the Referer Scrapy's spider middlewares give a followed request: the
    URL that redirected (a script reached so is named by it in the tamper scan)."""
    hops = audit["referers"]
    assert len(hops) == 1  # the first walk fetched it; the others joined its verdict
    moved = [url for url, verdict in audit["expected"].items() if verdict == "redirected"]
    assert hops[0] in moved


def test_checks_keep_the_per_host_limits(audit: dict[str, Any], arrivals: Any) -> None:
    world = audit["world"]
    for name in ("site", "outside"):
        assert world.servers[name].max_inflight <= 2  # concurrency_per_host
    # robots.txt is fetched in a download slot of its own (Scrapy's), pages and checks in
    # the host's: the delay holds between a check and a page too
    for name in ("site", "outside"):
        starts = sorted(t for s, p, t in world.log if s == name and p != "/robots.txt")
        # stamped by the server's kernel: a late start shortens the gaps around it, but
        # lost spacing adds up over the host's requests
        assert arrivals.shortfall(starts, DELAY) <= LAG, starts
    outside = [p for s, p, _ in world.log if s == "outside" and p != "/robots.txt"]
    assert len(outside) == PAGES + 1  # the one OK page, a gone page per article


def probe_crawler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Crawler:
    """A crawler of a bare spider whose frontier spills to `tmp_path`, not yet opened."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(frontier.tempfile, "tempdir", None)  # re-read TMPDIR
    settings = {"SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.ScrapyPriorityQueue"}
    crawler = get_crawler(scrapy.Spider, settings)
    spider = scrapy.Spider("probe")
    crawler.spider = spider
    return crawler


def test_checks_beyond_the_lean_bound_wait_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crawler = probe_crawler(tmp_path, monkeypatch)
    sched = DiskFrontier.from_crawler(crawler)
    sched.open(crawler.spider)
    held = [
        Request(f"http://127.0.0.1/held{i}.pdf", meta={"kind": "check"}) for i in range(lean.SPILL)
    ]
    sched.lean.waiting.extend(held)  # the lean path full: what a burst of links leaves
    for i in range(20):
        assert sched.enqueue_request(Request(f"http://127.0.0.1/f{i}.pdf", meta={"kind": "check"}))
    assert len(sched.lean.waiting) == lean.SPILL
    assert sched.dqs is not None and len(sched.dqs) == 20
    assert sched.has_pending_requests()
    sched.close("finished")
    assert len(sched.lean) == 0


def test_a_scrapy_without_an_engine_part_crawls_through_the_frontier(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    crawler = probe_crawler(tmp_path, monkeypatch)
    parts = {"enqueue_scrape": print, "spidermw": SimpleNamespace(middlewares=[])}
    crawler.engine = cast(  # a future Scrapy's engine, without `_slot`
        Any,
        SimpleNamespace(downloader=SimpleNamespace(fetch=print), scraper=SimpleNamespace(**parts)),
    )
    sched = DiskFrontier.from_crawler(crawler)
    sched.open(crawler.spider)
    for i in range(3):
        assert sched.enqueue_request(Request(f"http://127.0.0.1/f{i}.pdf", meta={"kind": "check"}))
    assert len(sched.lean) == 0
    assert sched.dqs is not None and len(sched.dqs) == 3
    warned = [r.getMessage() for r in caplog.records if "缺少 engine." in r.getMessage()]
    assert warned == [
        "此版本 Scrapy 缺少 engine._slot.nextcall.schedule,检查请求改走普通队列(结果不变,速度较慢)。"
    ]
    sched.close("finished")
