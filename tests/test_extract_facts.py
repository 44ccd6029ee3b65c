"""PageFacts: title, agency, catalogue block, column, body, attachments, listing, soft 404."""

import json

import pytest

from auditor.extract import PageFacts, extract_facts, parse_document

URL = "http://127.0.0.1:8101/czj/xxgk/show.html"


def facts_of(html: str, url: str = URL, **kw) -> PageFacts:
    return extract_facts(parse_document(html.encode("utf-8"), url), **kw)


def page(body: str, head: str = "", title: str = "2014年部门预算 - 良庆区财政局") -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title>{head}</head><body>"
        "<div class='top'><a href='/'>首页</a> <a href='/xxgk/'>信息公开</a></div>"
        f"{body}<div id='footer'><p>版权所有：良庆区财政局 主办：良庆区财政局</p>"
        "<p>桂ICP备00000001号 网站标识码：4501080001</p></div></body></html>"
    )


CATALOG = """<table class="xxgk">
<tr><th>索引号：</th><td>000014349/2014-00110</td><th>主题分类：</th><td>财政、金融、审计</td></tr>
<tr><th>发布机构：</th><td>良庆区财政局</td><th>生成日期：</th><td>2014-08-04</td></tr>
<tr><th>名　　称：</th><td colspan="3">良庆区财政局2014年部门预算</td></tr>
<tr><th>文　　号：</th><td>良财〔2014〕5号</td><th>发布日期：</th><td>2014-08-05</td></tr>
<tr><th>主题词：</th><td>预算</td><th>公开方式：</th><td>主动公开</td></tr>
<tr><th>内容概述：</th><td colspan="3">公开本部门2014年收支预算总表。</td></tr>
</table>"""


def test_catalog_block_fields() -> None:
    facts = facts_of(page(CATALOG + "<div class='content'><p>正文。</p></div>"))
    assert facts.catalog == {
        "index_no": "000014349/2014-00110",
        "category": "财政、金融、审计",
        "agency": "良庆区财政局",
        "created": "2014-08-04",
        "published": "2014-08-05",
        "name": "良庆区财政局2014年部门预算",
        "doc_no": "良财〔2014〕5号",
        "keywords": "预算",
        "summary": "公开本部门2014年收支预算总表。",
        "disclosure": "主动公开",
    }
    assert (facts.published, facts.published_source) == ("2014-08-05", "catalog")
    assert facts.title == "良庆区财政局2014年部门预算"
    assert facts.agency == "良庆区财政局"
    assert facts.edition_year == 2014


def test_listing_header_row_is_not_a_catalog_block() -> None:
    rows = "".join(
        f"<tr><td>{i}</td><td><a href='/a{i}.html'>通知{i}</a></td><td>2014-08-0{i}</td></tr>"
        for i in range(1, 7)
    )
    html = page(f"<table><tr><th>序号</th><th>标题</th><th>发布日期</th></tr>{rows}</table>")
    assert facts_of(html).catalog is None


def test_body_sentence_with_label_words_is_not_a_catalog_block() -> None:
    text = "<p>各单位要在信息名称中注明文号，发布机构应当及时更新。</p>"
    assert facts_of(page(text)).catalog is None


@pytest.mark.parametrize(
    ("head", "body", "title"),
    [
        (
            "<meta name='ArticleTitle' content='关于2014年部门预算的说明'>",
            "<h1>别的</h1>",
            "关于2014年部门预算的说明",
        ),
        ("", "<h1 class='article-title'>良庆区2014年部门决算</h1>", "良庆区2014年部门决算"),
        ("", "<h2 id='title'>三公经费公开</h2>", "三公经费公开"),
        ("", "<div>正文</div>", "2014年部门预算"),
    ],
)
def test_title_sources(head: str, body: str, title: str) -> None:
    assert facts_of(page(body, head)).title == title


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("良庆区2014年部门预算_良庆区人民政府网", "良庆区2014年部门预算"),
        ("良庆区2014年部门预算 - 良庆区财政局", "良庆区2014年部门预算"),
        ("良庆区2014年部门预算|财政预决算|良庆区财政局", "良庆区2014年部门预算"),
        ("1-10月固定资产投资情况", "1-10月固定资产投资情况"),
    ],
)
def test_title_tag_minus_site_name(raw: str, title: str) -> None:
    assert facts_of(page("<p>正文</p>", title=raw)).title == title


def test_site_name_only_title_falls_back_to_h1() -> None:
    head = "<meta name='SiteName' content='良庆区财政局'>"
    html = page("<h1>良庆区2014年部门预算</h1>", head, title="良庆区财政局")
    assert facts_of(html).title == "良庆区2014年部门预算"


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("良庆区财政局2014年度部门预算", 2014),
        ("2014年部门预算公开", 2014),
        ("良庆区2013年决算", 2013),
        ("二〇一四年度“三公”经费", 2014),
        ("2014年8月5日召开预算工作会议", None),
        ("部门预算公开", None),
    ],
)
def test_edition_year(title: str, year: int | None) -> None:
    head = f"<meta name='ArticleTitle' content='{title}'>"
    assert facts_of(page("<p>x</p>", head)).edition_year == year


def test_agency_from_source_label_then_meta() -> None:
    info = "<h1>2014年部门预算</h1><div>发布时间：2014-08-05　来源：良庆区财政局　浏览：5</div>"
    assert facts_of(page(info)).agency == "良庆区财政局"
    head = "<meta name='ContentSource' content='良庆区审计局'>"
    assert facts_of(page("<h1>2014年部门预算</h1>", head)).agency == "良庆区审计局"


@pytest.mark.parametrize(
    ("crumb", "items", "column"),
    [
        (
            "<div class='position'>当前位置：<a>首页</a> &gt; <a>信息公开</a> &gt; <a>财政预决算</a></div>",
            ["首页", "信息公开", "财政预决算"],
            "财政预决算",
        ),
        (
            "<div>您现在的位置：首页 >> 政务公开 >> 正文</div>",
            ["首页", "政务公开", "正文"],
            "政务公开",
        ),
        (
            "<div class='crumb'><a>首页</a>»<a>部门预决算</a></div>",
            ["首页", "部门预决算"],
            "部门预决算",
        ),
    ],
)
def test_breadcrumb_and_column(crumb: str, items: list[str], column: str) -> None:
    facts = facts_of(page(crumb + "<p>正文</p>"))
    assert (facts.breadcrumb, facts.column) == (items, column)


def test_column_name_meta_wins() -> None:
    head = "<meta name='ColumnName' content='部门预决算'>"
    crumb = "<div>当前位置：首页 > 信息公开 > 通知公告</div>"
    assert facts_of(page(crumb, head)).column == "部门预决算"


def test_meta_tags_first_non_empty_value() -> None:
    head = (
        "<meta name='SiteIDCode' content=''><meta name='SiteIDCode' content='4501080001'>"
        "<meta name='contentSource' content='区财政局'><meta name='url' content='http://127.0.0.1/x'>"
    )
    meta = facts_of(page("<p>x</p>", head)).meta
    assert meta["SiteIDCode"] == "4501080001"
    assert meta["ContentSource"] == "区财政局"
    assert meta["Url"] == "http://127.0.0.1/x"
    assert meta["PubDate"] is None and len(meta) == 14


def test_main_text_is_the_article_not_navigation() -> None:
    nav = (
        "<ul>"
        + "".join(f"<li><a href='/c{i}.html'>栏目名称{i}</a></li>" for i in range(40))
        + "</ul>"
    )
    article = "<div class='TRS_Editor'><p>根据预算法，现将本部门预算公开如下。</p><p>一、收入预算。</p></div>"
    facts = facts_of(page(nav + "<h1>2014年部门预算</h1>" + article))
    assert facts.text == "根据预算法，现将本部门预算公开如下。 一、收入预算。"


def test_main_text_is_capped() -> None:
    body = "<div><p>" + "财政预算公开，" * 2000 + "</p></div>"
    assert len(facts_of(page(body)).text) == 4000


def test_attachments_with_link_text() -> None:
    body = (
        "<p><a href='/files/2014ys.xls'>2014年部门预算表</a> <a href='/files/sm.DOC'>说明</a>"
        "<a href='/files/a.pdf?v=1'><img alt='PDF版'></a><a href='/other.html'>不是附件</a></p>"
    )
    attachments = [(a.url.rsplit("/", 1)[1], a.text) for a in facts_of(page(body)).attachments]
    assert attachments == [
        ("2014ys.xls", "2014年部门预算表"),
        ("sm.DOC", "说明"),
        ("a.pdf?v=1", "PDF版"),
    ]


def listing_page(n: int) -> str:
    items = "".join(
        f"<li><a href='/czj/201408/t201408{10 + i:02d}_{i}.html'>良庆区财政局通知第{i}号关于预算</a>"
        f"<span>2014-08-{10 + i:02d}</span></li>"
        for i in range(n)
    )
    return page(f"<div class='list'><ul>{items}</ul></div><div class='page'>共1页</div>")


def test_column_page_is_a_listing_with_dates_newest_first() -> None:
    facts = facts_of(listing_page(8))
    assert facts.is_listing
    assert facts.listing_dates[:3] == ["2014-08-17", "2014-08-16", "2014-08-15"]
    assert len(facts.listing_dates) == 8


def test_article_with_dated_sidebar_is_not_a_listing() -> None:
    side = listing_page(6).split("<body>")[1].split("<div id='footer'>")[0]
    head = "<meta name='ArticleTitle' content='2014年部门预算'>"
    article = "<div class='content'><p>" + "本部门预算公开如下，" * 30 + "</p></div>"
    facts = facts_of(page(article + side, head))
    assert not facts.is_listing and facts.listing_dates == []


def test_young_column_with_one_entry_is_a_listing() -> None:
    facts = facts_of(listing_page(1))
    assert facts.is_listing and facts.listing_dates == ["2014-08-10"]


def test_unmarked_article_with_related_links_is_not_a_listing() -> None:
    related = listing_page(3).split("<body>")[1].split("<div id='footer'>")[0]
    article = "<div class='content'><p>" + "现将本部门预算公开如下，请监督。" * 10 + "</p></div>"
    assert not facts_of(page(article + related)).is_listing


def test_page_without_dated_links_is_not_a_listing() -> None:
    links = "".join(f"<li><a href='/c{i}.html'>栏目{i}</a></li>" for i in range(30))
    assert not facts_of(page(f"<ul>{links}</ul>")).is_listing


@pytest.mark.parametrize(
    "notice",
    [
        "<h2>对不起，您访问的页面不存在或已被删除！</h2>",
        "<p>404 Not Found</p>",
        "<div>找不到该页面</div>",
        "<div class='err'>抱歉，您要访问的信息已删除</div>",
    ],
)
def test_soft_404_pages(notice: str) -> None:
    assert facts_of(page(notice, title="提示信息")).not_found


def test_long_article_mentioning_missing_pages_is_not_404() -> None:
    body = "<p>" + "部分单位网站存在页面不存在、链接错误等问题，要求整改。" * 60 + "</p>"
    assert not facts_of(page(body)).not_found


def test_footer_text_for_tamper_comparison() -> None:
    footer = facts_of(page("<p>x</p>")).footer
    assert (
        footer
        == "版权所有：良庆区财政局 主办：良庆区财政局 桂ICP备00000001号 网站标识码：4501080001"
    )


def test_json_round_trip() -> None:
    facts = facts_of(page(CATALOG + "<a href='/f.xls'>表</a>"))
    data = json.loads(json.dumps(facts.to_dict(), ensure_ascii=False))
    assert PageFacts.from_dict(data) == facts
    assert set(data) == {
        "title", "published", "published_source", "edition_year", "agency", "column",
        "breadcrumb", "catalog", "meta", "text", "attachments", "is_listing", "listing_dates",
        "not_found", "footer", "head_title",
    }  # fmt: skip


HOSTILE = {
    "empty": b"",
    "blank": b"   ",
    "binary": b"\x00\x01\x02\xff\xfe binary",
    "xml_declaration": b"<?xml version='1.0' encoding='gb2312'?><html><body><p>x</p></body></html>",
    "broken_tables": b"<html><body><table><tr><td><div></table></td></span><p><<<>>>",
    "unclosed_anchors": b"<a href='/x'>" * 5000,
    "deep_nesting": b"<body>" + b"<div>" * 1500 + "深层".encode() + b"</div>" * 1500,
    "endless_script": b"<script>" + b"x" * 100000,
    "utf16_without_bom": "<title>页面</title><p>中文</p>".encode("utf-16-le"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_bodies_never_raise(name: str) -> None:
    doc = parse_document(HOSTILE[name], URL)
    facts = extract_facts(doc)
    json.dumps(facts.to_dict())


@pytest.mark.parametrize(
    "block",
    [
        "<div class='info'><span>索引号：000014349/2014-00110</span><span>发布机构：良庆区财政局</span>"
        "<span>发布日期：2014-08-05</span></div>",
        "<p>【索引号】000014349/2014-00110 【发布机构】良庆区财政局 【发布日期】2014-08-05</p>",
        "<table><tr><td>索引号：000014349/2014-00110</td><td>发布机构：良庆区财政局</td></tr>"
        "<tr><td colspan='2'>发布日期：2014-08-05</td></tr></table>",
    ],
)
def test_catalog_blocks_in_inline_layouts(block: str) -> None:
    catalog = facts_of(page(block + "<p>正文。</p>")).catalog
    assert catalog is not None
    fields = (catalog["index_no"], catalog["agency"], catalog["published"])
    assert fields == ("000014349/2014-00110", "良庆区财政局", "2014-08-05")
