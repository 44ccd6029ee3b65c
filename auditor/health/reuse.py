"""A repeat audit's site health takes an earlier run's page part of a site whose inputs are
unchanged, instead of reading and scanning every page of it again.

A site's health has two parts.  The page part (columns, meta-tag coverage and the checks that
read page texts: serious errors, guides, messages, annual report) reads every page of the
site and all its links: it is most of site health's time.  The rest (home page, weekly
availability, broken links, footer) reads the home page, its links, the link verdicts and the
probes, which change from run to run, and is always computed afresh (cheaply).

The page part is a function of exactly these inputs, so equal inputs give an equal part:
- this code (every source file of the auditor package: `RunContext.code`), the judging day,
  the inspection's serious-error lists and answering limit, and the site's key, department,
  URL and channel: together `inputs_key`, stored with the part;
- the site's pages as the scans read them (URL, final URL, status, title, the facts text,
  the day of fetched_at beside a publication date after it, and the depth of a listing
  page; auditor/store/health.py `health_alike`): compared with the earlier
  run's pages in SQL (`same_site_pages`), which stops at the first changed page, or, when
  the classifier compared the run's pages with that same run (`find_unchanged_pages`), taken
  for every site at once from that comparison (`sites_with_changed_pages`, RunContext.compared);
- the links the scans read: the site's common targets (menus, computed from all its links)
  and the links found on its column pages and home page; their digests are stored with the
  part (`reads`) and compared with the same digests of the repeat, unless the repeat's
  crawl kept all the run's links where that run holds them (`Store.links_copied_from`:
  every page answered 304 or had the same links, from counts of index entries), which
  reads none of them.
The page part depends on none of these through the crawl's order (pages and links are
compared as sets): columns, examples and citations are taken in URL order.

A site whose part is not reused is updated from an earlier run's page scans where it can be
(auditor/health/delta.py), else computed whole.

Only a complete run's part is kept (a complete run never gets more pages), and an old
database without the site_health table, or a read-only one, simply computes everything.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from typing import Any

from auditor.health.context import RunContext
from auditor.health.sitedata import LinkKey, SiteData, link_key
from auditor.store import Store
from auditor.store.records import SiteRow

REUSE_ENV = "AUDITOR_HEALTH_REUSE"  # "0": compute every site's health (a check of reuse)
COMPARED_ENV = "AUDITOR_PAGES_COMPARED"  # "0": compare each site's pages on its own
PagePart = dict[str, Any]
REUSED_FROM = "reused_from"  # in a kept part's reads: the run it was reused from


def reuse_enabled() -> bool:
    return os.environ.get(REUSE_ENV, "").strip() != "0"


def inputs_key(context: RunContext, site: SiteRow) -> str:
    """The inputs of a site's page part that are not pages or links (see the module doc)."""
    return json_digest(
        [
            context.code,
            context.as_of.isoformat(),
            repr(context.serious),
            context.answer_within_days,
            _site_identity(site),
        ]
    )


def scans_key(context: RunContext, site: SiteRow) -> str:
    """What a site's page scans depend on besides the pages (auditor/health/pagescans.py):
    `inputs_key` without the judging day and the answering limit, which only judge them."""
    return json_digest([context.code, repr(context.serious), _site_identity(site)])


def _site_identity(site: SiteRow) -> list[Any]:
    return [site.get("key"), site.get("department"), site.get("url"), site.get("channel")]


def page_reads(
    data: SiteData, sources: Iterable[str], read: set[LinkKey], common: set[str]
) -> dict[str, Any]:
    """What the page part read of the site's links, as the repeat compares it: `read` are
    the links found on `sources` as the scans read them, the home page's are held in `data`
    (together what Store.site_link_keys gives of the same pages, read once)."""
    wanted = sorted(set(sources) | data.home_urls)
    links = links_digest(read | {link_key(link) for link in data.home_links})
    return {"sources": wanted, "links": links, "chrome": chrome_digest(common)}


def compared_pages(store: Store, run_id: int) -> tuple[int, frozenset[str]] | None:
    """The earlier run the classifier compared the run's pages with on this connection, and
    the sites whose pages differ from it (RunContext.compared), found for all sites in one
    pass that reads no facts of an unchanged page; None when there is no such comparison
    (each site is then compared on its own), or with AUDITOR_PAGES_COMPARED=0."""
    other = store.unchanged_since(run_id)
    if other is None or not reuse_enabled() or os.environ.get(COMPARED_ENV, "") == "0":
        return None
    return other, store.sites_with_changed_pages(run_id, other)


def comparisons(store: Store, run_id: int) -> dict[str, Any]:
    """RunContext's `compared` (`compared_pages`) and `links_from`: that same run when all
    the run's links are copies of its links, as the classifier found on this connection
    (Store.links_copied_from), not asked again by each worker."""
    compared = compared_pages(store, run_id)
    other = compared[0] if compared is not None else None
    copied = other is not None and store.links_copied_from(run_id) == other
    return {"compared": compared, "links_from": other if copied else None}


def all_reused(store: Store, run_id: int, sites: Iterable[SiteRow], context: RunContext) -> bool:
    """Whether every site's page part will be reused without reading a page or link: no
    site's pages differ from the compared run, all links are copies of its links, and that
    run kept each site's part for the same inputs.  The health of such a run is a few reads
    a site (home page, verdicts, probes), cheaper in the report's process than the ~0.5 CPU-s
    of spawning each worker and importing the stage (measured at 20k pages: 2.1 → 1.5 CPU-s,
    report wall 3.4 → 2.2 s)."""
    earlier = context.links_from
    if earlier is None or context.compared is None or context.compared[1]:
        return False
    for site in sites:
        key = inputs_key(context, site)
        stored = store.stored_site_health(run_id, str(site.get("key")), key)
        if stored is None or stored[0] != earlier:
            return False
    return True


def reused_part(
    data: SiteData, key: str, context: RunContext
) -> tuple[PagePart, dict[str, Any]] | None:
    """The page part an earlier complete run kept for the same inputs, and its reads marked
    with that run (`reused_from`), else None.  The run keeps them too: its reads are equal,
    so the next repeat can reuse them from this run, the one its classifier compares with
    (RunContext.compared)."""
    store = data.store
    stored = store.stored_site_health(data.run_id, data.key, key) if reuse_enabled() else None
    if stored is None:
        return None
    earlier, reads, part = stored
    if not _same_pages(data, earlier, context.compared):
        return None
    if context.links_from == earlier:  # so are the links it read
        return part, {**reads, REUSED_FROM: earlier}
    links = store.site_link_keys(data.run_id, data.key, reads["sources"])
    if links_digest(links) != reads["links"]:
        return None
    if chrome_digest(store.common_targets(data.run_id, data.key)) != reads["chrome"]:
        return None
    return part, {**reads, REUSED_FROM: earlier}


def _same_pages(data: SiteData, earlier: int, compared: tuple[int, frozenset[str]] | None) -> bool:
    """Whether the site's pages equal run `earlier`'s as site health reads them: known for
    every site when the classifier compared the run with that same run, else asked."""
    if compared is not None and compared[0] == earlier:
        return data.key not in compared[1]
    return data.store.same_site_pages(data.run_id, earlier, data.key)


def links_digest(links: Iterable[Iterable[str | None]]) -> str:
    """The set of the (source, target, anchor, tag) of links."""
    return json_digest(sorted({repr(tuple(link)) for link in links}))


def chrome_digest(common: set[str]) -> str:
    return json_digest(sorted(common))


def as_json(part: PagePart) -> PagePart:
    """The part as a reused one reads back from its JSON: computed and reused parts are then
    the same Python values, not only the same once written out."""
    return json.loads(json.dumps(part, ensure_ascii=False))


def json_digest(value: Any) -> str:
    """SHA-256 of a JSON value as written with its characters (not escaped)."""
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode()).hexdigest()
