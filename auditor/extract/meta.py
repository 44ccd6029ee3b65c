"""The page-metadata tags of 政府网站发展指引 (国办发〔2017〕47号).

Names are matched case-insensitively (sites write `contentSource`, `url`, `author`), and the
first non-empty value wins because templates often repeat the whole block.
"""

from __future__ import annotations

import re

from auditor.extract.document import Document
from auditor.extract.text import fold

META_NAMES = (
    "SiteName",
    "SiteDomain",
    "SiteIDCode",
    "ColumnName",
    "ColumnDescription",
    "ColumnKeywords",
    "ColumnType",
    "ArticleTitle",
    "PubDate",
    "ContentSource",
    "Keywords",
    "Author",
    "Description",
    "Url",
)
_BY_LOWER = {name.lower(): name for name in META_NAMES}
# Other CMS spellings of a publication time, read as PubDate when PubDate itself is absent.
_PUBDATE_ALIASES = ("publishdate", "firstpublishedtime", "pubtime", "publishtime")
_TAGS = re.compile(r"<[^>]*>")


def _clean(value: str) -> str:
    return fold(_TAGS.sub("", value))[:500]


def _collect(doc: Document) -> dict[str, str]:
    found: dict[str, str] = {}
    for el in doc.tree.iter("meta"):
        name = (el.get("name") or el.get("property") or "").strip().lower()
        value = _clean(el.get("content") or "")
        if name and value and name not in found:
            found[name] = value
    return found


def extract_meta(doc: Document) -> dict[str, str | None]:
    """All fourteen tags, None where the page does not carry a non-empty value."""
    found = doc.memo("meta", _collect)
    return {name: found.get(low) for low, name in _BY_LOWER.items()}


def meta_pubdate(doc: Document) -> str | None:
    """PubDate, else another CMS's publication-time tag (firstpublishedtime …)."""
    found = doc.memo("meta", _collect)
    return next((found[n] for n in ("pubdate", *_PUBDATE_ALIASES) if n in found), None)
