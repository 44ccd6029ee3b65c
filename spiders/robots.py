"""robots.txt fetched once per host per audit, whatever the number of spiders or processes.

Scrapy's RobotsTxtMiddleware keeps its parsers per crawler, and auditor runs one crawler per
host group: an outside host linked from every department site had its robots.txt fetched by
each spider.  Here the parsers are shared by every spider of the process (the first request
for a host fetches, the others wait for the same answer), and each robots.txt fetched is kept
in the store (`robots` table), where another process of the run, the sweep and a resumed
crawl read it instead of asking the server again.
"""

from __future__ import annotations

from typing import Any

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred

# run id -> netloc -> parser (or the Deferred of the fetch in flight); one run per process,
# keyed anyway so that runs made one after another in one process never share answers.
_SHARED: dict[int, dict[str, Any]] = {}


async def _wait(pending: Deferred[Any]) -> Any:
    """The parser a fetch in flight will give, for one more waiter.  Not Scrapy's own wait
    (`maybe_deferred_to_future` on the shared Deferred): its callback returns None, so every
    later waiter got None and was let through whatever robots.txt said (seen: a disallowed
    URL fetched).  Each waiter gets its own Deferred, relayed without eating the result."""
    mine: Deferred[Any] = Deferred()

    def relay(result: Any) -> Any:
        mine.callback(result)
        return result

    pending.addBoth(relay)
    return await maybe_deferred_to_future(mine)


class SharedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """RobotsTxtMiddleware with one parser per host for the whole run."""

    def _context(self) -> Any:
        return getattr(self.crawler.spider, "ctx", None)

    async def robot_parser(self, request: Request) -> Any:
        ctx = self._context()
        if ctx is not None:
            self._parsers = _SHARED.setdefault(ctx.run_id, {})
        netloc = urlparse_cached(request).netloc
        if ctx is not None and netloc not in self._parsers:
            body = ctx.writer.store.robots_txt(ctx.run_id, netloc)
            if body is not None:
                self._parsers[netloc] = build_from_crawler(self._parserimpl, self.crawler, body)
        pending = self._parsers.get(netloc)
        if isinstance(pending, Deferred):
            return await _wait(pending)
        return await super().robot_parser(request)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        await super()._parse_robots(response, netloc, request)
        ctx = self._context()
        if ctx is not None:
            row = {"netloc": netloc, "status": response.status, "body": response.body}
            ctx.writer.add({"robots": [row]})
            ctx.writer.flush()  # other processes read it from now on
