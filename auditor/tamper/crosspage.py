"""Cross-page tampering checks that need the whole crawl: a page whose footer differs from
the rest of its site's footers (the hijack the seed document shows), and a page whose title
breaks the site's title template.  It catches footers
the vocabulary misses; a page whose own scan already found its footer hijacked is not
reported twice.

A repeat takes a site's rows from the earlier run when the comparison would see the same
input there: every page of the site is that run's page of the same URL and site (a 304's
copy, or fetched with the same footer and <title>), the page scan flagged the same pages,
and that run compared the site by the same code (`rule`).  Both comparisons are functions
of the site's (url, footer, title) mapping, whatever order the crawl stored the pages in
(auditor/tamper/footer.py, title_scan.py), so the copy is what a fresh comparison writes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from auditor.store import Store
from auditor.tamper import footer_outliers
from auditor.tamper.title_scan import template_outliers

FOOTER_KIND = "footer_outlier"
FOOTER_TECHNIQUE = "footer-differs"
TITLE_KIND = "meta_spam"
TITLE_TECHNIQUE = "title-template"
# the page scan's hits that keep a page out of the comparison (kind -> own technique left out)
PAGE_SCAN_FLAGS = {"hijacked_footer": None, TITLE_KIND: TITLE_TECHNIQUE}

Rows = list[dict[str, Any]]


def scan_crosspage(store: Store, run_id: int, rule: str | None = None) -> int:
    """Footer outliers and title-template breaks of a run, from one read of the footer and
    <title> of every page not taken from an earlier run (`rule`: the code's digest; None
    compares every site); idempotent for re-runs on a stored crawl.  Returns the rows
    written."""
    sources = store.page_sources(run_id)
    previous, reused = _reusable(store, run_id, sources, rule)
    footers: dict[str, dict[str, str]] = defaultdict(dict)
    titles: dict[str, dict[str, str]] = defaultdict(dict)
    for site_key, url, footer, title in store.page_footers_and_titles(
        run_id, sorted(set(sources) - reused, key=_site_order) if reused else None
    ):
        if footer:
            footers[site_key][url] = footer
        titles[site_key][url] = title
    written = _write(
        store, run_id, previous, reused, FOOTER_KIND, _footer_rows(store, run_id, footers)
    )
    written += _write(
        store, run_id, previous, reused, TITLE_KIND, _title_rows(store, run_id, titles)
    )
    if rule is not None:
        store.keep_crosspage(run_id, rule, {key: sum(n.values()) for key, n in sources.items()})
    return written


def _reusable(
    store: Store, run_id: int, sources: dict[str, dict[int | None, int]], rule: str | None
) -> tuple[int | None, set[str]]:
    """(the earlier run, the sites whose rows it holds for this run's very input)."""
    earlier = {run for by_run in sources.values() for run in by_run if run is not None}
    if rule is None or len(earlier) != 1:
        return None, set()
    previous = earlier.pop()
    # a run still to be resumed may yet have its pages replaced without a new comparison
    complete = (store.run(previous) or {}).get("status") == "complete"
    kept = store.crosspage_kept(previous, rule) if complete else {}
    if not kept:
        return None, set()
    flags = store.flagged_hits(run_id, PAGE_SCAN_FLAGS) ^ store.flagged_hits(
        previous, PAGE_SCAN_FLAGS
    )
    differing = store.sites_differing_from(run_id, previous) | {hit[0] for hit in flags}
    same = {
        key
        for key, by_run in sources.items()
        if kept.get(key) == sum(by_run.values()) and key not in differing
    }
    return previous, same


def _write(
    store: Store,
    run_id: int,
    previous: int | None,
    reused: set[str],
    kind: str,
    computed: dict[str, Rows],
) -> int:
    """The rows of `kind` by site in key order: a reused site's as the earlier run wrote
    them, the others' as just computed (so both orders are the same)."""
    technique = FOOTER_TECHNIQUE if kind == FOOTER_KIND else TITLE_TECHNIQUE
    taken = store.crosspage_rows(previous, kind, technique, reused) if previous else {}
    by_site = {**computed, **taken}
    rows = [row for key in sorted(by_site, key=_site_order) for row in by_site[key]]
    # every footer_outlier row is this stage's; a meta_spam row may be the page scan's
    where = {"kind": kind} if kind == FOOTER_KIND else {"kind": kind, "technique": technique}
    store.replace_rows_where("tampering", run_id, where, rows)
    return len(rows)


def _site_order(key: str | None) -> tuple[bool, str]:
    """Site keys in order (a page stored without one last)."""
    return key is None, key or ""


def _footer_rows(store: Store, run_id: int, footers: dict[str, dict[str, str]]) -> dict[str, Rows]:
    """One tampering row per outlying footer, by site."""
    flagged = store.tampered_pages(run_id, kind="hijacked_footer")
    return _rows(footers, footer_outliers, flagged, FOOTER_KIND, FOOTER_TECHNIQUE, "footer")


def _title_rows(store: Store, run_id: int, titles: dict[str, dict[str, str]]) -> dict[str, Rows]:
    """One tampering row per page whose <title> breaks its site's title template and reads
    as gambling; pages the page scan already found with a hijacked title are not reported
    twice (this stage's own rows a 304 copied from the earlier run do not count)."""
    flagged = store.tampered_pages(run_id, kind=TITLE_KIND, but=TITLE_TECHNIQUE)
    return _rows(titles, template_outliers, flagged, TITLE_KIND, TITLE_TECHNIQUE, "head > title")


def _rows(
    texts: dict[str, dict[str, str]],
    outliers: Callable[[dict[str, str]], list[tuple[str, str]]],
    flagged: set[str],
    kind: str,
    technique: str,
    location: str,
) -> dict[str, Rows]:
    out: dict[str, Rows] = {}
    for site_key, by_url in texts.items():
        rows = [
            {
                "site_key": site_key,
                "page": url,
                "kind": kind,
                "technique": technique,
                "detail": detail,
                "snippet": by_url[url][:300],
                "location": location,
                "severity": "high",
            }
            for url, detail in outliers(by_url)
            if url not in flagged
        ]
        if rows:
            out[site_key] = rows
    return out
