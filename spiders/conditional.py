"""Revalidation against the previous run of the same inspection (conditional requests).

A repeat inspection asks each server "changed since?" with the ETag and Last-Modified it
stored last time.  A 304 answer costs a few hundred bytes instead of a 30 KB page: the page's
stored row, links, check verdict and tampering hits are copied into the new run without
parsing, and the crawl continues through the copied links as if the page had been fetched.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scrapy.http import Request, Response

from auditor.inspection import Site
from auditor.store import Store, now_iso

if TYPE_CHECKING:
    from spiders.site import SiteSpider

REVALIDATED_KINDS = ("page", "check")


@dataclass(frozen=True)
class Previous:
    """The earlier run a crawl revalidates against."""

    store: Store
    run_id: int

    def headers(self, url: str) -> dict[str, str]:
        found = self.store.validators(self.run_id, url)
        if found is None:
            return {}
        etag, modified = found
        out = {"If-None-Match": etag} if etag else {}
        if modified:
            out["If-Modified-Since"] = modified
        return out


def conditional_headers(
    previous: Previous | None, url: str, kind: str, meta: dict[str, Any]
) -> dict[str, str]:
    """Validators for a first request (never a redirect hop or a forced refetch)."""
    if previous is None or kind not in REVALIDATED_KINDS:
        return {}
    if meta.get("redirects") or meta.get("fresh"):
        return {}
    return previous.headers(url)


def is_revalidated(response: Response) -> bool:
    """A 304 to a request that carried validators (a bare 304 is checked like any status)."""
    if response.status != 304 or response.request is None:
        return False
    sent = response.request.headers
    return "If-None-Match" in sent or "If-Modified-Since" in sent


def reuse(spider: SiteSpider, response: Response, site: Site) -> Iterator[Request]:
    """Copy the previous run's rows for a 304 answer and follow the stored links."""
    meta = response.meta
    url = meta["origin"]
    previous = spider.ctx.previous
    stored = previous.store.stored_fetch(previous.run_id, url) if previous else {}
    if not stored.get("pages") and not stored.get("checks"):
        yield refetch(spider, response, site)
        return
    stats = spider.ctx.site_stats(site.key)
    stats.reused += 1
    if not stored["pages"]:
        spider.write_check(_renewed(stored["checks"][0], site.key))
        return
    yield from _reuse_page(spider, stored, meta, site)


def _reuse_page(
    spider: SiteSpider, stored: dict[str, list[dict[str, Any]]], meta: dict[str, Any], site: Site
) -> Iterator[Request]:
    page = {**stored["pages"][0], "site_key": site.key, "depth": meta["crawl_depth"]}
    checks = [_renewed(row, site.key) for row in stored["checks"]]
    spider.ctx.writer.add({**stored, "pages": [page], "checks": []})
    spider.ctx.site_stats(site.key).pages += 1
    for row in checks:
        spider.write_check(row)  # releases redirect walks waiting on this URL
    if any(row["reason"] == "soft_404" for row in checks):
        return
    for link in stored["links"]:
        yield from spider.route(
            link["target"],
            link["tag"] or "a",
            site,
            meta["crawl_depth"],
            link["listing_date"],
            page["url"],
            link["anchor"] or "",
        )


def _renewed(check: dict[str, Any], site_key: str) -> dict[str, Any]:
    return {**check, "site_key": site_key, "checked_at": now_iso()}


def refetch(spider: SiteSpider, response: Response, site: Site) -> Request:
    """A 304 for something the previous run did not keep: ask again without validators."""
    meta = response.meta
    return spider.request(
        meta["origin"],
        site,
        meta["kind"],
        meta["crawl_depth"],
        meta["listing_date"],
        fresh=True,
        dont_filter=True,
    )
