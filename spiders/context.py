"""State shared by the spiders of one crawl run (one process, one reactor thread)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from auditor.crawl.linkbook import LinkState
from auditor.crawl.scope import Scope
from auditor.inspection.file import Inspection
from auditor.net.urls import canonicalize_url
from auditor.net.urlset import UrlSet
from auditor.spiders.previous import Previous
from auditor.store import BatchWriter


@dataclass
class SiteStats:
    """Live counters for the progress line."""

    pages: int = 0
    checks: int = 0
    errors: int = 0
    scheduled: int = 0
    done: int = 0
    cutoffs: int = 0
    reused: int = 0  # answered 304: copied from the previous run
    kept: int = 0  # OK link verdicts of the previous run kept without a request

    @property
    def queue(self) -> int:
        return max(self.scheduled - self.done, 0)


@dataclass
class CrawlContext:
    """Everything the spiders share: the store writer, the scope and the URLs claimed so far,
    so that a URL linked from many sites is fetched once per run."""

    inspection: Inspection
    run_id: int
    writer: BatchWriter
    scope: Scope
    # hashes of de-duplication keys (auditor/net/urls.py), 8 bytes a URL: the request itself
    # always goes to the URL as written
    claimed: UrlSet = field(default_factory=lambda: UrlSet(key=canonicalize_url))
    resume: bool = False
    interrupted: bool = False  # a spider closed for another reason than "finished"
    stats: dict[str, SiteStats] = field(default_factory=dict)
    reasons: Counter[str] = field(default_factory=Counter)
    started: float = field(default_factory=time.monotonic)
    links: LinkState = field(default_factory=LinkState)  # verdicts spanning responses
    previous: Previous | None = None  # the run a repeat inspection revalidates against
    partition: Any = None  # auditor.crawl.job.Partition when several processes crawl
    # pages whose body is snapshotted at fetch time for the evidence pack: given by the
    # caller of the crawl (built from the checklist), so the crawl never imports classify
    may_be_evidence: Callable[[dict[str, Any]], bool] = field(default=lambda page: False)

    def site_stats(self, key: str) -> SiteStats:
        return self.stats.setdefault(key, SiteStats())

    def owns_check(self, url: str, site_key: str, referer: str | None, depth: int) -> bool:
        """True when this process checks the URL; otherwise it is handed to its owner."""
        if self.partition is None or self.partition.owns(url):
            return True
        row = {"url": url, "site_key": site_key, "referer": referer, "depth": depth}
        self.writer.add({"handoffs": [row]})
        return False

    def claim(self, url: str) -> bool:
        """True the first time a URL is claimed in this run."""
        if url in self.claimed:
            return False
        self.claimed.add(url)
        return True
