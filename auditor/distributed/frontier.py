"""scrapy-redis's scheduler with one queue per group attempt.

Two attempts at one host group can overlap for a moment (a Redis that restarted empty gives
the group out again before the old attempt notices its lost lease).  Keyed by the spider name
alone they would share a queue: the new attempt's flush would drop the old one's requests and
the old one would pop, and throw away, the new one's.  So the key carries the attempt's token
(scrapy-redis's documented SCHEDULER_QUEUE_KEY pattern, with the token added to the spider
name), and `close` removes it.  Duplicates are filtered as on one machine: CrawlContext
claims each URL once per attempt (Scrapy's BaseDupeFilter, `AttemptDupeFilter`, no Redis set).

A Redis error never reaches Scrapy from here: raised while Scrapy hands a callback's output to
the scheduler it stops that response's processing for good (Scrapy's output loop assumes
nothing raises), so the spider could never close and its worker never exit.  Instead the
attempt is marked broken (`broken`): its frontier lost a request, so its shard is never
handed in, and its worker abandons it at the next tick.

The round trips are the ones scrapy-redis needs, minus those only a shared queue would need
(`AttemptQueue`), and, as on one machine, checks and conditional requests skip the frontier
(spiders/lean.py): they were most of a worker's requests, each pickled into Redis and back.
"""

from __future__ import annotations

import contextlib
from typing import Any

import redis
from scrapy.dupefilters import BaseDupeFilter
from scrapy.utils.misc import load_object
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from auditor.spiders.frontier import named_dict
from auditor.spiders.lean import LeanRevalidations

FLUSH_AT = 500  # pushes held back before they go to Redis in one command (bounds memory)


def broken(spider: Any, error: Exception) -> None:
    """The attempt lost part of its crawl to a Redis error: it must never be handed in."""
    if not spider.ctx.interrupted:
        spider.logger.warning("Redis 出错,本次主机组抓取作废:%s", error)
    spider.ctx.interrupted = True


class AttemptDupeFilter(BaseDupeFilter):
    """Scrapy's filter that filters nothing, the worker's DUPEFILTER_CLASS: as on one machine
    (auditor/crawl/process.py), CrawlContext claims each URL once per attempt, so a Redis set
    of the attempt's fingerprints (scrapy-redis's RFPDupeFilter) never filtered a request; it
    cost a SHA1 and a round trip per page.  scrapy-redis's Scheduler builds a filter that has
    `from_spider` when the crawl opens, from_settings (which Scrapy's no longer has) else."""

    @classmethod
    def from_spider(cls, spider: Any) -> AttemptDupeFilter:
        return cls()


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
        self.df = load_object(self.dupefilter_cls).from_spider(spider)
        self.lean = LeanRevalidations(spider.crawler)
        if self.flush_on_start:
            self.flush()

    def flush(self) -> None:
        self.queue.clear()

    def enqueue_request(self, request: Any) -> bool:
        try:
            return self.lean.take(request) or bool(super().enqueue_request(request))
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
            return len(self.lean) > 0 or bool(super().has_pending_requests())
        except redis.exceptions.RedisError as error:
            broken(self.spider, error)
            return False

    def close(self, reason: str) -> None:
        self.lean.drop()
        with contextlib.suppress(redis.exceptions.RedisError):
            super().close(reason)  # a restarted Redis has no queue left to remove


class QueueLost(redis.exceptions.RedisError):
    """The attempt's queue holds fewer requests than it was given: Redis lost them."""


class AttemptQueue(PriorityQueue):
    """scrapy-redis's PriorityQueue (the same sorted set, scores and pickled request dicts,
    so the same order) with fewer round trips, since the key is one attempt's own and nobody
    else pushes or pops there: the number of queued requests is counted here (no ZCARD, and
    no round trip to find an empty queue); pushes wait until the next pop and go in one ZADD
    with it (the set the pop sees is the same); a pop is one ZPOPMIN (lowest score, ties by
    bytes, as ZRANGE 0 0) instead of a MULTI/ZRANGE/ZREMRANGEBYRANK/EXEC transaction; and a
    request is named without Scrapy's search of the spider's members (spiders/frontier.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.count = 0
        self.held: list[Any] = []  # score, pickled request, score, … for the next ZADD

    def __len__(self) -> int:
        return self.count

    def push(self, request: Any) -> None:
        plain = named_dict(self.spider, request)
        data = self._encode_request(request) if plain is None else self.serializer.dumps(plain)
        self.held += [-request.priority, data]
        self.count += 1
        if len(self.held) >= 2 * FLUSH_AT:
            self.server.execute_command("ZADD", self.key, *self._take_held())

    def pop(self, timeout: int = 0) -> Any:
        if not self.count:
            return None
        pipe = self.server.pipeline(transaction=False)
        if self.held:
            pipe.execute_command("ZADD", self.key, *self._take_held())
        pipe.zpopmin(self.key, 1)
        popped = pipe.execute()[-1]
        if not popped:
            self.count = 0
            raise QueueLost(f"队列 {self.key} 已丢失")
        self.count -= 1
        return self._decode_request(popped[0][0])

    def clear(self) -> None:
        self.held, self.count = [], 0
        super().clear()

    def _take_held(self) -> list[Any]:
        held, self.held = self.held, []
        return held
