"""Downloader middleware: a column page marked `render` is opened in headless Chromium.

Only the spider's render requests (`[crawl] render_listings = true`, a column page found
unreadable) come here; the browser runs in a worker thread so the crawl goes on, and it may
reach only the inspected hosts (auditor/crawl/chromium.py, docs/render.md).  The answer is the
rendered DOM as an HTML response; when rendering failed, the body is empty and
`render_why` in the request's meta says why.
"""

from __future__ import annotations

from typing import Any

from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import threads
from twisted.internet.defer import DeferredSemaphore

from auditor.crawl.chromium import Rendered, render

# One browser at a time per crawl process: each holds hundreds of MB and a reactor thread
# (the thread pool also serves name resolution).
ONE_AT_A_TIME = DeferredSemaphore(1)


class RenderMiddleware:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> RenderMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request, spider: Any = None) -> Response | None:
        if not request.meta.get("render"):
            return None
        inspection = self.crawler.spider.ctx.inspection
        hosts = {site.host for site in inspection.all_sites}
        timeout = inspection.crawl.render_timeout
        got: Rendered = await maybe_deferred_to_future(
            ONE_AT_A_TIME.run(threads.deferToThread, render, request.url, hosts, timeout)
        )
        request.meta["render_why"] = got.why
        request.meta["render_blocked"] = got.blocked
        body = (got.html or "").encode("utf-8")
        return HtmlResponse(request.url, status=200, body=body, encoding="utf-8", request=request)
