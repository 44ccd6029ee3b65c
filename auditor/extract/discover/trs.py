"""TRS WCM pagers: `createPageHTML(countPage, currentPage, "index", "html")`.

TRS templates write a column's pager (and a long article's page splitter) with a script
function whose body `document.write`s the links in the browser: page 0 is `index.html`,
page i is `index_i.html` beside the current page.  The real bodies (cjn.cn, shanxi.gov.cn)
agree on that naming; arguments are literals or names from `var` declarations, and some
templates put a container id first or a record count last, so the call is read as: the
first integer is the page count, the next the current page, then the page name and the
extension.  Example: `createPageHTML(7, 0, "index", "shtml")` -> index.shtml,
index_1.shtml … index_6.shtml; on an article `createPageHTML(3, 0, "t3714581", "htm")` ->
t3714581.htm, t3714581_1.htm, t3714581_2.htm.
"""

from __future__ import annotations

import re

from auditor.extract.discover.base import MAX_PAGER_PAGES, Discovery, Entry
from auditor.extract.discover.scripts import Value, calls, declarations, inline_scripts, resolve
from auditor.extract.document import Document
from auditor.net.urls import join_url

NAME = "trs"
FUNCTIONS = ("createPageHTML", "createPageHtml")
_PAGE_NAME = re.compile(r"^[\w.\-]{1,120}$")
_EXTENSION = re.compile(r"^[A-Za-z]{1,8}$")


def discover(doc: Document) -> list[Discovery]:
    scripts = inline_scripts(doc)
    if not any(f in text for text in scripts for f in FUNCTIONS):
        return []
    names = declarations(scripts)
    found: dict[str, Discovery] = {}
    for text in scripts:
        for function in FUNCTIONS[:1]:  # calls() matches the name in any letter case
            for args in calls(text, function):
                for entry in pager_pages(doc.base_url, [resolve(a, names) for a in args]):
                    found.setdefault(entry.url, entry)
    return list(found.values())


def pager_pages(base_url: str, values: list[Value]) -> list[Entry]:
    """Every page of one pager call (the current one too: a page may be reached by
    another name, and the crawl fetches each URL once anyway), as listing links."""
    parsed = _read_call(values)
    if parsed is None:
        return []
    count, name, ext = parsed
    out = []
    for index in range(min(count, MAX_PAGER_PAGES)):
        page = f"{name}.{ext}" if index == 0 else f"{name}_{index}.{ext}"
        url = join_url(base_url, page)
        if url:
            out.append(Entry(url, f"第{index + 1}页", mechanism=NAME))
    return out


def _read_call(values: list[Value]) -> tuple[int, str, str] | None:
    """(count, name, extension) from the resolved arguments, or None: the first integer is
    the count; the strings after it name the page and its extension (the current page,
    between them, is not needed: every page is listed)."""
    first = next((i for i, v in enumerate(values) if isinstance(v, int)), None)
    if first is None:
        return None
    count = int(values[first] or 0)
    strings = [v for v in values[first + 1 :] if isinstance(v, str)]
    name = strings[0] if strings else "index"
    ext = strings[1] if len(strings) > 1 else "html"
    if count < 1 or not _PAGE_NAME.match(name) or not _EXTENSION.match(ext):
        return None
    return count, name, ext
