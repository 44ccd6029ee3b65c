"""Revalidation against the previous run of the same inspection (conditional requests).

A repeat inspection asks each server "changed since?" with the ETag and Last-Modified it
stored last time.  A 304 answer costs a few hundred bytes instead of a 30 KB page: the page's
stored row, links, check verdict and tampering hits are copied into the new run without
parsing, and the crawl continues through the copied links as if the page had been fetched.
A link whose previous verdict was OK and younger than [crawl] recheck_ok_links_after_hours is
not asked at all: its verdict is kept with its original checked_at.  Pages and broken links
are always asked again, so changes and fixes are seen.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Request, Response
from scrapy.utils.url import strip_url

from auditor.crawl.scope import is_crawlable
from auditor.inspection.file import Site
from auditor.net.urls import is_http, is_malformed
from auditor.spiders.parts import SpiderPart
from auditor.spiders.previous import Previous
from auditor.store import COPIED, now_iso
from auditor.store.crawl import HELD_LINK_COLUMNS
from auditor.store.records import CheckRow

REVALIDATED_KINDS = ("page", "check")
ELSEWHERE = 8_192  # links to other spiders' pages remembered (strings), then forgotten at once


def carries_validators(request: Request) -> bool:
    """A conditional request: it asks "changed since?" with a stored ETag or date."""
    sent = request.headers
    return b"If-None-Match" in sent or b"If-Modified-Since" in sent


def is_revalidated(response: Response) -> bool:
    """A 304 to a request that carried validators (a bare 304 is checked like any status)."""
    if response.status != 304 or response.request is None:
        return False
    return carries_validators(response.request)


def _renewed(check: CheckRow, site_key: str) -> dict[str, Any]:
    return {**check, "site_key": site_key, "checked_at": now_iso()}


class Revalidation(SpiderPart):
    """A spider's side of a repeat inspection: validators on its requests, kept verdicts,
    and the copy of the previous run's rows on a 304.  Owned by the spider, which gives it
    its request factory and link routing instead of being reached into."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        # stored links to pages another spider crawls: each page of a district links the
        # homes of other sites, never claimed here, so each was canonicalised and routed
        # to nothing again on every page (about half of the stored targets not yet claimed)
        self.elsewhere: set[str] = set()

    def headers(self, url: str, kind: str, meta: dict[str, Any]) -> dict[str, str]:
        """Validators for a first request (never a redirect hop or a forced refetch)."""
        previous = self.ctx.previous
        if previous is None or kind not in REVALIDATED_KINDS:
            return {}
        if meta.get("redirects") or meta.get("fresh"):
            return {}
        return previous.headers(url)

    def keep_verdict(self, url: str, site: Site) -> bool:
        """Keep the previous run's young OK verdict on a link instead of checking it again;
        its checked_at stays the time it was really checked.  The store copies the row
        (Verdicts.write_kept); a URL some walk already waits for (a URL kept as soon as it
        is claimed never has one) or a row not copied as is is read and written back, which
        releases the walk."""
        previous = self.ctx.previous
        copied = previous.keeps(url) if previous is not None else None
        if previous is None or copied is None:
            return False
        if copied and url not in self.ctx.links.waiters:
            self.verdicts.write_copied(url, site.key, previous.run_id)
        elif (row := previous.kept_check(url)) is not None:
            self.verdicts.write_check({**row, "site_key": site.key})
        else:
            return False
        self.ctx.site_stats(site.key).kept += 1
        return True

    def own_links(self, page: dict[str, Any], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The link rows to write for a page fetched in full: none when the earlier run's
        page at the same URL has exactly these rows, whose holder the page then names
        (`links_run`) as a 304's copy does.  A page whose text changed (a correction, a
        visit counter, the day's date) usually keeps every link: its ~50 rows are then not
        written again, and the run's links stay a copy of the earlier run's, which spares
        classify's anchors and site health's link reads (docs/design-links-run.md)."""
        previous = self.ctx.previous
        if previous is None:
            return rows
        held = previous.store.held_links(previous.run_id, page["url"])
        if held is None:
            return rows
        holder, stored = held
        if len(stored) != len(rows):
            return rows
        for row, kept in zip(rows, stored, strict=True):
            if tuple(map(row.get, HELD_LINK_COLUMNS)) != kept:
                return rows
        page["links_run"] = holder
        return []

    def reuse(self, response: Response, site: Site) -> Iterator[Request]:
        """Copy the previous run's rows for a 304 answer and follow the stored links."""
        meta = response.meta
        url = meta["origin"]
        previous = self.ctx.previous
        if previous is None:
            yield self.refetch(response, site)
            return
        # a plain OK verdict is copied by the store, unread; others are read (and written
        # back renewed), as is one a walk waits for, which writing the row releases
        copied = previous.plain_ok.copied(url) and url not in self.ctx.links.waiters
        check = None if copied else previous.store.check_for_reuse(previous.run_id, url)
        # a soft 404's links are not followed: only whether its page is stored is asked
        soft_404 = check is not None and check["reason"] == "soft_404"
        stored = previous.store.stored_targets(previous.run_id, url, links=not soft_404)
        if stored is None and check is None and not copied:
            yield self.refetch(response, site)
            return
        self.ctx.site_stats(site.key).reused += 1
        if stored is not None:
            yield from self._reuse_page(previous, check, copied, stored, meta, site)
        else:
            self._renew(previous, url, check, copied, site)

    def _renew(
        self, previous: Previous, url: str, check: CheckRow | None, copied: bool, site: Site
    ) -> None:
        """The 304's own verdict, checked now; it releases walks waiting on this URL."""
        if copied:
            self.verdicts.write_copied(url, site.key, previous.run_id, now_iso())
        elif check is not None:
            self.verdicts.write_check(_renewed(check, site.key))

    def _reuse_page(
        self,
        previous: Previous,
        check: CheckRow | None,
        copied: bool,
        stored: list[tuple[str, str, str, str]],
        meta: dict[str, Any],
        site: Site,
    ) -> Iterator[Request]:
        url, depth = meta["origin"], meta["crawl_depth"]
        copy = {"url": url, "site_key": site.key, "depth": depth, "from_run": previous.run_id}
        self.ctx.writer.add({COPIED: [copy]})
        self.ctx.site_stats(site.key).pages += 1
        self._renew(previous, url, check, copied, site)
        if check is not None and check["reason"] == "soft_404":
            return
        # Most stored targets (navigation) are claimed by now: SiteSpider.route makes nothing
        # of a claimed well-formed URL, so only the others are routed (a malformed one still
        # goes through route, which records it once).
        claimed, elsewhere = self.ctx.claimed, self.elsewhere
        fresh = [
            row
            for row in stored
            if (row[0] not in elsewhere or row[1] != "a")
            and (row[0] not in claimed or is_malformed(row[0]))
        ]
        for target, tag, listing_date, anchor in fresh:
            if not self.another_spiders(target, tag or "a"):
                yield from self.route(
                    target, tag or "a", site, depth, listing_date, url, anchor or ""
                )

    def another_spiders(self, url: str, tag: str) -> bool:
        """A well-formed link to a page another spider crawls, which SiteSpider.route makes
        nothing of, whether claimed or not; remembered for the next page that links it."""
        if tag != "a" or not is_http(url) or is_malformed(url):
            return False
        owner = self.ctx.scope.owner(url)
        if owner is None or owner.key in self.verdicts.sites or not is_crawlable(url, tag):
            return False
        if len(self.elsewhere) >= ELSEWHERE:
            self.elsewhere.clear()
        self.elsewhere.add(url)
        return True

    def refetch(self, response: Response, site: Site) -> Request:
        """A 304 for something the previous run did not keep: ask again without validators."""
        meta = response.meta
        return self.request(
            meta["origin"],
            site,
            meta["kind"],
            meta["crawl_depth"],
            meta["listing_date"],
            # the Referer Scrapy's RefererMiddleware would add, said here: a 304 answered on
            # the lean path (spiders/lean.py) skips the spider middlewares
            strip_url(response.url),
            fresh=True,
            dont_filter=True,
        )
