"""Where a page sits in its site: the breadcrumb ("当前位置:首页 > 信息公开 > 财政预决算").

The column a page was published in tells the classifier a lot (a 财政预决算 column), so the
breadcrumb is read from its label line, or from a position/crumb container when the template
prints only the links.
"""

from __future__ import annotations

import re

from lxml import etree

from auditor.extract.text import text_lines

_LABEL = re.compile(
    r"(?:您现在的位置|您当前的位置|你现在的位置|您的位置|当前位置|现在的位置|所在位置|当前的位置|位置)"
    r"\s*(?:是)?\s*[:：]\s*"
)
_SEPARATOR = re.compile(r"\s*(?:>>|&gt;|[>＞»›→]|\s/\s|\s\\\s|-{1,2}>)\s*")
_CONTAINER = re.compile(r"crumb|position|location|current|dqwz|weizhi|lujing|path|daohang", re.I)
# Breadcrumb ends that name the page type, not a column.
_GENERIC = frozenset(
    {"正文", "详细信息", "内容", "详情", "文章内容", "信息内容", "浏览文章", "查看"}
)
_MAX_ITEMS = 8
_MAX_ITEM = 30
_MAX_COLUMN = 10  # a breadcrumb end equal to a title this long is the article, not its column


def _split(text: str) -> list[str]:
    items = [item.strip(" \t|") for item in _SEPARATOR.split(text)]
    items = [item for item in items if item]
    if len(items) < 2 or len(items) > _MAX_ITEMS or any(len(i) > _MAX_ITEM for i in items):
        return []
    return items


def _from_lines(lines: list[str]) -> list[str]:
    for line in lines:
        match = _LABEL.search(line)
        if match:
            items = _split(line[match.end() :].replace("\t", " "))
            if items:
                return items
    return []


def _from_containers(tree: etree._Element) -> list[str]:
    for el in tree.iter("div", "span", "p", "td", "nav", "ol", "ul"):
        marker = (el.get("class") or "") + " " + (el.get("id") or "")
        if marker.strip() and _CONTAINER.search(marker):
            text = next(iter(text_lines(el)), "").replace("\t", " ")
            label = _LABEL.search(text)
            items = _split(text[label.end() :] if label else text)
            if items and items[0].endswith("首页"):
                return items
    return []


def extract_breadcrumb(lines: list[str], tree: etree._Element) -> list[str]:
    """The breadcrumb's items from the home page down, or [] when the page has none."""
    return _from_lines(lines) or _from_containers(tree)


def _truncated_title(item: str, title: str) -> bool:
    stem = item.rstrip("…. ")
    return len(stem) >= 8 and title.startswith(stem)


def column_of(breadcrumb: list[str], title: str) -> str | None:
    """The column a page is filed in: the breadcrumb's last item that is not the page itself."""
    for item in reversed(breadcrumb[1:]):
        is_page = _truncated_title(item, title) or (item == title and len(title) > _MAX_COLUMN)
        if item not in _GENERIC and not is_page:
            return item
    return None
