"""The sweep after a multi-process crawl: the checks one process handed to another that
nobody made (see auditor/crawl/parallel.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from scrapy.http import Request

from auditor.spiders.site import SiteSpider


class SweepSpider(SiteSpider):
    name = "sweep"

    def __init__(self, *args: Any, pending: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pending = pending

    async def start(self) -> AsyncIterator[Request]:
        for row in self.pending:
            site = self.sites.get(row["site_key"])
            if site is not None and self.ctx.claim(row["url"]):
                for request in self.check(row["url"], site, row["depth"], row["referer"]):
                    yield request
