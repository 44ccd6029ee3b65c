"""Start a crawl process's spiders a few at a time, in one reactor.

A province audit deals hundreds of host groups to a handful of processes.  Started all at once,
every spider of a process asks for its start page in the same second; the process cannot parse
that many answers in time, and requests that wait behind hundreds of others reach the download
timeout: sites that are up get a false "broken" verdict.  So a process runs at most
`spider_slots` spiders at once; when one closes, the next host group starts in its place.
"""

from __future__ import annotations

import contextlib
import math
from collections import deque
from collections.abc import Iterable
from typing import Any, cast

from auditor.inspection.file import CrawlSettings

# Pages per second one crawl process parses while staying well below one core (about 90
# were measured on a quiet core, docs/scale.md): polite spiders (a delay per host) are slow
# one by one, so more of them may run at once before a process is busy.
PAGES_PER_SECOND = 45
MIN_SLOTS = 4


def spider_slots(crawl: CrawlSettings) -> int:
    """How many spiders one process runs at once: at least MIN_SLOTS and concurrency //
    concurrency_per_host; with a delay, as many as keep the process at PAGES_PER_SECOND
    (each spider fetches at most concurrency_per_host pages per delay)."""
    per_host = max(crawl.concurrency_per_host, 1)
    polite = math.ceil(crawl.delay * PAGES_PER_SECOND / per_host) if crawl.delay > 0 else 0
    return max(MIN_SLOTS, crawl.concurrency // per_host, polite)


class SpiderSlots:
    """Runs (spider class, kwargs) pairs in `process`, `size` at a time; stops the reactor
    when the last one closes.  After an interrupted spider (Ctrl-C, SIGTERM, a full disk)
    no further group starts: `--resume` crawls the groups never started."""

    def __init__(
        self, process: Any, ctx: Any, spiders: Iterable[tuple[type, dict[str, Any]]], size: int
    ) -> None:
        self.process, self.ctx, self.size = process, ctx, max(size, 1)
        self.pending = deque(spiders)
        self.running = 0
        self.stopping = False

    def start(self) -> None:
        """Start the first groups (the first one installs the reactor Scrapy wants, so
        before anything else asks for a reactor)."""
        for _ in range(min(self.size, len(self.pending))):
            self._next()

    def run(self) -> None:
        """Run the reactor until every started spider closed."""
        if self.running:
            self.process.start(stop_after_crawl=False)

    def stop(self) -> None:
        """Start nothing more and close the running spiders (their data is flushed)."""
        self.stopping = True
        self.process.stop()

    def _next(self) -> None:
        spider, kwargs = self.pending.popleft()
        self.running += 1
        done = self.process.crawl(spider, context=self.ctx, **kwargs)
        done.addBoth(self._closed)

    def _closed(self, result: Any) -> Any:
        """A slot is free: the next group takes it, unless the crawl is being stopped."""
        self.running -= 1
        if self.ctx.interrupted:
            self.stopping = True
        if self.pending and not self.stopping:
            self._next()
        elif self.running == 0:
            from twisted.internet import reactor

            cast(Any, reactor).callLater(0, _stop_reactor)
        return result


def _stop_reactor() -> None:
    from twisted.internet import reactor

    with contextlib.suppress(RuntimeError):  # already stopping (Ctrl-C, SIGTERM)
        cast(Any, reactor).stop()
