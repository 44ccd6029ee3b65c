"""The one place a page is parsed: bytes -> decoded text -> lxml tree, once per page.

Every extractor works on the `Document`; results that several extractors need (text lines,
links) are memoised in its private cache so the spider can call `extract_links` and
`extract_facts` on the same document without walking the tree twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import lxml.html
from lxml import etree

from auditor.extract.encoding import decode_html
from auditor.net.urls import as_requested, join_url

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
# libxml2 drops everything after </html>, and CMS templates that include whole header and
# footer pages close <html> early: the end tags carry no information, so they go.
_DOCUMENT_END = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
_PARSER = etree.HTMLParser(recover=True, no_network=True, huge_tree=True)
# lxml.html's own parser picks each element's class in a Python callback (form controls get
# their own classes), run every time an extractor touches an element (8% of extraction CPU,
# profiled); auditor uses no form-control API, so every element is a plain HtmlElement,
# looked up in C.
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)
_EMPTY = "<html><head></head><body></body></html>"


@dataclass(frozen=True, eq=False)
class Document:
    """A parsed page. `base_url` honours <base href>; `tree` is the lxml.html root."""

    url: str
    text: str
    encoding: str
    tree: lxml.html.HtmlElement
    base_url: str
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def memo(self, key: str, compute: Any) -> Any:
        """Compute once per document (the dataclass is frozen; its cache is not)."""
        if key not in self.cache:
            self.cache[key] = compute(self)
        return self.cache[key]


def _clean(text: str) -> str:
    if _CONTROL_CHARS.search(text):
        text = _CONTROL_CHARS.sub("", text)
    return _DOCUMENT_END.sub("", _XML_DECLARATION.sub("", text, count=1))


def _parse_tree(text: str) -> lxml.html.HtmlElement:
    try:
        root = etree.fromstring(text or _EMPTY, _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        root = None
    if root is None or not isinstance(root.tag, str):
        root = etree.fromstring(_EMPTY, _PARSER)
    return root


def _base_url(tree: lxml.html.HtmlElement, url: str) -> str:
    """The first <base href> that resolves.  Read with `iter`, not the XPath `//base/@href`:
    libxml2 builds the whole node set for `//` (~15 us a page against ~1, measured)."""
    hrefs = (el.get("href") for el in tree.iter("base"))
    for href in (h for h in hrefs if h is not None):
        resolved = join_url(url, href)
        if resolved:
            return resolved
    return url


def parse_document(body: bytes, url: str, header_encoding: str | None = None) -> Document:
    """Decode and parse a page body; never raises on broken, empty or hostile markup."""
    text, encoding = decode_html(body or b"", header_encoding)
    text = _clean(text)
    tree = _parse_tree(text)
    url = as_requested(url)  # one no browser would request stays as given
    return Document(url, text, encoding, tree, _base_url(tree, url))
