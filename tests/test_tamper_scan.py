"""scan_html: one test per hiding technique and per finding kind, on small crafted pages."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from auditor.tamper import TamperHit, scan_html

URL = "http://www.lq.gov.cn.invalid/zwgk/1.html"
SPAM = '<a href="http://www.spam.invalid/">真人百家乐</a><a href="http://www.spam.invalid/2">六合彩</a>'


def page(body: str, head: str = "") -> str:
    return f"<html><head><title>通知公告</title>{head}</head><body><p>正文</p>{body}</body></html>"


def kinds(hits: list[TamperHit]) -> list[str]:
    return [h.kind for h in hits]


@pytest.mark.parametrize(
    ("markup", "technique"),
    [
        (f'<div style="display:none">{SPAM}</div>', "display:none"),
        (f'<div style="visibility:hidden">{SPAM}</div>', "visibility:hidden"),
        (f'<div style="opacity:0">{SPAM}</div>', "opacity:0"),
        (f'<div style="font-size:0">{SPAM}</div>', "font-size:0"),
        (f'<div style="line-height:0px">{SPAM}</div>', "line-height:0"),
        (f'<div style="height:0;overflow:hidden">{SPAM}</div>', "zero-size-overflow-hidden"),
        (f'<div style="text-indent:-9999px">{SPAM}</div>', "text-indent"),
        (f'<div style="position:absolute;left:-9999px">{SPAM}</div>', "offscreen-position"),
        (f'<div style="position:relative;z-index:-9">{SPAM}</div>', "z-index"),
        (
            f'<div style="background:#fff"><span style="color:#FFFFFF">{SPAM}</span></div>',
            "same-color",
        ),
        (f'<marquee scrollamount="500">{SPAM}</marquee>', "marquee"),
        (f"<div hidden>{SPAM}</div>", "hidden-attribute"),
        (f'<div style="position:absolute;clip:rect(0,0,0,0)">{SPAM}</div>', "clip"),
        (f"<style>.x9{{display:none}}</style><div class=x9>{SPAM}</div>", "style-rule .x9"),
        (f"<style>#k{{visibility:hidden}}</style><div id=k>{SPAM}</div>", "style-rule #k"),
        (f"<style>p.k{{opacity:0}}</style><p class=k>{SPAM}</p>", "style-rule p.k"),
        (f"<style>dl{{display:none}}</style><dl><dd>{SPAM}</dd></dl>", "style-rule dl"),
    ],
)
def test_each_hiding_technique_is_reported(markup: str, technique: str) -> None:
    hits = scan_html(page(markup), URL)
    assert [(h.kind, h.technique, h.severity) for h in hits] == [("hidden_link", technique, "high")]
    assert "真人百家乐" in hits[0].detail and "www.spam.invalid" in hits[0].detail


def test_child_can_undo_inheritable_hiding() -> None:
    markup = f'<div style="visibility:hidden"><p style="visibility:visible">{SPAM}</p></div>'
    hits = scan_html(page(markup), URL)
    assert "hidden_link" not in kinds(hits)


def test_print_only_rule_does_not_hide() -> None:
    markup = "<style>@media print{.np{display:none}}</style>"
    markup += (
        '<div class="np"><a href="http://a.example/">甲</a><a href="http://b.example/">乙</a></div>'
    )
    assert scan_html(page(markup), URL) == []


def test_hidden_same_site_menu_is_not_tampering() -> None:
    menu = '<ul style="display:none"><li><a href="/zwgk/">政务公开</a></li><li><a href="/bsfw/">办事服务</a></li></ul>'
    assert scan_html(page(menu), URL) == []


def test_single_hidden_external_link_without_spam_is_not_tampering() -> None:
    markup = '<div style="display:none"><a href="http://partner.example/">合作单位</a></div>'
    assert scan_html(page(markup), URL) == []


def test_several_hidden_unknown_external_links_are_medium() -> None:
    links = "".join(f'<a href="http://s{i}.example/">上海网站建设{i}</a>' for i in range(3))
    hits = scan_html(page(f'<div style="display:none">{links}</div>'), URL)
    assert [(h.kind, h.severity) for h in hits] == [("hidden_link", "medium")]


def test_hidden_spam_text_without_links_is_injected_text() -> None:
    hits = scan_html(page('<p style="display:none">澳门博彩 百家乐 开户送彩金</p>'), URL)
    assert kinds(hits) == ["injected_text"]


def test_full_page_iframe() -> None:
    frame = (
        '<iframe src="http://evil.example/" style="position:fixed;width:100%;height:100%"></iframe>'
    )
    hits = scan_html(page(frame), URL)
    assert [(h.kind, h.technique, h.severity) for h in hits] == [
        ("hidden_iframe", "full-page-iframe", "high")
    ]


def test_zero_size_iframe_and_same_site_iframe() -> None:
    hidden = '<iframe src="http://evil.example/" width="0" height="0"></iframe>'
    own = '<iframe src="/map.html" width="0" height="0"></iframe>'
    assert [h.technique for h in scan_html(page(hidden + own), URL)] == ["zero-size"]


def test_frameset_to_foreign_site() -> None:
    doc = '<html><frameset rows="100%"><frame src="http://evil.example/"></frameset></html>'
    assert kinds(scan_html(doc, URL)) == ["hidden_iframe"]


def test_document_write_of_spam_link() -> None:
    script = """<script>document.write('<a href="http://x.invalid/">澳门赌场</a>');</script>"""
    hits = scan_html(page(script), URL)
    assert [(h.kind, h.technique) for h in hits] == [("script_injection", "document.write")]


def test_obfuscated_innerhtml_write() -> None:
    script = r"""<div id=n></div><script>n.innerHTML="\x3ca href='http://y.invalid'\x3e时时彩\x3c/a\x3e";</script>"""
    assert [h.technique for h in scan_html(page(script), URL)] == ["innerHTML"]


def test_cloaking_by_referrer() -> None:
    script = '<script>if(document.referrer.indexOf("sogou")>-1){location.replace("http://z.invalid")}</script>'
    hits = scan_html(page("", head=script), URL)
    assert [(h.kind, h.location) for h in hits] == [("cloaking_script", "head > script")]


def test_meta_keywords_and_title_spam() -> None:
    head = '<meta name="keywords" content="bet365,真人视讯">'
    doc = f"<html><head><title>XX县政府-太阳城娱乐</title>{head}</head><body></body></html>"
    hits = scan_html(doc, URL)
    assert sorted((h.kind, h.location) for h in hits) == [
        ("meta_spam", "head > meta[name=keywords]"),
        ("meta_spam", "head > title"),
    ]


def test_visible_footer_brand_is_hijacked_footer() -> None:
    footer = '<div id="foot"><p>Copyright 2008-2017 det365娱乐官网 版权所有</p></div>'
    hits = scan_html(page(footer), URL)
    assert [(h.kind, h.severity) for h in hits] == [("hijacked_footer", "high")]
    assert hits[0].detail == "页脚中出现博彩类品牌“det365娱乐官网”"
    assert hits[0].location == "body > div#foot > p"


def test_visible_spam_in_body_is_injected_text() -> None:
    hits = scan_html(page("<div>六合彩资料大全 今晚特码</div>"), URL)
    assert [(h.kind, h.technique) for h in hits] == [("injected_text", "visible-text")]


def test_accepts_parsed_tree_and_hit_dict() -> None:
    doc = page(f'<div style="display:none">{SPAM}</div>')
    hit = scan_html("", URL, tree=lxml_html.document_fromstring(doc))[0]
    assert hit.to_dict()["kind"] == "hidden_link"
    assert set(hit.to_dict()) == {"kind", "technique", "detail", "snippet", "location", "severity"}
    assert len(hit.snippet) <= 300


@pytest.mark.parametrize("doc", ["", "   ", "<html></html>", "\x00<<<>>>", "<p>" * 5000])
def test_garbage_input_does_not_crash(doc: str) -> None:
    assert scan_html(doc, URL) == []


def test_brand_name_leaves_out_the_sponsors_place_name() -> None:
    footer = (
        '<html><body><div class="footer"><p>南宁市鑫盛娱乐官网主办 '
        "南宁市良庆区发展和改革局承办</p></div></body></html>"
    )
    details = [hit.detail for hit in scan_html(footer, "http://127.0.0.1/")]
    assert any("“鑫盛娱乐官网”" in detail for detail in details), details
