"""The worker's frontier queue (auditor/distributed/frontier.py `AttemptQueue`), on a real
redis-server: it hands requests out in the order scrapy-redis's PriorityQueue does, whatever
the mix of pushes and pops, stores the same pickled dicts, and a queue Redis lost is an error
(the attempt is given up), never a silently empty frontier."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy_redis import picklecompat
from scrapy_redis.queue import PriorityQueue

from auditor.distributed import frontier
from auditor.distributed.connect import connect
from auditor.distributed.frontier import AttemptQueue, QueueLost


class Site(Spider):
    name = "site"

    def parse(self, response: Any) -> None:
        pass

    def failed(self, failure: Any) -> None:
        pass


def requests(spider: Site) -> list[Request]:
    """Priorities that tie and differ, callbacks and errbacks set and not."""
    out = []
    for i in range(12):
        errback = spider.failed if i % 3 == 0 else None
        out.append(Request(f"http://a.test/{i}", spider.parse, priority=i % 4, errback=errback))
    return out


def drain(queue: Any, plan: list[int], spider: Site) -> list[tuple[str, Any, Any]]:
    """Push the requests in steps of `plan`, popping one after each step, then pop the rest."""
    todo, out = requests(spider), []
    for step in plan:
        for request in todo[:step]:
            queue.push(request)
        todo = todo[step:]
        if (popped := queue.pop()) is not None:
            out.append(popped)
    while (popped := queue.pop()) is not None:
        out.append(popped)
    return [(r.url, r.callback, r.errback) for r in out]


@pytest.mark.parametrize("plan", [[12], [1] * 12, [3, 0, 5, 1, 3]])
def test_the_same_order_as_scrapy_redis(
    redis_server: Any, plan: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(frontier, "FLUSH_AT", 2)  # some pushes go ahead of the next pop
    client, spider = connect(redis_server.url), Site()
    theirs = PriorityQueue(client, spider, "q:theirs", picklecompat)
    ours = AttemptQueue(client, spider, "q:ours", picklecompat)
    expected = drain(theirs, plan, spider)
    assert len(expected) == 12
    assert drain(ours, plan, spider) == expected
    assert len(ours) == 0


def test_the_same_bytes_in_redis(redis_server: Any) -> None:
    client, spider = connect(redis_server.url), Site()
    theirs = PriorityQueue(client, spider, "q:theirs", picklecompat)
    ours = AttemptQueue(client, spider, "q:ours", picklecompat)
    for request in requests(spider):
        theirs.push(request)
        ours.push(request)
    ours.pop()  # the held pushes go to Redis with it
    theirs.pop()
    assert client.zrange("q:ours", 0, -1, withscores=True) == client.zrange(
        "q:theirs", 0, -1, withscores=True
    )


def test_a_queue_redis_lost_is_an_error(redis_server: Any) -> None:
    client, spider = connect(redis_server.url), Site()
    queue = AttemptQueue(client, spider, "q:lost", picklecompat)
    for request in requests(spider)[:3]:
        queue.push(request)
    assert queue.pop() is not None
    client.delete("q:lost")  # as after a restart without persistence
    with pytest.raises(QueueLost):
        queue.pop()
    assert len(queue) == 0
