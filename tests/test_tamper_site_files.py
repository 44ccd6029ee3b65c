"""A site's own files are read (never run) during the crawl: a script file that writes hidden
spam links, and a stylesheet whose class rule hides a block of outside links, are reported on
the pages that include them; ordinary scripts and the inline-block spacing trick stay clean."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

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


SITE_CSS = (
    ".nav li{float:left}\n.friend-box .lst{display:none}\n"
    ".gov-links{font-size:0}\n.gov-links a{font-size:14px;display:inline-block}\n"
)
FRIEND = (
    "<div class='friend-box'><div class='lst'><a href='http://seo1.example/'>网站建设推广</a>"
    "<a href='http://seo2.example/'>快速排名优化</a><a href='http://seo3.example/'>外链代发</a>"
    "</div></div>"
)
SPACED = (
    "<div class='gov-links'><a href='http://partner1.example/'>合作伙伴甲</a>"
    "<a href='http://partner2.example/'>合作伙伴乙</a></div>"
)
SHEET = "<link rel='stylesheet' href='/css/site.css'>"


def js(linkworld, text: str, ctype: str = "application/javascript"):
    return lambda h: linkworld.send(h, 200, text.encode("gbk"), ctype)


def styled(linkworld, title: str, body: str) -> str:
    return linkworld.page(title, body).replace("</head>", SHEET + "</head>")


@pytest.fixture(scope="module")
def crawled(linkworld, tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    tmp: Path = tmp_path_factory.mktemp("scriptfile")
    include = "<script src='/js/{0}'></script>"
    routes = {
        "/": linkworld.html(
            linkworld.page(
                "城区财政局",
                "<a href='/a.html'>通知</a><a href='/b.html'>公告</a>"
                "<a href='/c.html'>动态</a><a href='/d.html'>专题</a><a href='/e.html'>链接</a>",
            )
        ),
        "/c.html": linkworld.html(styled(linkworld, "动态_城区财政局", FRIEND)),
        "/d.html": linkworld.html(styled(linkworld, "专题_城区财政局", FRIEND)),
        "/e.html": linkworld.html(styled(linkworld, "链接_城区财政局", SPACED)),
        "/css/site.css": lambda h: linkworld.send(h, 200, SITE_CSS.encode(), "text/css"),
        "/a.html": linkworld.html(linkworld.page("通知_城区财政局", include.format("foot.js"))),
        "/b.html": linkworld.html(linkworld.page("公告_城区财政局", include.format("common.js"))),
        "/js/foot.js": js(linkworld, HACKED_JS),
        "/js/common.js": js(linkworld, CLEAN_JS, "text/javascript; charset=gbk"),
    }
    world = linkworld.World()
    try:
        site = world.serve("site", routes)
        platform = world.serve("platform", {"/": linkworld.html(linkworld.page("统一平台"))})
        db = linkworld.crawl(
            tmp, linkworld.inspection_toml([("城区财政局", site)], platform, external_links="skip")
        )
    finally:
        world.close()
    yield db
    db.close()


def test_hidden_links_written_by_a_script_file_are_reported_on_its_page(
    crawled: sqlite3.Connection,
) -> None:
    sql = "select page, kind, technique, detail, location from tampering where kind = ?"
    rows = crawled.execute(sql, ["script_injection"]).fetchall()
    assert [(r["kind"], r["technique"]) for r in rows] == [
        ("script_injection", "script-file+document.write+offscreen-position")
    ]
    assert rows[0]["page"].endswith("/a.html")
    assert "/js/foot.js" in rows[0]["detail"] and "星辉体育" in rows[0]["detail"]
    assert rows[0]["location"].startswith("script[src=")


def test_blocks_hidden_by_a_site_stylesheet_are_reported_on_each_page(
    crawled: sqlite3.Connection,
) -> None:
    sql = "select page, kind, technique, detail from tampering where kind != ? order by page"
    rows = crawled.execute(sql, ["script_injection"]).fetchall()
    assert [(r["page"].rsplit("/", 1)[1], r["kind"], r["technique"]) for r in rows] == [
        ("c.html", "hidden_link", "linked-style .friend-box .lst"),
        ("d.html", "hidden_link", "linked-style .friend-box .lst"),
    ]
    assert all("/css/site.css" in r["detail"] and "display:none" in r["detail"] for r in rows)
