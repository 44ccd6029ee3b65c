"""The downloader's gatekeeper: every request, including robots.txt and every redirect hop,
passes here before any byte leaves the machine.

- Only http(s): a `file:`, `ftp:` or `data:` URL is refused (`unsafe_scheme`); Scrapy's
  handlers for those schemes are also switched off (auditor/crawl/run.py), a second line.
- URLs longer than `max_url_length` are refused (`url_too_long`), never requested.
- `user:password@` in a URL is removed before sending; the answer keeps the URL as linked.
- The host is resolved here (through the run's resolver, whose cache the download then uses)
  and a non-public address the inspection does not name is refused (`private_address`)
  before any connection.
- Each kind of body gets its cap: pages `max_page_bytes`, robots.txt `max_robots_bytes`
  (read up to the cap, then parsed, as the major search engines do), decompressed bodies the
  same caps (gzip bombs; see CappedDecompressionMiddleware).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import IgnoreRequest, StopDownload
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future

from auditor.net.safety import AddressPolicy, parse_address, url_refusal, without_credentials
from auditor.spiders.resolver import PrivateAddressRefused, policy_from_settings

LINKED_URL = "auditor_linked_url"  # the URL as linked, when credentials were removed
ROBOTS_SEEN = "auditor_robots_bytes"
DECOMPRESS_MAX = "auditor_decompress_max"


class Refused(IgnoreRequest):
    """A request auditor will not make; `reason` is the verdict's reason code."""

    reason = "error"


def _refusal(name: str, reason: str) -> type[Refused]:
    """A Refused subclass for one reason; its class name is what auditor/net/reasons.py maps
    to the reason code of a failure, so each keeps a name of its own."""
    return type(name, (Refused,), {"reason": reason, "__module__": __name__})


UnsafeSchemeError = _refusal("UnsafeSchemeError", "unsafe_scheme")
UrlTooLongError = _refusal("UrlTooLongError", "url_too_long")
InvalidUrlError = _refusal("InvalidUrlError", "invalid_url")
PrivateAddressError = _refusal("PrivateAddressError", "private_address")
BodyTooLargeError = _refusal("BodyTooLargeError", "too_large")

REFUSALS: dict[str, type[Refused]] = {
    cls.reason: cls
    for cls in (UnsafeSchemeError, UrlTooLongError, InvalidUrlError, PrivateAddressError)
}


def is_robots(request: Request) -> bool:
    return bool(request.meta.get("dont_obey_robotstxt")) and request.url.endswith("/robots.txt")


class SafetyMiddleware:
    def __init__(self, crawler: Any) -> None:
        settings = crawler.settings
        self.policy: AddressPolicy = policy_from_settings(settings)
        self.max_url = settings.getint("AUDITOR_MAX_URL_LENGTH", 8192)
        self.max_page = settings.getint("AUDITOR_MAX_PAGE_BYTES", 10 * 1024 * 1024)
        self.max_robots = settings.getint("AUDITOR_MAX_ROBOTS_BYTES", 500 * 1024)
        cap_header_bytes(settings.getint("AUDITOR_MAX_HEADER_BYTES", 64 * 1024))
        from twisted.internet import reactor

        self.reactor: Any = reactor

    @classmethod
    def from_crawler(cls, crawler: Any) -> SafetyMiddleware:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.on_bytes, signal=signals.bytes_received)
        return middleware

    async def process_request(self, request: Request, spider: Any = None) -> Request | None:
        reason = url_refusal(request.url, self.max_url)
        if reason is not None:
            raise REFUSALS[reason](f"{reason}: {request.url[:200]}")
        referer = request.headers.get(b"Referer")
        if referer and b"@" in referer:  # a page's own credentials never go to another host
            request.headers[b"Referer"] = without_credentials(referer.decode("latin-1"))
        bare = without_credentials(request.url)
        if bare != request.url:
            request.headers.pop(b"Authorization", None)
            meta = {**request.meta, LINKED_URL: request.meta.get(LINKED_URL, request.url)}
            return request.replace(url=bare, meta=meta)
        await self.check_address(urlsplit(request.url).hostname or "")
        request.meta.setdefault("download_maxsize", self.body_cap(request))
        return None

    async def check_address(self, host: str) -> None:
        """Resolve (cached for the download) and refuse what the inspection does not allow."""
        if parse_address(host) is not None:
            address = host
        else:
            try:
                address = await maybe_deferred_to_future(self.reactor.resolve(host))
            except PrivateAddressRefused as exc:
                raise PrivateAddressError(str(exc)) from None
        if self.policy.refusal(host, address):
            raise PrivateAddressError(f"{host} -> {address}: not a public address")

    def body_cap(self, request: Request) -> int:
        """Bytes a download may bring (also the decompression cap: gzip bombs)."""
        if is_robots(request):
            request.meta[DECOMPRESS_MAX] = self.max_robots
            return 0  # read up to max_robots (on_bytes), then parse that much
        return self.max_page

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        linked = request.meta.get(LINKED_URL)
        return response.replace(url=linked) if linked else response

    def on_bytes(self, data: bytes, request: Request, spider: Any = None) -> None:
        """robots.txt is read up to its cap, then parsed; the cut is recorded."""
        if not is_robots(request):
            return
        seen = request.meta.get(ROBOTS_SEEN, 0) + len(data)
        request.meta[ROBOTS_SEEN] = seen
        if seen > self.max_robots:
            cut_off = getattr(spider, "cut_off", None)
            sites = getattr(spider, "sites", None)
            if cut_off is not None and sites:
                cut_off(request.url, next(iter(sites)), "robots_too_large")
            raise StopDownload(fail=False)


class CappedDecompressionMiddleware(HttpCompressionMiddleware):
    """Scrapy's decompression, whose size cap (gzip bombs) ends in a `too_large` verdict."""

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        if request.meta.get(DECOMPRESS_MAX):
            request.meta["download_maxsize"] = request.meta[DECOMPRESS_MAX]
        try:
            return super().process_response(request, response)
        except IgnoreRequest as exc:
            if "decompression" in str(exc):
                raise BodyTooLargeError(f"too_large: {exc}") from None
            raise


class HeadersTooLargeError(Exception):
    """The answer's status line and headers passed `max_header_bytes`."""


_HEADER_LIMIT = [64 * 1024]


def cap_header_bytes(limit: int) -> None:
    """Bound the bytes of a response's header section.  Twisted caps a line (16 KiB) but not
    their number, and folds continuation lines into one growing header: a server sending
    headers forever would fill memory until the timeout.  Installed once per process, on
    Twisted's parser and on Scrapy's lenient subclass of it."""
    from twisted.web._newclient import HTTPClientParser

    _HEADER_LIMIT[0] = limit
    parsers: list[type] = [HTTPClientParser]
    try:
        from scrapy.core.downloader.handlers.http11 import _LenientHTTPClientParser

        parsers.append(_LenientHTTPClientParser)
    except ImportError:  # an older Scrapy parses with Twisted's own class
        pass
    for parser in parsers:
        if "_auditor_capped" not in vars(parser):
            _wrap_line_received(parser)


def _wrap_line_received(parser: type) -> None:
    original = parser.lineReceived  # type: ignore[attr-defined]

    def line_received(self: Any, line: bytes) -> None:
        seen = getattr(self, "_auditor_header_bytes", 0) + len(line) + 2
        self._auditor_header_bytes = seen
        if seen > _HEADER_LIMIT[0] > 0:
            raise HeadersTooLargeError(f"headers over {_HEADER_LIMIT[0]} bytes")
        original(self, line)

    parser.lineReceived = line_received  # type: ignore[attr-defined]
    parser._auditor_capped = True  # type: ignore[attr-defined]
