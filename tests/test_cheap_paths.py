"""The cheaper paths of the crawl's per-page work give what the plain ones gave.

The scope looks URLs up by host; the URL set keeps the last hash; `now_iso` is made once a second.
Each is compared here with the straightforward definition it replaced.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict
from urllib.parse import urlsplit

from hypothesis import given
from hypothesis import strategies as st

from auditor.crawl import soft404
from auditor.crawl.scope import Scope
from auditor.extract.document import parse_document
from auditor.extract.facts import extract_facts
from auditor.inspection.file import Site
from auditor.net.urls import canonicalize_url
from auditor.net.urlset import UrlSet, url_key
from auditor.store import now_iso


def _plain_owner(sites: list[Site], url: str) -> Site | None:
    parts = urlsplit(url)
    host, path = parts.netloc.lower(), parts.path or "/"
    for site in sorted(sites, key=lambda s: len(s.prefix), reverse=True):
        if site.host == host and path.startswith(site.prefix):
            return site
    return None


SITES = [
    Site("门户", "http://portal.example:8080/", key="p"),
    Site("财政", "http://portal.example:8080/bm/czj/", key="czj"),
    Site("财政二", "http://portal.example:8080/bm/czj/sub/index.html", key="sub"),
    Site("教育", "http://JYJ.example/", key="jyj"),
    Site("平台", "http://portal.example/", key="plain"),
]


@given(
    st.sampled_from(
        ["portal.example:8080", "PORTAL.example:8080", "jyj.example", "portal.example", "x.example"]
    ),
    st.sampled_from(
        [
            "",
            "/",
            "/bm/czj",
            "/bm/czj/",
            "/bm/czj/a.html",
            "/bm/czj/sub/",
            "/bm/czj/sub/x",
            "/q?a=1",
        ]
    ),
)
def test_scope_owner_is_the_plain_lookup(host: str, path: str) -> None:
    url = f"http://{host}{path}"
    assert Scope(tuple(SITES)).owner(url) == _plain_owner(SITES, url)


@given(
    st.lists(
        st.sampled_from(["http://a/x", "http://A/x", "http://a/y#f", "http://b/?q=1"]), max_size=12
    )
)
def test_url_set_answers_as_the_hashes_say(urls: list[str]) -> None:
    found, keys = UrlSet(key=canonicalize_url), set()
    for url in urls:
        assert (url in found) == (url_key(canonicalize_url(url)) in keys)
        found.add(url)
        keys.add(url_key(canonicalize_url(url)))


def test_now_iso_is_the_local_time_to_the_second() -> None:
    before = dt.datetime.now().astimezone().replace(microsecond=0)
    stamp = dt.datetime.fromisoformat(now_iso())
    after = dt.datetime.now().astimezone()
    assert before <= stamp <= after and stamp.utcoffset() == before.utcoffset()


def test_page_facts_to_dict_is_asdict(shared_corpus) -> None:
    """On real pages: the same dict, keys in the same order (pages.facts is stored as JSON)."""
    pages = sorted(shared_corpus.glob("*/**/*.html"))[:40]
    assert pages
    for path in pages:
        facts = extract_facts(parse_document(path.read_bytes(), "http://a.example/x/y.html"))
        data = facts.to_dict()
        assert list(data) == list(asdict(facts)) and data == asdict(facts)
        assert data["meta"] is not facts.meta and data["breadcrumb"] is not facts.breadcrumb


@given(st.text(alphabet=" \t\n\r\u00a0\u3000\u2028\x1cAbÉ页", max_size=40))
def test_soft404_fold_is_the_regex_fold(text: str) -> None:
    assert soft404._fold(text) == re.sub(r"\s+", " ", text[:20000]).strip().lower()
