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
from scrapy.exceptions import StopDownload
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from auditor import soft404
from auditor.extract import extract_facts, extract_links, parse_document
from auditor.inspection import Site
from auditor.reasons import reason_for_failure
from auditor.scope import TrapGuard, is_crawlable
from auditor.tamper import scan_html, snapshot
from auditor.urls import canonicalize_url, is_http
from spiders.conditional import conditional_headers, is_revalidated, reuse
from spiders.context import CrawlContext
from spiders.rows import check_reason, check_row, header, header_charset, is_html, page_row

MAX_REDIRECTS = 10
CHECK_BODY_LIMIT = 256 * 1024  # enough to sniff an HTML error page, never a whole file


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, sites: tuple[Site, ...], context: CrawlContext, **kwargs: Any) -> None:
        super().__init__(name=f"{self.name}:{sites[0].host}", **kwargs)
        self.sites = {site.key: site for site in sites}
        self.ctx = context
        self.guards = {key: TrapGuard(context.inspection.crawl) for key in self.sites}
        self.fingerprints: dict[str, soft404.Fingerprint | None] = {}
        self.received: dict[int, int] = {}
        self.cut: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_headers, signal=signals.headers_received)
        crawler.signals.connect(spider.on_bytes, signal=signals.bytes_received)
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
            for url in self.ctx.writer.store.page_urls(self.ctx.run_id, site.key):
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
        root = canonicalize_url(site.url)
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
        **meta: Any,
    ) -> Request:
        stats = self.ctx.site_stats(site.key)
        stats.scheduled += 1
        headers = {"Referer": referer} if referer else {}
        headers.update(conditional_headers(self.ctx.previous, url, kind, meta))
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
            priority=-depth,
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
        if not is_http(url) or url in self.ctx.claimed:
            return
        owner = self.ctx.scope.owner(url)
        if owner is not None and is_crawlable(url, tag):
            if owner.key not in self.sites:
                return  # another spider's page: its own crawl fetches it
            reason = self.guards[owner.key].admit(url, depth + 1)
            if reason:
                self.cut_off(url, owner.key, reason)
            elif self.ctx.claim(url):
                request = self.request(url, owner, "page", depth + 1, listing_date, referer)
                yield request.replace(priority=request.priority + self.link_priority(anchor))
            return
        if owner is None and self.ctx.inspection.crawl.external_links == "skip":
            return
        if self.ctx.claim(url):
            yield self.request(url, site, "check", depth + 1, referer=referer)

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
        self.received.pop(id(response.request), None)
        if is_revalidated(response):
            yield from reuse(self, response, site)
        elif 300 <= response.status < 400 and header(response, "Location"):
            yield from self.follow_redirect(response, site)
        elif meta["kind"] == "probe":
            self.fingerprints[site.key] = self.fingerprint(response)
            yield from self.start_site(site)
        elif meta["kind"] == "page" and response.status < 400 and is_html(response):
            yield from self.parse_page(response, site)
        else:
            self.record_check(response, site)

    def follow_redirect(self, response: Response, site: Site) -> Iterator[Request]:
        meta = response.meta
        chain = [*meta.get("redirects", []), response.url]
        target = canonicalize_url(urljoin(response.url, header(response, "Location")))
        if target in chain or len(chain) > MAX_REDIRECTS:
            reason = "redirect_loop" if target in chain else "too_many_redirects"
            self.write_check(check_row(meta["origin"], site.key, reason, response, chain))
            if meta["kind"] == "probe":
                self.fingerprints[site.key] = None
                yield from self.start_site(site)
            return
        kind = meta["kind"]
        owner = self.ctx.scope.owner(target)
        if kind == "page" and (owner is None or owner.key != site.key):
            kind = "check"  # a page that redirects out of scope is checked, not crawled
        yield self.request(
            target,
            site,
            kind,
            meta["crawl_depth"],
            meta["listing_date"],
            redirects=chain,
            origin=meta["origin"],
            dont_filter=True,
        )

    def parse_page(self, response: Response, site: Site) -> Iterator[Request]:
        meta, url = response.meta, response.meta["origin"]
        doc = parse_document(response.body, response.url, header_charset(response))
        facts = extract_facts(doc, meta.get("listing_date")).to_dict()
        links = extract_links(doc)
        soft = soft404.is_soft_404(
            response.status,
            response.url,
            facts.get("title") or "",
            facts.get("text") or "",
            url,
            self.fingerprints.get(site.key),
        )
        reason = "soft_404" if soft else ("redirected" if meta.get("redirects") else "ok")
        hits = scan_html(doc.text, response.url, tree=doc.tree)
        group = {
            "pages": [page_row(url, site.key, response, facts, doc.encoding)],
            "checks": [check_row(url, site.key, reason, response, meta.get("redirects"))],
            "links": [self.link_row(url, link, site) for link in links],
            "tampering": [{"site_key": site.key, "page": url, **h.to_dict()} for h in hits],
        }
        if hits:
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
        if soft:
            return
        for link in links:
            yield from self.route(
                link.url, link.tag, site, meta["crawl_depth"], link.date, url, link.text
            )

    def link_row(self, source: str, link: Any, site: Site) -> dict[str, Any]:
        owner = self.ctx.scope.owner(link.url)
        return {
            "site_key": site.key,
            "source": source,
            "target": link.url,
            "anchor": link.text,
            "tag": link.tag,
            "internal": int(owner is not None and owner.key == site.key),
            "listing_date": link.date,
        }

    def record_check(self, response: Response, site: Site) -> None:
        stopped = "download_stopped" in response.flags
        reason = check_reason(response, stopped)
        if response.meta["kind"] == "page" and reason == "ok" and not is_html(response):
            reason = "redirected" if response.meta.get("redirects") else "ok"
        row = check_row(
            response.meta["origin"], site.key, reason, response, response.meta.get("redirects")
        )
        self.write_check(row)

    def write_check(self, row: dict[str, Any]) -> None:
        stats = self.ctx.site_stats(row["site_key"])
        stats.checks += 1
        stats.errors += 0 if row["ok"] else 1
        self.ctx.reasons[row["reason"]] += 1
        self.ctx.writer.add({"checks": [row]})

    def on_failure(self, failure: Failure) -> Iterator[Request]:
        request = failure.request
        meta = request.meta
        site = self.sites[meta["site_key"]]
        self.ctx.site_stats(site.key).done += 1
        self.received.pop(id(request), None)
        if meta["kind"] == "probe":
            self.fingerprints[site.key] = None
            yield from self.start_site(site)
            return
        reason = reason_for_failure(failure)
        self.write_check(check_row(meta["origin"], site.key, reason, None, meta.get("redirects")))

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
    def on_headers(self, headers: Any, body_length: int, request: Request, spider: Any) -> None:
        """Checks stop after the headers unless the body is HTML (an error page to sniff)."""
        if spider is not self or request.meta.get("kind") != "check":
            return
        kind = (headers.get(b"Content-Type") or b"").decode("latin-1").lower()
        if "html" not in kind:
            raise StopDownload(fail=False)

    def on_bytes(self, data: bytes, request: Request, spider: Any) -> None:
        if spider is not self or request.meta.get("kind") != "check":
            return
        seen = self.received.get(id(request), 0) + len(data)
        self.received[id(request)] = seen
        if seen > CHECK_BODY_LIMIT:
            raise StopDownload(fail=False)

    def on_closed(self, spider: Any, reason: str) -> None:
        if spider is self:
            self.ctx.writer.flush()
            if reason != "finished":
                self.ctx.interrupted = True
