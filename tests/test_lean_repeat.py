"""A repeat's conditional requests (sent past Scrapy's engine, spiders/lean.py) keep every
rule of a first crawl: robots.txt as it reads now, the delay between requests to a host, and
a changed page fetched once and crawled on, its new links followed."""

from __future__ import annotations

from typing import Any

import pytest

DELAY = 0.4
ALLOW_ALL = "User-agent: *\nDisallow:\n"


def tagged(linkworld: Any, served: list[tuple[str, int]], body: str, etag: str) -> Any:
    """A page with an ETag, answered 304 when the crawler already holds that version."""

    def route(h: Any) -> None:
        if h.headers.get("If-None-Match") == etag:
            served.append((h.path, 304))
            h.send_response(304)
            h.send_header("ETag", etag)
            h.end_headers()
            return
        served.append((h.path, 200))
        linkworld.send(h, 200, body, headers={"ETag": etag})

    return route


@pytest.fixture(scope="module")
def repeat(linkworld, tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("lean")
    world = linkworld.World()
    served: list[tuple[str, int]] = []
    robots = [ALLOW_ALL]
    article = linkworld.page("文章", linkworld.links("/"))

    def pages(changed: bool) -> dict[str, Any]:
        home = linkworld.page("首页", linkworld.links(*(f"/{n}.html" for n in "abcd")))
        third = linkworld.page("文章三", linkworld.links("/e.html") if changed else "")
        routes = {n: tagged(linkworld, served, article, f'"{n}1"') for n in ("/a.html", "/b.html", "/d.html", "/e.html")}
        routes["/"] = tagged(linkworld, served, home, '"h1"')
        routes["/c.html"] = tagged(linkworld, served, third, '"c2"' if changed else '"c1"')
        routes["/robots.txt"] = lambda h: linkworld.send(h, 200, robots[0], "text/plain")
        return routes

    routes = pages(changed=False)
    try:
        site = world.serve("site", routes)
        platform = world.serve("platform", {"/": linkworld.html(linkworld.page("平台"))})
        toml = linkworld.inspection_toml(
            [("城区审计局", site)], platform, obey_robots=True, delay=DELAY, retries=0
        )
        linkworld.crawl(tmp, toml)
        first = len(world.log)
        robots[0] = "User-agent: *\nDisallow: /d.html\n"
        routes.update(pages(changed=True))
        served.clear()
        db = linkworld.crawl(tmp, toml)
        run = db.execute("select max(id) from runs").fetchone()[0]
        stored = {r[0] for r in db.execute("select url from pages where run_id = ?", [run])}
        yield {"log": world.log[first:], "served": served, "pages": stored, "site": site}
    finally:
        world.close()


def test_unchanged_pages_are_answered_304_once(repeat: dict[str, Any]) -> None:
    served = sorted(repeat["served"])
    assert [s for s in served if s[0] in ("/", "/a.html", "/b.html")] == [
        ("/", 304),
        ("/a.html", 304),
        ("/b.html", 304),
    ]


def test_a_changed_page_is_fetched_once_and_crawled_on(repeat: dict[str, Any]) -> None:
    asked = [p for s, p, _ in repeat["log"] if s == "site"]
    assert asked.count("/c.html") == 1
    assert ("/c.html", 200) in repeat["served"]
    assert repeat["site"] + "/e.html" in repeat["pages"]


def test_robots_txt_as_it_reads_now_holds_on_a_repeat(repeat: dict[str, Any]) -> None:
    asked = [p for s, p, _ in repeat["log"] if s == "site"]
    assert "/robots.txt" in asked
    assert "/d.html" not in asked


def test_the_delay_between_requests_to_a_host_holds(repeat: dict[str, Any]) -> None:
    starts = sorted(t for s, p, t in repeat["log"] if s == "site" and p != "/robots.txt")
    assert len(starts) >= 5
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert min(gaps) >= DELAY * 0.9, gaps
