"""A repeat's site page part updated by the pages that changed since an earlier complete
run, instead of every page of the site read and scanned again.

When the page part itself cannot be reused (auditor/health/reuse.py: a page of the site
changed, or the judging day did), an earlier run's page scans (auditor/health/pagescans.py)
kept for the same code, rules and site are updated: the site's pages that differ between the
two runs as site health reads them, or that only one run has, are found in SQL
(Store.changed_site_urls, no facts parsed); each one's old observation is taken away and its
new one added; the part is folded again from the observations, judged by the repeat's day.
A 5 % changed repeat reads 5 % of the pages twice (old and new) instead of all of them once.

What the columns read of the links is reused only when it is known to be the same: every
link of the run is a copy of that earlier run's (RunContext.links_from, from the
classifier's comparison), so the site's menu targets are; a column whose pages and the
site's listing pages are also the same keeps its count of linked entries, the others are
read again.  Otherwise the menu targets and every column's links are read as afresh.

The earlier run's state is not used when its home page differs (which pages are articles),
or when more than half the site's pages changed (reading all of them once is cheaper).
"""

from __future__ import annotations

from typing import Any

from auditor.health.context import RunContext
from auditor.health.pagescans import PageScans, part_of
from auditor.health.reuse import PagePart, page_reads, reuse_enabled, scans_key
from auditor.health.sitedata import LinkKey, SiteData

UPDATED_FROM = "updated_from"  # in an updated part's reads: the run whose scans it updated


def updated_part(
    data: SiteData, context: RunContext
) -> tuple[PagePart, dict[str, Any], dict[str, Any]] | None:
    """(page part, reads, scans state) updated from an earlier run's scans, else None."""
    store = data.store
    if not reuse_enabled():
        return None
    stored = store.stored_scans(data.run_id, data.key, scans_key(context, data.site))
    if stored is None:
        return None
    earlier, state = stored
    scans = PageScans(data, context, state)
    if not scans.fits(state):
        return None
    changed = store.changed_site_urls(data.run_id, earlier, data.key)
    if 2 * len(changed) > max(scans.meta.pages, 1):
        return None
    listings, groups = scans.column_pages()
    for page, _ in store.health_pages(earlier, data.key, changed):
        scans.remove(page)
    for page, text in store.health_pages(data.run_id, data.key, changed):
        scans.add(page, text)
    return _finished(data, context, scans, state, (earlier, listings, groups))


def _finished(
    data: SiteData,
    context: RunContext,
    scans: PageScans,
    state: dict[str, Any],
    before: tuple[int, frozenset[str], dict[str, frozenset[str]]],
) -> tuple[PagePart, dict[str, Any], dict[str, Any]]:
    earlier, listings, groups = before
    same_links = context.links_from == earlier
    common = set(state["common"]) if same_links else data.store.common_targets(data.run_id, data.key)
    now_listings, now_groups = scans.column_pages()
    known: dict[str, int] | None = None
    if same_links and now_listings == listings:
        counts = state["counts"]
        known = {name: counts[name] for name in now_groups if groups.get(name) == now_groups[name]}
    part, columns = part_of(scans, common, known)
    sources = columns.sources()
    if same_links and sources == set().union(*groups.values()):
        reads = state["reads"]
    elif not known:
        reads = page_reads(data, sources, columns.read, common)
    else:  # some columns' links were not read: ask for the links on all of them
        asked: set[LinkKey] = set(data.store.site_link_keys(data.run_id, data.key, sources))
        reads = page_reads(data, sources, asked, common)
    counts = {**(known or {}), **columns.counts}
    kept = scans.state(common, counts, reads)
    return part, {**reads, UPDATED_FROM: earlier}, kept

