"""A site's own script file that writes hidden spam links is read (never run) during the
crawl and reported on the page that includes it; a site's ordinary scripts stay clean."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_linkcheck_world import World, crawl, html, inspection_toml, page, send

HACKED_JS = (
    "var f = '<div style=\"position:absolute;left:-9999px\">';\n"
    "f += '<a href=\"http://qx.example/\">\\u661f\\u8f89' + '\\u4f53\\u80b2app\\u5b98\\u7f51</a>';\n"
    "f += '<a href=\"http://qx.example/d\">\\u661f\\u8f89\\u4f53\\u80b2' + '\\u6ce8\\u518c</a></div>';\n"
    "document.write(f);\n"
)
CLEAN_JS = (
    "function showDate(){var d=new Date();"
    "document.getElementById('today').innerHTML=d.getFullYear()+'年'+(d.getMonth()+1)+'月';}\n"
    "$('.nav li').hover(function(){$(this).find('.sub').show();});\n"
)


def js(text: str, ctype: str = "application/javascript"):
    return lambda h: send(h, 200, text.encode("gbk"), ctype)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    tmp: Path = tmp_path_factory.mktemp("scriptfile")
    include = "<script src='/js/{0}'></script>"
    routes = {
        "/": html(page("城区财政局", "<a href='/a.html'>通知</a><a href='/b.html'>公告</a>")),
        "/a.html": html(page("通知_城区财政局", include.format("foot.js"))),
        "/b.html": html(page("公告_城区财政局", include.format("common.js"))),
        "/js/foot.js": js(HACKED_JS),
        "/js/common.js": js(CLEAN_JS, "text/javascript; charset=gbk"),
    }
    world = World()
    try:
        site = world.serve("site", routes)
        platform = world.serve("platform", {"/": html(page("统一平台"))})
        db = crawl(tmp, inspection_toml([("城区财政局", site)], platform, external_links="skip"))
    finally:
        world.close()
    yield db
    db.close()


def test_hidden_links_written_by_a_script_file_are_reported_on_its_page(
    crawled: sqlite3.Connection,
) -> None:
    rows = crawled.execute(
        "select page, kind, technique, detail, location from tampering"
    ).fetchall()
    assert [(r["kind"], r["technique"]) for r in rows] == [
        ("script_injection", "script-file+document.write+offscreen-position")
    ]
    assert rows[0]["page"].endswith("/a.html")
    assert "/js/foot.js" in rows[0]["detail"] and "星辉体育" in rows[0]["detail"]
    assert rows[0]["location"].startswith("script[src=")
