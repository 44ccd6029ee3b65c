"""The date printed beside a link in a listing row: `<li><a>…</a><span>2014-08-05</span></li>`.

A column page shows each entry's publication date next to its link, which is the best date
auditor has for a page it could not fetch and a fallback for a page without its own date. A
date counts only when the row holds no other link, so one entry never borrows its neighbour's.
"""

from __future__ import annotations

from lxml import etree

from auditor.extract.dates import find_date
from auditor.extract.text import fold

ROW_TAGS = frozenset({"li", "tr", "dd", "dt", "p"})
_STOP_TAGS = frozenset({"body", "html", "ul", "ol", "table", "tbody", "form"})
_MAX_SIBLING_TEXT = 80
_MAX_ROW_TEXT = 300
_MAX_LEVELS = 3


def _has_link(el: etree._Element) -> bool:
    return el.tag == "a" or next(el.iter("a"), None) is not None


def _sibling_text(anchor: etree._Element) -> str:
    parts = [anchor.tail or ""]
    for sib in anchor.itersiblings():
        if not isinstance(sib.tag, str):
            parts.append(sib.tail or "")
            continue
        if sib.tag == "br" or _has_link(sib) or sum(map(len, parts)) > _MAX_SIBLING_TEXT:
            break
        parts.append(sib.text_content())
        parts.append(sib.tail or "")
    return "".join(parts)[:_MAX_SIBLING_TEXT]


def _previous_text(anchor: etree._Element) -> str:
    prev = anchor.getprevious()
    if prev is None or not isinstance(prev.tag, str) or _has_link(prev):
        return ""
    text = prev.text_content()
    return text if len(text) <= 30 else ""


def _single_link_rows(anchor: etree._Element):
    href = anchor.get("href")
    for level, row in enumerate(anchor.iterancestors()):
        if level >= _MAX_LEVELS or row.tag in _STOP_TAGS:
            return
        for other in row.iter("a"):
            other_href = other.get("href")
            if other_href and other_href != href:
                return
        yield row
        if row.tag in ROW_TAGS:
            return


def _wraps_only(anchor: etree._Element) -> bool:
    """A row holding nothing but the link (`<li><a>…</a></li>`, menus and lists): its text is
    the link's, which `row_date` removes before looking for a date, so it has none; and the
    row ends the search.  Answered before the row's text is collected (profiled)."""
    row = anchor.getparent()
    return (
        row is not None
        and row.tag in ROW_TAGS
        and len(row) == 1
        and not (row.text or "").strip()
        and not (anchor.tail or "").strip()
    )


def row_date(anchor: etree._Element, anchor_text: str) -> str | None:
    """The date written beside this link in its row, or None."""
    found = find_date(_sibling_text(anchor)) or find_date(_previous_text(anchor))
    if found or _wraps_only(anchor):
        return found
    for row in _single_link_rows(anchor):
        text = fold(row.text_content())
        if len(text) > _MAX_ROW_TEXT:
            return None
        found = find_date(text.replace(fold(anchor_text), "", 1))
        if found:
            return found
    return None
