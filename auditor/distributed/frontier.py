"""scrapy-redis's scheduler with one queue and dupefilter per group attempt.

Two attempts at one host group can overlap for a moment (a Redis that restarted empty gives
the group out again before the old attempt notices its lost lease).  Keyed by the spider name
alone they would share a queue: the new attempt's flush would drop the old one's requests and
the old one would pop, and throw away, the new one's.  So the keys carry the attempt's token
(scrapy-redis's documented SCHEDULER_QUEUE_KEY / SCHEDULER_DUPEFILTER_KEY patterns, with the
token added to the spider name), and `close` removes them.
"""

from __future__ import annotations

from typing import Any

from scrapy.utils.misc import load_object
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler


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
