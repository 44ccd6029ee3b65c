"""How much of a check's answer a spider downloads: a check needs the status and headers, so
its download stops after them, except for a body worth reading (an HTML error page to sniff
for "not found", a site's own script or stylesheet for the tamper scan, a stylesheet whose
links are checked), which is read up to a bound.  Driven by Scrapy's headers_received and
bytes_received signals, which every spider of a process receives: each answers only for its
own requests.
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import StopDownload
from scrapy.http import Request

from auditor.crawl.scope import Scope
from auditor.spiders.middlewares import HEADERS_ONLY, KEEP_ALIVE_BYTES
from auditor.spiders.resources import reads_file

CHECK_BODY_LIMIT = 256 * 1024  # enough to sniff an HTML error page, never a whole file


class CheckBodies:
    """The spider's handlers of the two download signals, and the bytes received so far of
    each of its checks (forgotten when the answer or the failure reaches the spider)."""

    def __init__(self, spider: Any, scope: Scope) -> None:
        self.spider, self.scope = spider, scope
        self.received: dict[int, int] = {}

    def forget(self, request: Request | None) -> None:
        self.received.pop(id(request), None)

    def on_headers(self, headers: Any, body_length: int, request: Request, spider: Any) -> None:
        """Checks stop after the headers unless the body is HTML (an error page to sniff).
        A small declared body is read all the same, so the connection stays open for the
        next request (stopping closes it), and then dropped (spiders/middlewares.py)."""
        if spider is not self.spider or request.meta.get("kind") != "check":
            return
        kind = (headers.get(b"Content-Type") or b"").decode("latin-1").lower()
        own = self.scope.owner(request.url) is not None
        wanted = (own and reads_file(request.url, kind)) or (
            "css" in kind and request.meta.get("stylesheet")
        )
        if "html" in kind or wanted:
            return
        if isinstance(body_length, int) and 0 <= body_length <= KEEP_ALIVE_BYTES:
            request.meta[HEADERS_ONLY] = True
            return
        raise StopDownload(fail=False)

    def on_bytes(self, data: bytes, request: Request, spider: Any) -> None:
        if spider is not self.spider or request.meta.get("kind") != "check":
            return
        seen = self.received.get(id(request), 0) + len(data)
        self.received[id(request)] = seen
        if seen > CHECK_BODY_LIMIT:
            raise StopDownload(fail=False)
