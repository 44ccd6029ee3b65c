"""What the health indicators read about one site, asked of the store as they need it.

Only the site's home page (with its links) is held; the other pages and links are streamed
from the store with just the fields the indicators use, so one site's health costs the
same memory whether the site has a hundred pages or a hundred thousand.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from auditor.crawl.soft404 import INDEX_FILES
from auditor.net.urls import split_url
from auditor.store import Store
from auditor.store.health import failed_targets_among
from auditor.store.records import CheckRow, LinkRow, PageRow, PageText, SiteRow

LinkKey = tuple[str | None, str | None, str | None, str | None]  # source, target, anchor, tag


@dataclass(frozen=True)
class SiteData:
    site: SiteRow
    home: PageRow | None  # the stored page of the site's root URL
    home_check: CheckRow | None  # the verdict on the root URL (failures live here)
    home_links: tuple[LinkRow, ...]  # links found on the home page, with verdicts
    store: Store
    run_id: int
    # the run's links to failed targets, read once for every site (None: ask per site)
    failed_links: tuple[LinkRow, ...] | None = None

    @property
    def key(self) -> str:
        return str(self.site.get("key") or "")

    @property
    def home_urls(self) -> frozenset[str]:
        return home_urls(self.site, self.home)

    def pages(self) -> Iterator[tuple[PageRow, PageText | None]]:
        """The site's pages (store order), each as the PageFacts fields the page scans read
        and, for a fetched page, what a visitor reads (see HealthQueries.health_pages)."""
        return self.store.health_pages(self.run_id, self.key)

    def links_from(self, sources: Iterable[str]) -> Iterator[LinkRow]:
        return self.store.site_links_from(self.run_id, self.key, sources)

    def failed_targets_elsewhere(self) -> Iterator[LinkRow]:
        """Distinct failed targets linked from pages other than the home page."""
        if self.failed_links is not None:
            return iter(failed_targets_among(self.failed_links, self.key, self.home_urls))
        return self.store.site_failed_targets(self.run_id, self.key, self.home_urls)


def link_key(link: LinkRow) -> LinkKey:
    """What site health reads of a link: its (source, target, anchor, tag), the row
    Store.site_link_keys gives."""
    return link.get("source"), link.get("target"), link.get("anchor"), link.get("tag")


def load_sites(store: Store, run_id: int) -> Iterator[SiteData]:
    """One site at a time, so a site's data is dropped before the next one is read."""
    for site in store.sites(run_id):
        yield load_site(store, run_id, site)


def load_site(
    store: Store, run_id: int, site: SiteRow, failed_links: tuple[LinkRow, ...] | None = None
) -> SiteData:
    home = find_home(store, run_id, site)
    check = store.check_of(run_id, site.get("url") or "")
    if check is None and home is not None:
        check = store.check_of(run_id, home.get("url") or "")
    links = tuple(store.site_links_from(run_id, site["key"], home_urls(site, home)))
    return SiteData(site, home, check, links, store, run_id, failed_links)


def home_urls(site: SiteRow, home: PageRow | None) -> frozenset[str]:
    urls = {site.get("url") or ""}
    if home:
        urls |= {home.get("url") or "", home.get("final_url") or ""}
    return frozenset(u for u in urls if u)


def find_home(store: Store, run_id: int, site: SiteRow) -> PageRow | None:
    """The page stored for the site's root URL, tolerant of index.html and trailing slashes:
    the one stored at the root URL itself, else the smallest URL that is the root (not the
    first stored, so the home is the same however the crawl was ordered)."""
    root = site.get("url") or ""
    key = page_key(root)
    found: list[tuple[str, int]] = []
    for page_id, url, final_url in store.site_page_addresses(run_id, site["key"]):
        if url == root:  # nearly always the first page stored: the others need no parsing
            return store.page_by_id(page_id)
        if key in (page_key(url or ""), page_key(final_url or "")):
            found.append((url or "", page_id))
    return store.page_by_id(min(found)[1]) if found else None


def page_key(url: str) -> str:
    """host + path without index file or trailing slash, + query: /a/index.html == /a/ == /a."""
    parts = split_url(url or "")
    host = (
        parts.netloc.lower().removesuffix(":80")
        if parts.scheme != "https"
        else (parts.netloc.lower().removesuffix(":443"))
    )
    path = INDEX_FILES.sub("", parts.path or "/").rstrip("/")
    return f"{host}{path}?{parts.query}" if parts.query else f"{host}{path}"
