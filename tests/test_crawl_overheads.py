"""Per-request overheads a crawl process leaves out: Scrapy components that do nothing for
auditor's requests are not loaded (only when the inspection needs them), and the crawl's
SQLite connection checkpoints its WAL less often."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import scrapy
from scrapy.core.downloader.middleware import DownloaderMiddlewareManager
from scrapy.core.spidermw import SpiderMiddlewareManager
from scrapy.utils.test import get_crawler

from auditor.crawl.process import CRAWL_CHECKPOINT_PAGES, scrapy_settings
from auditor.inspection.file import CrawlSettings
from auditor.store import Store


def loaded(crawl: CrawlSettings) -> set[str]:
    """Class names of the downloader and spider middlewares a crawler of `crawl` runs."""
    crawler = get_crawler(scrapy.Spider, scrapy_settings(crawl, None))
    names = set()
    for manager in (DownloaderMiddlewareManager, SpiderMiddlewareManager):
        names |= {type(mw).__name__ for mw in manager.from_crawler(crawler).middlewares}
    return names


def test_components_that_do_nothing_for_auditor_are_not_loaded() -> None:
    plain = dataclasses.replace(CrawlSettings(), retries=0, render_listings=False)
    names = loaded(plain)
    for idle in ("HttpAuthMiddleware", "MetaCopyDetectionMiddleware", "HttpErrorMiddleware"):
        assert idle not in names
    assert "BackoffDelayMiddleware" not in names and "RenderMiddleware" not in names
    for needed in ("SafetyMiddleware", "UserAgentMiddleware", "RefererMiddleware"):
        assert needed in names


def test_the_backoff_delay_and_the_renderer_are_loaded_when_the_inspection_uses_them() -> None:
    names = loaded(dataclasses.replace(CrawlSettings(), retries=2, render_listings=True))
    assert {"BackoffRetryMiddleware", "BackoffDelayMiddleware", "RenderMiddleware"} <= names


def test_the_crawl_checkpoints_its_wal_less_often_and_gives_the_setting_back(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "audit.db")
    wal = tmp_path / "audit.db-wal"
    rows = [{"key": f"k{i}", "department": "部门" * 200, "url": f"http://h/{i}"} for i in range(200)]

    def wal_after_writes() -> int:
        for batch in range(60):  # ~6 MB of rows, one transaction per batch
            store.add_sites(batch + 1, rows)  # type: ignore[arg-type]
        return wal.stat().st_size

    default = wal_after_writes()
    previous = store.autocheckpoint(CRAWL_CHECKPOINT_PAGES)
    crawling = wal_after_writes()
    assert store.autocheckpoint(previous) == CRAWL_CHECKPOINT_PAGES
    assert previous == 1000
    assert default < 6 * 1024 * 1024 < crawling  # checkpointed every 4 MB, then not
    store.close()
