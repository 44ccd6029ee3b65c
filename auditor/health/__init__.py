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
from dataclasses import dataclass
from typing import Any

from auditor.health.annual import AnnualScan
from auditor.health.availability import availability_indicator
from auditor.health.broken_links import link_indicators
from auditor.health.column_rules import column_indicators
from auditor.health.columns import Column, ColumnScan
from auditor.health.common import parse_date
from auditor.health.guides import GuideScan
from auditor.health.home import home_indicators
from auditor.health.identity import MetaScan, footer_indicators
from auditor.health.interaction import InteractionScan
from auditor.health.serious import SeriousScan
from auditor.health.sitedata import SiteData, load_site
from auditor.inspection.serious_rules import ANSWER_WITHIN_DAYS, SeriousRules, rules_from_run
from auditor.store import Store
from auditor.store.pool import pool_workers, start_in_order, worker_store
from auditor.store.records import Indicator, LinkRow, RunRow, SiteRow

PASS_SCORE = 60.0

__all__ = ["site_health", "site_health_started", "verdict"]


def site_health(store: Store, run_id: int, as_of: dt.date | str) -> list[dict[str, Any]]:
    """One dict per site: key, department, url, channel, indicators, columns and verdict.
    Sites are independent: on a large run with several cores they are computed by worker
    processes, one site at a time each (auditor/store/pool.py), and put back in order."""
    return list(site_health_started(store, run_id, as_of))


def site_health_started(
    store: Store, run_id: int, as_of: dt.date | str
) -> Iterator[dict[str, Any]]:
    """`site_health` as an iterator: with a pool, the workers start now and the caller can
    do other work (the rest of the report) before it reads the sites; without one, each
    site is computed when it is read.  An iterator not read to its end must be given to
    `stop_started` (auditor/store/pool.py), which stops the workers."""
    context = site_context(store, run_id, as_of)
    sites = store.sites(run_id)
    sizes = store.pages_per_site(run_id) if len(sites) > 1 else {}
    workers = pool_workers(len(sites), sum(sizes.values()))
    if workers == 1:
        return _sites_here(store, run_id, sites, context)
    weights = [sizes.get(str(site.get("key")), 0) for site in sites]
    tasks = [(run_id, site, context) for site in sites]
    return start_in_order(store, _site_in_worker, tasks, weights, workers, "统计站点健康度")


def _sites_here(
    store: Store, run_id: int, sites: list[SiteRow], context: RunContext
) -> Iterator[dict[str, Any]]:
    failed = run_failed_links(store, run_id)
    for site in sites:
        yield _one_site(load_site(store, run_id, site, failed), context)


def site_context(store: Store, run_id: int, as_of: dt.date | str) -> RunContext:
    """What every site of the run shares (see RunContext)."""
    day = parse_date(as_of)
    if day is None:
        raise ValueError(f"as_of is not a date: {as_of!r}")
    run = store.run(run_id) or {}
    stored = run.get("inspection")
    inspection: dict[str, Any] = stored if isinstance(stored, dict) else {}
    return RunContext(
        day,
        _started(run),
        rules_from_run(inspection),
        int(inspection.get("answer_within_days") or ANSWER_WITHIN_DAYS),
    )


def _site_in_worker(run_id: int, site: SiteRow, context: RunContext) -> dict[str, Any]:
    """One site's health in a worker process, read from the worker's own read-only store;
    the run's failed links are read by the worker's first site and kept for its others."""
    store = worker_store()
    if run_id not in _WORKER_FAILED:
        _WORKER_FAILED.clear()
        _WORKER_FAILED[run_id] = run_failed_links(store, run_id)
    return _one_site(load_site(store, run_id, site, _WORKER_FAILED[run_id]), context)


_WORKER_FAILED: dict[int, tuple[LinkRow, ...] | None] = {}  # a worker's run_failed_links
FAILED_LINKS_HELD = 200_000  # more links to failed targets than this: read site by site


def run_failed_links(store: Store, run_id: int) -> tuple[LinkRow, ...] | None:
    """The run's links to failed targets, read once for all its sites instead of once per
    site (at 100k pages, 21 sites each walked the same ~20,000 links); None, and a query
    per site, when a run has so many that holding them would cost real memory."""
    rows = store.run_failed_links(run_id, FAILED_LINKS_HELD)
    return tuple(rows) if rows is not None else None


@dataclass(frozen=True)
class RunContext:
    """What every site's indicators share: the judging day, the audit's start (the end of the
    availability week) and the serious-error lists the audit ran with."""

    as_of: dt.date
    started: dt.datetime | None
    serious: SeriousRules
    answer_within_days: int


def _started(run: RunRow) -> dt.datetime | None:
    started = run.get("started")
    return dt.datetime.fromisoformat(started) if started else None


def _one_site(data: SiteData, context: RunContext) -> dict[str, Any]:
    as_of = context.as_of
    columns, meta, texts = _page_indicators(data, context)
    indicators = (
        home_indicators(data, as_of)
        + [availability_indicator(data, context.started)]
        + texts
        + column_indicators(columns)
        + link_indicators(data)
        + footer_indicators(data)
        + meta
    )
    site = data.site
    return {
        "key": site.get("key"),
        "department": site.get("department"),
        "url": site.get("url"),
        "channel": site.get("channel"),
        "indicators": indicators,
        "columns": [c.as_dict(as_of) for c in sorted(columns, key=lambda c: c.name)],
        **verdict(indicators),
    }


def _page_indicators(
    data: SiteData, context: RunContext
) -> tuple[list[Column], list[Indicator], list[Indicator]]:
    """The site's columns, its meta-tag coverage and the checks that read what a visitor
    reads (serious errors, guides, messages and, for a department, the annual report), all
    from one pass over its stored pages: each page's facts are read once."""
    columns, meta = ColumnScan(data), MetaScan(data)
    texts = _text_scans(data, context)
    for page, text in data.pages():
        columns.add(page)
        meta.add(page)
        if text is not None:
            for scan in texts:
                scan.add(text)
    indicators = [entry for scan in texts for entry in scan.indicators()]
    return columns.columns(context.as_of), meta.indicators(), indicators


def _text_scans(data: SiteData, context: RunContext) -> list[Any]:
    scans: list[Any] = [
        SeriousScan(data, context.serious),
        GuideScan(),
        InteractionScan(data, context.as_of, context.answer_within_days),
    ]
    if data.site.get("channel") != "platform":  # the shared platform owes no annual report
        scans.append(AnnualScan(data, context.as_of))
    return scans


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
