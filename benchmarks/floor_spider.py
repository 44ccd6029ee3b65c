"""The framework's floor: a plain Scrapy spider that only fetches pages and follows links
(LinkExtractor, no storage, no parsing beyond link extraction).

    scrapy runspider benchmarks/floor_spider.py -a world=WORLD_DIR -a out=COUNT.json
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from scrapy.linkextractors import LinkExtractor


class FloorSpider(scrapy.Spider):
    name = "floor"
    custom_settings = {
        "ROBOTSTXT_OBEY": False,
        "CONCURRENT_REQUESTS": 64,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "HTTPERROR_ALLOW_ALL": True,
        "RETRY_ENABLED": False,
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    }

    def __init__(self, world: str, out: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        meta = json.loads((Path(world) / "world.json").read_text("utf-8"))
        self.start_urls = [f"http://127.0.0.1:{s['port']}/index.html" for s in meta["sites"]]
        self.allowed = {f"127.0.0.1:{s['port']}" for s in meta["sites"]}
        self.extractor = LinkExtractor()
        self.out = Path(out)
        self.pages = 0

    def parse(self, response: Response) -> Iterator[scrapy.Request]:
        if response.status != 200 or not hasattr(response, "text"):
            return
        self.pages += 1
        for link in self.extractor.extract_links(response):
            if urlsplit(link.url).netloc in self.allowed:
                yield scrapy.Request(link.url, callback=self.parse)

    def closed(self, reason: str) -> None:
        self.out.write_text(json.dumps({"pages": self.pages, "reason": reason}), "utf-8")
