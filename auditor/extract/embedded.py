"""URLs a page loads or cites besides its anchors: what a link checker must see too.

Images (`src`, `srcset`, `<picture><source>`, `poster`, `background`), scripts, stylesheets and
icons (`<link>`), CSS `url()` and `@import` (in `style` attributes and `<style>` blocks),
plug-ins (`<object data/codebase/archive>`, `<embed src>`, `<applet code/archive>`), frames,
`cite` (blockquote, q, ins, del…), `<meta>` whose content is a URL (og:image, twitter:image…),
URLs in JSON-LD, and `href`/`src` on any other element (custom elements, SVG `xlink:href`).

Each item is (tag, attr, href as written, text): `attr` names where the URL came from, so the
report can say 图片, 样式表, 脚本… Nothing here is executed; scripts are read as text only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import urljoin

from lxml import etree

from auditor.extract.document import Document
from auditor.extract.text import fold

Item = tuple[str, str, str, str]

# `<link rel=…>` that names a host to warm up, not a resource the page uses.
SKIP_REL = frozenset({"dns-prefetch", "preconnect", "prefetch", "prerender", "modulepreload"})
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s'"]*))\s*\)""", re.I)
_CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_ARCHIVE_SPLIT = re.compile(r"[\s,]+")
_MAX_CSS = 200_000
_MAX_JSON = 200_000
# Attributes holding one URL, on whatever element they appear (custom elements included).
_URL_ATTRS = (
    "href",
    "src",
    "data",
    "poster",
    "cite",
    "background",
    "xlink:href",
    "formaction",
    "manifest",
)
_HANDLED = frozenset({"a", "area", "base", "link", "meta", "form"})
# Every attribute `_element_urls` reads a URL from: an element with none of them (most of a
# page: div, span, p, td…) yields nothing and is skipped before its label is folded (profiled).
_LINKING = frozenset((*_URL_ATTRS, "srcset", "archive", "code", "codebase", "style"))
_ARCHIVE_TAGS = frozenset({"object", "applet"})


def css_urls(css: str) -> list[tuple[str, str]]:
    """(attr, url) of every `url(…)` and `@import "…"` of a piece of CSS, in order."""
    css = _CSS_COMMENT.sub("", css[:_MAX_CSS])
    found = [
        (m.start(), "url()", "".join(g or "" for g in m.groups())) for m in _CSS_URL.finditer(css)
    ]
    found += [
        (m.start(), "@import", (m.group(1) or m.group(2) or "")) for m in _CSS_IMPORT.finditer(css)
    ]
    return [(attr, url.strip()) for _, attr, url in sorted(found) if url.strip()]


def srcset_urls(srcset: str) -> list[str]:
    """The candidate URLs of a `srcset` (HTML's parsing rules: a URL is a run of
    non-space characters; trailing commas end it; descriptors run to the next comma)."""
    urls: list[str] = []
    pos, size = 0, len(srcset)
    while pos < size:
        while pos < size and (srcset[pos].isspace() or srcset[pos] == ","):
            pos += 1
        start = pos
        while pos < size and not srcset[pos].isspace():
            pos += 1
        url = srcset[start:pos]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            depth = 0
            while pos < size and (srcset[pos] != "," or depth):
                depth += {"(": 1, ")": -1}.get(srcset[pos], 0)
                pos += 1
        if url:
            urls.append(url)
    return urls


def label(el: etree._Element) -> str:
    return fold(el.get("alt") or el.get("title") or el.get("name") or "")


def _plugin_urls(el: etree._Element, tag: str, text: str) -> Iterator[Item]:
    """<object>/<applet>: `archive` (a list) and `code` resolve against `codebase`, which is
    a link of its own only when nothing is loaded from it."""
    codebase = (el.get("codebase") or "").strip()
    loaded = [("archive", u) for u in _ARCHIVE_SPLIT.split(el.get("archive") or "") if u]
    if tag == "applet" and el.get("code"):
        loaded.append(("code", el.get("code") or ""))
    for attr, url in loaded:
        yield tag, attr, urljoin(codebase, url) if codebase else url, text
    if codebase and not loaded:
        yield tag, "codebase", codebase, text


def _element_urls(el: etree._Element) -> Iterator[Item]:
    tag = el.tag.lower()
    text = "" if tag == "script" else label(el)
    for attr in _URL_ATTRS:
        value = el.get(attr)
        if value and value.strip() and (attr != "data" or tag == "object"):
            yield tag, attr, value, text
    if el.get("srcset"):
        for url in srcset_urls(el.get("srcset") or ""):
            yield tag, "srcset", url, text
    if tag in _ARCHIVE_TAGS:
        yield from _plugin_urls(el, tag, text)
    if el.get("style"):
        for _, url in css_urls(el.get("style") or ""):
            yield "css", "style", url, text


def elements(doc: Document) -> Iterator[Item]:
    """URL attributes of every element that is not an anchor, <link> or <meta>."""
    for el in doc.tree.iter(etree.Element):
        keys = el.keys()
        if not keys:  # most of a page (p, li, td…): nothing to read, skipped before its tag
            continue
        tag = el.tag  # lxml builds a new string at each read
        if not isinstance(tag, str) or tag.lower() in _HANDLED:
            if isinstance(tag, str) and el.get("style"):
                for _, url in css_urls(el.get("style") or ""):
                    yield "css", "style", url, ""
            continue
        if not _LINKING.isdisjoint(keys):
            yield from _element_urls(el)


def style_blocks(doc: Document) -> Iterator[Item]:
    for el in doc.tree.iter("style"):
        for attr, url in css_urls(el.text or ""):
            yield "css", attr, url, ""


def link_elements(doc: Document) -> Iterator[Item]:
    """`<link href>` except the hints that only warm up a host (dns-prefetch, preconnect…)."""
    for el in doc.tree.iter("link"):
        rels = set((el.get("rel") or "").lower().split())
        href = el.get("href")
        if href and href.strip() and not rels & SKIP_REL:
            yield "link", " ".join(sorted(rels)) or "href", href, ""


def meta_urls(doc: Document) -> Iterator[Item]:
    """`<meta content>` that is an absolute URL (og:image, twitter:image, og:url…), and the
    `href` some old templates put on <meta>."""
    for el in doc.tree.iter("meta"):
        name = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip()
        content = (el.get("content") or "").strip()
        if content.lower().startswith(("http://", "https://")) and name:
            yield "meta", name.lower(), content, ""
        if el.get("href"):
            yield "meta", "href", el.get("href") or "", ""


def _json_strings(value: object, key: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for name, item in value.items():
            if not str(name).startswith("@"):  # @context, @type, @id: vocabulary, not links
                yield from _json_strings(item, str(name))
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item, key)
    elif isinstance(value, str) and value.strip().lower().startswith(("http://", "https://")):
        yield value.strip()


def json_ld(doc: Document) -> Iterator[Item]:
    """Absolute URLs among the values of `<script type="application/ld+json">` (read as data)."""
    for el in doc.tree.iter("script"):
        if (el.get("type") or "").strip().lower() != "application/ld+json" or not el.text:
            continue
        try:
            data = json.loads(el.text[:_MAX_JSON])
        except ValueError:
            continue
        for url in _json_strings(data):
            yield "json-ld", "json-ld", url, ""


SOURCES = (link_elements, elements, style_blocks, meta_urls, json_ld)
