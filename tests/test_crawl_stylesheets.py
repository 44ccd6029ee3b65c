"""Linked stylesheets are read: their url() and @import are checked like the page's links."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

_FILES = {
    "/wsbs/": (
        "text/html",
        '<html><head><title>网上办事</title><link rel="stylesheet" '
        'href="/wsbs/skin/main.css"></head><body><p>办事指南</p></body></html>',
    ),
    "/wsbs/skin/main.css": (
        "text/css",
        '@import "print.css";\nbody{background:url(../img/bg.png)}'
        "\n.logo{background:url('gone-logo.png')}",
    ),
    "/wsbs/skin/print.css": ("text/css", "@font-face{src:url(/fonts/song.woff2)}"),
    "/wsbs/img/bg.png": ("image/png", "PNG"),
    "/pt/": ("text/html", "<html><title>平台</title><body><p>统一平台</p></body></html>"),
}


@pytest.fixture(scope="module")
def crawled(
    crawl_cli, page_server, inspections, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[sqlite3.Connection, str]]:
    tmp = tmp_path_factory.mktemp("css")
    files = {
        p: (200, {"Content-Type": f"{kind}; charset=utf-8"}, body)
        for p, (kind, body) in _FILES.items()
    }
    server = page_server(
        files, missing=(404, {"Content-Type": "text/html; charset=utf-8"}, "<h1>404</h1>")
    )
    origin = server.origin
    crawl = {**inspections.LOOPBACK_CRAWL, "timeout": 3.0}
    text = inspections.one_site(origin, "城区财政局", "/wsbs/", name="样式表检查", **crawl)
    try:
        yield sqlite3.connect(crawl_cli(tmp, text)), origin
    finally:
        server.stop()


def test_stylesheet_urls_are_checked(crawled: tuple[sqlite3.Connection, str]) -> None:
    db, origin = crawled
    reasons = dict(db.execute("select url, reason from checks").fetchall())
    assert reasons[f"{origin}/wsbs/img/bg.png"] == "ok"
    assert reasons[f"{origin}/wsbs/skin/gone-logo.png"] == "http_404"
    assert reasons[f"{origin}/wsbs/skin/print.css"] == "ok"
    assert reasons[f"{origin}/fonts/song.woff2"] == "http_404"  # from the imported sheet


def test_stylesheet_links_name_the_stylesheet_as_source(
    crawled: tuple[sqlite3.Connection, str],
) -> None:
    db, origin = crawled
    rows = db.execute("select source, target, tag, attr from links where tag = 'css'").fetchall()
    by_target = {target: (source, attr) for source, target, _, attr in rows}
    assert by_target[f"{origin}/wsbs/img/bg.png"] == (f"{origin}/wsbs/skin/main.css", "url()")
    assert by_target[f"{origin}/fonts/song.woff2"] == (f"{origin}/wsbs/skin/print.css", "url()")
    assert by_target[f"{origin}/wsbs/skin/print.css"][1] == "@import"
