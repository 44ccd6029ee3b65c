"""Whether a column page shows a list auditor could not read (栏目无法读取).

A listing filled by a script that no mechanism read must not pass for an empty column: its
items would be called missing although the department published them.  Two signs, each
read from the page alone: the page states a count (共N条) and fewer entries were found with
no pager to the rest, or a list container is empty while a script fills the page.  A walk
(jpage groups, JSON pages) is judged when it ends, by the total it stated (`walk_why`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from auditor.extract.discover.scripts import inline_scripts
from auditor.extract.document import Document
from auditor.extract.links import Link
from auditor.extract.listing import dated_entries

_STATED = re.compile(r"共\s*(?:<[^<>]{0,80}>\s*)?(\d{1,7})\s*(?:<[^<>]{0,80}>\s*)?条")
_PAGER_WORDS = re.compile(r"页|记录")
_PAGER_TEXT = ("下一页", "下页", "后页", "尾页", "末页")
_PAGER_URL = re.compile(r"[?&](?:page|pageno|pagenum|pageindex|curpage)=\d|_\d+\.s?html?$", re.I)
_LIST_NAME = re.compile(r"list|news|article|xxgk|data|result|content|lb|wz", re.I)
_FILLS = re.compile(
    r"ajax|fetch\s*\(|XMLHttpRequest|\$\.get|\$\.post|getJSON|innerHTML|\.append\(|axios"
)
_CONTAINERS = ("ul", "ol", "tbody", "table", "div", "dl")


def page_why(doc: Document, links: Sequence[Link]) -> str | None:
    """Why the page's own listing is unreadable, or None.  Only a page whose scripts fill
    it can hide a list; then an empty list container, or a pager's 共N条 above the entries
    found (with no pager link to the rest), says the list was there and not read.  A
    count in prose (共12条措施) is not a pager's: it counts only beside 页/记录 or an empty
    container."""
    if not _script_fills(doc):
        return None
    entries = len(dated_entries(links))
    empty = _empty_container(doc)
    stated = _stated(doc, empty)
    if stated is not None and entries < stated and not _has_pager(links):
        return f"页面写明共 {stated} 条,只读到 {entries} 条"
    if entries == 0 and empty:
        return "列表容器为空,内容由脚本填充,未能读取"
    return None


def walk_why(expected: int | None, found: int, failed: str | None) -> str | None:
    """Why a finished walk left the listing unread, or None when it read the stated total."""
    if expected is not None and found < expected:
        reason = f"页面写明共 {expected} 条,只读到 {found} 条"
        return f"{reason}({failed})" if failed else reason
    if failed and found == 0:
        return f"列表数据未能读取({failed})"
    return None


def _stated(doc: Document, empty: bool) -> int | None:
    """The largest pager count 共N条 of the page's markup (共<span>45</span>条 too)."""
    if "条" not in doc.text:
        return None
    text = doc.text[:2_000_000]
    counts = [
        int(m.group(1))
        for m in _STATED.finditer(text)
        if empty or _PAGER_WORDS.search(text, max(0, m.start() - 60), m.end() + 60)
    ]
    return max(counts) if counts else None


def _has_pager(links: Sequence[Link]) -> bool:
    return any(
        link.text.strip() in _PAGER_TEXT
        or link.text.startswith("第")
        and link.text.endswith("页")
        or _PAGER_URL.search(link.url)
        for link in links
    )


def _empty_container(doc: Document) -> bool:
    for el in doc.tree.iter(*_CONTAINERS):
        if len(el) or (el.text or "").strip():
            continue
        name = f"{el.get('id') or ''} {el.get('class') or ''}"
        if name != " " and _LIST_NAME.search(name):
            return True
    return False


def _script_fills(doc: Document) -> bool:
    return any(_FILLS.search(text) for text in inline_scripts(doc))
