"""Which site a URL belongs to, and which URLs a crawl refuses to follow.

Scope is host (with port) plus path prefix, so several departments can share one portal.
Trap limits bound calendars, endless `?page=N` listings and `/a/a/a/` paths per URL shape.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from urllib.parse import parse_qsl

from auditor.inspection.file import CrawlSettings, Site
from auditor.net.filetypes import ATTACHMENT_EXTENSIONS, RESOURCE_EXTENSIONS, extension
from auditor.net.urls import split_url
from auditor.net.urlset import url_key

PAGE_TAGS = frozenset({"a", "area", "iframe", "frame", "meta-refresh", "js"})


def is_crawlable(url: str, tag: str) -> bool:
    """A link the crawler follows as a page (rather than only checks)."""
    ext = extension(url)
    return tag in PAGE_TAGS and ext not in ATTACHMENT_EXTENSIONS | RESOURCE_EXTENSIONS


class Scope:
    """Maps URLs to the inspected site (department site, portal prefix, platform) owning them."""

    def __init__(self, sites: tuple[Site, ...]) -> None:
        # Longest prefix first, so /bm/czj/ wins over a portal root on the same host.
        self.sites = sorted(sites, key=lambda s: len(s.prefix), reverse=True)
        # The sites of each host with their prefixes, longest first: host and prefix parse the
        # site's URL, read once here rather than for each site and each of ~50 links a page.
        self.by_host: dict[str, list[tuple[str, Site]]] = {}
        for site in self.sites:
            self.by_host.setdefault(site.host, []).append((site.prefix, site))

    def owner(self, url: str) -> Site | None:
        parts = split_url(url)
        path = parts.path or "/"
        for prefix, site in self.by_host.get(parts.netloc.lower(), ()):
            if path.startswith(prefix):
                return site
        return None


def url_shape(url: str) -> str | None:
    """One shape per query-driven trap family (calendar ?date=…, endless ?page=N): the path
    plus the query's keys.  Query-less URLs have no shape: article URLs full of dates and
    numbers are legitimate, and path-driven "next" chains are bounded by the depth cap."""
    parts = split_url(url)
    if not parts.query:
        return None
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return f"{parts.netloc}{parts.path}?{'&'.join(keys)}"


def repeated_segments(url: str) -> int:
    segments = [s for s in split_url(url).path.split("/") if s]
    return max(Counter(segments).values(), default=0)


@dataclass
class TrapGuard:
    """Per-site limits; `admit` returns None to follow a URL or the cut-off reason."""

    settings: CrawlSettings
    pages: int = 0

    def __post_init__(self) -> None:
        self.shapes: Counter[int] = Counter()  # by hash: path-varying shapes are many

    def admit(self, url: str, depth: int) -> str | None:
        limits = self.settings
        if depth > limits.max_depth:
            return "max_depth"
        if repeated_segments(url) > limits.max_repeated_segments:
            return "repeated_segments"
        if self.pages >= limits.max_pages_per_site:
            return "max_pages"
        shape = url_shape(url)
        if shape is not None:
            key = url_key(shape)
            if self.shapes[key] >= limits.max_per_pattern:
                return "pattern_limit"
            self.shapes[key] += 1
        self.pages += 1
        return None
