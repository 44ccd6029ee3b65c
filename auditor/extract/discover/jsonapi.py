"""JSON list APIs: a listing the browser fills from `fetch('/api/list?columnId=12&pageNo=1')`.

Newer platforms serve an empty list container and a script that asks an API for the
entries.  URL-like string literals of the page's inline scripts that look like data calls
(an argument of fetch/ajax/get/post/open or a `url:` option, or a path naming an API), also
when joined by `+` with declared names (`'/api/list?col=' + cid`), are fetched with GET (the spider keeps them to the inspected hosts); an answer that parses as
JSON yields entries by this mapping of common field names (case-insensitive):

| entry field | JSON names |
|---|---|
| url | url, link, href, docUrl, linkUrl, pageUrl, articleUrl, detailUrl, path |
| text | title, name, docTitle, subject, headline, text |
| date | publishDate, pubDate, date, createTime, publishTime, pubTime, releaseDate, docRelTime, time |
| publisher | publisher, source, publishOrg, organ, unitName, deptName, docSource, author |

The entries are the first list of objects (at the top, or under any key up to three levels
down) whose objects carry a url field.  Paging: `total` (totalCount, totalRecord, count,
recordCount), `totalPage` (totalPages, pageCount, pages), `pageNo` (pageNum, page,
currentPage, pageIndex, current), `pageSize` (size, perPage, limit) at the same levels; the
next page is the request URL with its page parameter plus one, until the stated total or
page count (or an empty page) ends the walk.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from auditor.extract.dates import find_date
from auditor.extract.discover.base import (
    MAX_API_URLS,
    MAX_WALK_RECORDS,
    MAX_WALK_REQUESTS,
    Answer,
    Discovery,
    Entry,
    Follow,
    as_int,
)
from auditor.extract.discover.scripts import concatenation, declarations, inline_scripts
from auditor.extract.document import Document
from auditor.extract.links import extract_links
from auditor.extract.text import fold
from auditor.net.filetypes import ATTACHMENT_EXTENSIONS, RESOURCE_EXTENSIONS, extension
from auditor.net.urls import join_url

NAME = "json"
URL_FIELDS = (
    "url",
    "link",
    "href",
    "docurl",
    "linkurl",
    "pageurl",
    "articleurl",
    "detailurl",
    "path",
)
TEXT_FIELDS = ("title", "name", "doctitle", "subject", "headline", "text")
DATE_FIELDS = (
    "publishdate", "pubdate", "date", "createtime", "publishtime", "pubtime",
    "releasedate", "docreltime", "time",
)  # fmt: skip
PUBLISHER_FIELDS = (
    "publisher", "source", "publishorg", "organ", "unitname", "deptname", "docsource", "author",
)  # fmt: skip
TOTAL_FIELDS = ("total", "totalcount", "totalrecord", "count", "recordcount")
PAGES_FIELDS = ("totalpage", "totalpages", "pagecount", "pages")
PAGE_FIELDS = ("pageno", "pagenum", "page", "currentpage", "pageindex", "current")
SIZE_FIELDS = ("pagesize", "size", "perpage", "limit")

_LITERAL = re.compile(
    r"""(?P<q>["'`])(?P<url>(?:https?://|/|\./|\.\./)[^"'`\s<>\\]{1,500})(?P=q)"""
)
_CALLISH = re.compile(r"(?:fetch|ajax|get|getJSON|post|open|load|url|axios)\W{0,12}$", re.I)
_APIISH = re.compile(r"api|json|list|query|search|\.do\b|\.action\b|\.ashx\b|page", re.I)
_PROXY_OPTION = re.compile(r"proxyUrl\s*:\s*$", re.I)
_DEPTH = 3


def discover(doc: Document) -> list[Discovery]:
    """GET follow-ups for the data-call literals that are not already the page's links
    (a `location.href = '…?page=2'` target is crawled as a page, not read as JSON)."""
    links = {link.url for link in extract_links(doc)}
    out: dict[str, Discovery] = {}
    scripts = inline_scripts(doc)
    for text in scripts:
        for match in _LITERAL.finditer(text):
            literal = _whole(text, match, scripts, doc)
            before = text[max(0, match.start() - 20) : match.start()]
            if literal is None or _PROXY_OPTION.search(before):
                continue  # built from unknown parts; or jpage's proxy, walked by POST
            url = _api_url(doc.base_url, literal, bool(_CALLISH.search(before)))
            if url and url not in out and url not in links and len(out) < MAX_API_URLS:
                out[url] = Follow(url, NAME)
    return list(out.values())


def _whole(text: str, match: re.Match[str], scripts: list[str], doc: Document) -> str | None:
    """The literal's URL, joined with what `+` adds when those parts are literals or
    declared names (`'/api/list?col=' + cid`); None when it depends on anything else."""
    if "${" in match.group("url"):
        return None  # a template literal filled at run time
    if not text[match.end() : match.end() + 3].lstrip().startswith("+"):
        return match.group("url")
    names = doc.memo("declarations", lambda d: declarations(scripts))
    return concatenation(text, match.start(), names)


def _api_url(base_url: str, literal: str, in_call: bool) -> str | None:
    if not (in_call or _APIISH.search(literal)):
        return None
    url = join_url(base_url, literal)
    if not url or extension(url) in ATTACHMENT_EXTENSIONS | RESOURCE_EXTENSIONS:
        return None
    if extension(url) in ("html", "htm", "shtml") and not urlsplit(url).query:
        return None  # a page link, which link extraction already follows
    return url


def answer(follow: Follow, text: str, base_url: str) -> Answer:
    """Entries of one JSON answer and the request for its next page."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return Answer()
    rows = _entry_list(data, _DEPTH)
    left = max(0, MAX_WALK_RECORDS - follow.found)
    entries = [e for e in (_entry(row, base_url) for row in rows[:left]) if e is not None]
    paging = _paging(data, _DEPTH)
    total = _value(paging, "total")
    found = follow.found + len(entries)
    nxt = _next(follow, paging, entries, found)
    return Answer(entries, [nxt] if nxt else [], total if total and total > 0 else None)


def _lowered(obj: dict) -> dict[str, Any]:
    return {str(k).lower(): v for k, v in obj.items()}


def _entry_list(data: Any, depth: int) -> list[dict]:
    if isinstance(data, list):
        rows = [_lowered(x) for x in data if isinstance(x, dict)]
        return rows if any(_field(r, URL_FIELDS) for r in rows) else []
    if not isinstance(data, dict) or depth <= 0:
        return []
    for value in data.values():
        found = _entry_list(value, depth - 1 if isinstance(value, dict) else depth)
        if found:
            return found
    return []


def _field(row: dict[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = row.get(name)
        if isinstance(value, str | int | float) and not isinstance(value, bool) and value != "":
            return value
    return None


def _entry(row: dict[str, Any], base_url: str) -> Entry | None:
    href = _field(row, URL_FIELDS)
    url = join_url(base_url, href) if isinstance(href, str) else None
    if not url:
        return None
    text = fold(str(_field(row, TEXT_FIELDS) or ""))[:300]
    publisher = _field(row, PUBLISHER_FIELDS)
    publisher = fold(str(publisher))[:100] if publisher is not None else None
    return Entry(url, text, _date(_field(row, DATE_FIELDS)), publisher, NAME)


def _date(value: Any) -> str | None:
    """An ISO date from a date string or epoch seconds/milliseconds."""
    number = as_int(value)
    if number is not None and number > 10**8:
        seconds = number / 1000 if number > 10**11 else number
        try:
            return dt.datetime.fromtimestamp(seconds, dt.UTC).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    return find_date(str(value)) if isinstance(value, str) else None


def _paging(data: Any, depth: int) -> dict[str, tuple[str, int]]:
    """total / pages / page / size stated in the top levels, each as (its own name, value);
    the shallowest wins."""
    out: dict[str, tuple[str, int]] = {}
    if not isinstance(data, dict) or depth <= 0:
        return out
    names = {"total": TOTAL_FIELDS, "pages": PAGES_FIELDS, "page": PAGE_FIELDS, "size": SIZE_FIELDS}
    for key, fields in names.items():
        for name, value in data.items():
            number = as_int(value)
            if str(name).lower() in fields and number is not None:
                out[key] = (str(name), number)
                break
    for value in data.values():
        for key, found in _paging(value, depth - 1).items():
            out.setdefault(key, found)
    return out


def _value(paging: dict[str, tuple[str, int]], key: str) -> int | None:
    return paging[key][1] if key in paging else None


def _next(
    follow: Follow, paging: dict[str, tuple[str, int]], entries: list, found: int
) -> Follow | None:
    """The next page's request while the answer's paging fields say there is one."""
    total, pages = _value(paging, "total"), _value(paging, "pages")
    if not entries or follow.requests >= MAX_WALK_REQUESTS or found >= MAX_WALK_RECORDS:
        return None
    parts = urlsplit(follow.url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    names = [k for k, _ in query if k.lower() in PAGE_FIELDS]
    name = names[0] if names else (paging["page"][0] if "page" in paging else None)
    if name is None:
        return None
    current = as_int(dict(query).get(name)) or _value(paging, "page") or 1
    more = current < pages if pages is not None else (total is not None and found < total)
    if not more or current < 0:
        return None
    query = [(k, v) for k, v in query if k != name] + [(name, str(current + 1))]
    url = urlunsplit(parts._replace(query=urlencode(query)))
    state = dict(follow.state)
    return Follow(url, NAME, "GET", "", total, found, follow.requests + 1, state)
