"""Two spellings of a URL, for two different jobs.

- `request_url`: the URL exactly as a browser would send it (WHATWG URL rules): resolved,
  scheme and host lowercased, default port dropped, dot segments removed, spaces and
  non-ASCII percent-encoded as UTF-8, fragment removed, and nothing reordered or dropped.
  This is what auditor requests and stores (pages, links, checks, evidence): a server that
  reads its query string as written (CMS listings, signed URLs, hand-written routers) must see
  what the department wrote.
- `canonicalize_url`: the de-duplication key (`;jsessionid=` dropped, percent-encoding
  normalised, query parameters kept in their order), so two spellings of one resource are
  fetched once.  It is never requested.

Both are built on w3lib (the URL library Scrapy itself uses), not on hand-written parsing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import SplitResult, urlsplit, urlunsplit

from w3lib.url import canonicalize_url as w3lib_canonicalize_url
from w3lib.url import safe_url_string

DEFAULT_PORTS = {"http": 80, "https": 443}
SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "sms:", "about:", "#")

_JSESSIONID = re.compile(r";jsessionid=[^/?#;]*", re.IGNORECASE)
_CONTROL = re.compile(r"[\t\n\r]")  # WHATWG removes these anywhere in a URL
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


@lru_cache(maxsize=65536)
def is_http(url: str) -> bool:
    """True for absolute http(s) URLs with a host: the only ones auditor fetches.
    Cached: every page's links are asked again when they are routed (profiled)."""
    if sent_as_written(url):
        return True
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port out of range (a Request would too)
        return parts.scheme.lower() in DEFAULT_PORTS and bool(parts.hostname)
    except ValueError:
        return False


_NOTHING = SplitResult("", "", "", "", "")


@lru_cache(maxsize=65536)
def split_url(url: str) -> SplitResult:
    """`urlsplit` that never raises: a malformed link (`http://host]`) is stored as written
    and read by every later stage, which sees it as having no host or path.  Cached (the
    result is an immutable tuple): every page asks it of the template links it shares."""
    try:
        return urlsplit(url)
    except ValueError:
        return _NOTHING


def scheme_of(href: str) -> str:
    """The lowercased scheme a link is written with ("" for a relative link)."""
    match = _SCHEME.match(_CONTROL.sub("", href.strip()))
    return match.group(1).lower() if match else ""


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 5.2.4 (WHATWG does the same for http(s) paths)."""
    if "." not in path:
        return path
    output: list[str] = []
    segments = path.split("/")
    for segment in segments[1:]:
        if segment == "..":
            if output:
                output.pop()
        elif segment != ".":
            output.append(segment)
    trailing = segments[-1] in (".", "..")
    return "/" + "/".join(output) + ("/" if trailing and output else "")


def _drop_default_port(netloc: str, scheme: str) -> str:
    hostport = netloc.rpartition("@")[2]
    host, sep, port = hostport.rpartition(":")
    if sep and not hostport.endswith("]") and port.isdigit():
        if int(port) == DEFAULT_PORTS.get(scheme):
            return netloc[: len(netloc) - len(port) - 1]
    elif sep and port == "" and not hostport.endswith("]"):
        return netloc[:-1]  # "host:" means the default port
    return netloc


# A lowercase ASCII host (a name whose last label starts with a letter, or a dotted quad as
# written canonically), a port, and a path, query and fragment of characters that w3lib
# leaves as they are, no percent sign and no dot segment: `safe_url_string` returns such a URL
# unchanged (tests/test_urls.py checks it), so the WHATWG parse is skipped for the URLs most
# pages link to (profiled: it was half the cost of resolving a page's links).
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_PLAIN_CHARS = r"[A-Za-z0-9_~!$&()*+,;=:@/.-]"
_PLAIN_URL = re.compile(
    rf"https?://(?P<host>(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*|(?:{_OCTET}\.){{3}}{_OCTET})"
    rf"(?::(?P<port>[1-9][0-9]{{0,4}}))?/{_PLAIN_CHARS}*"
    rf"(?:\?{_PLAIN_CHARS}+)?(?:#{_PLAIN_CHARS}+)?"
)


def _plain_port(url: str) -> int | None:
    """The port of a plain URL (0 when it names none), None for any other URL."""
    match = _PLAIN_URL.fullmatch(url)
    if match is None or "/." in url or "xn--" in match["host"]:
        return None
    port = int(match["port"] or 0)
    return port if port <= 65535 else None


def is_plain(url: str) -> bool:
    """True for an http(s) URL that w3lib's `safe_url_string` would return unchanged."""
    return _plain_port(url) is not None


def sent_as_written(url: str) -> bool:
    """A plain URL without query, fragment, `;` or its scheme's default port: its own request
    URL and de-duplication key, http(s) and well formed.  Asked first when `request_url`,
    `canonicalize_url`, `is_http` and `is_malformed` meet a URL they have not cached: their
    full work on each new URL (~40 µs for the key) was 2.6 % of an unchanged repeat's crawl,
    nearly all of it on such URLs (the stored links of pages answered 304)."""
    if "?" in url or "#" in url or ";" in url:
        return False
    port = _plain_port(url)
    return port is not None and port != DEFAULT_PORTS["https" if url[4] == "s" else "http"]


def _safe(url: str, encoding: str) -> str:
    try:
        return safe_url_string(url, encoding=encoding, path_encoding="utf-8")
    except LookupError:  # an encoding Python does not know: UTF-8, as for an undeclared page
        return safe_url_string(url, encoding="utf-8", path_encoding="utf-8")


@lru_cache(maxsize=65536)
def request_url(url: str, encoding: str = "utf-8") -> str:
    """The URL a browser sends for an absolute URL; non-http(s) URLs are only trimmed.
    Raw non-ASCII is percent-encoded as UTF-8 in the path and, as WHATWG's URL parser does
    for a link in a page, in the page's `encoding` in the query (a GBK page's `?kw=中文`
    reaches the server in GBK).  Raises ValueError for an http(s) URL no browser could
    request (see `is_malformed`)."""
    if sent_as_written(url):
        return url
    url = _CONTROL.sub("", url.strip(" \x00\x0c\x0b"))
    if scheme_of(url) not in DEFAULT_PORTS:
        return url
    parts = urlsplit(url if is_plain(url) else _safe(url, encoding))
    scheme = parts.scheme.lower()
    netloc = _drop_default_port(parts.netloc, scheme)
    path = _remove_dot_segments(parts.path) or "/"
    query = parts.query
    built = urlunsplit((scheme, netloc, path, query, ""))
    if url.split("#", 1)[0].endswith("?") and not query:
        built += "?"  # a browser sends the empty query it was given
    return built


@lru_cache(maxsize=65536)
def canonicalize_url(url: str) -> str:
    """The de-duplication key of an absolute URL (non-http URLs are only trimmed): w3lib's
    canonical form of each part, `;jsessionid=` dropped, but the query's parameters kept in
    the order written: a server that reads its query as written may answer `?b=2&a=1`
    differently from `?a=1&b=2`, so each spelling a page wrote gets its own request and
    verdict (a broken reordered link is found, not hidden behind its twin)."""
    if sent_as_written(url):
        return url
    url = _CONTROL.sub("", url.strip())
    if not is_http(url):
        return url
    try:
        url = request_url(_JSESSIONID.sub("", url))
    except ValueError:
        return url
    base, _, query = url.partition("?")
    if ";" in base or not is_plain(base):
        base = _base_key(base)
    query = _query_key(query)
    return f"{base}?{query}" if query else base


def _base_key(base: str) -> str:
    """w3lib's canonical scheme, host and path of a request URL without its query.  A plain
    one (`is_plain`, no `;`) is its own key and skips this (profiled: ~40 µs of CPU a URL,
    once per URL claimed; tests/test_urls.py checks that both agree)."""
    parts = urlsplit(w3lib_canonicalize_url(base))
    host = parts.netloc.rpartition("@")
    netloc = host[0] + host[1] + host[2].replace(".:", ":").rstrip(".")
    return urlunsplit((parts.scheme, netloc, parts.path or "/", "", ""))


def _query_key(query: str) -> str:
    """Each parameter in w3lib's canonical spelling (escapes normalised), in written order."""
    if not query:
        return ""
    pairs = (w3lib_canonicalize_url("http://k/?" + p).partition("?")[2] for p in query.split("&"))
    return "&".join(p for p in pairs if p)


def as_requested(url: str) -> str:
    """`request_url`, or the URL unchanged when no browser could request it."""
    try:
        return request_url(url)
    except ValueError:
        return url


@lru_cache(maxsize=65536)
def is_malformed(url: str) -> bool:
    """An http(s) URL a browser refuses to request: no host (`http:/x`, `http://////`), a
    broken host (`http://localhost]`, `http://.example/`, spaces), a bad port."""
    if sent_as_written(url):
        return False
    if scheme_of(url) not in DEFAULT_PORTS:
        return False
    try:
        parts = urlsplit(request_url(url))
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except ValueError:
        return True
    if not host or host.startswith(".") or ".." in host:
        return True
    return any(c in host for c in " <>[]{}|\\^%\"'`") and not host.startswith("[")


def _join(base: str, href: str) -> str:
    """RFC 3986 5.2.2 reference resolution (dot segments are left to `request_url`).
    Not `urllib.parse.urljoin`: it follows RFC 2396's `;params` and loses `;` links
    (`urljoin(".../page.html", ";")` gives the page itself)."""
    ref = urlsplit(href)
    if ref.scheme:
        return href
    b = urlsplit(base)
    if href.startswith("//"):
        return f"{b.scheme}:{href}"
    if not ref.path:
        query = ref.query if "?" in href else b.query
        return urlunsplit((b.scheme, b.netloc, b.path or "/", query, ref.fragment))
    if ref.path.startswith("/"):
        path = ref.path
    else:
        path = (b.path[: b.path.rfind("/") + 1] or "/") + ref.path
    return urlunsplit((b.scheme, b.netloc, path, ref.query, ref.fragment))


# A link starting with one of these has a path: it is resolved against its base's scheme, host
# and directory only (RFC 3986 5.2.2), never against the base's last segment or query.
_PATH_START = frozenset("/._-~%" + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


@lru_cache(maxsize=4096)
def _base_keys(base: str) -> tuple[str, str] | None:
    """(origin, directory) spellings of an http(s) base that resolve every path link exactly
    as the base itself does; None when the base does not split back to the same parts."""
    try:
        b = urlsplit(base)
    except ValueError:
        return None
    if b.scheme not in DEFAULT_PORTS or not b.netloc:
        return None
    directory = b.path[: b.path.rfind("/") + 1] or "/"
    keys = [urlunsplit((b.scheme, b.netloc, path, "", "")) for path in ("/", directory)]
    if [urlsplit(key)[:3] for key in keys] != [(b.scheme, b.netloc, "/"), b[:2] + (directory,)]:
        return None
    return keys[0], keys[1]


def resolve(base: str, href: str, encoding: str = "utf-8") -> str | None:
    """A link resolved against its base as written: the request URL for http(s), the href
    itself for other schemes (mailto:, tel:, data: … are recorded, never fetched), None for
    an empty link, a fragment of the page itself or `javascript:`.
    Every article has its own base, so the cache is keyed on the part of the base a path link
    depends on (its origin for `/x`, its directory for `x`): template links then hit the
    cache on every page of a site (profiled: resolution was a fifth of link extraction)."""
    if href[:1] in _PATH_START:
        keys = _base_keys(base)
        if keys is not None:
            base = keys[0] if href[0] == "/" else keys[1]
    return _resolve(base, href, encoding)


@lru_cache(maxsize=32768)  # template links repeat on every page of a directory
def _resolve(base: str, href: str, encoding: str) -> str | None:
    href = _CONTROL.sub("", href.strip())
    scheme = scheme_of(href)
    if not href or href.startswith("#") or scheme == "javascript":
        return None
    if scheme and scheme not in DEFAULT_PORTS:
        return href
    if scheme and href[len(scheme) + 1 : len(scheme) + 3] != "//":
        return href if is_malformed(href) else _request_or_none(_join(base, href), encoding)
    try:
        absolute = _join(base, href)
    except ValueError:
        return href if scheme else None
    return absolute if is_malformed(absolute) else _request_or_none(absolute, encoding)


def _request_or_none(url: str, encoding: str) -> str | None:
    try:
        return request_url(url, encoding)
    except ValueError:
        return None


@lru_cache(maxsize=65536)
def join_url(base: str, href: str) -> str | None:
    """Resolve a link to the URL auditor would request; None for links it cannot fetch
    (mailto:, data:, malformed …)."""
    url = resolve(base, href)
    return url if url is not None and is_http(url) and not is_malformed(url) else None
