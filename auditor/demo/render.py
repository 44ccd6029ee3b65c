"""Jinja2 rendering of demo pages, with each site's own encoding and header/meta charset quirks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from auditor.demo.sites import SiteSpec

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "data"),
    autoescape=True,
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
)
NEWS_COLUMNS = frozenset({"gzdt", "hbdt", "spdt", "fgdt", "xwdt"})


@dataclass(frozen=True)
class Resource:
    """One HTTP answer of the demo world."""

    status: int
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    modified: dt.date | None = None
    location: str = ""
    delay: float = 0.0
    kind: str = "page"  # page | asset | attachment | robots | error | soft404 | redirect | slow
    headers: tuple[tuple[str, str], ...] = field(default=())


def charsets(site: SiteSpec, flags: frozenset[str]) -> tuple[str, str]:
    """(Content-Type header, meta charset or "") for a page of this site."""
    if site.encoding == "utf-8":
        return "text/html; charset=utf-8", "utf-8"
    if "enc:meta" in flags:
        return "text/html", "gb2312"
    if "enc:iso" in flags:
        return "text/html; charset=iso-8859-1", "gb2312"
    if "enc:bare" in flags:
        return "text/html", ""
    return "text/html; charset=gbk", "gb2312"


def render_page(
    template: str,
    site: SiteSpec,
    page: dict[str, Any],
    modified: dt.date | None,
    flags: frozenset[str] = frozenset(),
) -> Resource:
    """Render a page of `site` and encode it the way the site's server would send it."""
    header, meta = charsets(site, flags)
    page = {
        "meta_charset": meta,
        "base_href": "",
        "meta": (),
        "refresh": "",
        "hidden_links": (),
        "crumbs": (),
        **page,
    }
    text = _ENV.get_template(template).render(
        site=site, style=site.style, site_base=site.style.base, page=page
    )
    return Resource(200, text.encode(site.encoding), header, modified)


def render_error(
    site: SiteSpec, status: int, title: str, message: str, home: str = "", kind: str = "error"
) -> Resource:
    charset = "gbk" if site.encoding == "gbk" else "utf-8"
    text = _ENV.get_template("error.html").render(
        charset=charset, title=title, message=message, home=home
    )
    return Resource(status, text.encode(charset), f"text/html; charset={charset}", kind=kind)


def stylesheet() -> Resource:
    css = (Path(__file__).parent / "data" / "style.css").read_bytes()
    return Resource(200, css, "text/css", dt.date(2013, 6, 1), kind="asset")
