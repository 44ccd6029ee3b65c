"""Cross-page tampering checks that need the whole crawl: a page whose footer differs from
the rest of its site's footers (the hijack the seed document shows), and a page whose title
breaks the site's title template.  It catches footers
the vocabulary misses; a page whose own scan already found its footer hijacked is not
reported twice."""

from __future__ import annotations

from collections import defaultdict

from auditor.store import Store
from auditor.tamper import footer_outliers
from auditor.tamper.title_scan import template_outliers

FOOTER_KIND = "footer_outlier"


def scan_crosspage(store: Store, run_id: int) -> int:
    """Footer outliers and title-template breaks of a run, from one read of every page's
    footer and <title>; idempotent for re-runs on a stored crawl.  Returns the rows written."""
    footers: dict[str, dict[str, str]] = defaultdict(dict)
    titles: dict[str, dict[str, str]] = defaultdict(dict)
    for site_key, url, footer, title in store.page_footers_and_titles(run_id):
        if footer:
            footers[site_key][url] = footer
        titles[site_key][url] = title
    return _footer_outliers(store, run_id, footers) + _title_breaks(store, run_id, titles)


def _footer_outliers(store: Store, run_id: int, footers: dict[str, dict[str, str]]) -> int:
    """One tampering row per outlying footer."""
    flagged = store.tampered_pages(run_id, kind="hijacked_footer")
    rows = []
    for site_key, by_url in footers.items():
        for url, detail in footer_outliers(by_url):
            if url in flagged:
                continue  # the page's own scan already reported its hijacked footer
            rows.append(
                {
                    "site_key": site_key,
                    "page": url,
                    "kind": FOOTER_KIND,
                    "technique": "footer-differs",
                    "detail": detail,
                    "snippet": by_url[url][:300],
                    "location": "footer",
                    "severity": "high",
                }
            )
    store.replace_rows_where("tampering", run_id, {"kind": FOOTER_KIND}, rows)
    return len(rows)


TITLE_TECHNIQUE = "title-template"


def _title_breaks(store: Store, run_id: int, titles: dict[str, dict[str, str]]) -> int:
    """One tampering row per page whose <title> breaks its site's title template and reads as
    gambling; pages the page scan already found with a hijacked title are not reported twice."""
    flagged = store.tampered_pages(run_id, kind="meta_spam")
    rows = [
        {
            "site_key": site_key,
            "page": url,
            "kind": "meta_spam",
            "technique": TITLE_TECHNIQUE,
            "detail": detail,
            "snippet": by_url[url][:300],
            "location": "head > title",
            "severity": "high",
        }
        for site_key, by_url in titles.items()
        for url, detail in template_outliers(by_url)
        if url not in flagged
    ]
    where = {"kind": "meta_spam", "technique": TITLE_TECHNIQUE}
    store.replace_rows_where("tampering", run_id, where, rows)
    return len(rows)
