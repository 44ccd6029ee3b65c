"""PageFacts: everything classify, judge and the tamper scan need from one page, as JSON.

The publication date is taken from the most trustworthy place that has one, in this order:
the PubDate tag, the catalogue block, the info line under the title, the date beside the link
in the listing that led here, the URL. `published_source` records which rule won so an
auditor can see why a date was believed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from auditor.extract import content, labels, listing, navigation, titles
from auditor.extract.catalog import CATALOG_FIELDS, extract_catalog
from auditor.extract.dates import find_date, url_date
from auditor.extract.discover import page_links
from auditor.extract.document import Document
from auditor.extract.meta import extract_meta, meta_pubdate
from auditor.extract.text import TextWalk, read_text
from auditor.net.filetypes import is_attachment


@dataclass(frozen=True)
class Attachment:
    url: str
    text: str


@dataclass(frozen=True)
class PageFacts:
    """The contract of `pages.facts` (docs/architecture.md)."""

    title: str = ""
    published: str | None = None
    published_source: str | None = None
    edition_year: int | None = None
    agency: str | None = None
    column: str | None = None
    breadcrumb: list[str] = field(default_factory=list)
    catalog: dict[str, str | None] | None = None
    meta: dict[str, str | None] = field(default_factory=dict)
    text: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    is_listing: bool = False
    listing_dates: list[str] = field(default_factory=list)
    not_found: bool = False
    footer: str = ""
    head_title: str = ""  # the <title> as written: the tamper stage compares a site's templates

    def to_dict(self) -> dict[str, Any]:
        """What `dataclasses.asdict` gives, in field order, without its generic recursion
        (profiled: 0.8% of a first audit): every field is flat or one level deep."""
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["breadcrumb"] = list(self.breadcrumb)
        data["catalog"] = dict(self.catalog) if self.catalog is not None else None
        data["meta"] = dict(self.meta)
        data["attachments"] = [{"url": a.url, "text": a.text} for a in self.attachments]
        data["listing_dates"] = list(self.listing_dates)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PageFacts:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        attachments = [
            Attachment(a["url"], a.get("text", "")) for a in known.get("attachments", [])
        ]
        catalog = known.get("catalog")
        if catalog is not None:
            catalog = {name: catalog.get(name) for name in (*CATALOG_FIELDS, *catalog)}
        return cls(**{**known, "attachments": attachments, "catalog": catalog})


def _body(doc: Document) -> etree._Element:
    body = doc.tree.find("body")
    return body if body is not None else doc.tree


def _walk(doc: Document) -> TextWalk:
    """The body read once: its lines, its blocks' prose and the article's text come from it."""
    return doc.memo("text_walk", lambda d: read_text(_body(d)))


def _lines(doc: Document) -> list[str]:
    return doc.memo("lines", lambda d: _walk(d).lines())


def publication_date(
    doc: Document, catalog: dict | None, zone: list[str], listing_date: str | None
) -> tuple[str | None, str | None]:
    """(ISO date, which rule found it) in order of trust; (None, None) when nothing does."""
    rules = (
        ("meta", lambda: find_date(meta_pubdate(doc))),
        ("catalog", lambda: catalog and (catalog["published"] or catalog["created"])),
        ("label", lambda: labels.label_date(zone)),
        ("listing", lambda: find_date(listing_date)),
        ("url", lambda: url_date(doc.url)),
    )
    for name, rule in rules:
        found = rule()
        if found:
            return found, name
    return None, None


def _attachments(doc: Document) -> list[Attachment]:
    return [
        Attachment(link.url, link.text)
        for link in page_links(doc)
        if link.tag in ("a", "area", "js") and is_attachment(link.url)
    ]


def _agency(catalog: dict | None, zone: list[str], meta: dict[str, str | None]) -> str | None:
    from_catalog = catalog["agency"] if catalog else None
    return from_catalog or labels.label_agency(zone) or meta["ContentSource"]


def _listing_facts(doc: Document, body: etree._Element, marked: bool) -> dict[str, Any]:
    """Body text, and whether the page is a column page (then its text is its entries)."""
    text, prose = content.main_text(body, _walk(doc))
    links = page_links(doc)
    if not listing.is_listing(links, prose, marked):
        return {"text": text, "is_listing": False, "listing_dates": []}
    dates = listing.listing_dates(links)
    return {"text": listing.entries_text(links), "is_listing": True, "listing_dates": dates}


def extract_facts(doc: Document, listing_date: str | None = None) -> PageFacts:
    """All facts of one parsed page; `listing_date` is the date beside the link that led here."""
    lines, meta, body = _lines(doc), extract_meta(doc), _body(doc)
    catalog = extract_catalog(lines)
    catalog_name = catalog["name"] if catalog else None
    title = titles.page_title(doc.tree, meta, catalog_name)
    zone = labels.title_zone(lines, title) or labels.title_zone(
        lines, titles.heading_text(doc.tree)
    )
    published, source = publication_date(doc, catalog, zone, listing_date)
    breadcrumb = navigation.extract_breadcrumb(lines, body)
    marked = bool(meta["ArticleTitle"] or catalog or source == "label")
    return PageFacts(
        title=title,
        published=published,
        published_source=source,
        edition_year=titles.edition_year(title, catalog_name),
        agency=_agency(catalog, zone, meta),
        column=meta["ColumnName"] or navigation.column_of(breadcrumb, title),
        breadcrumb=breadcrumb,
        catalog=catalog,
        meta=meta,
        attachments=_attachments(doc),
        not_found=content.is_not_found(title, lines, sum(map(len, lines))),
        footer=content.footer_text(body, lines, _walk(doc)),
        head_title=titles.head_title(doc.tree),
        **_listing_facts(doc, body, marked),
    )
