"""Retries that back off: a server answering 429/503 or timing out is asked again later,
not at once, and its Retry-After is honoured (capped), as a polite inspector should.  And the
small bodies a check reads only to keep its connection open are dropped on arrival."""

from __future__ import annotations

import email.utils
import time
from typing import Any

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.responsetypes import responsetypes
from scrapy.utils.defer import maybe_deferred_to_future

NOT_BEFORE = "auditor_not_before"
# A check that needs only the headers reads a body declared this small instead of stopping:
# stopping a download closes its connection, and a new one (connect, Twisted's endpoint and
# protocol set-up) costs more than the bytes (profiled: 1.5-2.5% of a first audit's CPU).
KEEP_ALIVE_BYTES = 64 * 1024
HEADERS_ONLY = "auditor_headers_only"


def retry_after_seconds(value: str, now: float | None = None) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - (now if now is not None else time.time()), 0.0)


class BackoffRetryMiddleware(RetryMiddleware):
    """RetryMiddleware whose retries wait: Retry-After when given, else base * 2^(n-1)."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("AUDITOR_RETRY_BACKOFF", 1.0)
        self.cap = settings.getfloat("AUDITOR_RETRY_AFTER_MAX", 60.0)

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        result = super().process_response(request, response, *_spider_arg(spider))
        header = response.headers.get(b"Retry-After")
        hint = retry_after_seconds(header.decode("latin-1")) if header else None
        return self.stamp(result, request, hint)

    def process_exception(
        self, request: Request, exception: Exception, spider: Any = None
    ) -> Request | Response | None:
        result = super().process_exception(request, exception, *_spider_arg(spider))
        return self.stamp(result, request, None)

    def stamp(self, result: Any, request: Request, hint: float | None) -> Any:
        if not isinstance(result, Request) or result is request:
            return result
        attempt = int(result.meta.get("retry_times", 1))
        delay = hint if hint is not None else self.base * 2 ** (attempt - 1)
        result.meta[NOT_BEFORE] = time.time() + min(delay, self.cap)
        return result


class BackoffDelayMiddleware:
    """Holds a retried request until its not-before time."""

    async def process_request(self, request: Request, spider: Any = None) -> None:
        wait = request.meta.get(NOT_BEFORE, 0) - time.time()
        if wait > 0:
            # imported here: the site spider imports this module (spiders/checkbodies.py)
            # before Scrapy installs its reactor
            from twisted.internet import reactor, task

            await maybe_deferred_to_future(task.deferLater(reactor, wait, lambda: None))


class HeadersOnlyMiddleware:
    """The answer to a check marked `HEADERS_ONLY` (spiders/checkbodies.py: `on_headers`)
    becomes what stopping after the headers gives: no body, the `download_stopped` flag, the
    response class the headers alone choose; so what the check records does not depend on
    whether the body was read."""

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        if not request.meta.pop(HEADERS_ONLY, False):
            return response
        cls = responsetypes.from_args(headers=response.headers, url=response.url)
        flags = [*response.flags, "download_stopped"]
        headers, protocol = response.headers, response.protocol
        return cls(response.url, response.status, headers, b"", flags, protocol=protocol)


def _spider_arg(spider: Any) -> list[Any]:
    """Older Scrapy passes the spider positionally; 2.13+ deprecates it."""
    return [spider] if spider is not None else []
