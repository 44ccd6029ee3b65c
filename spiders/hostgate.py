"""One concurrency limit per host for the whole run, not per spider.

Scrapy keys download slots by `download_slot` (the netloc) but each spider has its own
downloader, so an external host linked from every department site would otherwise see
`concurrency_per_host` requests from each spider at once (and robots.txt requests use yet
another slot).  This middleware holds a request until its host has a free place, across all
spiders of the process.
"""

from __future__ import annotations

from collections import defaultdict, deque
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer

HELD = "auditor_host_gate"


class HostGate:
    """Counting semaphores per host (one reactor thread, so no locks)."""

    def __init__(self) -> None:
        self.active: dict[str, int] = defaultdict(int)
        self.queues: dict[str, deque[defer.Deferred[None]]] = defaultdict(deque)

    def acquire(self, host: str, limit: int) -> defer.Deferred[None] | None:
        if self.active[host] < limit:
            self.active[host] += 1
            return None
        waiter: defer.Deferred[None] = defer.Deferred()
        self.queues[host].append(waiter)
        return waiter

    def release(self, host: str) -> None:
        queue = self.queues.get(host)
        if queue:
            queue.popleft().callback(None)  # the place passes straight to the next request
            return
        self.active[host] -= 1
        if self.active[host] <= 0:  # idle: forget the host, so thousands of linked hosts
            self.active.pop(host, None)  # do not pile up for the whole run
            self.queues.pop(host, None)


GATE = HostGate()  # one per process: every crawler of a run shares it


async def take_turn(waiter: defer.Deferred[None] | None) -> None:
    """Wait for the place `HostGate.acquire` queued (None: it was free)."""
    if waiter is not None:
        await maybe_deferred_to_future(waiter)


class ReleasingGateMiddleware:
    """The half every host gate shares: the place a request holds (recorded in its meta under
    `HELD`) is given back when its answer or its failure arrives. Subclasses take the place
    in `process_request` and say how to give it back in `give_back`."""

    HELD = HELD

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        self._release(request)
        return response

    def process_exception(self, request: Request, exception: Exception, spider: Any = None) -> None:
        self._release(request)

    def _release(self, request: Request) -> None:
        held = request.meta.pop(self.HELD, None)
        if held is not None:
            self.give_back(held)

    def give_back(self, held: Any) -> None:
        raise NotImplementedError


class HostGateMiddleware(ReleasingGateMiddleware):
    def __init__(self, limit: int) -> None:
        self.limit = max(limit, 1)

    @classmethod
    def from_crawler(cls, crawler: Any) -> HostGateMiddleware:
        return cls(crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 2))

    async def process_request(self, request: Request, spider: Any = None) -> None:
        host = urlsplit(request.url).netloc.lower()
        waiter = GATE.acquire(host, self.limit)
        request.meta[HELD] = host
        await take_turn(waiter)

    def give_back(self, held: Any) -> None:
        GATE.release(held)
