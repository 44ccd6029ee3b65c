"""The lean path of check requests and of a repeat's conditional requests (docs/crawl.md,
"The lean path").

Most requests of a crawl are not pages to parse: a first audit makes ~2 checks a page
(attachments, images, stylesheets, other hosts' pages), and in an unchanged repeat nearly
every request is a conditional GET answered 304.  Much of a crawl process's CPU went to
Scrapy's machinery around each one rather than to the answer: pickling it into the disk
frontier and back, the engine's loop, the scraper and the spider middlewares wrapping the
callback's output.  Such a request is taken here instead of the frontier
(spiders/frontier.py hands it over) and given straight to the crawler's downloader, so
everything that decides whether and when a byte is sent stays the same: the downloader
middlewares (safety and address refusals, robots.txt, the host gate, retries, body caps),
the download slot's delay and concurrency, the handler's timeout and header cap.  Only what
comes back is routed differently:

- a check's answer and a 304 to the validators go to the spider's own `on_response`, whose
  requests (a redirect hop, a stylesheet's links, a 304's unclaimed links) pass the spider
  middlewares' per-request hooks (the Referer) and go to the engine;
- anything else (a changed page's 200, a redirect of a page, an error status, a failure, a
  retry the middlewares made) goes to the scraper exactly as the engine would hand it over,
  with the body already fetched: no second request.

Memory stays bounded: beyond `SPILL` waiting requests, the frontier keeps them on disk.
"""

from __future__ import annotations

import logging
from collections import deque
from typing import Any

from scrapy import Request, signals
from scrapy.http import Response
from twisted.python.failure import Failure

from auditor.spiders.conditional import REVALIDATED_KINDS, carries_validators, is_revalidated

logger = logging.getLogger(__name__)

SPILL = 5_000  # lean requests waiting in memory (~3 KB each) before the disk frontier takes them

# Scrapy's engine internals the lean path calls (none of them is public API, checked at run
# time: a Scrapy that lacks one crawls on through the frontier, only slower).
ENGINE_PARTS = (
    ("downloader", "fetch"),
    ("scraper", "enqueue_scrape"),
    ("scraper", "spidermw", "middlewares"),
    ("_slot", "nextcall", "schedule"),
)


def missing_part(engine: Any) -> str | None:
    """The first of ENGINE_PARTS this engine lacks, dotted, or None when it has them all."""
    for path in ENGINE_PARTS:
        found = engine
        for name in path:
            found = getattr(found, name, None)
            if found is None:
                return ".".join(path)
    return None


def is_check(request: Request) -> bool:
    """A request whose answer is a verdict, never a parsed page (spiders/site.py: `check`)."""
    return request.meta.get("kind") == "check"


def is_lean(request: Request) -> bool:
    """Every check (a first audit's too: ~2 a page, and nothing is parsed from them) and a
    repeat's first conditional request of a page; never a page's redirect hop (no
    validators), a probe, a listing or robots.txt."""
    kind = request.meta.get("kind")
    return is_check(request) or (kind in REVALIDATED_KINDS and carries_validators(request))


class LeanRevalidations:
    """Checks and conditional requests of one crawler, sent through its downloader, not its
    engine (the name is from when only a repeat's revalidations took this path)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.limit = max(crawler.settings.getint("CONCURRENT_REQUESTS", 16), 1)
        self.waiting: deque[Request] = deque()
        self.flying = 0
        self._hooks: list[Any] | None = None
        self._usable: bool | None = None

    @property
    def request_hooks(self) -> list[Any]:
        """`get_processed_request` of the crawler's spider middlewares, in the order Scrapy
        applies them to a callback's output (read once the engine exists)."""
        if self._hooks is None:
            chain = self.crawler.engine.scraper.spidermw.middlewares
            found = [getattr(mw, "get_processed_request", None) for mw in reversed(chain)]
            self._hooks = [hook for hook in found if hook is not None]
        return self._hooks

    def __len__(self) -> int:
        return len(self.waiting) + self.flying

    @property
    def usable(self) -> bool:
        """Whether this Scrapy's engine has every internal the path calls (asked once, when
        the first request arrives: the engine and its slot exist by then)."""
        if self._usable is None:
            missing = missing_part(self.crawler.engine)
            if missing is not None:
                logger.warning(
                    "此版本 Scrapy 缺少 engine.%s,检查请求改走普通队列(结果不变,速度较慢)。",
                    missing,
                )
            self._usable = missing is None
        return self._usable

    def take(self, request: Request) -> bool:
        """Keep `request` for the lean path; False leaves it to the frontier."""
        if len(self.waiting) >= SPILL or not is_lean(request) or not self.usable:
            return False
        self.waiting.append(request)
        self.pump()
        return True

    def drop(self) -> None:
        self.waiting.clear()

    def pump(self) -> None:
        engine = self.crawler.engine
        while self.waiting and self.flying < self.limit:
            request = self.waiting.pop()  # last in, first out, like the frontier
            self.flying += 1
            fetched = engine.downloader.fetch(request)
            fetched.addBoth(self._arrived, request)

    def _arrived(self, result: Response | Request | Failure, request: Request) -> None:
        self.flying -= 1
        try:
            self._deliver(result, request)
        except Exception:  # a spider error must not stop the crawl (the scraper's rule too)
            logger.exception("lean request of %s failed", request.url)
        finally:
            self.pump()
            slot = getattr(self.crawler.engine, "_slot", None)
            if slot is not None:  # wake the engine: it may now be idle, or have requests
                slot.nextcall.schedule()

    def processed(self, follow: Request, response: Response) -> Request | None:
        """A request the callback made, as the spider middlewares hand it to the engine: each
        one's per-request hook (Scrapy's RefererMiddleware adds the Referer a redirect hop
        carries; the others pass requests through).  Their `process_spider_input` has nothing
        to refuse: every status is the spider's (`handle_httpstatus_all`)."""
        for hook in self.request_hooks:
            if (processed := hook(follow, response)) is None:
                return None
            follow = processed
        return follow

    def _deliver(self, result: Response | Request | Failure, request: Request) -> None:
        engine = self.crawler.engine
        if isinstance(result, Request):  # made by a downloader middleware (a retry)
            engine.crawl(result)
            return
        if isinstance(result, Response):
            if result.request is None:
                result.request = request
            callback = request.callback
            if (is_revalidated(result) or is_check(request)) and callable(callback):
                for follow in callback(result) or ():
                    if (follow := self.processed(follow, result)) is not None:
                        engine.crawl(follow)
                return
            engine.signals.send_catch_log(
                signal=signals.response_received,
                response=result,
                request=result.request,
                spider=engine.spider,
            )
        scraped = engine.scraper.enqueue_scrape(result, request)
        scraped.addErrback(lambda f: logger.error("scrape of %s failed: %s", request.url, f))
