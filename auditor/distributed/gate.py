"""Per-host politeness across every worker: one host never sees more load because there are
more workers.

A request to a host first takes a place in that host's lease set in Redis (a sorted set of
tokens scored by their expiry, at most `concurrency_per_host` live places) and respects the
host's next allowed start time (the previous start plus `delay`), both decided in one Lua
script on Redis's own clock, so workers on machines with skewed clocks agree.  The place is
given back when the answer (or the failure) arrives; a worker killed mid-request leaves a
place that expires after the download timeout.  Scrapy's own per-spider delay still applies
on top.

Asking Redis is the last of three steps, so a worker asks it only when a place may be free.
A request first takes one of the worker's own places at the host (spiders/hostgate.py's
process-wide gate, at most `concurrency_per_host`: no worker can use more than the host's
limit anyway), then the host's turn to ask (one request of the worker at a time, the others
queued behind it without polling), then the place in Redis.  A place given back passes
straight to the worker's next request, which asks Redis at once; only a host whose places
other workers hold is polled, with a growing wait (20 ms doubling to 160 ms).  Without the
first two steps every waiting request polled Redis every 20 ms: on a 100,000-page world
of 21 sites a third of a worker's time went to those polls.
"""

from __future__ import annotations

import contextlib
import uuid
from typing import Any
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from scrapy.utils.defer import maybe_deferred_to_future

from auditor.spiders.hostgate import GATE, HostGate, ReleasingGateMiddleware, take_turn

HELD = "auditor_redis_gate"
POLL_SECONDS = 0.02  # first wait between tries when the host is full, doubling
POLL_MAX_SECONDS = 0.16
ASKING = HostGate()  # one request of the worker at a time asks Redis for a host's place

_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local nxt = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < nxt then return nxt - now end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return -1 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) + 1000)
if tonumber(ARGV[4]) > 0 then
  redis.call('SET', KEYS[2], now + tonumber(ARGV[4]), 'PX', tonumber(ARGV[4]) + 1000)
end
return 0
"""


class RedisHostGate:
    """Acquire/release one place at a host, shared by all workers of a job."""

    def __init__(self, board: Any, limit: int, delay: float, timeout: float) -> None:
        self.board = board
        self.limit = max(limit, 1)
        self.delay_ms = int(delay * 1000)
        self.lease_ms = int((timeout + 30) * 1000)  # a hung download's place still expires
        self._acquire = board.r.register_script(_ACQUIRE)

    def try_acquire(self, host: str, token: str) -> float | None:
        """0 when the place is taken; None when the host's places are all held; else the
        seconds until the host's next allowed start."""
        keys = [self.board.key(f"gate:{host}"), self.board.key(f"next:{host}")]
        wait = self._acquire(keys=keys, args=[token, self.limit, self.lease_ms, self.delay_ms])
        return 0.0 if wait == 0 else (None if wait < 0 else wait / 1000)

    def release(self, host: str, token: str) -> None:
        self.board.r.zrem(self.board.key(f"gate:{host}"), token)


class RedisHostGateMiddleware(ReleasingGateMiddleware):
    """Downloader middleware holding each request until its host has a free place."""

    HELD = HELD
    gate: RedisHostGate | None = None  # set by the worker before any crawl starts

    def __init__(self, crawler: Any = None) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> RedisHostGateMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request, spider: Any = None) -> None:
        gate = type(self).gate
        if gate is None:
            return
        host = urlsplit(request.url).netloc.lower()
        request.meta[HELD] = (host, None)  # given back with the request, however it ends
        await take_turn(GATE.acquire(host, gate.limit))
        await take_turn(ASKING.acquire(host, 1))
        try:
            token = await self._place(gate, host)
        finally:
            ASKING.release(host)
        request.meta[HELD] = (host, token)

    async def _place(self, gate: RedisHostGate, host: str) -> str:
        """A place at the host in Redis, waited for; a Redis failure gives the attempt up."""
        import redis  # here, not at the top: `auditor worker` without the extra must say so
        from twisted.internet import reactor, task  # installed by Scrapy by now

        token, poll = uuid.uuid4().hex, POLL_SECONDS
        try:
            while (wait := gate.try_acquire(host, token)) != 0:
                if wait is None:  # full: other workers hold the places
                    wait, poll = poll, min(poll * 2, POLL_MAX_SECONDS)
                await maybe_deferred_to_future(task.deferLater(reactor, wait, lambda: None))
        except redis.exceptions.RedisError as error:
            # the request is lost to this attempt: recorded as a failure it would make a
            # page a failed check, so the attempt is given up instead
            from auditor.distributed.frontier import broken

            broken(self.crawler.spider, error)
            raise IgnoreRequest(f"Redis: {error}") from None
        return token

    def give_back(self, held: Any) -> None:
        """The Redis place first, so the worker's next request, which takes the local
        place at once, finds it free."""
        import redis

        host, token = held
        gate = type(self).gate
        if gate is not None and token is not None:
            with contextlib.suppress(redis.exceptions.RedisError):
                gate.release(host, token)  # else the place expires by itself
        GATE.release(host)


class RedisClaims:
    """Stands in for auditor.crawl.parallel.Partition: a check of a URL outside the group is
    made by the first attempt to claim it in Redis (or by a later one if that attempt died)."""

    def __init__(self, board: Any, group: int, token: str) -> None:
        self.board, self.group, self.token = board, group, token
        self.failed = False  # a claim could not be asked: the attempt is incomplete

    def owns(self, url: str) -> bool:
        import redis

        try:
            return bool(self.board.claim(url, self.group, self.token))
        except redis.exceptions.RedisError:
            self.failed = True  # not raised into the spider's callback: its other links
            return False  # would be lost with it; the worker gives the attempt up
