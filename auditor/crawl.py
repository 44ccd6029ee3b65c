"""Run the crawl of an inspection into the store.

One Scrapy process runs one spider per host (sites sharing a portal share its politeness);
every response is written to the store in batches as it arrives, so Ctrl-C, SIGTERM or a
crash loses at most the last unflushed batch, and `--resume` picks up from the store.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import defaultdict
from pathlib import Path
from typing import Any

from auditor.errors import InputError
from auditor.inspection import CrawlSettings, Inspection, Site
from auditor.progress import Progress
from auditor.scope import Scope
from auditor.store import BatchWriter, Store

INTERRUPTED = "interrupted"
CRAWLED = "crawled"


def scrapy_settings(crawl: CrawlSettings, log_file: Path | None) -> dict[str, Any]:
    """Scrapy settings from the inspection's [crawl] table."""
    return {
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "USER_AGENT": crawl.user_agent,
        "DOWNLOAD_DELAY": crawl.delay,
        "RANDOMIZE_DOWNLOAD_DELAY": crawl.delay > 0,
        "CONCURRENT_REQUESTS": crawl.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrency_per_host,
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(crawl.delay, 0.5),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(crawl.concurrency_per_host),
        "DOWNLOAD_TIMEOUT": crawl.timeout,
        "RETRY_ENABLED": crawl.retries > 0,
        "RETRY_TIMES": crawl.retries,
        "RETRY_HTTP_CODES": [429, 502, 503, 504, 522, 524, 408],
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "spiders.middlewares.BackoffRetryMiddleware": 550,
            "spiders.middlewares.BackoffDelayMiddleware": 560,
            "spiders.hostgate.HostGateMiddleware": 950,  # per host across all spiders
        },
        "AUDITOR_RETRY_BACKOFF": crawl.retry_backoff,
        "TWISTED_DNS_RESOLVER": "spiders.resolver.ReservedNameResolver",
        "REDIRECT_ENABLED": False,  # followed by the spider, to record chains and loops
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "DOWNLOAD_MAXSIZE": 20 * 1024 * 1024,
        "DOWNLOAD_WARNSIZE": 0,
        "DEPTH_LIMIT": 0,
        "HTTPERROR_ALLOW_ALL": True,
        "LOG_ENABLED": log_file is not None,
        "LOG_FILE": str(log_file) if log_file else None,
        "LOG_LEVEL": "INFO",
        "LOG_INSTALL_ROOT_HANDLER": False,
        "STATS_DUMP": False,
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        # Profiled: Scrapy starts CONCURRENT_ITEMS asyncio tasks for every callback's output,
        # which cost more than parsing; callbacks here yield requests only.
        "CONCURRENT_ITEMS": 1,
        # URLs are claimed once per run by CrawlContext: Scrapy's fingerprint set would be a
        # second copy of every URL in memory, and its SHA1 per request is pure overhead.
        "DUPEFILTER_CLASS": "scrapy.dupefilters.BaseDupeFilter",
        "SPIDER_MIDDLEWARES": {"scrapy.spidermiddlewares.depth.DepthMiddleware": None},
        "WARN_ON_GENERATOR_RETURN_VALUE": False,  # profiled: parses callback source per call
    }


def group_by_host(sites: tuple[Site, ...]) -> list[tuple[Site, ...]]:
    groups: dict[str, list[Site]] = defaultdict(list)
    for site in sites:
        groups[site.host].append(site)
    return [tuple(group) for group in groups.values()]


def open_run(store: Store, inspection: Inspection, resume: bool) -> tuple[int, bool]:
    """The run to crawl into: the interrupted one on --resume, else a new one."""
    if resume:
        run = store.latest_run(inspection.path, statuses=("running", INTERRUPTED))
        if run is None:
            raise InputError(
                f"数据库 {store.path} 中没有可继续的抓取", "去掉 --resume 重新开始一次抓取。"
            )
        store.set_run_status(run["id"], "running")
        return run["id"], True
    run_id = store.start_run(
        inspection.name,
        inspection.path,
        _as_dict(inspection),
        inspection.checklist,
        inspection.as_of.isoformat(),
    )
    store.add_sites(run_id, [_site_row(s) for s in inspection.all_sites])
    return run_id, False


def _site_row(site: Site) -> dict[str, Any]:
    return {
        "key": site.key,
        "department": site.department,
        "url": site.url,
        "channel": site.channel,
        "aliases": list(site.aliases),
    }


def _as_dict(inspection: Inspection) -> dict[str, Any]:
    return dataclasses.asdict(inspection)


def run_crawl(
    inspection: Inspection,
    store: Store,
    resume: bool = False,
    log_file: Path | None = None,
    quiet: bool = False,
) -> int:
    """Crawl every site and the platform; returns the run id.  Blocks until done."""
    from scrapy.crawler import CrawlerProcess

    from spiders.conditional import Previous
    from spiders.context import CrawlContext
    from spiders.platform import PlatformSpider
    from spiders.site import SiteSpider

    run_id, resuming = open_run(store, inspection, resume)
    writer = BatchWriter(store, run_id)
    ctx = CrawlContext(inspection, run_id, writer, Scope(inspection.all_sites), resume=resuming)
    if resuming:
        ctx.claimed.update(store.fetched_urls(run_id))
    previous = store.previous_run(inspection.path, inspection.name, run_id)
    if previous is not None:
        ctx.previous = Previous(store, previous)
    process = CrawlerProcess(scrapy_settings(inspection.crawl, log_file))
    logging.getLogger("scrapy").propagate = log_file is not None
    for group in group_by_host(inspection.all_sites):
        spider = PlatformSpider if any(s.channel == "platform" for s in group) else SiteSpider
        process.crawl(spider, sites=group, context=ctx)
    progress = Progress(ctx, quiet=quiet)
    progress.start()
    try:
        process.start()
    finally:
        progress.stop()
        writer.flush()
    store.set_run_status(run_id, INTERRUPTED if ctx.interrupted else CRAWLED)
    progress.summary(ctx.interrupted)
    return run_id
