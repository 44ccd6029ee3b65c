"""Listing discovery: the entries and pages a CMS publishes through scripts, read as text.

    found = discover(doc)               # Entry rows and Follow requests of every mechanism
    links = page_links(doc)             # extract_links(doc) plus the page's own entries
    got = answer(follow, body, url)     # what a proxy or API answer gave (Answer)

One module per mechanism (`trs`, `jpage`, `jsonapi`), each with `NAME`, `discover(doc)` and,
when it walks, `answer(follow, text, base_url)`; adding a mechanism is adding a module to
MECHANISMS.  No script is ever executed: calls, declarations, XML and JSON are read as text.
"""

from __future__ import annotations

from types import ModuleType

from auditor.extract.discover import jpage, jsonapi, trs
from auditor.extract.discover.base import Answer, Discovery, Entry, Follow
from auditor.extract.discover.honesty import page_why, walk_why
from auditor.extract.document import Document
from auditor.extract.encoding import decode_html
from auditor.extract.links import Link, extract_links

MECHANISMS: tuple[ModuleType, ...] = (trs, jpage, jsonapi)
_BY_NAME = {module.NAME: module for module in MECHANISMS}

__all__ = [
    "MECHANISMS",
    "Answer",
    "Discovery",
    "Entry",
    "Follow",
    "answer",
    "discover",
    "page_links",
    "page_why",
    "walk_why",
]


def discover(doc: Document) -> list[Discovery]:
    """Every mechanism's discoveries on one page (computed once per document)."""
    return doc.memo("discoveries", lambda d: [f for m in MECHANISMS for f in m.discover(d)])


def entries(doc: Document) -> list[Entry]:
    return [found for found in discover(doc) if isinstance(found, Entry)]


def follows(doc: Document) -> list[Follow]:
    return [found for found in discover(doc) if isinstance(found, Follow)]


def page_links(doc: Document) -> list[Link]:
    """The page's links with its script-published entries as anchors ("a" links with their
    listing dates), so a jpage or TRS column is a listing like an HTML one."""
    return doc.memo("page_links", _page_links)


def _page_links(doc: Document) -> list[Link]:
    links = extract_links(doc)
    known = {link.url for link in links if link.tag == "a"}
    extra = {e.url: entry_link(e) for e in entries(doc) if e.url not in known}
    return [*links, *extra.values()]


def entry_link(entry: Entry) -> Link:
    return Link(entry.url, entry.text, "a", entry.date)


def answer(follow: Follow, body: bytes, url: str, charset: str | None = None) -> Answer:
    """What one answer to a follow-up request gave; an unknown mechanism gives nothing."""
    module = _BY_NAME.get(follow.mechanism)
    if module is None or not hasattr(module, "answer"):
        return Answer()
    text, _ = decode_html(body or b"", charset)
    result: Answer = module.answer(follow, text, url)
    return result
