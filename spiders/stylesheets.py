"""Links inside linked stylesheets: a page's CSS file is fetched (up to the check body limit)
and its `url()` and `@import` are checked like the page's own links.

A stylesheet's images and fonts break as surely as the page's, and government templates keep
their backgrounds and icons in one shared CSS file: reading it is the only way to see them.
URLs resolve against the stylesheet (as browsers do), are stored as links whose `source` is
the stylesheet, and imported stylesheets are read in turn (each URL is claimed once per run).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from scrapy.http import Request, Response, TextResponse

from auditor.extract.embedded import css_urls
from auditor.extract.links import Link
from auditor.net.filetypes import extension
from auditor.net.urls import resolve

STYLESHEET_TAGS = frozenset({"link", "css"})

if TYPE_CHECKING:
    from auditor.spiders.parts import Router
    from auditor.spiders.verdicts import Verdicts


def is_stylesheet(url: str, tag: str) -> bool:
    """A link whose answer is read as CSS: a <link> or CSS @import/url() of a .css file."""
    return tag in STYLESHEET_TAGS and extension(url) == "css"


def is_css_answer(response: Response) -> bool:
    kind = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
    return "css" in kind or (not kind and extension(response.url) == "css")


class StylesheetReader:
    """The links of a fetched stylesheet, stored as link rows of the stylesheet's URL and
    routed like a page's links; the site spider owns one."""

    def __init__(self, ctx: Any, verdicts: Verdicts, route: Router) -> None:
        self.ctx = ctx
        self.verdicts = verdicts
        self.route = route

    def links(self, response: Response, site: Any) -> Iterator[Request]:
        meta = response.meta
        if not (meta.get("stylesheet") and response.status < 300 and is_css_answer(response)):
            return
        source = meta["origin"]
        text = (
            response.text
            if isinstance(response, TextResponse)
            else response.body.decode("utf-8", "replace")
        )
        links: dict[str, Link] = {}
        for attr, href in css_urls(text):
            url = resolve(response.url, href)
            if url is not None and url not in links:
                links[url] = Link(url, "", "css", None, attr)
        if not links:
            return
        rows = [self.verdicts.link_row(source, link, site) for link in links.values()]
        self.ctx.writer.add({"links": rows})
        for link in links.values():
            yield from self.route(
                link.url, link.tag, site, meta["crawl_depth"], None, source, ""
            )
