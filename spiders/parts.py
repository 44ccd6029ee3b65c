"""What the site spider gives the helpers it owns (revalidation, listing walks, stylesheet
reading): its request factory and its link routing, as typed callables, so a helper never
reaches into the spider and the spider's signatures are written down once, in spiders/site.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from scrapy.http import Request

from auditor.inspection.file import Site

if TYPE_CHECKING:
    from auditor.spiders.context import CrawlContext
    from auditor.spiders.verdicts import Verdicts

# SiteSpider.request(url, site, kind, depth, listing_date=None, referer=None, boost=0, **meta)
Requester = Callable[..., Request]
# SiteSpider.route(url, tag, site, depth, listing_date, referer, anchor): what a link becomes
Router = Callable[[str, str, Site, int, str | None, str | None, str], Iterator[Request]]


class SpiderPart:
    """A helper the site spider owns: the shared crawl context, the spider's one writer of
    check rows, and the spider's request factory and link routing."""

    def __init__(self, ctx: CrawlContext, verdicts: Verdicts, request: Requester, route: Router):
        self.ctx = ctx
        self.verdicts = verdicts
        self.request = request
        self.route = route
