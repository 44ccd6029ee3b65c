"""Links from every place a government CMS hides them, absolute and as a browser requests them."""

from auditor.extract import Link, extract_links, parse_document

BASE = "http://127.0.0.1:8101/xxgk/czyjs/index.html"


def links_of(body: str, url: str = BASE) -> list[Link]:
    return extract_links(parse_document(body.encode("utf-8"), url))


def by_url(body: str, url: str = BASE) -> dict[str, Link]:
    return {link.url: link for link in links_of(body, url)}


def test_anchor_is_absolute_as_written_with_folded_text() -> None:
    found = by_url('<a href="../zcwj/t1.html?b=2&amp;a=1#x">  2014年 \n 部门预算 </a>')
    link = found["http://127.0.0.1:8101/xxgk/zcwj/t1.html?b=2&a=1"]  # query order kept
    assert (link.text, link.tag) == ("2014年 部门预算", "a")


def test_anchor_text_falls_back_to_image_alt_and_title() -> None:
    found = by_url(
        '<a href="/a.html"><img src="/i.png" alt="财政预决算"></a><a href="/b.html" title="三公经费"></a>'
    )
    assert found["http://127.0.0.1:8101/a.html"].text == "财政预决算"
    assert found["http://127.0.0.1:8101/b.html"].text == "三公经费"


def test_every_markup_source_and_its_tag() -> None:
    body = """<html><head>
      <meta http-equiv="refresh" content="5; URL='/moved.html'">
      <link rel="stylesheet" href="/css/main.css"><script src="/js/app.js"></script>
      </head><body>
      <map><area href="/map-area.html" alt="地图区域"></map>
      <iframe src="/frame-in.html" title="嵌入"></iframe>
      <frameset><frame src="/frame.html" name="左栏"></frameset>
      <img src="/logo.png" alt="标志">
      </body></html>"""
    tags = {link.url.rsplit("/", 1)[1]: link.tag for link in links_of(body)}
    assert tags == {
        "moved.html": "meta-refresh",
        "main.css": "link",
        "app.js": "script",
        "map-area.html": "area",
        "frame-in.html": "iframe",
        "frame.html": "frame",
        "logo.png": "img",
    }


def test_javascript_handlers_and_inline_scripts() -> None:
    body = """
      <a href="javascript:window.open('/open.html','_blank')">打开</a>
      <a href="#" onclick="location.href='/onclick.html';return false;">点击</a>
      <span onclick="window.location = '../span.html'">跳转</span>
      <button onclick="top.location.replace('/replace.html')">替换</button>
      <script>function go(){ window.location.href = "/inline.html"; }</script>
      <a href="javascript:void(0)" onclick="window.open('/x/'+id)">拼接</a>
    """
    found = by_url(body)
    js = {url.rsplit("/", 1)[1] for url, link in found.items() if link.tag == "js"}
    assert js == {"open.html", "onclick.html", "span.html", "replace.html", "inline.html"}
    assert found["http://127.0.0.1:8101/open.html"].text == "打开"


def test_other_schemes_are_recorded_as_written_and_empty_links_skipped() -> None:
    body = """<a href="mailto:czj@example.invalid">信箱</a><a href="tel:0771">电话</a>
      <a href="javascript:void(0)">无</a><a href="data:text/plain,x">数据</a>
      <a href="#top">顶部</a><a href="">空</a><a>无链接</a><a href="/ok.html">好</a>"""
    assert [link.url for link in links_of(body)] == [
        "mailto:czj@example.invalid",
        "tel:0771",
        "data:text/plain,x",
        "http://127.0.0.1:8101/ok.html",
    ]


def test_base_href_is_honoured() -> None:
    body = '<head><base href="http://127.0.0.1:8102/site/"></head><a href="doc/a.html">A</a>'
    doc = parse_document(body.encode(), BASE)
    assert doc.base_url == "http://127.0.0.1:8102/site/"
    assert extract_links(doc)[0].url == "http://127.0.0.1:8102/site/doc/a.html"


def test_relative_base_href_resolves_against_the_page() -> None:
    body = '<base href="/root/"><a href="a.html">A</a>'
    assert links_of(body)[0].url == "http://127.0.0.1:8101/root/a.html"


def test_duplicates_merge_keeping_text_and_date() -> None:
    body = """<a href="/p.html"><img src="/icon.gif"></a>
      <ul><li><a href="/p.html">2013年部门决算</a><span>2014-08-05</span></li></ul>"""
    anchors = [link for link in links_of(body) if link.tag == "a"]
    assert anchors == [
        Link("http://127.0.0.1:8101/p.html", "2013年部门决算", "a", "2014-08-05", "href")
    ]


def test_listing_row_dates_in_common_layouts() -> None:
    body = """
      <ul><li><a href="/1.html">部门预算</a><span>2014-08-05</span></li>
          <li><span class="date">[2014/8/6]</span><a href="/2.html">部门决算</a></li></ul>
      <table><tr><td><a href="/3.html">三公经费</a></td><td>2014年8月7日</td></tr></table>
      <div><a href="/4.html">预算执行审计</a> (2014.08.08)<br>
           <a href="/5.html">民生资金</a> ２０１４－０８－０９<br></div>
      <p><a href="/6.html">没有日期</a></p>
    """
    dates = {link.url[-6:]: link.date for link in links_of(body)}
    assert dates == {
        "1.html": "2014-08-05",
        "2.html": "2014-08-06",
        "3.html": "2014-08-07",
        "4.html": "2014-08-08",
        "5.html": "2014-08-09",
        "6.html": None,
    }


def test_a_row_with_several_links_lends_its_date_to_none() -> None:
    body = '<li><a href="/a.html">甲</a><a href="/b.html">乙</a></li><li>2014-08-05</li>'
    assert all(link.date is None for link in links_of(body))


def test_a_date_in_the_anchor_text_is_not_a_row_date() -> None:
    body = '<li><a href="/a.html">2014年8月5日召开预算会议</a></li>'
    assert links_of(body)[0].date is None


def test_hostile_markup_does_not_break_extraction() -> None:
    body = (
        "<a href='/ok.html'>ok</a>"
        + "<div><font>" * 700
        + '<a href="http://[::1/bad">bad</a><a href="http://a b.example/">sp</a>'
        + "\x00<a href=/tail.html>尾</a>"
    )
    urls = {link.url for link in links_of(body)}
    assert {"http://127.0.0.1:8101/ok.html", "http://127.0.0.1:8101/tail.html"} <= urls


def test_clickable_listing_rows_give_text_and_date() -> None:
    body = """<table><tr onclick="window.open('/show.aspx?id=5')"><td>2014年部门预算</td>
      <td>2014-08-05</td></tr></table>"""
    (link,) = links_of(body)
    assert (link.url, link.tag, link.date) == (
        "http://127.0.0.1:8101/show.aspx?id=5",
        "js",
        "2014-08-05",
    )
    assert link.text.startswith("2014年部门预算")
