"""How the site spider walks script-published listings (auditor/extract/discover).

A column page's follow-up requests (jpage proxy groups by POST, JSON API pages by GET) are
Scrapy requests like any other, so the host's delay and concurrency hold for them; they go
only to the spider's own host, each is asked once per run, and each answer is capped in
bytes.  Entries an answer gives are stored as links of the column page (`via` names the
proxy or API URL) and routed like its anchors.  When a column's walks end short of the
total the page stated, or a script-filled list was read by nothing, the column is stored
as unreadable (栏目无法读取).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.http import Request, Response
from twisted.python.failure import Failure
from twisted.web.client import ResponseNeverReceived

from auditor.extract import listing, parse_document
from auditor.extract.discover import (
    Entry,
    Follow,
    answer,
    entry_link,
    follows,
    page_links,
    page_why,
    walk_why,
)
from auditor.extract.discover.base import MAX_ANSWER_BYTES
from auditor.extract.document import Document
from auditor.extract.links import Link
from auditor.net.urls import is_http
from auditor.spiders.parts import Requester, Router, SpiderPart
from auditor.spiders.records import header_charset
from auditor.store import LISTING_FACTS

if TYPE_CHECKING:
    from auditor.inspection.file import Site
    from auditor.spiders.context import CrawlContext
    from auditor.spiders.verdicts import Verdicts


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower() if is_http(url) else ""


def _never_answered(failure: Failure) -> bool:
    """Twisted's ResponseNeverReceived, as raised or as the cause Scrapy wrapped."""
    value = failure.value
    return isinstance(value, ResponseNeverReceived) or isinstance(
        getattr(value, "__cause__", None), ResponseNeverReceived
    )


MAX_RESENDS = 2
MAX_FACT_ENTRIES = 5000  # dated rows kept per column for its listing facts
FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"}


@dataclass
class Chain:
    """One walk (a datastore's groups, an API's pages): what it stated and read."""

    expected: int | None = None
    found: int = 0
    listing: bool = False  # an answer carried entries: the walk reads a list
    failed: str | None = None


@dataclass
class Walk:
    """A column page's walks, settled when its last request is answered."""

    site_key: str
    page_why: str | None
    pending: int = 0
    chains: dict[int, Chain] = field(default_factory=dict)
    entries: list[Link] = field(default_factory=list)  # dated rows: the page's, then read
    read: bool = False  # an answer gave entries: the page's stored facts are updated
    seen: set[str] = field(default_factory=set)  # the page's own links, when rendered


def own_host(url: str, site: Site) -> bool:
    """A follow-up (proxy, API) is asked only on the spider's own inspected host."""
    return is_http(url) and urlsplit(url).netloc.lower() == site.host


class ListingWalker(SpiderPart):
    """Follow-up requests of listing mechanisms, and their answers; the site spider owns one
    and gives it its request factory and link routing."""

    def __init__(self, ctx: CrawlContext, verdicts: Verdicts, request: Requester, route: Router):
        super().__init__(ctx, verdicts, request, route)
        self.walks: dict[str, Walk] = {}  # column pages with listing requests under way

    def walk_listings(
        self, doc: Document, page: str, links: list[Link], site: Site, depth: int
    ) -> list[Request]:
        """The page's first follow-up requests; a page with none is judged at once."""
        if page in self.walks:
            return []  # parsed again while its walks are under way: they stand
        why = page_why(doc, links)
        wanted = [f for f in follows(doc) if own_host(f.url, site)]
        walk = Walk(site.key, why)
        self.walks[page] = walk
        if wanted:
            walk.entries = listing.dated_entries(links)
        requests: list[Request] = []
        for chain, follow in enumerate(wanted):
            follow.state["chain"] = chain
            walk.chains[chain] = Chain(follow.expected, follow.found, follow.method == "POST")
            requests.extend(self._ask(follow, site, page, depth))
        if why and not wanted and self.ctx.inspection.crawl.render_listings:
            requests.append(self._render(page, site, depth, links))
        if walk.pending == 0:
            self._settle(page)
        return requests

    def _render(self, page: str, site: Site, depth: int, links: list[Link]) -> Request:
        """Ask for the page once more, rendered in Chromium (spiders/render_middleware.py)."""
        walk = self.walks[page]
        walk.pending += 1
        walk.seen = {link.url for link in links}
        request: Request = self.request(
            page, site, "listing", depth, column=page, render=True, dont_filter=True
        )
        return request

    def _ask(self, follow: Follow, site: Site, page: str, depth: int) -> Iterator[Request]:
        if not self.ctx.claim(follow.key):
            return  # asked already in this run (another column names the same API page)
        self.walks[page].pending += 1
        request = self.request(
            follow.url,
            site,
            "listing",
            depth,
            referer=page,
            follow=follow,
            column=page,
            download_maxsize=MAX_ANSWER_BYTES,
            dont_filter=True,
        )
        if follow.method == "POST":
            request = request.replace(method="POST", body=follow.body, headers={**FORM, "Referer": page})
        yield request

    def on_listing(self, response: Response, site: Site) -> Iterator[Request]:
        meta = response.meta
        if meta.get("render"):
            yield from self.on_rendered(response, site)
            return
        follow: Follow = meta["follow"]
        page, depth = meta["column"], meta["crawl_depth"]
        walk = self.walks.get(page) or Walk(site.key, None, pending=1)  # never missing; safe
        chain = walk.chains.setdefault(follow.state.get("chain", 0), Chain())
        if response.status >= 300:
            chain.failed = f"HTTP {response.status}"
            self._done(page)
            return
        got = answer(follow, response.body, response.url, header_charset(response))
        chain.expected = got.total if got.total is not None else chain.expected
        chain.found += len(got.entries)
        chain.listing = chain.listing or bool(got.entries)
        self._store_entries(walk, page, follow, got.entries, site)
        for entry in got.entries:
            route = self.route
            yield from route(entry.url, "a", site, depth, entry.date, page, entry.text)
        for nxt in got.follows:
            nxt.state["chain"] = follow.state.get("chain", 0)
            yield from self._ask(nxt, site, page, depth)
        self._done(page)

    def _store_entries(
        self, walk: Walk, page: str, follow: Follow, entries: list[Entry], site: Site
    ) -> None:
        """Entries as links of the column page, `via` the request that read them."""
        rows = []
        for entry in entries:
            link = entry_link(entry)
            row = self.verdicts.link_row(page, link, site)
            rows.append({**row, "via": follow.url, "publisher": entry.publisher})
            if link.date and len(walk.entries) < MAX_FACT_ENTRIES:
                walk.entries.append(link)
        walk.read = walk.read or bool(rows)
        self.ctx.writer.add({"links": rows})

    def on_rendered(self, response: Response, site: Site) -> Iterator[Request]:
        """The rendered DOM's links the page itself did not carry become its listing rows
        (`via` = 'render'); the page is judged again on what the browser showed."""
        page, depth = response.meta["column"], response.meta["crawl_depth"]
        walk = self.walks.get(page) or Walk(site.key, None, pending=1)
        why = response.meta.get("render_why")
        if why:
            walk.page_why = f"{walk.page_why}(渲染未成功:{why})"
            self._done(page)
            return
        doc = parse_document(response.body, page, "utf-8")
        links = page_links(doc)[: self.ctx.inspection.crawl.max_links_per_page]
        hosts = {s.host for s in self.ctx.inspection.all_sites}
        new = [link for link in links if link.url not in walk.seen and _host(link.url) in hosts]
        rows = [self.verdicts.link_row(page, link, site) for link in new]
        self.ctx.writer.add({"links": [{**row, "via": "render"} for row in rows]})
        walk.entries = listing.dated_entries(links)[:MAX_FACT_ENTRIES]
        walk.read = walk.read or bool(new)
        walk.page_why = page_why(doc, links)
        for link in new:
            route = self.route
            yield from route(link.url, link.tag, site, depth, link.date, page, link.text)
        self._done(page)

    def listing_failed(self, request: Request, failure: Failure, reason: str) -> Iterator[Request]:
        """A POST sent on a kept-alive connection the server had closed never reached it;
        Twisted resends only idempotent methods, so the proxy's read query is resent here,
        at most twice (the server still sees it once).  Any other failure ends the walk short."""
        meta = request.meta
        resent = meta.get("resent", 0)
        if _never_answered(failure) and resent < MAX_RESENDS:
            self.ctx.site_stats(meta["site_key"]).scheduled += 1
            yield request.replace(meta={**meta, "resent": resent + 1})
            return
        walk = self.walks.get(meta["column"])
        if walk is not None:
            chain = walk.chains.setdefault(meta["follow"].state.get("chain", 0), Chain())
            chain.failed = reason
            self._done(meta["column"])

    def _done(self, page: str) -> None:
        walk = self.walks.get(page)
        if walk is not None:
            walk.pending -= 1
            if walk.pending <= 0:
                self._settle(page)

    def _settle(self, page: str) -> None:
        """The column's verdict once nothing is pending: a listing walk by its stated
        total, a page without one by what the page itself shows."""
        walk = self.walks.pop(page)
        if walk.read:  # the column is a listing of what its walks read, as a browser shows it
            facts = {"url": page, "listing_dates": listing.listing_dates(walk.entries)}
            facts["text"] = listing.entries_text(walk.entries)
            self.ctx.writer.add({LISTING_FACTS: [facts]})
        listings = [c for c in walk.chains.values() if c.listing or c.expected]
        why = walk.page_why
        if listings:
            whys = [walk_why(c.expected, c.found, c.failed) for c in listings]
            why = next((w for w in whys if w), None)
        if why:
            row = {"site_key": walk.site_key, "page": page, "why": why}
            self.ctx.writer.add({"unreadable_listings": [row]})
