"""scrapy-redis's scheduler with one queue and dupefilter per group attempt.

Two attempts at one host group can overlap for a moment (a Redis that restarted empty gives
the group out again before the old attempt notices its lost lease).  Keyed by the spider name
alone they would share a queue: the new attempt's flush would drop the old one's requests and
the old one would pop, and throw away, the new one's.  So the keys carry the attempt's token
(scrapy-redis's documented SCHEDULER_QUEUE_KEY / SCHEDULER_DUPEFILTER_KEY patterns, with the
token added to the spider name), and `close` removes them.

A Redis error never reaches Scrapy from here: raised while Scrapy hands a callback's output to
the scheduler it stops that response's processing for good (Scrapy's output loop assumes
nothing raises), so the spider could never close and its worker never exit.  Instead the
attempt is marked broken (`broken`): its frontier lost a request, so its shard is never
handed in, and its worker abandons it at the next tick.
"""

from __future__ import annotations

import contextlib
from typing import Any

import redis
from scrapy.utils.misc import load_object
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler


def broken(spider: Any, error: Exception) -> None:
    """The attempt lost part of its crawl to a Redis error: it must never be handed in."""
    if not spider.ctx.interrupted:
        spider.logger.warning("Redis 出错,本次主机组抓取作废:%s", error)
    spider.ctx.interrupted = True


class AttemptScheduler(Scheduler):
    def open(self, spider: Any) -> None:
        self.spider = spider
        name = f"{spider.name}:{spider.ctx.partition.token}"
        self.queue = load_object(self.queue_cls)(
            server=self.server,
            spider=spider,
            key=self.queue_key % {"spider": name},
            serializer=self.serializer,
        )
        self.df = RFPDupeFilter(self.server, key=self.dupefilter_key % {"spider": name})
        if self.flush_on_start:
            self.flush()

    def enqueue_request(self, request: Any) -> bool:
        try:
            return bool(super().enqueue_request(request))
        except redis.exceptions.RedisError as error:
            broken(self.spider, error)
            return False

    def next_request(self) -> Any:
        try:
            return super().next_request()
        except redis.exceptions.RedisError as error:
            broken(self.spider, error)
            return None

    def has_pending_requests(self) -> bool:
        try:
            return bool(super().has_pending_requests())
        except redis.exceptions.RedisError as error:
            broken(self.spider, error)
            return False

    def close(self, reason: str) -> None:
        with contextlib.suppress(redis.exceptions.RedisError):
            super().close(reason)  # a restarted Redis has no queue left to remove
