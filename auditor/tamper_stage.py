"""Cross-page tampering checks that need the whole crawl: a page whose footer differs from
the rest of its site's footers (the hijack the seed document shows).  It catches footers
the vocabulary misses; a page whose own scan already found its footer hijacked is not
reported twice."""

from __future__ import annotations

from collections import defaultdict

from auditor.store import Store
from auditor.tamper import footer_outliers

FOOTER_KIND = "footer_outlier"


def scan_footers(store: Store, run_id: int) -> int:
    """Write one tampering row per outlying footer; idempotent for re-runs on a stored crawl."""
    footers: dict[str, dict[str, str]] = defaultdict(dict)
    for site_key, url, footer in store.page_footers(run_id):
        if footer:
            footers[site_key][url] = footer
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
