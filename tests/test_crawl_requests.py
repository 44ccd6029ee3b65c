"""What reaches the servers: every request is a URL a page wrote, as written (query order,
every parameter), checked at the servers' access logs; malformed and non-http links are
recorded, never requested."""

from __future__ import annotations

import html
import json
import sqlite3
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from auditor.net.urls import request_url

_NOT_LINKS = ("/robots.txt", "auditor-probe-")  # politeness and the soft-404 probe


@pytest.fixture(scope="module")
def demo(demo_crawl: dict[str, Any]) -> dict[str, Any]:
    result = demo_crawl["result"]
    assert result.returncode == 0, result.stderr
    origins, requests = demo_crawl["origins"], demo_crawl["requests"]
    db = sqlite3.connect(demo_crawl["db"])
    db.row_factory = sqlite3.Row
    bodies = [_fetch(r["url"]) for r in db.execute("select url from pages where status < 400")]
    return {"db": db, "origins": origins, "requests": requests, "bodies": bodies}


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - 127.0.0.1 only
        data = answer.read()
    for encoding in ("utf-8", "gb18030"):
        try:
            return html.unescape(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    return html.unescape(data.decode("latin-1"))


def _requested(demo: dict[str, Any]) -> list[str]:
    return [
        demo["origins"][host] + path
        for host, method, path in demo["requests"]
        if method == "GET" and not any(mark in path for mark in _NOT_LINKS)
    ]


def _written(db: sqlite3.Connection) -> set[str]:
    """Every URL the pages wrote (links), the inspected roots, and the redirect hops the
    servers wrote in Location."""
    urls = {r[0] for r in db.execute("select target from links")}
    urls |= {request_url(r[0]) for r in db.execute("select url from sites")}
    for redirects, final in db.execute("select redirects, final_url from checks"):
        urls.update(json.loads(redirects or "[]"))
        urls.add(final or "")
    return urls


def test_every_request_is_a_url_a_page_wrote(demo: dict[str, Any]) -> None:
    requested = _requested(demo)
    assert len(requested) > 150
    written = _written(demo["db"])
    assert sorted(set(requested) - written) == []


def test_every_query_is_sent_as_the_page_wrote_it(demo: dict[str, Any]) -> None:
    """Independent of auditor's URL code: the query string each request carried appears, as
    is, in the source of a crawled page."""
    source = "\n".join(demo["bodies"])
    queries = {unquote(u.split("?", 1)[1]) for u in _requested(demo) if "?" in u}
    assert queries, "the demo district links pages with a query"
    assert sorted(q for q in queries if q not in source) == []


# --- a hand-written router that reads its query string as written -------------------------

_LISTING = """<html><head><meta charset="utf-8"><title>通知公告</title></head><body>
<ul><li><a href="show.do?docId=5521&amp;channel=12&amp;type=art">关于开展安全检查的通知</a>
<span>2024-03-02</span></li></ul>
<a href="list.do?page=2&amp;channel=12">下一页</a>
<a href="show.do?type=art&amp;docId=5521&amp;channel=12">同一通知(参数顺序不同)</a>
<a href="http:/broken-one-slash.html">格式错误</a><a href="http://[bad-host">主机错误</a>
<a href="mailto:office@example.invalid">来信</a><a href="tel:0771-1234567">电话</a>
<img src="data:image/png;base64,iVBORw0KGgo="></body></html>"""
_HTML = {"Content-Type": "text/html; charset=utf-8"}
_MISSING = (404, _HTML, "<h1>404</h1>")
_PAGES = {
    "/pt/": "<html><title>统一平台</title><body><p>政务公开统一平台</p></body></html>",
    "/bm/list.do?channel=12&page=1": _LISTING,
    "/bm/list.do?page=2&channel=12": _LISTING.replace("下一页", "第二页"),
    "/bm/show.do?docId=5521&channel=12&type=art": "<html><title>关于开展安全检查的通知</title>"
    "<body><p>各单位:现将有关事项通知如下。</p></body></html>",
}


@pytest.fixture(scope="module")
def strict(
    crawl_cli, page_server, inspections, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("strict")
    # paths are matched with their query as written: another parameter order is a 404
    server = page_server(
        {path: (200, _HTML, body) for path, body in _PAGES.items()}, missing=_MISSING
    )
    origin = server.origin
    crawl = {**inspections.LOOPBACK_CRAWL, "timeout": 3.0}
    path = "/bm/list.do?channel=12&page=1"
    text = inspections.one_site(origin, "城区安监局", path, name="查询串检查", **crawl)
    try:
        db = sqlite3.connect(crawl_cli(tmp, text))
        db.row_factory = sqlite3.Row
        yield {"db": db, "origin": origin, "log": server.paths}
    finally:
        server.stop()


def test_a_server_reading_its_query_as_written_is_crawled_whole(strict: dict[str, Any]) -> None:
    pages = {r["url"]: r["status"] for r in strict["db"].execute("select url, status from pages")}
    for path in _PAGES:
        assert pages.get(strict["origin"] + path) == 200, path
    broken = strict["db"].execute("select url, reason from checks where ok = 0").fetchall()
    assert {(r["url"], r["reason"]) for r in broken} == {
        ("http:/broken-one-slash.html", "malformed_url"),
        ("http://[bad-host", "malformed_url"),
        # the same document under another parameter order: this server answers 404, so the
        # link is broken for a visitor and must not hide behind its twin
        (strict["origin"] + "/bm/show.do?type=art&docId=5521&channel=12", "http_404"),
    }


def test_malformed_links_get_their_own_verdict_without_a_request(strict: dict[str, Any]) -> None:
    reasons = dict(strict["db"].execute("select url, reason from checks").fetchall())
    assert reasons["http:/broken-one-slash.html"] == "malformed_url"
    assert reasons["http://[bad-host"] == "malformed_url"
    assert not any("broken-one-slash" in p or "bad-host" in p for p in strict["log"])


def test_other_schemes_are_recorded_never_fetched(strict: dict[str, Any]) -> None:
    targets = {r[0] for r in strict["db"].execute("select target from links")}
    assert {"mailto:office@example.invalid", "tel:0771-1234567"} <= targets
    assert any(t.startswith("data:image/png") for t in targets)
    checked = {r[0] for r in strict["db"].execute("select url from checks")}
    assert not any(u.startswith(("mailto:", "tel:", "data:")) for u in checked)


def test_report_lists_malformed_links_as_broken_with_their_kind(
    strict: dict[str, Any], tmp_path: Path
) -> None:
    from auditor.report.broken import read_link_lists, split_links
    from auditor.store import Store

    path = strict["db"].execute("pragma database_list").fetchone()["file"]
    store = Store(path)
    latest = store.latest_run()
    assert latest is not None
    run_id = latest["id"]
    lists = read_link_lists(store, run_id, None)
    broken, unchecked = split_links(lists, {}, skip_external=False)
    assert {(b["url"], b["reason"], b["kind"]) for b in broken} >= {
        ("http:/broken-one-slash.html", "malformed_url", "页面链接")
    }
    assert not any(u["url"].startswith(("mailto:", "tel:", "data:")) for u in unchecked)
