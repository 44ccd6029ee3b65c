"""Two spellings of a URL: what is requested (as a browser sends it) and the de-duplication key."""

import re
from urllib.parse import quote, urljoin

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from w3lib.url import safe_url_string

from auditor.net import urls
from auditor.net.urls import _resolve as resolve_against_whole_base
from auditor.net.urls import (
    canonicalize_url,
    is_http,
    is_malformed,
    is_plain,
    join_url,
    request_url,
    resolve,
)

# --- the request URL: WHATWG's rules, checked against a reference written from them ------------

# Characters a government page puts in paths and queries; `| ^ [ ] \` are left out: w3lib
# escapes them in paths where WHATWG does not, which servers decode alike.
_TEXT = st.lists(
    st.sampled_from(list("abcXYZ019-._~!$&'()*+,;=:@ ") + ["中", "文", "é", "%41", "%e4"]),
    max_size=8,
).map("".join)
_SEGMENT = st.one_of(st.sampled_from([".", "..", ""]), _TEXT)
_HOST = st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,8}(\.[A-Za-z][A-Za-z0-9]{0,5}){0,2}", fullmatch=True)
_PARAM = st.tuples(_TEXT.filter(lambda t: "=" not in t and "&" not in t and t), _TEXT)

_PATH_SET = '\x20"#<>?`{}'  # WHATWG path percent-encode set (plus C0 controls)
_QUERY_SET = "\x20\"#<>'"  # WHATWG special-query percent-encode set


def _encode(text: str, encode_set: str) -> str:
    """Percent-encode the set and non-ASCII (as UTF-8); escapes already there stay as written."""
    return "".join(
        quote(c, safe="", encoding="utf-8") if c in encode_set or ord(c) > 126 else c for c in text
    )


def _whatwg_path(path: str) -> str:
    out: list[str] = []
    segments = path.split("/")[1:]
    for i, segment in enumerate(segments):
        last = i == len(segments) - 1
        if segment == "..":
            if out:
                out.pop()
            if last:
                out.append("")
        elif segment == ".":
            if last:
                out.append("")
        else:
            out.append(_encode(segment, _PATH_SET))
    return "/" + "/".join(out)


def _reference(scheme: str, host: str, port: int | None, path: str, query: str) -> str:
    default = {"http": 80, "https": 443}[scheme.lower()]
    netloc = host.lower() + ("" if port in (None, default) else f":{port}")
    q = "?" + _encode(query, _QUERY_SET) if query else ""
    return f"{scheme.lower()}://{netloc}{_whatwg_path(path)}{q}"


@settings(max_examples=300, deadline=None)
@given(
    scheme=st.sampled_from(["http", "HTTP", "https", "Https"]),
    host=_HOST,
    port=st.sampled_from([None, 80, 443, 8080]),
    segments=st.lists(_SEGMENT, max_size=5),
    params=st.lists(_PARAM, max_size=4),
    fragment=st.one_of(st.none(), _TEXT),
)
def test_request_url_is_what_a_browser_sends(scheme, host, port, segments, params, fragment):
    path = "/" + "/".join(segments)
    query = "&".join(f"{k}={v}" for k, v in params)
    href = f"{scheme}://{host}{'' if port is None else f':{port}'}{path}"
    href += f"?{query}" if query else ""
    href += f"#{fragment}" if fragment is not None else ""
    assume(href == href.strip())  # WHATWG trims leading and trailing spaces first
    assert request_url(href) == _reference(scheme, host, port, path, query)


@settings(max_examples=200, deadline=None)
@given(params=st.lists(_PARAM, min_size=2, max_size=5))
def test_query_order_and_every_parameter_are_kept(params):
    query = "&".join(f"{k}={v}" for k, v in params)
    assume(query == query.strip())
    sent = request_url(f"http://a.example/list.jsp?{query}")
    assert sent.split("?", 1)[1] == _encode(query, _QUERY_SET)


_URL_CHARS = list("aZ9.-_~!$&'()*+,;=:@/?#%| []\\^`{}\"<>") + ["中", "é", "%41", "%e4", "/.", "/.."]
_PLAIN_CANDIDATE = st.tuples(
    st.sampled_from(["http://", "https://", "HTTP://", "ftp://", "http:/"]),
    st.sampled_from(
        ["a.example", "Ab.example", "127.0.0.1", "01.2.3.4", "1.2.3", "256.1.1.1", "0x7f.1"]
        + ["xn--fiqs8s.cn", "a-.b", "-a.cn", "a.123", "a..b", "a.b.", "中文.cn", "a_b.cn", ""]
    ),
    st.sampled_from(["", ":80", ":443", ":0", ":8080", ":65535", ":65536", ":080", ":"]),
    st.lists(st.sampled_from(_URL_CHARS), max_size=12).map("".join),
).map(lambda p: p[0] + p[1] + p[2] + ("/" if p[3][:1] != "/" else "") + p[3])


@settings(max_examples=1000, deadline=None)
@given(url=_PLAIN_CANDIDATE)
def test_a_plain_url_is_one_w3lib_leaves_as_written(url):
    """request_url skips w3lib for plain URLs: w3lib must give them back unchanged."""
    if is_plain(url):
        for encoding in ("utf-8", "gbk"):
            assert safe_url_string(url, encoding=encoding, path_encoding="utf-8") == url


def _key_by_w3lib(url: str) -> str:
    """The de-duplication key as it was made before plain URLs skipped w3lib."""
    from urllib.parse import urlsplit, urlunsplit

    from w3lib.url import canonicalize_url as w3lib_canonicalize_url

    from auditor.net.urls import _query_key

    base, _, query = url.partition("?")
    parts = urlsplit(w3lib_canonicalize_url(base))
    host = parts.netloc.rpartition("@")
    netloc = host[0] + host[1] + host[2].replace(".:", ":").rstrip(".")
    return urlunsplit((parts.scheme, netloc, parts.path or "/", _query_key(query), ""))


@settings(max_examples=1500, deadline=None)
@given(url=_PLAIN_CANDIDATE, query=st.sampled_from(["", "?", "?a=1", "?b=%e4&a", "?x=中#f"]))
def test_the_key_of_a_plain_url_is_the_one_w3lib_gives(url, query):
    """canonicalize_url skips w3lib for a plain request URL's scheme, host and path: the key
    must be the one w3lib's canonical form gave, for plain and other URLs alike."""
    try:
        sent = request_url(url + query)
    except ValueError:
        return
    # A URL that is not http(s) as written (e.g. `http:///\\a`, no host) is only trimmed by
    # canonicalize_url, before any key is made, in the old code as in the new
    assume(is_http(url + query) and is_http(sent))
    assert canonicalize_url(url + query) == _key_by_w3lib(sent)


@settings(max_examples=200, deadline=None)
@given(segments=st.lists(_SEGMENT, min_size=1, max_size=5))
def test_relative_links_resolve_like_a_browser(segments):
    base = "http://a.example/dir/sub/page.html?x=1"
    href = "/".join(segments)
    assume(href == href.strip())  # WHATWG trims leading and trailing spaces first
    assume(not re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", href))  # "a:b" is a URL of scheme a:
    expected_path = urljoin("http://a.example/dir/sub/", "X").rsplit("/", 1)[0] + "/" + href
    expected = _reference("http", "a.example", None, expected_path.split("a.example", 1)[1], "")
    if href.startswith("/") or not href:
        return  # root-relative and empty links have their own rules, checked below
    assert resolve(base, href) == expected


_BASE = st.tuples(
    st.sampled_from(["http", "https", "HTTP", "ftp", ""]),
    st.sampled_from(["a.example", "A.Example:80", "a.example:8080", "", "[::1]", "u@h.example"]),
    st.lists(_SEGMENT, max_size=4).map("/".join),
    st.one_of(st.just(""), _TEXT.map("?".__add__)),
    st.one_of(st.just(""), _TEXT.map("#".__add__)),
).map(lambda p: (p[0] + "://" if p[0] else "") + p[1] + "/" + p[2] + p[3] + p[4])
_HREF = st.tuples(
    st.sampled_from(["", "/", "//", "./", "../", "?", "#", "a:", "x/", " ", "\t/", "%2F", "中"]),
    st.lists(_SEGMENT, max_size=4).map("/".join),
).map("".join)


@settings(max_examples=500, deadline=None)
@given(base=_BASE, href=_HREF)
def test_a_link_resolves_the_same_against_the_part_of_its_base_it_depends_on(base, href):
    """Resolution is cached per origin or directory of the base: the result must be the one
    resolving against the whole base gives (its last segment, query and fragment included)."""
    assert resolve(base, href) == resolve_against_whole_base.__wrapped__(base, href, "utf-8")


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("../b/c.html", "http://a.example/b/c.html"),
        ("/root.html#x", "http://a.example/root.html"),
        ("?page=2&col=7", "http://a.example/dir/page.html?page=2&col=7"),
        ("//other.example/x", "http://other.example/x"),
        ("index.html?uid=4889&pageNum=9", "http://a.example/dir/index.html?uid=4889&pageNum=9"),
        (
            "HTTP://Other.Example:80/a b/中文.html?q=中 文",
            "http://other.example/a%20b/%E4%B8%AD%E6%96%87.html?q=%E4%B8%AD%20%E6%96%87",
        ),
        ("mailto:a@b.example", None),
        ("javascript:void(0)", None),
        ("data:text/html,hi", None),
        ("#top", None),
        ("", None),
        ("ftp://a.example/file", None),
        ("http:/x", None),
        ("http://localhost]", None),
        ("//////", None),
    ],
)
def test_join_url_gives_the_url_to_request(href: str, expected: str | None) -> None:
    assert join_url("http://a.example/dir/page.html", href) == expected


@pytest.mark.parametrize(
    "url",
    [
        "http:/x",
        "http://localhost]",
        "http://////",
        "http://.example.org/",
        "https://",
        "http://a:99999/",
    ],
)
def test_malformed_http_urls_are_named(url: str) -> None:
    assert is_malformed(url)


@pytest.mark.parametrize(
    "url", ["http://a.example/", "https://127.0.0.1:8080/x?y", "mailto:x@y", "/rel"]
)
def test_wellformed_urls_are_not_malformed(url: str) -> None:
    assert not is_malformed(url)


# --- the de-duplication key: never requested, one per resource ----------------------------------


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("HTTP://WWW.Example.COM", "http://www.example.com/"),
        ("http://www.example.com:80/a", "http://www.example.com/a"),
        ("https://www.example.com:443/a", "https://www.example.com/a"),
        ("http://www.example.com:8080/a", "http://www.example.com:8080/a"),
        ("http://a.example/p.html#top", "http://a.example/p.html"),
        ("http://a.example/p.jsp;jsessionid=0A1B2C?id=3", "http://a.example/p.jsp?id=3"),
        ("http://a.example/p.jsp;JSESSIONID=0A1B2C", "http://a.example/p.jsp"),
        ("http://a.example/list?page=2&col=7", "http://a.example/list?page=2&col=7"),
        ("http://a.example/list?b=1&a=2&a=1", "http://a.example/list?b=1&a=2&a=1"),
        ("http://a.example/s?q=%e4%b8%ad&flag", "http://a.example/s?q=%E4%B8%AD&flag="),
        ("http://a.example/%7Euser/", "http://a.example/~user/"),
        ("http://a.example/中文.html", "http://a.example/%E4%B8%AD%E6%96%87.html"),
        ("http://a.example/x/../y/./z.html", "http://a.example/y/z.html"),
        ("http://a.example?x=1", "http://a.example/?x=1"),
        ("  http://a.example/\n", "http://a.example/"),
        ("http://a.example/s?q=%e4%b8%ad", "http://a.example/s?q=%E4%B8%AD"),
    ],
)
def test_canonicalize_url(raw: str, canonical: str) -> None:
    assert canonicalize_url(raw) == canonical


@settings(max_examples=200, deadline=None)
@given(params=st.lists(_PARAM, min_size=1, max_size=4))
def test_spellings_of_one_resource_share_a_key(params):
    one = "&".join(f"{k}={v}" for k, v in params)
    assume(one == one.strip())
    a = canonicalize_url(f"HTTP://A.Example:80/x/../list.jsp?{one}#f")
    assert a == canonicalize_url(f"http://a.example/list.jsp;jsessionid=9?{one}")
    assert a == canonicalize_url(request_url(f"http://a.example/list.jsp?{one}"))
    assert canonicalize_url(a) == a


def test_reordered_queries_keep_their_own_key() -> None:
    """A server that reads its query as written may answer them differently: each gets its
    own request and verdict."""
    assert canonicalize_url("http://a.example/l.jsp?uid=4&pageNum=9") != canonicalize_url(
        "http://a.example/l.jsp?pageNum=9&uid=4"
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://a.example/", True),
        ("https://a.example/x", True),
        ("ftp://a.example/", False),
        ("mailto:a@b.example", False),
        ("/relative/path", False),
        ("http://", False),
        ("http://[::1", False),
    ],
)
def test_is_http(url: str, expected: bool) -> None:
    assert is_http(url) is expected


_CACHED = (urls.request_url, urls.canonicalize_url, urls.is_http, urls.is_malformed)


@settings(max_examples=1500, deadline=None)
@given(url=_PLAIN_CANDIDATE, tail=st.sampled_from(["", "?a=1", "#f", ";jsessionid=1", "?", "x"]))
def test_a_url_sent_as_written_is_what_the_full_work_gives(url, tail):
    """`sent_as_written` lets four functions skip their work on a new URL: with that shortcut
    off (and their caches empty), each must give exactly what the shortcut gives."""
    url += tail
    if not urls.sent_as_written(url):
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(urls, "sent_as_written", lambda _: False)
        for cached in _CACHED:
            cached.cache_clear()
        full = (request_url(url), canonicalize_url(url), is_http(url), is_malformed(url))
    for cached in _CACHED:
        cached.cache_clear()
    assert full == (url, url, True, False)


def test_what_is_sent_as_written() -> None:
    assert urls.sent_as_written("http://a.example/x/y.html")
    assert urls.sent_as_written("https://127.0.0.1:8443/")
    for url in (
        "http://a.example:80/",
        "https://a.example:443/",
        "http://a.example/?a=1",
        "http://a.example/#f",
        "http://a.example/x;jsessionid=1",
        "http://A.example/",
        "http://a.example/./x",
        "http://a.example/%41",
        "ftp://a.example/",
    ):
        assert not urls.sent_as_written(url), url
