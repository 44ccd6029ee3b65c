"""One spelling per URL, so the crawl never fetches a page twice and links join up in the store.

Canonical form: lowercase scheme and host, no default port, no fragment, no `;jsessionid=`,
dot segments removed, percent-encoding normalised (unreserved characters decoded, hex in
upper case, raw non-ASCII encoded as UTF-8), query parameters sorted, empty path -> "/".
"""

from __future__ import annotations

import contextlib
import re
from functools import lru_cache
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "sms:", "about:", "#")

_JSESSIONID = re.compile(r";jsessionid=[^/?#;]*", re.IGNORECASE)
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PATH_SAFE = "/:@!$&'()*+,;=%"
_QUERY_SAFE = "/:@!$'()*+,;=?%"
_CONTROL = re.compile(r"[\t\n\r]")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


@lru_cache(maxsize=65536)
def is_http(url: str) -> bool:
    """True for absolute http(s) URLs with a host: the only ones auditor fetches.
    Cached: every page's links are asked again when they are routed (profiled)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port out of range (a Request would too)
        return parts.scheme.lower() in DEFAULT_PORTS and bool(parts.hostname)
    except ValueError:
        return False


def _normalise_escape(match: re.Match[str]) -> str:
    char = chr(int(match.group(1), 16))
    return char if char in _UNRESERVED else "%" + match.group(1).upper()


def _normalise_component(text: str, safe: str) -> str:
    text = _BAD_PERCENT.sub("%25", text)
    text = quote(text, safe=safe, encoding="utf-8", errors="surrogatepass")
    return _PERCENT.sub(_normalise_escape, text)


def _remove_dot_segments(path: str) -> str:
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


def _normalise_host(netloc: str, scheme: str) -> str:
    userinfo, _, hostport = netloc.rpartition("@")
    host, port = hostport, ""
    if not hostport.endswith("]") and ":" in hostport:
        host, _, port = hostport.rpartition(":")
    host = host.lower().rstrip(".")
    if not host.isascii():
        with contextlib.suppress(UnicodeError):
            host = host.encode("idna").decode("ascii")
    if port.isdigit() and int(port) == DEFAULT_PORTS.get(scheme):
        port = ""
    hostport = f"{host}:{port}" if port else host
    return f"{userinfo}@{hostport}" if userinfo else hostport


def _sort_query(query: str) -> str:
    pairs = [p for p in query.split("&") if p]
    pairs = [_normalise_component(p, _QUERY_SAFE + "&") for p in pairs]
    pairs.sort(key=lambda p: (p.split("=", 1)[0], p))
    return "&".join(pairs)


@lru_cache(maxsize=65536)
def canonicalize_url(url: str) -> str:
    """The canonical spelling of an absolute URL (non-http URLs are only trimmed)."""
    url = _CONTROL.sub("", url.strip())
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        return url
    path = _JSESSIONID.sub("", parts.path)
    path = _remove_dot_segments(_normalise_component(path, _PATH_SAFE)) or "/"
    netloc = _normalise_host(parts.netloc, scheme)
    return urlunsplit((scheme, netloc, path, _sort_query(parts.query), ""))


@lru_cache(maxsize=65536)
def join_url(base: str, href: str) -> str | None:
    """Resolve a link against its base; None for links auditor cannot fetch (mailto:, data: …)."""
    href = _CONTROL.sub("", href.strip())
    if not href or href.lower().startswith(SKIP_SCHEMES):
        return None
    try:
        absolute = urljoin(base, href)
    except ValueError:
        return None
    return canonicalize_url(absolute) if is_http(absolute) else None
