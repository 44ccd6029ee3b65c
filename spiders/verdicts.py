"""How a site spider writes verdicts: redirect walks, fragments and link rows.

A redirect walk is the chain of hops from a linked URL to its final answer.  Every URL the walk
claimed (the linked URL and each hop target nobody else had claimed) gets its own verdict row
when the walk ends; a hop into a URL claimed elsewhere parks the walk until that URL's verdict
is written, so no URL is fetched twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.http import Response

from auditor.crawl.linkbook import (
    FragmentLink,
    Waiter,
    anchor_names,
    compose,
    fragment_links,
)
from auditor.crawl.scope import is_crawlable
from auditor.extract.document import Document
from auditor.extract.links import Link
from auditor.net.reasons import ok_value
from auditor.spiders.records import check_row
from auditor.store import KEPT, now_iso

if TYPE_CHECKING:
    from auditor.inspection.file import Site
    from auditor.spiders.context import CrawlContext

PAGE_LINK_TAGS = ("a", "area")


class Verdicts:
    """The one place a site spider's check rows are written; the spider owns one, shared
    with its revalidation (spiders/conditional.py), listing and stylesheet readers."""

    def __init__(self, ctx: CrawlContext, sites: dict[str, Site]) -> None:
        self.ctx = ctx
        self.sites = sites  # the spider's sites: its parked walks are settled at close
        # the last page's fragment links: its link rows and its fragment judging both read
        # them (one walk over the page's <a>s instead of three)
        self._fragments: tuple[Document, list[FragmentLink]] | None = None

    @property
    def max_redirects(self) -> int:
        """The inspection's cap on a redirect chain, joined walks included."""
        return self.ctx.inspection.crawl.max_redirects

    def write_check(self, row: dict[str, Any]) -> None:
        """Write a verdict, then the verdicts of the walks that waited for it."""
        row["ok"] = self._counted(row["site_key"], row["reason"])
        self.ctx.writer.add({"checks": [row]})
        for waiter in self.ctx.links.remember(row):
            for member, chain in waiter.members:
                self.write_check(compose(member, chain, row, waiter.site_key, self.max_redirects))

    def write_copied(
        self, url: str, site_key: str, from_run: int, checked_at: str | None = None
    ) -> None:
        """A plain OK verdict of run `from_run`, which the store copies in SQL (KEPT) with
        this site's key and `checked_at` (a 304's page: now) or its own (a kept link):
        counted as written, held in memory without its row (LinkState.remember_copied); no
        walk waits for it (the caller makes sure)."""
        ok = self._counted(site_key, "ok")
        row = {"url": url, "site_key": site_key, "ok": ok, "checked_at": checked_at}
        self.ctx.writer.add({KEPT: [{**row, "from_run": from_run}]})
        self.ctx.links.remember_copied(url, site_key, checked_at)

    def _counted(self, site_key: str, reason: str) -> int | None:
        """Count a verdict in the site's and the run's figures; its `ok` value."""
        ok = ok_value(reason)
        stats = self.ctx.site_stats(site_key)
        stats.checks += 1
        stats.errors += 1 if ok == 0 else 0
        self.ctx.reasons[reason] += 1
        return ok

    # redirect walks -----------------------------------------------------------------------
    def finish_walk(self, meta: dict[str, Any], final: dict[str, Any]) -> None:
        """Verdict rows for every URL the walk owns, from the verdict on its last URL."""
        chain = meta.get("redirects") or []
        owned = set(meta.get("owned") or [meta["origin"]])
        if final["url"] in owned or not chain:
            self.write_check(final)
        for i, member in enumerate(chain):
            if member in owned and member != final["url"]:
                self.write_check(
                    compose(member, chain[i:], final, final["site_key"], self.max_redirects)
                )

    def join_walk(self, response: Response, chain: list[str], target: str) -> None:
        """The walk reached a URL claimed elsewhere: reuse its verdict, or wait for it."""
        meta, links = response.meta, self.ctx.links
        owned = set(meta.get("owned") or [meta["origin"]])
        members = [(m, chain[i:]) for i, m in enumerate(chain) if m in owned]
        known = links.verdict(target)
        if known is not None:
            for member, suffix in members:
                self.write_check(
                    compose(member, suffix, known, meta["site_key"], self.max_redirects)
                )
        elif members and not links.wait(target, Waiter(meta["site_key"], members)):
            current = chain[-1]
            loop = check_row(current, meta["site_key"], "redirect_loop", response, [current])
            self.finish_walk({**meta, "redirects": chain[:-1]}, loop)

    def settle_waiters(self) -> None:
        """At close: walks of this spider still parked get the stored verdict, if any."""
        links, store = self.ctx.links, self.ctx.writer.store
        self.ctx.writer.flush()
        for target, waiters in list(links.waiters.items()):
            mine = [w for w in waiters if w.site_key in self.sites]
            if not mine:
                continue
            links.waiters[target] = [w for w in waiters if w.site_key not in self.sites]
            found = store.check_of(self.ctx.run_id, target) or {}
            final = {"reason": "redirected", "redirects": [], "final_url": target, **found}
            for waiter in mine:
                for member, chain in waiter.members:
                    links.waits.pop(member, None)
                    self.write_check(
                        compose(member, chain, final, waiter.site_key, self.max_redirects)
                    )

    # pages --------------------------------------------------------------------------------
    def judge_fragments(self, doc: Document, urls: list[str], site: Site) -> None:
        """Fragments of a parsed (not soft-404) page (mixed content is judged after the crawl,
        see auditor.crawl.linkbook.mark_mixed_content)."""
        names = anchor_names(doc)
        for url in dict.fromkeys(urls):
            self.ctx.links.learn(url, names)
        fragments = self.fragment_links(doc)
        self._fragments = None  # the page is done: its tree is not kept
        for fragment in fragments:
            if self.fragment_checked(fragment):
                self.ctx.links.want(fragment, site.key)
        for url in {*urls, *(f.url for f in fragments)}:
            for row in self.ctx.links.fragment_rows(url, now_iso()):
                self.write_check(row)

    def fragment_links(self, doc: Document) -> list[FragmentLink]:
        """`fragment_links(doc)`, walked once per page (the list is only read)."""
        if self._fragments is None or self._fragments[0] is not doc:
            self._fragments = (doc, fragment_links(doc))
        return self._fragments[1]

    def fragment_checked(self, fragment: FragmentLink) -> bool:
        """Only fragments into inspected sites' pages: those are parsed, others never are."""
        return self.ctx.scope.owner(fragment.url) is not None and is_crawlable(fragment.url, "a")

    def record_malformed(self, url: str, site: Any) -> None:
        """A malformed http(s) link (`http:/x`, `http://host]`) gets its own verdict, once,
        without a request: no browser could follow it."""
        if self.ctx.claim(url):
            self.ctx.writer.add({"checks": [check_row(url, site.key, "malformed_url")]})

    def link_rows(
        self, source: str, doc: Document, links: list[Link], site: Site
    ) -> list[dict[str, Any]]:
        """One row per link, or per fragment when a page links to several parts of a URL."""
        fragments: dict[str, list[FragmentLink]] = {}
        for part in self.fragment_links(doc):
            fragments.setdefault(part.url, []).append(part)
        rows = []
        for link in links:
            parts = fragments.pop(link.url, []) if link.tag in PAGE_LINK_TAGS else []
            for fragment in [part.fragment for part in parts] or [""]:
                rows.append(self.link_row(source, link, site, fragment))
        for parts in fragments.values():  # links to a fragment of the page itself
            for part in parts:
                link = Link(part.url, part.text, "a", None, "href")
                rows.append(self.link_row(source, link, site, part.fragment))
        return rows

    def link_row(self, source: str, link: Any, site: Site, fragment: str = "") -> dict[str, Any]:
        owner = self.ctx.scope.owner(link.url)
        return {
            "site_key": site.key,
            "source": source,
            "target": link.url,
            "anchor": link.text,
            "tag": link.tag,
            "attr": link.attr,
            "internal": int(owner is not None and owner.key == site.key),
            "listing_date": link.date,
            "fragment": fragment,
        }
