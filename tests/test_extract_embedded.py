"""Everything a page loads or cites is a link to check: CSS, srcset, plug-ins, meta, JSON-LD…
each with the element and attribute it came from."""

import pytest

from auditor.extract import extract_links, parse_document
from auditor.extract.embedded import css_urls, srcset_urls
from auditor.report.wording import link_kind

PAGE = "http://127.0.0.1:8201/bm/tzgg/index.html"


def found(body: str, url: str = PAGE, encoding: str = "utf-8") -> dict[str, tuple[str, str]]:
    doc = parse_document(body.encode(encoding), url, encoding)
    return {link.url: (link.tag, link.attr) for link in extract_links(doc)}


def test_css_url_and_import_in_style_attributes_and_blocks() -> None:
    body = """<style>/* url(commented.png) */ .a{background:url( "bg/a.png" )}
      @import 'print.css'; @import url(theme.css);</style>
      <div style="background-image:url(/img/b.jpg), url('c.gif')">x</div>"""
    urls = found(body)
    root = "http://127.0.0.1:8201"
    assert urls[f"{root}/bm/tzgg/bg/a.png"] == ("css", "url()")
    assert urls[f"{root}/bm/tzgg/print.css"] == ("css", "@import")
    assert f"{root}/bm/tzgg/theme.css" in urls
    assert urls[f"{root}/img/b.jpg"] == ("css", "style")
    assert f"{root}/bm/tzgg/c.gif" in urls
    assert not any("commented" in u for u in urls)


def test_css_url_parser_reads_every_quoting() -> None:
    css = """a{b:url(x.png)} c{d:url('y z.png')} @import "i.css"; e{f:url("q.png")}"""
    assert [u for _, u in css_urls(css)] == ["x.png", "y z.png", "i.css", "q.png"]


def test_srcset_candidates_follow_html_parsing_rules() -> None:
    assert srcset_urls("a.jpg 1x, b.jpg 2x") == ["a.jpg", "b.jpg"]
    assert srcset_urls("a.jpg,b.jpg") == ["a.jpg,b.jpg"]  # no space: one URL with a comma
    assert srcset_urls("a.jpg, b.jpg") == ["a.jpg", "b.jpg"]
    assert srcset_urls(" x.png 480w , y.png 800w ") == ["x.png", "y.png"]


def test_picture_object_embed_applet_cite_and_custom_elements() -> None:
    body = """<picture><source srcset="s1.webp 1x, s2.webp 2x"><img src="p.jpg"></picture>
      <object data="movie.swf"></object><embed src="clip.mp4">
      <applet codebase="lib/" archive="a.jar, b.jar" code="Main.class"></applet>
      <blockquote cite="/source.html">引文</blockquote><q cite="q.html">q</q>
      <gov-card href="/card.html" src="/card.png"></gov-card>
      <video poster="poster.jpg" src="v.mp4"></video><td background="bg.gif"></td>"""
    urls = found(body)
    d = "http://127.0.0.1:8201/bm/tzgg/"
    assert urls[d + "s1.webp"] == ("source", "srcset") and d + "s2.webp" in urls
    assert urls[d + "movie.swf"] == ("object", "data")
    assert urls[d + "clip.mp4"] == ("embed", "src")
    assert urls[d + "lib/a.jar"] == ("applet", "archive") and d + "lib/b.jar" in urls
    assert urls[d + "lib/Main.class"] == ("applet", "code")
    assert urls["http://127.0.0.1:8201/source.html"] == ("blockquote", "cite")
    assert urls[d + "q.html"] == ("q", "cite")
    assert urls["http://127.0.0.1:8201/card.html"] == ("gov-card", "href")
    assert urls["http://127.0.0.1:8201/card.png"] == ("gov-card", "src")
    assert urls[d + "poster.jpg"] == ("video", "poster")
    assert d + "bg.gif" in urls


def test_icons_meta_urls_refresh_and_json_ld() -> None:
    body = """<head><link rel="icon" href="/favicon.ico">
      <link rel="apple-touch-icon" href="/touch.png"><link rel="preconnect" href="//cdn.example">
      <meta property="og:image" content="http://img.example.invalid/share.jpg">
      <meta name="twitter:image" content="https://img.example.invalid/t.jpg">
      <meta name="description" content="不是网址">
      <meta http-equiv="Refresh" content="3;URL=/new/">
      <script type="application/ld+json">{"@context": "https://schema.org",
        "logo": {"url": "https://img.example.invalid/logo.png"}, "sameAs": ["http://x.example.invalid/"]}
      </script></head>"""
    urls = found(body)
    assert urls["http://127.0.0.1:8201/favicon.ico"] == ("link", "icon")
    assert urls["http://127.0.0.1:8201/touch.png"] == ("link", "apple-touch-icon")
    assert urls["http://img.example.invalid/share.jpg"] == ("meta", "og:image")
    assert urls["https://img.example.invalid/t.jpg"] == ("meta", "twitter:image")
    assert urls["http://127.0.0.1:8201/new/"] == ("meta-refresh", "http-equiv")
    assert urls["https://img.example.invalid/logo.png"] == ("json-ld", "json-ld")
    assert "http://x.example.invalid/" in urls
    assert not any("schema.org" in u or "cdn.example" in u for u in urls)


def test_base_href_applies_to_every_kind_of_link() -> None:
    body = """<base href="http://127.0.0.1:8202/root/"><img srcset="i.png 2x">
      <div style="background:url(b.png)"></div><object data="o.swf"></object><a href="a.html">a</a>"""
    urls = found(body)
    for name in ("i.png", "b.png", "o.swf", "a.html"):
        assert f"http://127.0.0.1:8202/root/{name}" in urls, name


def test_malformed_links_are_kept_as_written() -> None:
    body = """<a href="http:/one-slash.html">1</a><a href="http://localhost]">2</a>
      <a href="//////">3</a><a href="http://.bad.example/">4</a><a href="/ok.html">ok</a>"""
    urls = found(body)
    assert {"http:/one-slash.html", "http://localhost]", "http://.bad.example/"} <= set(urls)
    assert "http://127.0.0.1:8201/ok.html" in urls
    assert any(u.startswith("http:") and u.strip("/:hpt") == "" for u in urls)  # "//////"


def test_query_of_a_gbk_page_is_encoded_in_gbk_as_a_browser_does() -> None:
    body = '<meta charset="gbk"><a href="/search.jsp?kw=预算&amp;p=2">搜索</a><a href="/预算.html">页</a>'
    urls = found(body, encoding="gbk")
    assert "http://127.0.0.1:8201/search.jsp?kw=%D4%A4%CB%E3&p=2" in urls
    assert "http://127.0.0.1:8201/%E9%A2%84%E7%AE%97.html" in urls  # the path is always UTF-8


@pytest.mark.parametrize(
    ("tag", "attr", "url", "kind"),
    [
        ("img", "src", "http://h.example/a.png", "图片"),
        ("img", "srcset", "http://h.example/a@2x.png", "图片"),
        ("link", "stylesheet", "http://h.example/s.css", "样式表"),
        ("css", "@import", "http://h.example/print.css", "样式表"),
        ("css", "url()", "http://h.example/bg.png", "样式中的图片或字体"),
        ("script", "src", "http://h.example/app.js", "脚本"),
        ("a", "href", "http://h.example/file/2024预算.pdf", "附件"),
        ("a", "href", "http://h.example/news/1.html", "页面链接"),
        ("iframe", "src", "http://h.example/map.html", "框架页面"),
        ("blockquote", "cite", "http://h.example/src.html", "引用来源"),
        ("link", "icon", "http://h.example/favicon.ico", "网站图标"),
    ],
)
def test_report_names_each_kind_of_link_in_chinese(tag, attr, url, kind) -> None:
    assert link_kind(tag, attr, url) == kind
