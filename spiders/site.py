"""The spider for inspected sites that share one host (a department site, or the department
prefixes of one portal, or the unified platform).

Grouping by host keeps politeness per host honest: one spider, one delay, one concurrency
limit per server.  Pages inside a site's scope are crawled; everything else a page links to
(attachments, resources, other hosts) is checked once and never crawled.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from auditor.crawl import soft404
from auditor.crawl.scope import TrapGuard, is_crawlable
from auditor.extract import extract_facts, parse_document
from auditor.extract.discover import page_links
from auditor.inspection.file import Site
from auditor.net.reasons import reason_for_failure
from auditor.net.safety import redirect_target, url_refusal
from auditor.net.urls import as_requested, is_http, is_malformed
from auditor.spiders.checkbodies import CheckBodies
from auditor.spiders.conditional import Revalidation, is_revalidated
from auditor.spiders.context import CrawlContext
from auditor.spiders.listing_walker import ListingWalker
from auditor.spiders.records import (
    check_reason,
    check_row,
    header,
    header_charset,
    is_html,
    page_row,
)
from auditor.spiders.resources import ResourceScan, reads_file
from auditor.spiders.stylesheets import StylesheetReader, is_stylesheet
from auditor.spiders.verdicts import Verdicts
from auditor.tamper import scan_html, snapshot


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, sites: tuple[Site, ...], context: CrawlContext, **kwargs: Any) -> None:
        super().__init__(name=f"{self.name}:{sites[0].host}", **kwargs)
        self.sites = {site.key: site for site in sites}
        self.ctx = context
        self.guards = {key: TrapGuard(context.inspection.crawl) for key in self.sites}
        self.fingerprints: dict[str, soft404.Fingerprint | None] = {}
        self.bodies = CheckBodies(self, context.scope)  # how much of a check is downloaded
        self.cut: set[str] = set()
        self.resources = ResourceScan(context.scope)
        self.verdicts = Verdicts(context, self.sites)  # the one writer of check rows
        self.revalidation = Revalidation(context, self.verdicts, self.request, self.route)
        self.stylesheets = StylesheetReader(context, self.verdicts, self.route)
        self.listings = ListingWalker(context, self.verdicts, self.request, self.route)

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.bodies.on_headers, signal=signals.headers_received)
        crawler.signals.connect(spider.bodies.on_bytes, signal=signals.bytes_received)
        crawler.signals.connect(spider.on_closed, signal=signals.spider_closed)
        return spider

    # start -------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        for site in self.sites.values():
            probe = urljoin(site.url, soft404.random_probe_path(site.prefix, site.url))
            yield self.request(probe, site, "probe", depth=0)

    def start_site(self, site: Site) -> Iterator[Request]:
        """After the soft-404 probe: the root, then (on --resume) the stored frontier."""
        guard = self.guards[site.key]
        if self.ctx.resume:
            for url in self.ctx.writer.store.site_page_urls(self.ctx.run_id, site.key):
                guard.admit(url, 0)
            for row in self.ctx.writer.store.frontier(self.ctx.run_id, site.key):
                yield from self.route(
                    row["url"],
                    row["tag"] or "a",
                    site,
                    row["depth"] - 1,
                    row["listing_date"],
                    row["referer"],
                )
        root = as_requested(site.url)
        if root not in self.ctx.claimed and self.ctx.claim(root):
            guard.admit(root, 0)
            yield self.request(root, site, "page", depth=0)

    # requests ----------------------------------------------------------------------------
    def request(
        self,
        url: str,
        site: Site,
        kind: str,
        depth: int,
        listing_date: str | None = None,
        referer: str | None = None,
        boost: int = 0,
        **meta: Any,
    ) -> Request:
        """A request of the crawl; `boost` raises its priority above its depth's."""
        stats = self.ctx.site_stats(site.key)
        stats.scheduled += 1
        headers = {"Referer": referer} if referer else {}
        headers.update(self.revalidation.headers(url, kind, meta))
        meta = {
            "kind": kind,
            "site_key": site.key,
            "crawl_depth": depth,
            "origin": url,
            "listing_date": listing_date,
            "handle_httpstatus_all": True,
            "dont_redirect": True,
            "download_slot": urlsplit(url).netloc,
            **meta,
        }
        return Request(
            url,
            callback=self.on_response,
            errback=self.on_failure,
            meta=meta,
            headers=headers,
            priority=boost - depth,
            dont_filter=meta.get("dont_filter", False),
        )

    def link_priority(self, anchor: str) -> int:
        """Extra scheduling priority for a link; the platform spider favours its columns."""
        return 0

    def route(
        self,
        url: str,
        tag: str,
        site: Site,
        depth: int,
        listing_date: str | None,
        referer: str | None,
        anchor: str = "",
    ) -> Iterator[Request]:
        """Decide what a link becomes: a page to crawl, a check, a cut-off, or nothing."""
        if is_malformed(url):
            self.verdicts.record_malformed(url, site)
        if url in self.ctx.claimed or not is_http(url) or is_malformed(url):
            return
        owner = self.ctx.scope.owner(url)
        if owner is not None and is_crawlable(url, tag):
            if owner.key not in self.sites:
                return  # another spider's page: its own crawl fetches it
            reason = self.guards[owner.key].admit(url, depth + 1)
            if reason:
                self.cut_off(url, owner.key, reason)
            elif self.ctx.claim(url):
                # the priority given at once: a replace() per page cost a second Request
                boost = self.link_priority(anchor)
                yield self.request(url, owner, "page", depth + 1, listing_date, referer, boost)
            return
        if owner is None and self.ctx.inspection.crawl.external_links == "skip":
            return
        if self.ctx.claim(url) and self.ctx.owns_check(url, site.key, referer, depth + 1):
            yield from self.check(url, site, depth + 1, referer, is_stylesheet(url, tag))

    def check(
        self, url: str, site: Site, depth: int, referer: str | None, stylesheet: bool = False
    ) -> Iterator[Request]:
        """A check request, unless a repeat keeps the previous run's young OK verdict.
        A stylesheet's body is read, for the links inside it (spiders/stylesheets.py)."""
        if not self.revalidation.keep_verdict(url, site):
            yield self.request(url, site, "check", depth, referer=referer, stylesheet=stylesheet)

    def cut_off(self, url: str, site_key: str, reason: str) -> None:
        if url not in self.cut:
            self.cut.add(url)
            self.ctx.site_stats(site_key).cutoffs += 1
            self.ctx.writer.add({"cutoffs": [{"site_key": site_key, "url": url, "reason": reason}]})

    # responses ---------------------------------------------------------------------------
    def on_response(self, response: Response) -> Iterator[Request]:
        meta = response.meta
        site = self.sites[meta["site_key"]]
        self.ctx.site_stats(site.key).done += 1
        self.bodies.forget(response.request)
        if meta["kind"] == "listing":
            yield from self.listings.on_listing(response, site)
        elif is_revalidated(response):
            yield from self.revalidation.reuse(response, site)
        elif 300 <= response.status < 400 and header(response, "Location"):
            yield from self.follow_redirect(response, site)
        elif meta["kind"] == "probe":
            self.fingerprints[site.key] = self.fingerprint(response)
            yield from self.start_site(site)
        elif meta["kind"] == "page" and response.status < 400 and is_html(response):
            yield from self.parse_page(response, site)
        else:
            self.record_check(response, site)
            yield from self.stylesheets.links(response, site)

    def follow_redirect(self, response: Response, site: Site) -> Iterator[Request]:
        meta = response.meta
        current = as_requested(response.url)
        chain = [*meta.get("redirects", []), current]
        target = redirect_target(response.url, header(response, "Location"))
        refused = url_refusal(target, self.ctx.inspection.crawl.max_url_length)
        if target in chain or len(chain) > self.ctx.inspection.crawl.max_redirects or refused:
            # file:, ftp:, data: … are never requested (docs/reliability.md)
            reason = refused or ("redirect_loop" if target in chain else "too_many_redirects")
            if meta["kind"] == "probe":
                self.fingerprints[site.key] = None
                yield from self.start_site(site)
            else:
                self.verdicts.finish_walk(
                    meta, check_row(current, site.key, reason, response, [current])
                )
            return
        if meta["kind"] != "probe" and target in self.ctx.claimed:
            self.verdicts.join_walk(response, chain, target)  # fetched once: reuse or wait for it
            return
        kind, owned = self.hop(meta, target)
        yield self.request(
            target,
            site,
            kind,
            meta["crawl_depth"],
            meta["listing_date"],
            redirects=chain,
            origin=meta["origin"],
            owned=owned,
            dont_filter=True,
        )

    def hop(self, meta: dict[str, Any], target: str) -> tuple[str, list[str]]:
        """What a redirect target is fetched as, and the URLs the walk will give verdicts.
        The walk claims its hops, except another site's page, which that site crawls."""
        kind, owned = meta["kind"], list(meta.get("owned") or [meta["origin"]])
        if kind == "probe":
            return kind, owned
        owner = self.ctx.scope.owner(target)
        own_site = owner is not None and owner.key == meta["site_key"]
        if kind == "page" and not own_site:
            kind = "check"  # a page that redirects out of its site is checked, not crawled
        if owner is None or own_site or not is_crawlable(target, "a"):
            self.ctx.claim(target)
            owned.append(target)
        return kind, owned

    def parse_page(self, response: Response, site: Site) -> Iterator[Request]:
        meta, url = response.meta, response.meta["origin"]
        doc = parse_document(response.body, response.url, header_charset(response))
        facts = extract_facts(doc, meta.get("listing_date")).to_dict()
        links = page_links(doc)
        if len(links) > (cap := self.ctx.inspection.crawl.max_links_per_page):
            self.cut_off(url, site.key, "too_many_links")
            links = links[:cap]
        soft = soft404.is_soft_404(
            response.status,
            response.url,
            facts.get("title") or "",
            facts.get("text") or "",
            url,
            self.fingerprints.get(site.key),
        )
        final = check_row(
            as_requested(response.url), site.key, "soft_404" if soft else "ok", response
        )
        hits = scan_html(doc.text, response.url, tree=doc.tree)
        page = page_row(url, site.key, response, facts, doc.encoding)
        rows = self.verdicts.link_rows(url, doc, links, site)
        group = {
            "pages": [page],
            "links": self.revalidation.own_links(page, rows),
            "tampering": [{"site_key": site.key, "page": url, **h.to_dict()} for h in hits]
            + self.resources.page(doc.tree, url, response.url, site.key, hits),
        }
        # tested first: the test also notes the page's matches in its row for classify
        if self.ctx.may_be_evidence(group["pages"][0]) or group["tampering"]:
            body, digest = snapshot(response.body)
            group["snapshots"] = [
                {
                    "url": url,
                    "sha256": digest,
                    "body": body,
                    "fetched_at": group["pages"][0]["fetched_at"],
                    "status": response.status,
                }
            ]
        self.ctx.writer.add(group)
        self.ctx.site_stats(site.key).pages += 1
        self.verdicts.finish_walk(meta, final)
        if soft:
            return
        self.verdicts.judge_fragments(doc, [url, final["url"]], site)
        walks = self.listings.walk_listings(doc, url, links, site, meta["crawl_depth"])
        # Scrapy may hold hundreds of these generators suspended at once: without the parsed
        # tree they hold only the links (measured: ~200 MB less at the crawl's peak).
        del doc, facts, hits, group, page, rows
        for link in links:
            yield from self.route(
                link.url, link.tag, site, meta["crawl_depth"], link.date, url, link.text
            )
        yield from walks

    def record_check(self, response: Response, site: Site) -> None:
        stopped = "download_stopped" in response.flags
        reason = check_reason(response, stopped)
        if reason == "ok" and self.looks_not_found(response):
            reason = "soft_404"
        final = check_row(as_requested(response.url), site.key, reason, response)
        if reason == "ok" and reads_file(response.url, header(response, "Content-Type")):
            self.scan_file(response, site)
        self.verdicts.finish_walk(response.meta, final)

    def scan_file(self, response: Response, site: Site) -> None:
        """A site's own script file or stylesheet, read (never run) for the tamper scan."""
        request = response.request
        page = (request.headers.get("Referer") or b"").decode("latin-1") if request else ""
        ctype = header(response, "Content-Type")
        found = self.resources.file(response.url, ctype, response.body, page, site.key)
        if found:
            self.ctx.writer.add({"tampering": found})

    def looks_not_found(self, response: Response) -> bool:
        """A checked HTML answer (another host's deleted page) that says "not found"."""
        if not (is_html(response) and 200 <= response.status < 300 and response.body):
            return False
        doc = parse_document(response.body, response.url, header_charset(response))
        facts = extract_facts(doc)
        owner = self.ctx.scope.owner(response.url)
        fingerprint = self.fingerprints.get(owner.key) if owner is not None else None
        origin = response.meta["origin"]
        title, text = facts.title or "", facts.text or ""
        return bool(
            soft404.is_soft_404(response.status, response.url, title, text, origin, fingerprint)
        )

    def on_failure(self, failure: Failure) -> Iterator[Request]:
        # Scrapy attaches the failed request to an errback's Failure; Twisted's types don't say so.
        request: Request = failure.request  # type: ignore[attr-defined]
        meta = request.meta
        site = self.sites[meta["site_key"]]
        self.ctx.site_stats(site.key).done += 1
        self.bodies.forget(request)
        if meta["kind"] == "probe":
            self.fingerprints[site.key] = None
            yield from self.start_site(site)
            return
        reason = reason_for_failure(failure)
        if meta["kind"] == "listing":
            yield from self.listings.listing_failed(request, failure, reason)
            return
        self.verdicts.finish_walk(meta, check_row(as_requested(request.url), site.key, reason))

    def fingerprint(self, response: Response) -> soft404.Fingerprint | None:
        title, text = "", ""
        if is_html(response) and response.status < 300:
            doc = parse_document(response.body, response.url, header_charset(response))
            facts = extract_facts(doc)
            title, text = facts.title or "", facts.text or ""
        return soft404.fingerprint(
            response.status, response.url, title, text, response.meta["origin"]
        )

    # signals -----------------------------------------------------------------------------
    def on_closed(self, spider: Any, reason: str) -> None:
        if spider is self:
            self.verdicts.settle_waiters()
            self.ctx.writer.flush()
            if reason != "finished":
                self.ctx.interrupted = True
