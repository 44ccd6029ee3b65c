"""Site health per inspected site, following the national website-inspection indicators.

`site_health` reads a stored crawl and returns, for each site, its indicators (home page,
columns, broken links, footer identifiers, page metadata), its columns with their age, and an
overall verdict: any failed single-veto indicator fails the site outright (单项否决); otherwise
it is scored out of 100 by deductions and fails below 60. See docs/health.md for each rule's
source and which thresholds are verified.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from auditor.health.availability import availability_indicator
from auditor.health.broken_links import link_indicators
from auditor.health.context import RunContext, site_context
from auditor.health.delta import updated_part
from auditor.health.home import home_indicators
from auditor.health.identity import footer_indicators
from auditor.health.pagescans import PageScans, part_of
from auditor.health.reuse import (
    REUSED_FROM,
    PagePart,
    all_reused,
    comparisons,
    inputs_key,
    page_reads,
    reused_part,
    scans_key,
)
from auditor.health.sitedata import SiteData, load_site
from auditor.store import Store
from auditor.store.pool import pool_workers, start_in_order, stop_started, worker_store
from auditor.store.records import Indicator, LinkRow, SiteRow

PASS_SCORE = 60.0

__all__ = [
    "FailedLinks",
    "run_failed_links",
    "site_context",
    "site_health",
    "site_health_started",
    "verdict",
]

# (site key, inputs key, reads, page part, (scans key, scans state)) of a site's page part,
# computed, updated or reused (its scans then None: carried over from the reused part's run)
Computed = tuple[str, str, dict[str, Any], PagePart, tuple[str, dict[str, Any] | None]]


FailedLinks = tuple[LinkRow, ...] | None  # `run_failed_links`: None when not held


class Unread:
    """`run_failed_links` not read yet (None means too many to hold)."""


UNREAD = Unread()


def site_health(store: Store, run_id: int, as_of: dt.date | str) -> list[dict[str, Any]]:
    """One dict per site: key, department, url, channel, indicators, columns and verdict.
    Sites are independent: on a large run with several cores they are computed by worker
    processes, one site at a time each (auditor/store/pool.py), and put back in order."""
    return list(site_health_started(store, run_id, as_of))


def site_health_started(
    store: Store, run_id: int, as_of: dt.date | str, failed: FailedLinks | Unread = UNREAD
) -> Iterator[dict[str, Any]]:
    """`site_health` as an iterator: with a pool, the workers start now and the caller can
    do other work (the rest of the report) before it reads the sites; without one, each
    site is computed when it is read.  An iterator not read to its end must be given to
    `stop_started` (auditor/store/pool.py), which stops the workers.  A complete run's
    page parts, computed or reused, are kept in the store as they are read
    (auditor/health/reuse.py).  `failed`: the run's `run_failed_links` if already read
    (the report's link lists), for the sites computed in this process."""
    context = replace(site_context(store, run_id, as_of), **comparisons(store, run_id))
    sites = store.sites(run_id)
    sizes = store.pages_per_site(run_id) if len(sites) > 1 else {}
    pages = 0 if all_reused(store, run_id, sites, context) else sum(sizes.values())
    workers = pool_workers(len(sites), pages)
    if workers == 1:
        sites_here = _sites_here(store, run_id, sites, context, failed)
        return _Kept(store, run_id, context, sites_here)
    weights = [sizes.get(str(site.get("key")), 0) for site in sites]
    tasks = [(run_id, site, context) for site in sites]
    started = start_in_order(store, _site_in_worker, tasks, weights, workers, "统计站点健康度")
    return _Kept(store, run_id, context, started)


class _Kept(Iterator[dict[str, Any]]):
    """The sites as they come, each page part (computed or reused) written for a later repeat
    (by this process: a worker's store is read-only).  `close` stops the work behind it,
    as `stop_started` does for the workers' own results."""

    def __init__(
        self,
        store: Store,
        run_id: int,
        context: RunContext,
        results: Iterator[tuple[dict[str, Any], Computed | None]],
    ) -> None:
        self.store, self.run_id, self.results = store, run_id, results
        self.keep = context.complete and not store.read_only

    def __next__(self) -> dict[str, Any]:
        site, computed = next(self.results)
        if self.keep and computed is not None:
            key, inputs, reads, part, (scans_inputs, scans) = computed
            self.store.keep_site_health(self.run_id, key, inputs, reads, part)
            if scans is not None:
                self.store.keep_scans(self.run_id, key, scans_inputs, scans)
            else:
                self.store.carry_scans(self.run_id, key, scans_inputs, reads[REUSED_FROM])
        return site

    def close(self) -> None:
        stop_started(self.results)


def _sites_here(
    store: Store,
    run_id: int,
    sites: list[SiteRow],
    context: RunContext,
    failed: FailedLinks | Unread = UNREAD,
) -> Iterator[tuple[dict[str, Any], Computed | None]]:
    if isinstance(failed, Unread):
        failed = run_failed_links(store, run_id)
    for site in sites:
        yield _one_site(load_site(store, run_id, site, failed), context)


def _site_in_worker(
    run_id: int, site: SiteRow, context: RunContext
) -> tuple[dict[str, Any], Computed | None]:
    """One site's health in a worker process, read from the worker's own read-only store;
    the run's failed links are read by the worker's first site and kept for its others."""
    store = worker_store()
    if run_id not in _WORKER_FAILED:
        _WORKER_FAILED.clear()
        _WORKER_FAILED[run_id] = run_failed_links(store, run_id)
    return _one_site(load_site(store, run_id, site, _WORKER_FAILED[run_id]), context)


_WORKER_FAILED: dict[int, FailedLinks] = {}  # a worker's run_failed_links
FAILED_LINKS_HELD = 200_000  # more links to failed targets than this: read site by site


def run_failed_links(store: Store, run_id: int) -> FailedLinks:
    """The run's links to failed targets, read once for all its sites instead of once per
    site (at 100k pages, 21 sites each walked the same ~20,000 links); None, and a query
    per site, when a run has so many that holding them would cost real memory."""
    rows = store.run_failed_links(run_id, FAILED_LINKS_HELD)
    return tuple(rows) if rows is not None else None


def _one_site(data: SiteData, context: RunContext) -> tuple[dict[str, Any], Computed | None]:
    """The site's health, and its page part (computed here, updated or reused) to keep."""
    key = inputs_key(context, data.site)
    reused = reused_part(data, key, context)
    scans: dict[str, Any] | None = None  # None: carried over from the reused part's run
    if reused is not None:
        part, reads = reused
    else:
        part, reads, scans = updated_part(data, context) or _page_part(data, context)
    computed: Computed = (data.key, key, reads, part, (scans_key(context, data.site), scans))
    indicators = (
        home_indicators(data, context.as_of)
        + [availability_indicator(data, context.started)]
        + part["texts"]
        + part["column_indicators"]
        + link_indicators(data)
        + footer_indicators(data)
        + part["meta"]
    )
    site = data.site
    health = {
        "key": site.get("key"),
        "department": site.get("department"),
        "url": site.get("url"),
        "channel": site.get("channel"),
        "indicators": indicators,
        "columns": part["columns"],
        **verdict(indicators),
    }
    return health, computed


def _page_part(
    data: SiteData, context: RunContext
) -> tuple[PagePart, dict[str, Any], dict[str, Any]]:
    """The site's columns, its meta-tag coverage and the checks that read what a visitor
    reads (serious errors, guides, messages and, for a department, the annual report), all
    from one pass over its stored pages: each page's facts are read once.  Also returns
    what it read of the site's links (auditor/health/reuse.py) and its page scans' state
    (auditor/health/pagescans.py), both kept for a repeat."""
    scans = PageScans(data, context)
    for page, text in data.pages():
        scans.add(page, text)
    common = data.store.common_targets(data.run_id, data.key)
    part, columns = part_of(scans, common)
    reads = page_reads(data, columns.sources(), columns.read, common)
    return part, reads, scans.state(common, columns.counts, reads)


def verdict(indicators: list[Indicator]) -> dict[str, Any]:
    """合格 (no deduction), 扣分 (deductions, score ≥ 60), 不合格 (score < 60), 单项否决."""
    vetoes = [i["id"] for i in indicators if i["veto"]]
    deductions = round(sum(i.get("deduction", 0.0) for i in indicators), 2)
    score = round(max(0.0, 100.0 - deductions), 2)
    if vetoes:
        word = "单项否决"
    elif score < PASS_SCORE:
        word = "不合格"
    else:
        word = "扣分" if deductions else "合格"
    return {
        "verdict": word,
        "passed": not vetoes and score >= PASS_SCORE,
        "score": score,
        "deductions": deductions,
        "vetoes": vetoes,
    }
