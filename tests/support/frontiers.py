"""The crawl's disk frontier outside a crawl: a DiskFrontier opened as Scrapy opens it, for
a spider whose callbacks the spool must name."""

from __future__ import annotations

import scrapy
from scrapy.utils.test import get_crawler

from auditor.spiders.frontier import DiskFrontier

SETTINGS = {
    "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.ScrapyPriorityQueue",
    "SCHEDULER_DISK_QUEUE": "auditor.spiders.frontier.NamedCallbackQueue",  # as crawls do
}


class Probe(scrapy.Spider):
    name = "probe"

    def on_response(self, response: object) -> None:
        return None

    def on_error(self, failure: object) -> None:
        return None


def scheduler() -> tuple[DiskFrontier, Probe]:
    """An open scheduler and its spider (the spool goes where TMPDIR says)."""
    crawler = get_crawler(Probe, SETTINGS)
    spider = Probe()
    crawler.spider = spider
    sched = DiskFrontier.from_crawler(crawler)
    sched.open(spider)
    return sched, spider
