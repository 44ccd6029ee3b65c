"""One small, polite HTTP fetch for planning: a portal's home page, a site's robots.txt.

Planning needs a handful of requests, not a crawl, so this is urllib with the project's
User-Agent, a timeout, a cap on what is read, no proxies from the environment, and redirects
followed only to http(s).  The audit's own crawl stays Scrapy's.
"""

from __future__ import annotations

import socket
import time
import urllib.error
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego
from w3lib.encoding import html_to_unicode

from auditor.net.httpget import get_request, opener

MAX_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int  # 0 when no HTTP answer came
    content_type: str
    body: bytes
    seconds: float
    error: str = ""  # Chinese reason when status is 0

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 400

    def text(self) -> tuple[str, str]:
        """(encoding, text) as a browser would decode it: header, <meta>, then sniffing."""
        encoding, text = html_to_unicode(self.content_type, self.body)
        return encoding, text


_OPENER = opener(use_env_proxies=False)


def fetch(url: str, user_agent: str, timeout: float, limit: int = MAX_BYTES) -> Fetched:
    """GET one http(s) URL; failures come back as a Fetched with status 0 and a reason."""
    start = time.monotonic()
    if urlsplit(url).scheme not in ("http", "https"):
        return Fetched(url, 0, "", b"", 0.0, "只能访问 http(s) 网址")
    request = get_request(url, user_agent, Accept="*/*")
    try:
        with _OPENER.open(request, timeout=timeout) as answer:
            body = answer.read(limit)
            kind = answer.headers.get("Content-Type", "")
            return Fetched(answer.geturl(), answer.status, kind, body, time.monotonic() - start)
    except urllib.error.HTTPError as exc:
        body = exc.read(limit) if exc.fp else b""
        kind = exc.headers.get("Content-Type", "") if exc.headers else ""
        return Fetched(url, exc.code, kind, body, time.monotonic() - start)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return Fetched(url, 0, "", b"", time.monotonic() - start, _reason(exc))


def _reason(exc: Exception) -> str:
    cause = getattr(exc, "reason", exc)
    if isinstance(cause, ConnectionRefusedError):
        return "连接被拒绝(网站未开放或端口错误)"
    if isinstance(cause, socket.timeout | TimeoutError):
        return "连接超时"
    if isinstance(cause, socket.gaierror):
        return "无法解析域名"
    if isinstance(cause, str):
        return cause
    return f"无法连接({cause.__class__.__name__})"


@dataclass(frozen=True)
class Robots:
    found: bool  # a robots.txt was served
    parser: Protego | None
    note: str  # Chinese: what the answer was

    def allows(self, url: str, user_agent: str) -> bool:
        return self.parser is None or bool(self.parser.can_fetch(url, user_agent))

    @property
    def sitemaps(self) -> list[str]:
        return list(self.parser.sitemaps) if self.parser is not None else []


def robots_of(url: str, user_agent: str, timeout: float) -> Robots:
    """The host's robots.txt; missing or unreachable means allowed, as in the crawl."""
    parts = urlsplit(url)
    answer = fetch(f"{parts.scheme}://{parts.netloc}/robots.txt", user_agent, timeout, 512 * 1024)
    if answer.status == 200:
        text = answer.body.decode("utf-8", errors="replace")
        return Robots(True, Protego.parse(text), "")
    if answer.status:
        return Robots(False, None, "无 robots.txt")
    return Robots(False, None, "robots.txt 无法获取")
