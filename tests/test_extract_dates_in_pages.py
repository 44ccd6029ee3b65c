"""Publication dates in the shapes Chinese government CMSs print them, and which rule wins."""

import pytest

from auditor.extract import extract_facts, parse_document

URL = "http://127.0.0.1:8101/xxgk/show.aspx?id=7"
TITLE = "良庆区财政局2014年部门预算公开"


def page(body: str, head: str = "") -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{TITLE} - 良庆区财政局</title>{head}</head>"
        f"<body><div class='nav'><a href='/'>首页</a><a href='/xxgk/'>信息公开</a></div>"
        f"{body}<div class='footer'>主办：良庆区财政局 桂ICP备00000000号</div></body></html>"
    )


def h1(info: str, text: str = "根据预算法规定，现将本部门2014年部门预算公开如下。") -> str:
    return f"<h1>{TITLE}</h1>{info}<div class='TRS_Editor'><p>{text}</p></div>"


def trs_table(rows: str) -> str:
    return f"<table class='xxgk_table'>{rows}</table>" + h1("")


def dated(html: str, url: str = URL, listing_date: str | None = None, **kw) -> tuple:
    doc = parse_document(html.encode(kw.get("codec", "utf-8")), url, kw.get("header"))
    facts = extract_facts(doc, listing_date=listing_date)
    return facts.published, facts.published_source


REGULATION = (
    "根据《中华人民共和国政府信息公开条例》（2007年4月5日国务院令第492号公布，"
    "2008年5月1日起施行）和《预算法》，各部门应于2014年11月15日前报送推进情况。" * 3
)

CASES = {
    "meta_pubdate": (
        page(h1(""), "<meta name='PubDate' content='2014-08-05 10:20'>"),
        "2014-08-05",
        "meta",
    ),
    "meta_lowercase_name": (
        page(h1(""), "<meta name='pubdate' content='2014-08-05'>"),
        "2014-08-05",
        "meta",
    ),
    "meta_chinese_format": (
        page(h1(""), "<meta name='PubDate' content='2014年08月05日'>"),
        "2014-08-05",
        "meta",
    ),
    "meta_firstpublishedtime": (
        page(h1(""), "<meta name='firstpublishedtime' content='2014-08-05-23:59:59'>"),
        "2014-08-05",
        "meta",
    ),
    "meta_invalid_falls_through": (
        page(h1("<p>发布日期：2014-08-06</p>"), "<meta name='PubDate' content='0000-00-00'>"),
        "2014-08-06",
        "label",
    ),
    "meta_beats_catalog": (
        page(
            trs_table(
                "<tr><th>索引号</th><td>000014349/2014-00110</td><th>发布日期</th><td>2014-08-06</td></tr>"
            ),
            "<meta name='PubDate' content='2014-08-05'>",
        ),
        "2014-08-05",
        "meta",
    ),
    "catalog_th_td_published": (
        page(
            trs_table(
                "<tr><th>索引号：</th><td>000014349/2014-00110</td><th>主题分类：</th><td>财政</td></tr>"
                "<tr><th>发布机构：</th><td>良庆区财政局</td><th>发布日期：</th><td>2014-08-05</td></tr>"
            )
        ),
        "2014-08-05",
        "catalog",
    ),
    "catalog_generated_date_trs": (
        page(
            trs_table(
                "<tr><td>索 引 号：</td><td>11450108MB0000000X/2014-00012</td>"
                "<td>生成日期：</td><td>2014年08月05日</td></tr>"
                "<tr><td>发文机关：</td><td>良庆区财政局</td><td>文　　号：</td><td>良财〔2014〕5号</td></tr>"
            )
        ),
        "2014-08-05",
        "catalog",
    ),
    "catalog_written_date_only": (
        page(
            trs_table(
                "<tr><td>索引号</td><td>20140805-189769</td></tr>"
                "<tr><td>成文日期</td><td>2014/8/5</td></tr><tr><td>公开方式</td><td>主动公开</td></tr>"
            )
        ),
        "2014-08-05",
        "catalog",
    ),
    "catalog_chinese_numerals": (
        page(
            trs_table(
                "<tr><td>索引号</td><td>000014349/2014-00110</td></tr>"
                "<tr><td>成文日期</td><td>二〇一四年八月五日</td></tr>"
            )
        ),
        "2014-08-05",
        "catalog",
    ),
    "catalog_full_width_digits": (
        page(
            trs_table(
                "<tr><td>发布机构</td><td>良庆区财政局</td></tr>"
                "<tr><td>发布日期</td><td>２０１４－０８－０５</td></tr>"
            )
        ),
        "2014-08-05",
        "catalog",
    ),
    "catalog_dl_dt_dd": (
        page(
            "<dl class='xxgk-info'><dt>索引号：</dt><dd>000014349/2014-00110</dd>"
            "<dt>发布机构：</dt><dd>良庆区财政局</dd><dt>发布日期：</dt><dd>2014-08-05</dd></dl>"
            + h1("")
        ),
        "2014-08-05",
        "catalog",
    ),
    "catalog_li_span": (
        page(
            "<ul class='gkml-head'><li><span>索引号：</span>000014349/2014-00110</li>"
            "<li><span>发布机构：</span>良庆区财政局</li><li><span>发布日期：</span>2014年8月5日</li></ul>"
            + h1("")
        ),
        "2014-08-05",
        "catalog",
    ),
    "catalog_seed_text_lines": (
        page(
            "<pre>主索引号  /-051045 发布机构  良庆区政务服务中心\n副索引号  \n"
            f"信息名称  {TITLE}\n文号   发布日期   2014-08-05\n内容概述  </pre><p>{REGULATION}</p>"
        ),
        "2014-08-05",
        "catalog",
    ),
    "catalog_beats_label": (
        page(
            trs_table(
                "<tr><td>索引号</td><td>1/2014-1</td><td>发布日期</td><td>2014-08-05</td></tr>"
            )
            + "<p>发布时间：2014-09-01</p>"
        ),
        "2014-08-05",
        "catalog",
    ),
    "hanweb_info_line": (
        page(
            h1(
                "<div class='info'>发布日期：2014-08-05&nbsp;&nbsp;来源：良庆区财政局&nbsp;&nbsp;浏览次数：<span>12</span></div>"
            )
        ),
        "2014-08-05",
        "label",
    ),
    "trs_publish_time_slashes": (
        page(h1("<p>发布时间：2014/8/5 10:20</p>")),
        "2014-08-05",
        "label",
    ),
    "time_label_dots": (page(h1("<p>时间：2014.08.05</p>")), "2014-08-05", "label"),
    "date_label_chinese": (page(h1("<p>日期：2014年8月5日</p>")), "2014-08-05", "label"),
    "bracketed_label": (
        page(h1("<div>[发布日期：2014-08-05] [字体：大 中 小]</div>")),
        "2014-08-05",
        "label",
    ),
    "full_width_label": (page(h1("<p>发布时间：２０１４年８月５日</p>")), "2014-08-05", "label"),
    "label_with_seconds": (page(h1("<p>更新时间：2014-08-05 10:20:30</p>")), "2014-08-05", "label"),
    "label_in_table_cells": (
        page(h1("<table><tr><td>发布时间：2014-08-05</td><td>来源：区财政局</td></tr></table>")),
        "2014-08-05",
        "label",
    ),
    "empty_label_then_real_one": (
        page(h1("<p>发布日期：</p><p>发布日期：2014-08-05</p>")),
        "2014-08-05",
        "label",
    ),
    "info_line_without_label": (
        page(h1("<div class='info'>2014-08-05 来源：良庆区财政局 点击：35</div>")),
        "2014-08-05",
        "label",
    ),
    "bare_date_under_title": (
        page(h1("<div class='date'>2014-08-05 10:20</div>")),
        "2014-08-05",
        "label",
    ),
    "regulation_dates_ignored_url_used": (
        page(h1("", REGULATION)),
        "2014-08-05",
        "url",
    ),
    "plan_deadlines_ignored_nothing_found": (page(h1("", REGULATION)), None, None),
    "listing_date_used": (page(h1("", REGULATION)), "2014-08-07", "listing"),
    "label_beats_listing_date": (
        page(h1("<p>发布时间：2014-08-05</p>", REGULATION)),
        "2014-08-05",
        "label",
    ),
    "label_far_below_title_ignored": (
        page(h1("", REGULATION * 4) + "<p>x</p>" * 20 + "<p>发布日期：2014-09-09</p>"),
        None,
        None,
    ),
    "meeting_time_is_not_a_publication_label": (
        page(h1("<p>会议时间：2014年9月1日上午</p>")),
        None,
        None,
    ),
    "hanweb_art_url": (page(h1("")), "2014-08-05", "url"),
    "trs_t_url": (page(h1("")), "2014-08-05", "url"),
    "xinhua_style_url": (page(h1("")), "2014-08-05", "url"),
}
URLS = {
    "regulation_dates_ignored_url_used": "http://127.0.0.1:8101/xxgk/201408/t20140805_1.html",
    "hanweb_art_url": "http://127.0.0.1:8101/art/2014/8/5/art_1228_3.html",
    "trs_t_url": "http://127.0.0.1:8101/czj/201408/t20140805_99.html",
    "xinhua_style_url": "http://127.0.0.1:8101/news/2014-08/05/content_1.htm",
}
LISTING = {"listing_date_used": "2014-08-07", "label_beats_listing_date": "2014-08-07"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_publication_date(name: str) -> None:
    html, iso, source = CASES[name]
    assert dated(html, URLS.get(name, URL), LISTING.get(name)) == (iso, source)


def test_gb2312_page_with_label_date() -> None:
    html = page(h1("<p>发布时间：2014年8月5日</p>")).replace("charset='utf-8'", "charset='gb2312'")
    assert dated(html, codec="gb2312") == ("2014-08-05", "label")


def test_latin1_header_gbk_page_with_catalog() -> None:
    html = page(
        trs_table("<tr><td>索引号</td><td>1/2014-1</td><td>发布日期</td><td>2014-08-05</td></tr>")
    )
    html = html.replace("charset='utf-8'", "charset='gbk'")
    assert dated(html, codec="gbk", header="ISO-8859-1") == ("2014-08-05", "catalog")
