"""The crawl stage: Scrapy runs of an inspection (one process or several), scope, soft-404s,
link-check bookkeeping, progress, headless Chromium for script-filled listings, and the probe.

`run_crawl(inspection, store)` crawls every site into the store and returns the run id.
"""

from auditor.crawl.run import run_crawl

__all__ = ["run_crawl"]
