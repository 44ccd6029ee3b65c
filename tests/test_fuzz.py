"""Property tests: every extractor and every URL function takes any input without raising.

Crawled pages are hostile, so no byte sequence, markup, date text or URL may crash a crawl.
The example count per property is `AUDITOR_FUZZ_EXAMPLES` (default 150 in the suite);
`python benchmarks/fuzz.py` runs the long version (docs/reliability.md).
"""

from __future__ import annotations

import datetime as dt
import encodings.aliases
import os

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from scrapy import Request

from auditor.crawl.linkbook import anchor_names, fragment_links
from auditor.crawl.scope import is_crawlable, url_shape
from auditor.crawl.soft404 import is_soft_404, not_found_phrase
from auditor.extract import extract_facts, extract_links, find_date, parse_document, url_date
from auditor.extract.catalog import extract_catalog
from auditor.extract.dates import iter_dates, make_date
from auditor.extract.encoding import decode_html, meta_charset, normalise_encoding
from auditor.net.safety import (
    AddressPolicy,
    is_public,
    redirect_target,
    url_refusal,
    without_credentials,
)
from auditor.net.urls import canonicalize_url, is_http, is_malformed, join_url, scheme_of
from auditor.tamper import scan_html

EXAMPLES = int(os.environ.get("AUDITOR_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Pieces real pages are made of, so generated markup reaches deep into the extractors.
WORDS = st.sampled_from(
    [
        "发布日期:", "成文日期", "2014年3月5日", "二〇一四年三月五日", "2014-13-45", "2014/02/30",
        "索引号:", "发布机构:", "财政局", "来源:", "页面不存在", "404", "\u200b", "\ufeff",
        "&nbsp;", "&#0;", "&#xD800;", "<!--", "-->", "<![CDATA[", "澳门赌场", "博彩", "javascript:",
        "%", "%zz", "\\", "\x00", "\r\n", "第", "条", "决算", "预算", "[", "]", ":", "年", "月", "日",
    ]
)
TEXT = st.one_of(st.text(max_size=60), WORDS)
STYLES = st.sampled_from(
    [
        "display:none", "visibility:hidden", "position:absolute;left:-9999px", "font-size:0",
        "color:#fff;background:#fff", "height:0;overflow:hidden", "opacity:0", "text-indent:-999em",
        "color:", ";;;", "width:1px;height:1px", "",
    ]
)
HREFS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "/a.html", "../../x", "http://h.test/x?b=2&a=1#f", "javascript:window.open('/p.html')",
            "mailto:x@y", "file:///etc/passwd", "http://[::1", "http://h.test:99999/", "#top",
            "//other.test/p", "http://u:p@h.test/", "data:text/html,x", "http://h.test/" + "a" * 300,
            "http://ＥＸＡＭＰＬＥ.测试/路径?查询=值", "http://h.test:65536/", "http://h.test:-1/", "\t\nhttp://h.test/\x00",
        ]
    ),
)
TAGS = st.sampled_from(
    ["div", "p", "a", "span", "table", "tr", "td", "ul", "li", "h1", "title", "meta", "base",
     "iframe", "img", "script", "style", "marquee", "font", "area", "form", "frame"]
)


@st.composite
def element(draw: st.DrawFn, children: st.SearchStrategy[str]) -> str:
    tag = draw(TAGS)
    attrs = f' href="{draw(HREFS)}" src="{draw(HREFS)}" style="{draw(STYLES)}"'
    attrs += f' id="{draw(TEXT)}" name="{draw(TEXT)}" content="{draw(TEXT)}"'
    inner = "".join(draw(st.lists(children, max_size=4)))
    closing = "" if draw(st.booleans()) else f"</{tag}>"  # broken markup is common
    return f"<{tag}{attrs}>{inner}{closing}"


HTML = st.recursive(TEXT, lambda inner: element(inner), max_leaves=40)
CODECS = st.sampled_from(sorted(set(encodings.aliases.aliases.values())) + ["undefined", "rot13"])
ENCODINGS = st.sampled_from(
    [None, "utf-8", "gb2312", "GBK", "gb18030", "big5", "latin-1", "utf-16", "x-unknown", "", "utf8;"]
)


def _check_page(body: bytes, url: str, encoding: str | None) -> None:
    doc = parse_document(body, url, encoding)
    facts = extract_facts(doc, "2014-03-05")
    assert isinstance(facts.to_dict(), dict)
    for link in extract_links(doc):
        # http(s) links are fetched; malformed ones and other schemes (mailto:, data:…) are
        # recorded as written and never requested (docs/linkcheck.md)
        fetchable = is_http(link.url)
        assert fetchable or is_malformed(link.url) or scheme_of(link.url) not in ("http", "https")
    fragment_links(doc)
    anchor_names(doc)
    scan_html(doc.text, url, tree=doc.tree)
    is_soft_404(200, url, facts.title or "", facts.text or "", url, None)


@FUZZ
@given(st.lists(HTML, max_size=6), ENCODINGS)
def test_pages_of_generated_markup(parts: list[str], encoding: str | None) -> None:
    html = "<html><head><title>标题</title></head><body>" + "".join(parts) + "</body></html>"
    _check_page(html.encode("utf-8", "surrogatepass"), "http://h.test/dir/p.html", encoding)
    _check_page(html.encode("gb18030", "replace"), "https://h.test/", encoding)


@FUZZ
@given(st.binary(max_size=2000), st.one_of(ENCODINGS, CODECS))
def test_pages_of_random_bytes(body: bytes, encoding: str | None) -> None:
    _check_page(body, "http://h.test/p", encoding)


@FUZZ
@given(st.binary(max_size=500), st.one_of(st.none(), st.text(max_size=20), CODECS))
@example(b"\x80", "UNDEFINED")  # Python's "undefined" codec raises on every decode
@example(b"", "\x00")
def test_encodings(body: bytes, header: str | None) -> None:
    text, name = decode_html(body, header)
    assert isinstance(text, str) and name
    normalise_encoding(header)
    meta_charset(body)


@FUZZ
@given(st.lists(st.one_of(TEXT, st.text(max_size=80)), max_size=20))
def test_dates_and_catalogue(lines: list[str]) -> None:
    for line in lines:
        for found in [find_date(line), *iter_dates(line)]:
            value = found if isinstance(found, str) or found is None else found[0]
            if isinstance(value, str):
                dt.date.fromisoformat(value)  # a found date is a real date
        url_date("http://h.test/" + line)
    extract_catalog(lines)
    not_found_phrase(lines[0] if lines else "", " ".join(lines))


@FUZZ
@given(st.integers(-5, 10_000), st.integers(-5, 20), st.integers(-5, 40))
def test_make_date(year: int, month: int, day: int) -> None:
    value = make_date(year, month, day)
    if value is not None:
        dt.date.fromisoformat(value)


@FUZZ
@given(st.one_of(HREFS, st.text(max_size=200)), st.one_of(HREFS, st.text(max_size=100)))
def test_url_handling(base: str, href: str) -> None:
    canonical = canonicalize_url(base)
    if is_http(canonical):  # what the crawl routes: scope and trap rules take it
        assert is_http(canonicalize_url(canonical))
        url_shape(canonical)
        is_crawlable(canonical, "a")
    joined = join_url("http://h.test/a/b.html", href)
    assert joined is None or is_http(joined)
    if joined is not None:
        Request(joined)  # a link the crawl routes must make a request, or a page's later
        # links would be lost with the callback (a port of 65536 once did)
    url_refusal(base, 8192)
    without_credentials(canonical)


@FUZZ
@given(st.one_of(st.ip_addresses().map(str), st.text(max_size=40)), st.text(max_size=30))
def test_address_policy(address: str, name: str) -> None:
    is_public(address)
    assert AddressPolicy.for_hosts([name, "127.0.0.1"]).refusal(name, address) in (
        None,
        "private_address",
    )


@FUZZ
@given(st.one_of(HREFS, st.text(max_size=100)))
def test_redirect_targets(location: str) -> None:
    """Any Location header gives a target, refused or requestable, never an exception."""
    target = redirect_target("http://h.test/a/b.html", location)
    if url_refusal(target, 8192) is None:
        Request(target)
