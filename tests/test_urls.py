"""URL canonicalisation: one spelling per page, so nothing is fetched twice."""

import pytest

from auditor.urls import canonicalize_url, is_http, join_url


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("HTTP://WWW.Example.COM", "http://www.example.com/"),
        ("http://www.example.com:80/a", "http://www.example.com/a"),
        ("https://www.example.com:443/a", "https://www.example.com/a"),
        ("http://www.example.com:8080/a", "http://www.example.com:8080/a"),
        ("http://127.0.0.1:8101/", "http://127.0.0.1:8101/"),
        ("http://a.example/p.html#top", "http://a.example/p.html"),
        ("http://a.example/p.jsp;jsessionid=0A1B2C?id=3", "http://a.example/p.jsp?id=3"),
        ("http://a.example/p.jsp;JSESSIONID=0A1B2C", "http://a.example/p.jsp"),
        ("http://a.example/p.jsp;jsessionid=xyz.node1#frag", "http://a.example/p.jsp"),
        ("http://a.example/list?page=2&col=7", "http://a.example/list?col=7&page=2"),
        ("http://a.example/list?b=1&a=2&a=1", "http://a.example/list?a=1&a=2&b=1"),
        ("http://a.example/%7Euser/", "http://a.example/~user/"),
        ("http://a.example/a%2fb", "http://a.example/a%2Fb"),
        ("http://a.example/中文.html", "http://a.example/%E4%B8%AD%E6%96%87.html"),
        ("http://a.example/a b", "http://a.example/a%20b"),
        ("http://a.example/100%", "http://a.example/100%25"),
        ("http://a.example/x/../y/./z.html", "http://a.example/y/z.html"),
        ("http://a.example?x=1", "http://a.example/?x=1"),
        ("http://a.example/?", "http://a.example/"),
        ("  http://a.example/\n", "http://a.example/"),
        ("http://a.example/s?q=%e4%b8%ad", "http://a.example/s?q=%E4%B8%AD"),
        ("http://a.example/s?q=a+b", "http://a.example/s?q=a+b"),
    ],
)
def test_canonicalize_url(raw: str, canonical: str) -> None:
    assert canonicalize_url(raw) == canonical


def test_canonical_form_is_stable() -> None:
    url = "HTTP://A.Example:80/x/../%7ey;jsessionid=1?b=2&a=1#f"
    once = canonicalize_url(url)
    assert canonicalize_url(once) == once


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


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("../b/c.html", "http://a.example/b/c.html"),
        ("/root.html#x", "http://a.example/root.html"),
        ("?page=2", "http://a.example/dir/page.html?page=2"),
        ("//other.example/x", "http://other.example/x"),
        ("mailto:a@b.example", None),
        ("tel:123", None),
        ("javascript:void(0)", None),
        ("JavaScript:;", None),
        ("data:text/html,hi", None),
        ("#top", None),
        ("", None),
        ("ftp://a.example/file", None),
    ],
)
def test_join_url(href: str, expected: str | None) -> None:
    assert join_url("http://a.example/dir/page.html", href) == expected
