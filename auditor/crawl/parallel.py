"""One crawl process per group of hosts, so a district's crawl uses every core.

Parsing a page (facts, links, tamper scan) costs far more CPU than fetching it, and one
Scrapy process runs on one core.  The hosts are split between processes; each writes its own
batches to the same SQLite file (WAL, with a busy timeout).  Pages never cross processes, since
a page belongs to one host.  A check (attachment, other host) is made by the process that owns
its host (the one crawling it, else by a hash of the host); a process that meets a check it
does not own hands it over in the `handoffs` table, and a short sweep afterwards makes the
handed checks nobody made, so each URL is still fetched once per run.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.crawl.job import Job, Partition
from auditor.inspection.file import Site
from auditor.store.pool import die_with_parent

if TYPE_CHECKING:
    from auditor.spiders.context import CrawlContext

SNAPSHOT_SECONDS = 1.0
BUSY_TIMEOUT_MS = 120_000


MIN_GROUPS = 10  # below this many hosts one process is the default (see the report)


def process_count(groups: list[tuple[Site, ...]]) -> int:
    """AUDITOR_CRAWL_PROCESSES overrides; by default one process per core (at most one per
    host group) for district-scale inspections of MIN_GROUPS hosts or more; smaller ones
    stay in one process.  More processes than cores were tried for few large groups (21
    equal sites on 2 cores end 11/10): at 100,000 pages the third process cost 9 % more CPU
    and ended later (benchmarks/RESULTS.md, fourth round), so one per core it is.  A
    resume always runs in one process (see run_crawl): resuming with two processes after
    kill -9 was seen to miss a page once in a few runs, not yet explained."""
    wanted = os.environ.get("AUDITOR_CRAWL_PROCESSES", "")
    if wanted.isdigit() and int(wanted) > 0:
        return max(1, min(int(wanted), len(groups)))
    cores = os.cpu_count() or 1
    if len(groups) < MIN_GROUPS or cores == 1:
        return 1
    return min(cores, len(groups))


def group_size(group: tuple[Site, ...], sizes: dict[str, int] | None) -> int:
    """A host group's expected pages: its sites' pages in the previous run when known,
    else one per site (a first audit knows nothing bigger)."""
    known = sizes or {}
    return sum(max(known.get(site.key, 0), 1) for site in group)


def split(
    groups: list[tuple[Site, ...]], count: int, sizes: dict[str, int] | None = None
) -> list[list[tuple[Site, ...]]]:
    """Deal host groups to processes, biggest first (by group_size), each to the lightest
    process, so each gets a similar share and starts its biggest groups first (the last to
    start are the smallest, which shortens the tail where one process runs alone)."""
    buckets: list[list[tuple[Site, ...]]] = [[] for _ in range(count)]
    loads = [0] * count
    for group in sorted(groups, key=lambda g: group_size(g, sizes), reverse=True):
        lightest = loads.index(min(loads))
        buckets[lightest].append(group)
        loads[lightest] += group_size(group, sizes)
    return buckets


def partitions(buckets: list[list[tuple[Site, ...]]]) -> list[Partition]:
    hosts = {site.host: i for i, bucket in enumerate(buckets) for g in bucket for site in g}
    return [Partition(i, len(buckets), hosts) for i in range(len(buckets))]


def log_path(log_file: Path | None, index: int | str) -> str | None:
    return str(log_file.with_suffix(f".{index}{log_file.suffix}")) if log_file else None


# the parent ---------------------------------------------------------------------------------
def run_parallel(jobs: list[Job], progress: Any) -> bool:
    """Run the jobs' processes to the end; True when any was interrupted."""
    spawn = multiprocessing.get_context("spawn")
    reports: Any = spawn.Queue()
    procs = [spawn.Process(target=worker_main, args=(job, reports)) for job in jobs]
    for proc in procs:
        proc.start()
    previous = _forward_signals(procs)
    try:
        finals = _collect(procs, reports, progress)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    failed = any(p.exitcode != 0 for p in procs)
    return failed or any(f.get("interrupted") for f in finals) or len(finals) < len(procs)


def _forward_signals(procs: list[Any]) -> dict[int, Any]:
    """Ctrl-C or SIGTERM: every process stops gracefully and flushes what it fetched."""

    def forward(signum: int, frame: Any) -> None:
        for proc in procs:
            if proc.is_alive() and proc.pid:
                os.kill(proc.pid, signal.SIGTERM)

    return {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}


def _collect(procs: list[Any], reports: Any, progress: Any) -> list[dict[str, Any]]:
    finals: list[dict[str, Any]] = []
    interval = progress.interval()
    last_tick = time.monotonic()
    while any(p.is_alive() for p in procs) or not reports.empty():
        try:
            message = reports.get(timeout=0.2)
        except queue.Empty:
            message = None
        if message is not None:
            if message.get("final"):
                finals.append(message)
            progress.merge(message)
        if time.monotonic() - last_tick >= interval:
            progress.tick()
            last_tick = time.monotonic()
    for proc in procs:
        proc.join()
    return finals


# a crawl process ----------------------------------------------------------------------------
def worker_main(job: Job, reports: Any) -> None:
    """Entry point of a spawned crawl process."""
    die_with_parent()
    from auditor.collector import tune_collector
    from auditor.crawl.process import crawl_in_process
    from auditor.store import Store

    tune_collector()
    store = Store(job.db, migrated=True)  # the parent migrated it and may defer indexes
    store.db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    index = job.partition.index if isinstance(job.partition, Partition) else -1  # sweep: -1

    def report(ctx: CrawlContext, final: bool = False) -> None:
        stats = {key: asdict(s) for key, s in ctx.stats.items()}
        message = {"index": index, "stats": stats, "reasons": dict(ctx.reasons)}
        reports.put({**message, "final": final, "interrupted": ctx.interrupted})

    ctx = crawl_in_process(job, store, report)
    report(ctx, final=True)
    store.close()


def merge_stats(messages: Any) -> tuple[dict[str, dict[str, int]], Counter[str]]:
    """Sum the latest snapshot of every process (the sweep adds checks to crawled sites)."""
    stats: dict[str, Counter[str]] = {}
    reasons: Counter[str] = Counter()
    for message in messages:
        for key, counters in message["stats"].items():
            stats.setdefault(key, Counter()).update(counters)
        reasons.update(message["reasons"])
    return {key: dict(c) for key, c in stats.items()}, reasons
