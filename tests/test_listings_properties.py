"""Hostile or malformed listing scripts, datastores and JSON never raise, never loop, and
give bounded output (hypothesis property tests)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.extract import parse_document
from auditor.extract.discover import Entry, Follow, answer, discover, page_links, page_why
from auditor.extract.discover.base import MAX_PAGER_PAGES, MAX_WALK_RECORDS, MAX_WALK_REQUESTS
from auditor.net.urls import is_http

BASE = "http://www.sample-town.gov.cn/lm/index.html"
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

numbers = st.one_of(
    st.integers(-(10**15), 10**15), st.sampled_from([0, 1, -1, 2, 10**9]), st.floats()
).map(str)
strings = st.text(alphabet="ab_\"'\\/.-0123456789 ", max_size=12).map(lambda s: json.dumps(s))
names = st.sampled_from(["countPage", "currentPage", "nope", "", "undefined"])
args = st.lists(st.one_of(numbers, strings, names, st.just("1+1")), max_size=7)


def walk(follow: Follow, body: bytes) -> int:
    """Ask the same answer again and again; the number of requests the walk made."""
    asked = 1
    pending = [follow]
    while pending:
        got = answer(pending.pop(), body, BASE)
        assert len(got.entries) <= MAX_WALK_RECORDS
        assert len(got.follows) <= 1
        pending.extend(got.follows)
        asked += len(got.follows)
        assert asked <= MAX_WALK_REQUESTS + 1, "the walk does not end"
    return asked


@FAST
@given(args, st.sampled_from(["", "var countPage = 3; var currentPage = -2;"]))
def test_malformed_trs_calls_are_bounded(arguments: list[str], declared: str) -> None:
    html = f"<script>{declared}\ncreatePageHTML({', '.join(arguments)});</script>"
    found = discover(parse_document(html.encode(), BASE))
    assert len(found) <= MAX_PAGER_PAGES
    assert all(isinstance(f, Entry) and is_http(f.url) for f in found if f.mechanism == "trs")


def test_huge_trs_count_is_capped() -> None:
    html = '<script>createPageHTML(99999999999, 0, "index", "html")</script>'
    assert len(discover(parse_document(html.encode(), BASE))) == MAX_PAGER_PAGES


pieces = st.sampled_from([
    "<datastore>", "</datastore>", "<record>", "</record>", "<![CDATA[", "]]>", "<recordset>",
    "<nextgroup>", "</nextgroup>", '<a href="/module/web/jpage/dataproxy.jsp?columnid=1">',
    "<a href='/art/1.html'>", "</a>", "2014-03-01", "<li>", "<a>", "<![CDATA[<![CDATA[x]]>]]>",
    "jpage({perPage: 0, totalRecord: 99999999, groupSize: -3})", "&amp;", "\x00", "文",
])  # fmt: skip


@FAST
@given(st.lists(pieces, max_size=40))
def test_broken_datastores_never_raise(parts: list[str]) -> None:
    text = "".join(parts)
    html = f'<script type="text/xml">{text}</script><script>{text}</script>'
    doc = parse_document(html.encode(), BASE)
    found = discover(doc)
    page_why(doc, page_links(doc))
    for follow in (f for f in found if isinstance(f, Follow)):
        walk(follow, text.encode())


def test_a_proxy_that_always_answers_a_full_group_is_asked_a_bounded_number_of_times() -> None:
    html = """<script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/p.jsp?columnid=3">
    </a>]]></nextgroup><recordset></recordset></datastore></script>
    <script>jpage({perPage: 1, totalRecord: 999999999, groupSize: 1, proxyUrl: '/p.jsp'})</script>"""
    (follow,) = [f for f in discover(parse_document(html.encode(), BASE)) if isinstance(f, Follow)]
    full = b"<datastore><recordset><record><![CDATA[<a href='/a.html'>a</a>]]></record></recordset></datastore>"
    assert walk(follow, full) == MAX_WALK_REQUESTS


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(10**20), 10**20), st.floats(), st.text(max_size=8)),
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(
            st.sampled_from(["url", "title", "list", "data", "total", "pageNo", "totalPage",
                             "pageSize", "publishDate", "rows", "x"]), children, max_size=6),
    ),
    max_leaves=30,
)  # fmt: skip


@FAST
@given(json_values, st.sampled_from(["?pageNo=1", "?page=-5", "", "?pageNo=abc"]))
def test_any_json_answer_is_bounded_and_ends(value: object, query: str) -> None:
    follow = Follow(f"http://www.sample-town.gov.cn/api/list{query}", "json")
    walk(follow, json.dumps(value).encode())


@FAST
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(body: bytes) -> None:
    for mechanism in ("json", "jpage"):
        follow = Follow("http://www.sample-town.gov.cn/api/list?pageNo=1", mechanism)
        got = answer(follow, body, BASE)
        assert len(got.entries) <= len(body) and len(got.follows) <= 1


def test_a_json_list_with_endless_paging_is_walked_a_bounded_number_of_times() -> None:
    body = json.dumps({"total": 10**9, "list": [{"url": "/a.html", "title": "甲"}]}).encode()
    follow = Follow("http://www.sample-town.gov.cn/api/list?pageNo=1", "json")
    assert walk(follow, body) == MAX_WALK_REQUESTS


script_tokens = st.sampled_from([
    "'/api/list?c='", "+", "cid", "var cid = 3;", "'&pageNo='", "1", "fetch(", ")", "`/api/${x}`",
    '"/data/list.json"', "url:", "proxyUrl:", "'", '"', "\\", "$.ajax({", "})", ";", "\n",
])  # fmt: skip


@FAST
@given(st.lists(script_tokens, max_size=40))
def test_arbitrary_script_fragments_give_bounded_api_calls(tokens: list[str]) -> None:
    html = f"<div class='list'></div><script>{' '.join(tokens)}</script>"
    doc = parse_document(html.encode(), BASE)
    calls = [f for f in discover(doc) if isinstance(f, Follow)]
    assert len(calls) <= 8 and all(is_http(f.url) and f.method == "GET" for f in calls)
    page_why(doc, page_links(doc))
