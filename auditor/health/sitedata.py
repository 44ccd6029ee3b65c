"""Everything the health indicators need about one site, read once from the store."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from auditor.soft404 import INDEX_FILES
from auditor.store import Store


@dataclass(frozen=True)
class SiteData:
    site: dict[str, Any]
    pages: tuple[dict[str, Any], ...]
    home: dict[str, Any] | None  # the stored page of the site's root URL
    home_check: dict[str, Any] | None  # the verdict on the root URL (failures live here)
    links: tuple[dict[str, Any], ...]  # links found on the site's pages, with check verdicts

    @property
    def home_urls(self) -> frozenset[str]:
        urls = {self.site.get("url") or ""}
        if self.home:
            urls |= {self.home.get("url") or "", self.home.get("final_url") or ""}
        return frozenset(u for u in urls if u)


def load_sites(store: Store, run_id: int) -> list[SiteData]:
    links_by_site: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for link in store.iter_links(run_id):
        links_by_site[link.get("site_key") or ""].append(link)
    return [
        _load_site(store, run_id, site, links_by_site[site["key"]]) for site in store.sites(run_id)
    ]


def _load_site(
    store: Store, run_id: int, site: dict[str, Any], links: list[dict[str, Any]]
) -> SiteData:
    pages = tuple(store.iter_pages(run_id, site["key"]))
    home = find_home(site.get("url") or "", pages)
    check = store.check(run_id, site.get("url") or "")
    if check is None and home is not None:
        check = store.check(run_id, home.get("url") or "")
    return SiteData(site, pages, home, check, tuple(links))


def find_home(root: str, pages: tuple[dict[str, Any], ...]) -> dict[str, Any] | None:
    """The page stored for the site's root URL, tolerant of index.html and trailing slashes."""
    key = page_key(root)
    for page in pages:
        if key in (page_key(page.get("url") or ""), page_key(page.get("final_url") or "")):
            return page
    return None


def page_key(url: str) -> str:
    """host + path without index file or trailing slash, + query: /a/index.html == /a/ == /a."""
    parts = urlsplit(url or "")
    host = (
        parts.netloc.lower().removesuffix(":80")
        if parts.scheme != "https"
        else (parts.netloc.lower().removesuffix(":443"))
    )
    path = INDEX_FILES.sub("", parts.path or "/").rstrip("/")
    return f"{host}{path}?{parts.query}" if parts.query else f"{host}{path}"
