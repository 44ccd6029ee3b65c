"""Run the crawl of an inspection into the store.

Each host gets one spider (sites sharing a portal share its politeness); the spiders run in
one Scrapy process per core (auditor/crawl/parallel.py).  Every response is written to the
store in batches as it arrives, so Ctrl-C, SIGTERM or a crash loses at most the last
unflushed batch, and `--resume` picks up from the store.  A repeat of an inspection
revalidates against its previous run (spiders/conditional.py).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from auditor.crawl.linkbook import mark_mixed_content
from auditor.crawl.process import crawl_in_process
from auditor.crawl.progress import LOG_INTERVAL, TTY_INTERVAL, Progress
from auditor.crawl.scope import Scope
from auditor.errors import InputError
from auditor.inspection.file import Inspection, Site
from auditor.store import Store
from auditor.store.records import SiteRow

INTERRUPTED = "interrupted"
CRAWLED = "crawled"


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


@contextmanager
def indexed_after(store: Store, resuming: bool) -> Iterator[None]:
    """A first crawl into a new database writes its links without their indexes
    (`Store.defer_indexes`), built when it has ended, finished or interrupted; if it raises
    or dies, the next opening of the file builds them.  The crawl's own readers of links
    (a repeat's previous run, a resume's frontier) never run in such a crawl."""
    deferred = not resuming and store.defer_indexes()
    yield
    if deferred:
        store.build_indexes()


def open_shard_run(store: Store, inspection: Inspection) -> int:
    """A distributed worker's run in one host group's shard: only its crawl rows are merged
    (auditor/store/shards.py), so it records neither the sites nor the inspection, which the
    coordinator's run holds; writing them into every shard cost each group time in
    proportion to the whole inspection's sites."""
    return store.start_run(
        inspection.name, inspection.path, {}, inspection.checklist, inspection.as_of.isoformat()
    )


def _site_row(site: Site) -> SiteRow:
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
    keep_body: Callable[[dict[str, Any]], bool] | None = None,
) -> int:
    """Crawl every site and the platform; returns the run id.  Blocks until done.

    One process per core (see auditor/crawl/parallel.py), or this process alone when there
    is one core, one host, or AUDITOR_CRAWL_PROCESSES=1.  `keep_body` tells which pages may
    become evidence, whose bodies are kept as fetched (the caller builds it from the
    checklist: the crawl does not import the classifier)."""
    from auditor.crawl.job import Job
    from auditor.crawl.parallel import process_count, split

    run_id, resuming = open_run(store, inspection, resume)
    groups = group_by_host(inspection.all_sites)
    job = Job(
        inspection,
        str(store.path),
        run_id,
        resuming,
        store.previous_run(inspection.path, inspection.name, run_id),
        [[site.key for site in group] for group in groups],
        None,
        str(log_file) if log_file else None,
        keep_body=keep_body,
    )
    # A resumed crawl runs in one process: resuming a multi-process crawl after a kill has
    # been seen to miss a reachable page (rarely), and completeness matters more than speed.
    count = 1 if resuming else process_count(groups)
    with indexed_after(store, resuming):
        if count == 1:
            ctx = crawl_in_process(job, store, None, quiet=quiet)
            interrupted = ctx.interrupted
        else:
            # the previous run's pages per site (an indexed count): a repeat deals hosts by size
            sizes = None if job.previous is None else store.pages_per_site(job.previous)
            interrupted = _crawl_parallel(job, split(groups, count, sizes), store, quiet)
    mark_mixed_content(store, run_id)
    store.set_run_status(run_id, INTERRUPTED if interrupted else CRAWLED)
    return run_id


def _crawl_parallel(
    job: Any, buckets: list[list[tuple[Site, ...]]], store: Store, quiet: bool
) -> bool:
    from auditor.crawl.parallel import log_path, partitions, run_parallel

    log = Path(job.log_file) if job.log_file else None
    jobs = [
        dataclasses.replace(
            job,
            groups=[[site.key for site in group] for group in bucket],
            partition=part,
            log_file=log_path(log, part.index),
        )
        for bucket, part in zip(buckets, partitions(buckets), strict=True)
    ]
    progress = ParentProgress(job.inspection, quiet)
    interrupted = run_parallel(jobs, progress)
    if not interrupted and store.pending_handoffs(job.run_id):
        sweep = dataclasses.replace(job, sweep=True, log_file=log_path(log, "sweep"))
        interrupted = run_parallel([sweep], progress)
    progress.summary(interrupted)
    return interrupted


class ParentProgress(Progress):
    """Progress of a multi-process crawl, drawn from the processes' snapshots."""

    def __init__(self, inspection: Inspection, quiet: bool) -> None:
        from auditor.spiders.context import CrawlContext, SiteStats

        self.site_stats_type = SiteStats
        self.latest: dict[int, dict[str, Any]] = {}
        ctx = CrawlContext(inspection, 0, None, Scope(inspection.all_sites))  # type: ignore[arg-type]
        super().__init__(ctx, quiet=quiet)

    def interval(self) -> float:
        return TTY_INTERVAL if self.tty else LOG_INTERVAL

    def merge(self, message: dict[str, Any]) -> None:
        """Take a process's latest counters (the sweep's index is -1, kept apart)."""
        from auditor.crawl.parallel import merge_stats

        self.latest[message["index"]] = message
        stats, reasons = merge_stats(self.latest.values())
        known = {f.name for f in dataclasses.fields(self.site_stats_type)}
        self.ctx.stats = {
            key: self.site_stats_type(**{k: v for k, v in values.items() if k in known})
            for key, values in stats.items()
        }
        self.ctx.reasons = reasons

    def tick(self) -> None:
        if not self.quiet:
            super().tick()
