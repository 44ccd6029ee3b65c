"""Blocks hidden by a linked stylesheet, judged when the sheet arrives (auditor/tamper/linked.py)."""

from __future__ import annotations

from lxml import html

from auditor.tamper.linked import LinkedStyles, latent_blocks, stylesheets

URL = "http://www.qinglan.gov.cn/xwzx/1.html"
SHEET = "http://www.qinglan.gov.cn/css/main.css"
SPAM = '<a href="http://a.example/">万象体育app官网</a><a href="http://b.example/">万象体育注册</a>'
PAGE = f"""<html><head><link rel="stylesheet" href="/css/main.css"></head><body>
<div class="ft"><div class="k9">{SPAM}</div></div>
<div class="gov"><a href="http://www.gz.gov.cn/">省政府</a><a href="http://www.gov.cn/">中国政府网</a></div>
<div class="row"><a href="http://p1.example/">合作单位甲</a><a href="http://p2.example/">合作单位乙</a></div>
</body></html>"""


def found(css: str, sheet_first: bool = False) -> list[tuple[str, str]]:
    root = html.document_fromstring(PAGE)
    linked = LinkedStyles()
    now = linked.sheet(SHEET, css) if sheet_first else []
    now += linked.page(
        URL, "site", stylesheets(root, URL), latent_blocks(root, URL, "www.qinglan.gov.cn")
    )
    later = [] if sheet_first else linked.sheet(SHEET, css)
    return [(hit.technique, hit.location) for _, _, hit in now + later]


def test_page_waits_for_its_sheet_and_the_rule_is_named() -> None:
    assert found(".ft .k9{display:none}") == [("linked-style .ft .k9", "body > div.ft > div.k9")]


def test_a_sheet_read_before_the_page_judges_it_at_once() -> None:
    assert found("div.k9{position:absolute;left:-9999px}", sheet_first=True) == [
        ("linked-style div.k9", "body > div.ft > div.k9")
    ]


def test_restored_font_size_and_public_sector_links_stay_clean() -> None:
    css = ".row,.ft{font-size:0}.row a,.ft a{font-size:14px}.gov{display:none}"
    assert found(css) == []


def test_hiding_alone_is_not_tampering() -> None:
    root = html.document_fromstring(PAGE.replace(SPAM, '<a href="/n/1.html">本站新闻</a>'))
    linked = LinkedStyles()
    linked.page(URL, "site", [SHEET], latent_blocks(root, URL, "www.qinglan.gov.cn"))
    assert linked.sheet(SHEET, ".ft .k9{display:none}") == []
