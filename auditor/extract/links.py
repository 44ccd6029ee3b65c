"""Every URL a page points to, from markup and from the JavaScript CMS templates use for links.

Anchors, image maps, meta refresh, `onclick`/`href="javascript:"` handlers and inline scripts
with `window.open('…')` / `location.href='…'` literals, plus everything the page loads or cites
(`auditor/extract/embedded.py`: images, srcset, CSS url()/@import, scripts, stylesheets, icons,
plug-ins, frames, cite, og:image, JSON-LD, href/src on any element) so they can be checked.

http(s) URLs come back resolved against <base href> as a browser would request them
(`auditor/net/urls.py: request_url`); other schemes (mailto:, tel:, data:, ftp: …) come back as
written, to be recorded and never fetched; malformed http(s) URLs come back as written too,
to get their own verdict.  One Link per (url, tag), keeping the first non-empty text and date;
`attr` says which attribute (or CSS/JSON-LD construct) the URL came from.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from lxml import etree

from auditor.extract import embedded
from auditor.extract.dates import find_date
from auditor.extract.document import Document
from auditor.extract.listing_rows import row_date
from auditor.extract.text import fold
from auditor.net.urls import resolve


class Link(NamedTuple):
    """A link as found: `date` is the ISO date printed beside it in a listing row, if any.
    A named tuple, not a frozen dataclass: a page makes ~50 of them, and a frozen dataclass
    sets each field through `object.__setattr__` (1.5 us a link against 0.4)."""

    url: str
    text: str
    tag: str
    date: str | None = None
    attr: str = ""


_JS_URL = re.compile(
    r"""(?:window\.open\s*\(\s*|(?<![\w$])location(?:\.href)?\s*=\s*"""
    r"""|location\.(?:replace|assign)\s*\(\s*|window\.navigate\s*\(\s*)"""
    r"""(['"])([^'"\s<>]+?)\1(?!\s*\+)"""
)
_REFRESH_URL = re.compile(r"""^\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?['"]?([^'"]+)""", re.I)
_MAX_SCRIPT = 50_000
_MAX_ROW_TEXT = 200
_MAX_DATA_URL = 256  # a data: URL is recorded up to its comma when longer (inline images)


def _anchor_text(el: etree._Element) -> str:
    text = fold("".join(el.itertext()))  # itertext gives only strings (texts and tails)
    if text:
        return text
    for img in el.iter("img"):
        text = fold(img.get("alt") or img.get("title") or "")
        if text:
            return text
    return fold(el.get("title") or "")


def _anchors(doc: Document):
    for el in doc.tree.iter("a", "area"):
        href = el.get("href")
        if not href:
            continue
        if href.strip().lower().startswith("javascript:"):
            yield from _js_links(href, _anchor_text(el))
            continue
        text = _anchor_text(el) if el.tag == "a" else embedded.label(el)
        date = row_date(el, text) if el.tag == "a" else None
        yield el.tag, "href", href, text, date


def _js_links(code: str, text: str, date: str | None = None):
    for match in _JS_URL.finditer(code):
        yield "js", "script", match.group(2), text, date


def _clickable_row(el: etree._Element) -> tuple[str, str | None]:
    """Text and date of a clickable element: `<tr onclick="window.open('…')">` rows in listings."""
    if el.tag == "a":
        return _anchor_text(el), None
    text = _anchor_text(el)
    return (text, find_date(text)) if len(text) <= _MAX_ROW_TEXT else ("", None)


_ONCLICK = etree.XPath("//*[@onclick]")  # compiled once: `tree.xpath` compiles on every call


def _handlers(doc: Document):
    for el in _ONCLICK(doc.tree):
        text, date = _clickable_row(el)
        yield from _js_links(el.get("onclick") or "", text, date)
    for el in doc.tree.iter("script"):
        if not el.get("src") and el.text:
            yield from _js_links(el.text[:_MAX_SCRIPT], "")


def _embedded(doc: Document):
    for source in embedded.SOURCES:
        for tag, attr, href, text in source(doc):
            yield tag, attr, href, text, None


def _refreshes(doc: Document):
    for el in doc.tree.iter("meta"):
        if (el.get("http-equiv") or "").strip().lower() == "refresh":
            match = _REFRESH_URL.match(el.get("content") or "")
            if match and not match.group(1).strip().isdigit():
                yield "meta-refresh", "http-equiv", match.group(1).strip(), "", None


def _collect(doc: Document) -> list[Link]:
    found: dict[tuple[str, str], Link] = {}
    for source in (_anchors, _handlers, _refreshes, _embedded):
        for tag, attr, href, text, date in source(doc):
            url = resolve(doc.base_url, href, doc.encoding)
            if url is None:
                continue
            if url[:5].lower() == "data:" and len(url) > _MAX_DATA_URL:
                url = url.split(",", 1)[0]
            key = (url, tag)
            old = found.get(key)
            if old is None:
                found[key] = Link(url, text, tag, date, attr)
            elif (not old.text and text) or (not old.date and date):
                found[key] = old._replace(text=old.text or text, date=old.date or date)
    return list(found.values())


def extract_links(doc: Document) -> list[Link]:
    """All distinct links of the page, in document order per kind."""
    return list(doc.memo("links", _collect))
