"""A page's title and the edition year it states ("2014年度部门预算" -> 2014).

Titles come from the most deliberate source first: the ArticleTitle tag, the catalogue block's
信息名称, a heading marked as the title, and only then <title>, whose site-name suffix
("… - 良庆区财政局", "…_XX网") is cut off.
"""

from __future__ import annotations

import re

from lxml import etree

from auditor.extract.text import fold

_TITLE_MARK = re.compile(r"title|tit\b|_tit|tit_|\bbt\b|biaoti|headline", re.I)
_SUFFIX_SPLIT = re.compile(r"\s*(?:_+|\|+|｜| - | -- |－|——|—|--)\s*")
_HAN_YEAR_DIGITS = str.maketrans("〇零○一二三四五六七八九", "00012345678" + "9")
_YEAR_DU = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*度")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月\s*\d{1,2})")
_MIN_TITLE = 4


def _marked(el: etree._Element) -> bool:
    return bool(_TITLE_MARK.search((el.get("class") or "") + " " + (el.get("id") or "")))


def _first_text(elements, min_len: int = _MIN_TITLE) -> str:
    for el in elements:
        text = fold(el.text_content())
        if min_len <= len(text) <= 200:
            return text
    return ""


def _heading(tree: etree._Element) -> str:
    return _first_text(el for el in tree.iter("h1", "h2") if _marked(el))


def _marked_blocks(tree: etree._Element):
    for el in tree.iter("div", "td", "p", "span", "h3"):
        if _marked(el) and el.find(".//a") is None:
            yield el


def heading_text(tree: etree._Element) -> str:
    """The visible heading of the article: a plain h1, else a title-marked block."""
    return _first_text(tree.iter("h1")) or _first_text(_marked_blocks(tree), 6)


def _heading_inside(tree: etree._Element, raw: str) -> str:
    """A heading repeated inside <title>: the title without whatever suffix the site adds."""
    for el in (*tree.iter("h1", "h2"), *_marked_blocks(tree)):
        text = fold(el.text_content())
        if len(text) >= 6 and text in raw:
            return text
    return ""


def strip_site_name(title: str, site_name: str | None) -> str:
    """The <title> without its site-name (and column) suffix."""
    parts = [p for p in _SUFFIX_SPLIT.split(title) if p]
    if len(parts) < 2:
        return title
    if site_name:
        parts = [p for p in parts if p not in site_name] or parts
    return parts[0] if len(parts[0]) >= _MIN_TITLE else max(parts, key=len)


def head_title(tree: etree._Element) -> str:
    """The <title> element's text as the site wrote it, whitespace folded."""
    head = next(tree.iterdescendants("title"), None)  # find(".//title") without ElementPath
    return fold(head.text_content()) if head is not None else ""


def page_title(tree: etree._Element, meta: dict[str, str | None], catalog_name: str | None) -> str:
    """The page's own title, from the most deliberate source that has one."""
    chosen = meta.get("ArticleTitle") or catalog_name or _heading(tree)
    if chosen:
        return chosen
    raw = head_title(tree)
    inside = _heading_inside(tree, raw) if raw else ""
    if inside:
        return inside
    stripped = strip_site_name(raw, meta.get("SiteName")) if raw else ""
    if not stripped or stripped == meta.get("SiteName"):
        return heading_text(tree) or stripped
    return stripped


def edition_year(*texts: str | None) -> int | None:
    """The year a title says the document is for ("2014年度", "2013年决算"), else None."""
    for text in texts:
        if not text:
            continue
        text = text.translate(_HAN_YEAR_DIGITS)
        match = _YEAR_DU.search(text) or _YEAR.search(text)
        if match:
            return int(match.group(1))
    return None
