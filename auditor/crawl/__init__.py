"""The crawl stage: Scrapy runs that fetch an inspection's sites into the store.

One process or several, scope, soft-404s, link-check bookkeeping, progress, headless Chromium
for script-filled listings, and the availability probe.

`run_crawl(inspection, store)` crawls every site into the store and returns the run id.
"""

from auditor.crawl.run import run_crawl

__all__ = ["run_crawl"]
