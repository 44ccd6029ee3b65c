"""One crawl process: Scrapy settings from the inspection, the spiders of a job, and the run
of those spiders in this process's reactor.

Shared by the single-process crawl (auditor/crawl/run.py) and each spawned process of a parallel
crawl (auditor/crawl/parallel.py), so neither of those imports the other for it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from auditor.crawl.progress import Progress
from auditor.crawl.scope import Scope
from auditor.crawl.slots import SpiderSlots, spider_slots
from auditor.inspection.file import CrawlSettings, Inspection
from auditor.store import BatchWriter, Store
from auditor.store.records import CheckRow

if TYPE_CHECKING:  # the crawl processes and the spiders import this module
    from auditor.crawl.job import Job
    from auditor.spiders.context import CrawlContext

SNAPSHOT_SECONDS = 1.0  # how often a crawl process reports its counters to the parent
# WAL pages between automatic checkpoints while crawling (SQLite's default is 1,000: 4 MB).
# The crawl's link inserts dirty index pages all over the file, and a checkpoint copies each
# page the WAL holds: fewer, larger checkpoints copy a page rewritten by several batches
# once.  The WAL file then grows to ~40 MB (reused after each checkpoint; removed when the
# last connection closes).
CRAWL_CHECKPOINT_PAGES = 10_000
# Extensions whose only output is Scrapy's stats (off with them: see scrapy_settings).
STATS_ONLY_EXTENSIONS = (
    "scrapy.extensions.corestats.CoreStats",  # a signal receiver per answer
    "scrapy.extensions.logcount.LogCount",
    "scrapy.extensions.logstats.LogStats",  # would print the (now empty) counts each minute
    "scrapy.extensions.memusage.MemoryUsage",
)


def scrapy_settings(
    crawl: CrawlSettings, log_file: Path | None, hosts: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Scrapy settings from the inspection's [crawl] table; `hosts` are the inspected hosts,
    whose addresses are allowed even when not public (see auditor/net/safety.py)."""
    safety = safety_settings(crawl, hosts)
    return unloaded_when_off(
        {
            **safety,
            "EXTENSIONS": {**safety["EXTENSIONS"], **dict.fromkeys(STATS_ONLY_EXTENSIONS)},
            "ROBOTSTXT_OBEY": crawl.obey_robots,
            "USER_AGENT": crawl.user_agent,
            "DOWNLOAD_DELAY": crawl.delay,
            # Scrapy redraws a randomised delay each time it looks at a slot, so the waits average
            # ~1.2x the configured delay; an inspection has nothing to hide, so the delay is exact.
            "RANDOMIZE_DOWNLOAD_DELAY": False,
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
                "auditor.spiders.gatekeeper.SafetyMiddleware": 50,  # before anything is sent, every hop
                "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
                "auditor.spiders.gatekeeper.CappedDecompressionMiddleware": 590,
                "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
                "auditor.spiders.middlewares.BackoffRetryMiddleware": 550,
                # only a retry is held back (BackoffRetryMiddleware stamps it): without retries,
                # a no-op in every request's middleware chain (Scrapy wraps each call in a coroutine)
                "auditor.spiders.middlewares.BackoffDelayMiddleware": 560
                if crawl.retries > 0
                else None,
                "auditor.spiders.hostgate.HostGateMiddleware": 950,  # per host across all spiders
                # render requests exist only with render_listings; otherwise a no-op per request
                "auditor.spiders.render_middleware.RenderMiddleware": (
                    960 if crawl.render_listings else None
                ),
                # first to see an answer: a check's body read only to keep the connection is dropped
                "auditor.spiders.middlewares.HeadersOnlyMiddleware": 990,
                # robots.txt once per host per run, across spiders and processes
                "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
                "auditor.spiders.robots.SharedRobotsTxtMiddleware": 100,
                # Scrapy's per-request work whose result auditor never reads (profiled: ~2% of a
                # first audit): byte and status counts of every request and answer, and an offsite
                # filter with no allowed_domains (scope is decided by auditor/crawl/scope.py).
                "scrapy.downloadermiddlewares.stats.DownloaderStats": None,
                "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
                "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,  # COOKIES_ENABLED off
                # auditor never sends credentials (no HTTPAUTH_* settings, no spider http_user)
                "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
            },
            # Nothing reads Scrapy's stats (auditor keeps its own counters: spiders/context.py),
            # so the engine's, scheduler's and middlewares' increments go nowhere, and the
            # extensions that only feed or print them are off.
            "STATS_CLASS": "scrapy.statscollectors.DummyStatsCollector",
            "AUDITOR_RETRY_BACKOFF": crawl.retry_backoff,
            "TWISTED_DNS_RESOLVER": "auditor.spiders.resolver.ReservedNameResolver",
            "REDIRECT_ENABLED": False,  # followed by the spider, to record chains and loops
            "COOKIES_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "DOWNLOAD_MAXSIZE": crawl.max_page_bytes,
            "DOWNLOAD_WARNSIZE": 0,
            "DEPTH_LIMIT": 0,
            "HTTPERROR_ALLOW_ALL": True,
            "LOG_ENABLED": log_file is not None,
            "LOG_FILE": str(log_file) if log_file else None,
            "LOG_LEVEL": "INFO",
            # Scrapy writes LOG_FILE through the root handler it installs; without a file, none
            "LOG_INSTALL_ROOT_HANDLER": log_file is not None,
            "STATS_DUMP": False,
            "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
            # Profiled: Scrapy starts CONCURRENT_ITEMS asyncio tasks for every callback's output,
            # which cost more than parsing; callbacks here yield requests only.
            "CONCURRENT_ITEMS": 1,
            # URLs are claimed once per run by CrawlContext: Scrapy's fingerprint set would be a
            # second copy of every URL in memory, and its SHA1 per request is pure overhead.
            "DUPEFILTER_CLASS": "scrapy.dupefilters.BaseDupeFilter",
            "SPIDER_MIDDLEWARES": {
                "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
                # Scrapy drops long URLs silently; spiders/gatekeeper.py gives them a verdict.
                "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
                # a developer's warning about copied meta keys: one more async layer around
                # every callback's output, and one more hook on every lean answer's requests
                "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
                # HTTPERROR_ALLOW_ALL: it lets every answer through, a call per answer for nothing
                "scrapy.spidermiddlewares.httperror.HttpErrorMiddleware": None,
            },
            "WARN_ON_GENERATOR_RETURN_VALUE": False,  # profiled: parses callback source per call
            # The frontier lives on disk (a throwaway spool per spider), so memory stays flat as
            # the district grows; see spiders/frontier.py and docs/crawl.md.
            "SCHEDULER": "auditor.spiders.frontier.DiskFrontier",
            "SCHEDULER_DISK_QUEUE": "auditor.spiders.frontier.NamedCallbackQueue",  # profiled: see there
        }
    )


def unloaded_when_off(settings: dict[str, Any]) -> dict[str, Any]:
    """Components switched off (None) are left out of Scrapy's base lists as well.  Scrapy
    imports every class a component setting names, even one set to None, before dropping
    it: RemoteControl pulled in aiohttp and CookiesMiddleware tldextract, ~0.17 CPU-s in
    every crawl process for classes never used.  What runs is the same."""
    from scrapy.settings import default_settings

    out = dict(settings)
    for name in ("DOWNLOADER_MIDDLEWARES", "EXTENSIONS"):
        chosen = settings.get(name, {})
        base = getattr(default_settings, f"{name}_BASE")
        out[f"{name}_BASE"] = {k: v for k, v in base.items() if chosen.get(k, v) is not None}
        out[name] = {k: v for k, v in chosen.items() if v is not None}
    return out


def safety_settings(crawl: CrawlSettings, hosts: tuple[str, ...]) -> dict[str, Any]:
    """Only http(s) handlers exist (no file:, ftp:, data:, s3:), no control server, and the
    caps of [crawl]."""
    return {
        "DOWNLOAD_HANDLERS": {"file": None, "ftp": None, "data": None, "s3": None},
        # Scrapy 2.19 starts, per crawler, an HTTP server on localhost that runs the Python
        # code it is sent (RemoteControl, token in a file under the user's home): never in an
        # auditor crawl.  Not even imported: its aiohttp import was ~1 CPU-s per process.
        "REMOTE_CONTROL_ENABLED": False,
        "EXTENSIONS": {"scrapy.extensions.remote_control.RemoteControl": None},
        # Names are resolved before the download (to refuse private answers): bound the
        # lookup like the download it precedes.
        "DNS_TIMEOUT": max(crawl.timeout, 1.0),
        "AUDITOR_ALLOWED_HOSTS": list(hosts),
        "AUDITOR_MAX_URL_LENGTH": crawl.max_url_length,
        "AUDITOR_MAX_PAGE_BYTES": crawl.max_page_bytes,
        "AUDITOR_MAX_ROBOTS_BYTES": crawl.max_robots_bytes,
        "AUDITOR_MAX_HEADER_BYTES": crawl.max_header_bytes,
    }


def inspected_hosts(inspection: Inspection) -> tuple[str, ...]:
    return tuple(dict.fromkeys(urlsplit(s.url).hostname or "" for s in inspection.all_sites))


def crawl_in_process(
    job: Job, store: Store, report: Callable[..., None] | None, quiet: bool = True
) -> CrawlContext:
    """Run the job's spiders in this process's reactor; returns the CrawlContext."""
    from scrapy.crawler import CrawlerProcess
    from twisted.internet import task

    from auditor.spiders.frontier import remove_spool

    ctx = _context(job, store)
    checkpoint = store.autocheckpoint(CRAWL_CHECKPOINT_PAGES)
    log_file = Path(job.log_file) if job.log_file else None
    settings = scrapy_settings(job.inspection.crawl, log_file, inspected_hosts(job.inspection))
    process = CrawlerProcess(settings)
    logging.getLogger("scrapy").propagate = log_file is not None
    slots = SpiderSlots(process, ctx, _spiders(job, ctx, store), spider_slots(job.inspection.crawl))
    slots.start()
    ctx.writer.on_error = lambda error: slots.stop()  # a full disk: stop fetching
    progress = Progress(ctx, quiet=quiet or report is not None)
    progress.start()
    loop = task.LoopingCall(report, ctx) if report else None
    if loop is not None:
        loop.start(SNAPSHOT_SECONDS, now=False)
    try:
        slots.run()  # a few spiders at a time (auditor/crawl/slots.py)
    finally:
        remove_spool()
        progress.stop()
        if loop is not None and loop.running:
            loop.stop()
        ctx.writer.flush()
        store.autocheckpoint(checkpoint)
    progress.summary(ctx.interrupted)
    return ctx


def _context(job: Any, store: Store, scope: Scope | None = None) -> Any:
    """The job's CrawlContext; `scope` is the inspection's, when the caller already built it
    (a distributed worker opens a context per host group, see auditor/distributed/worker.py)."""
    from auditor.spiders.context import CrawlContext
    from auditor.spiders.previous import Previous

    inspection = job.inspection
    writer = BatchWriter(store, job.run_id)
    scope = scope or Scope(inspection.all_sites)
    ctx = CrawlContext(inspection, job.run_id, writer, scope, resume=job.resuming)
    if job.resuming or job.sweep:
        ctx.claimed.update(store.fetched_urls(job.run_id))
    if job.previous is not None:
        ctx.previous = Previous(store, job.previous, inspection.crawl.recheck_ok_links_after_hours)
        ctx.links.earlier = partial(store.check_for_reuse, job.previous)
    ctx.partition = job.partition
    if job.keep_body is not None:
        ctx.may_be_evidence = job.keep_body
    ctx.links.lookup = _stored_verdict(writer)
    return ctx


def _stored_verdict(writer: BatchWriter) -> Callable[[str], CheckRow | None]:
    """Verdicts older than the in-memory window are read back (after a flush, since the one
    wanted may still sit in the batch)."""

    def lookup(url: str) -> CheckRow | None:
        writer.flush()
        return writer.store.check_of(writer.run_id, url)

    return lookup


def _spiders(job: Any, ctx: Any, store: Store) -> list[tuple[type, dict[str, Any]]]:
    from auditor.spiders.platform import PlatformSpider
    from auditor.spiders.site import SiteSpider
    from auditor.spiders.sweep import SweepSpider

    sites = {site.key: site for site in job.inspection.all_sites}
    if job.sweep:
        pending = store.pending_handoffs(job.run_id)
        return [(SweepSpider, {"sites": tuple(sites.values()), "pending": pending})]
    out: list[tuple[type, dict[str, Any]]] = []
    for keys in job.groups:
        group = tuple(sites[key] for key in keys)
        spider = PlatformSpider if any(s.channel == "platform" for s in group) else SiteSpider
        out.append((spider, {"sites": group}))
    return out
