"""Listing mechanisms read pages as text: TRS pagers, jpage datastores, JSON list APIs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.extract import extract_facts, parse_document
from auditor.extract.discover import Entry, Follow, answer, discover, page_links, page_why
from auditor.extract.discover.honesty import walk_why

BASE = "http://www.example-county.gov.cn/col/tzgg/index.html"


def doc(html: str, url: str = BASE):
    return parse_document(html.encode("utf-8"), url)


def found(html: str, url: str = BASE) -> tuple[list[Entry], list[Follow]]:
    items = discover(doc(html, url))
    return [e for e in items if isinstance(e, Entry)], [f for f in items if isinstance(f, Follow)]


# TRS createPageHTML -----------------------------------------------------------------------
REAL_TRS = {
    "gne_cjn_1.html": "t3714581.htm",
    "rw_shanxi_gov_cn_article.html": "t20190918_693227.shtml",
    "cwced_3e1af229.html": "t20220213_552130.html",
}


@pytest.mark.parametrize("name", sorted(REAL_TRS))
def test_real_trs_pages_pager_urls_are_found(shared_corpus: Path, name: str) -> None:
    body = (shared_corpus / "realpages" / "pages" / name).read_bytes()
    url = "http://www.real-site.gov.cn/xw/202201/" + REAL_TRS[name]
    entries, _ = found(body.decode("utf-8"), url)
    # every real call states one page: the pager names the article itself and nothing else
    assert [e.url for e in entries] == [url]


@pytest.mark.parametrize("name", sorted(REAL_TRS))
def test_real_trs_call_with_more_pages_names_each(shared_corpus: Path, name: str) -> None:
    text = (shared_corpus / "realpages" / "pages" / name).read_text(encoding="utf-8")
    stem, ext = REAL_TRS[name].rsplit(".", 1)
    text = text.replace("createPageHTML(1,0,", "createPageHTML(4,0,").replace(
        "createPageHTML(1, 0,", "createPageHTML(4, 0,"
    )
    base = "http://www.real-site.gov.cn/xw/202201/"
    entries, _ = found(text, base + REAL_TRS[name])
    want = [base + REAL_TRS[name]] + [f"{base}{stem}_{i}.{ext}" for i in (1, 2, 3)]
    assert [e.url for e in entries] == want


def test_trs_arguments_from_var_declarations_and_other_extensions() -> None:
    html = """<ul><li><a href="a1.shtml">一</a><span>2014-05-06</span></li></ul><script>
    var countPage = 3//共多少页
    var currentPage = 1;
    createPageHTML(countPage, currentPage, "list", "shtml");</script>"""
    entries, _ = found(html, "http://x.gov.cn/zwgk/list_1.shtml")
    assert [e.url for e in entries] == [
        "http://x.gov.cn/zwgk/list.shtml",
        "http://x.gov.cn/zwgk/list_1.shtml",
        "http://x.gov.cn/zwgk/list_2.shtml",
    ]


def test_trs_container_id_first_and_record_count_last() -> None:
    html = """<script>createPageHTML('page_div', 2, 0, 'index', 'htm', 37);</script>"""
    entries, _ = found(html)
    assert [e.url.rsplit("/", 1)[1] for e in entries] == ["index.htm", "index_1.htm"]


def test_trs_pager_pages_are_page_links_but_not_dated_entries() -> None:
    html = '<script>createPageHTML(2, 0, "index", "html")</script>'
    links = page_links(doc(html))
    assert any(link.url.endswith("index_1.html") and link.tag == "a" for link in links)
    assert not extract_facts(doc(html)).is_listing


# jpage ----------------------------------------------------------------------------------
JPAGE = """<div id="d1"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=5&path=/&columnid=70&unitid=12&webname=%E5%8E%BF&permissiontype=0"></a>]]></nextgroup>
<recordset>
<record><![CDATA[<tr><td><a href="/art/2015/4/2/art_70_1.html" title="关于公布权力清单的通知">关于公布权力清单的通知</a></td><td>[2015-04-02]</td></tr>]]></record>
<record><![CDATA[<li><a href="/art/2015/3/9/art_70_2.html">年度工作要点</a> 2015-03-09</li>]]></record>
<record><![CDATA[<li>没有链接的记录 2015-03-01</li>]]></record>
</recordset></datastore></script></div>
<script>$('#d1').jpage({dataStore: dataStore, perPage: 1, totalRecord: 8, groupSize: 3,
proxyUrl: '/module/web/jpage/dataproxy.jsp', barPosition: 'bottom'});</script>"""


def test_jpage_records_are_dated_entries_and_the_page_a_listing() -> None:
    entries, follows = found(JPAGE)
    assert [(e.url.rsplit("/", 1)[1], e.text, e.date) for e in entries] == [
        ("art_70_1.html", "关于公布权力清单的通知", "2015-04-02"),
        ("art_70_2.html", "年度工作要点", "2015-03-09"),
    ]
    assert extract_facts(doc(JPAGE)).listing_dates == ["2015-04-02", "2015-03-09"]
    (first,) = follows
    assert first.method == "POST"
    assert first.url.endswith("dataproxy.jsp?startrecord=3&endrecord=5&perpage=1")
    assert "columnid=70" in first.body and "unitid=12" in first.body and "page=" not in first.body
    assert first.expected == 8


def test_jpage_walk_goes_group_by_group_up_to_the_total() -> None:
    _, (first,) = found(JPAGE)
    follow: Follow | None = first
    asked = []
    while follow is not None:
        asked.append(follow.url.split("?")[1])
        start = follow.state["start"]
        group = "".join(
            f"<record><![CDATA[<li><a href='/art/{n}.html'>第{n}条</a>2015-01-01</li>]]></record>"
            for n in range(start, follow.state["end"] + 1)
        )
        got = answer(follow, f"<datastore><recordset>{group}</recordset></datastore>".encode(), BASE)
        follow = got.follows[0] if got.follows else None
    assert asked == [
        "startrecord=3&endrecord=5&perpage=1",
        "startrecord=6&endrecord=8&perpage=1",
    ]


# JSON APIs ------------------------------------------------------------------------------
API_PAGE = """<ul class="news-list" id="list"></ul><script>
$.ajax({url: "/api/content/list?channelId=12&pageNo=1&pageSize=2", type: "get",
 success: function(res){ render(res); }});
var logo = "/images/logo.png"; var home = "/index.html";</script>"""


def test_api_literals_are_follow_ups_and_resources_are_not() -> None:
    entries, follows = found(API_PAGE)
    assert not entries
    assert [f.url for f in follows] == [
        "http://www.example-county.gov.cn/api/content/list?channelId=12&pageNo=1&pageSize=2"
    ]


def test_api_answer_maps_common_fields_and_pages_on() -> None:
    _, (follow,) = found(API_PAGE)
    body = {"success": True, "result": {"totalCount": 5, "pageNo": 1, "records": [
        {"docTitle": "征地补偿标准公告", "docUrl": "/zwgk/a1.html", "createTime": 1414800000000,
         "source": "县自然资源局"},
        {"name": "无链接的条目"},
        {"title": "第二条", "link": "http://www.example-county.gov.cn/zwgk/a2.html",
         "pubDate": "2014/10/30"},
    ]}}  # fmt: skip
    got = answer(follow, json.dumps(body, ensure_ascii=False).encode(), follow.url)
    assert [(e.url.rsplit("/", 1)[1], e.text, e.date, e.publisher) for e in got.entries] == [
        ("a1.html", "征地补偿标准公告", "2014-11-01", "县自然资源局"),
        ("a2.html", "第二条", "2014-10-30", None),
    ]
    assert got.total == 5
    (nxt,) = got.follows
    assert "pageNo=2" in nxt.url and nxt.found == 2


def test_api_walk_stops_at_the_stated_page_count() -> None:
    follow = Follow("http://x.gov.cn/api/list?page=3", "json")
    body = {"data": [{"url": "/a.html", "title": "甲"}], "totalPage": 3}
    assert answer(follow, json.dumps(body).encode(), follow.url).follows == []


# honesty --------------------------------------------------------------------------------
def test_script_filled_list_nobody_read_is_unreadable() -> None:
    html = """<div class="list-box"></div><script>var id = 3;
    $.get(prefix + id, function(d){ $('.list-box').append(d); });</script>"""
    page = doc(html)
    assert page_why(page, page_links(page)) == "列表容器为空,内容由脚本填充,未能读取"


def test_stated_count_with_fewer_entries_and_no_pager_is_unreadable() -> None:
    rows = "".join(f'<li><a href="a{i}.html">条目{i}</a><span>2014-01-0{i}</span></li>' for i in (1, 2))
    fills = "<script>$.getJSON(api, function(d){ $('#more').append(d); });</script>"
    page = doc(f"<ul>{rows}</ul><p>共<b>12</b>条记录 每页 2 条</p>{fills}")
    assert page_why(page, page_links(page)) == "页面写明共 12 条,只读到 2 条"
    paged = doc(f'<ul>{rows}</ul><p>共 12 条记录</p><a href="index_1.html">下一页</a>{fills}')
    assert page_why(paged, page_links(paged)) is None
    unscripted = doc(f"<ul>{rows}</ul><p>共 12 条记录</p>")
    assert page_why(unscripted, page_links(unscripted)) is None


def test_a_count_in_prose_is_not_a_pager_count() -> None:
    counter = "<script>$.ajax({url: '/visit.jsp', success: function(n){ show(n); }});</script>"
    page = doc(f"<h1>我县出台稳就业措施</h1><p>文件共 12 条,自印发之日起施行。</p>{counter}")
    assert page_why(page, page_links(page)) is None


def test_a_walk_that_read_its_total_is_not_unreadable() -> None:
    assert walk_why(15, 15, None) is None
    assert walk_why(15, 12, "HTTP 500") == "页面写明共 15 条,只读到 12 条(HTTP 500)"
    assert walk_why(None, 0, "timeout") == "列表数据未能读取(timeout)"


def test_a_script_navigation_target_is_a_page_link_not_an_api_call() -> None:
    html = """<script>function more(){ location.href = '/zwgk/list.jsp?page=2'; }
    fetch('/api/list?pageNo=1');</script>"""
    _, follows = found(html)
    assert [f.url.rsplit("/", 1)[1] for f in follows] == ["list?pageNo=1"]


def test_jpage_options_from_declared_names() -> None:
    html = JPAGE.replace("totalRecord: 8", "totalRecord: total").replace(
        "<script>$('#d1')", "<script>var total = 11;\n$('#d1')"
    )
    _, (follow,) = found(html)
    assert follow.expected == 11


def test_a_proxy_answer_stating_its_total_bounds_the_walk() -> None:
    html = JPAGE.replace("totalRecord: 8, ", "")
    _, (follow,) = found(html)
    assert follow.expected is None
    group = "".join(
        f"<record><![CDATA[<li><a href='/art/{n}.html'>第{n}条</a></li>]]></record>" for n in (3, 4, 5)
    )
    body = f"<datastore><totalrecord>5</totalrecord><recordset>{group}</recordset></datastore>"
    got = answer(follow, body.encode(), BASE)
    assert len(got.entries) == 3 and got.total == 5 and got.follows == []


def test_api_urls_joined_from_declared_names() -> None:
    html = """<ul id="list"></ul><script>var cid = 12; var size = 20;
    $.getJSON('/api/list?columnId=' + cid + '&pageNo=1&pageSize=' + size, fill);
    $.getJSON('/api/other?x=' + computed(), fill);
    fetch(`/api/tpl?x=${cid}`);</script>"""
    _, follows = found(html)
    assert [f.url.rsplit("/", 1)[1] for f in follows] == ["list?columnId=12&pageNo=1&pageSize=20"]


def test_trs_function_name_in_another_letter_case() -> None:
    entries, _ = found('<script>createPageHtml(2, 0, "index", "htm");</script>')
    assert [e.url.rsplit("/", 1)[1] for e in entries] == ["index.htm", "index_1.htm"]
