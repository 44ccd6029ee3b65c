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

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scrapy.http import Request, Response

from auditor.inspection.file import Site
from auditor.store import COPIED, Store, now_iso
from auditor.store.records import CheckRow

if TYPE_CHECKING:
    from auditor.spiders.site import SiteSpider

REVALIDATED_KINDS = ("page", "check")


@dataclass(frozen=True)
class Previous:
    """The earlier run a crawl revalidates against."""

    store: Store
    run_id: int
    keep_ok_hours: float = 0.0  # [crawl] recheck_ok_links_after_hours

    def kept_check(self, url: str) -> CheckRow | None:
        """The previous OK verdict on a checked link, if it is young enough to keep.  Only a
        plain "ok" without redirects: a walk's hops would need verdicts of their own."""
        if self.keep_ok_hours <= 0:
            return None
        row = self.store.check_for_reuse(self.run_id, url)
        if row is None or row["reason"] != "ok" or row.get("redirects"):
            return None
        return row if _younger_than(row.get("checked_at"), self.keep_ok_hours) else None

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


def _younger_than(stamp: str | None, hours: float) -> bool:
    try:
        checked = dt.datetime.fromisoformat(stamp or "")
    except ValueError:
        return False
    if checked.tzinfo is None:
        checked = checked.astimezone()
    age = dt.datetime.now(dt.UTC) - checked
    return dt.timedelta(0) <= age < dt.timedelta(hours=hours)


def keep_verdict(spider: SiteSpider, url: str, site: Site) -> bool:
    """Write the previous run's young OK verdict on a link instead of checking it again;
    its checked_at stays the time it was really checked."""
    previous = spider.ctx.previous
    row = previous.kept_check(url) if previous is not None else None
    if row is None:
        return False
    spider.ctx.site_stats(site.key).kept += 1
    spider.write_check({**row, "site_key": site.key})
    return True


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
    if previous is None:
        yield refetch(spider, response, site)
        return
    page = previous.store.has_page(previous.run_id, url)
    check = previous.store.check_for_reuse(previous.run_id, url)
    if not page and check is None:
        yield refetch(spider, response, site)
        return
    spider.ctx.site_stats(site.key).reused += 1
    if page:
        yield from _reuse_page(spider, previous, check, meta, site)
    elif check is not None:
        spider.write_check(_renewed(check, site.key))


def _reuse_page(
    spider: SiteSpider,
    previous: Previous,
    check: CheckRow | None,
    meta: dict[str, Any],
    site: Site,
) -> Iterator[Request]:
    url, depth = meta["origin"], meta["crawl_depth"]
    copy = {"url": url, "site_key": site.key, "depth": depth, "from_run": previous.run_id}
    spider.ctx.writer.add({COPIED: [copy]})
    spider.ctx.site_stats(site.key).pages += 1
    if check is not None:
        spider.write_check(_renewed(check, site.key))  # releases walks waiting on this URL
        if check["reason"] == "soft_404":
            return
    for target, tag, listing_date, anchor in previous.store.stored_targets(previous.run_id, url):
        yield from spider.route(target, tag or "a", site, depth, listing_date, url, anchor or "")


def _renewed(check: CheckRow, site_key: str) -> dict[str, Any]:
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
