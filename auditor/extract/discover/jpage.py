"""大汉 hanweb jcms "jpage" listings: records in a `<datastore>`, the rest via dataproxy.jsp.

The column page embeds only the first group of records, as CDATA inside
`<script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/
dataproxy.jsp?page=1&webid=2&columnid=7&unitid=9…"></a>]]></nextgroup><recordset><record>
<![CDATA[<li><a href="/art/2014/3/1/art_7_1.html">…</a><span>2014-03-01</span></li>]]>
</record>…</recordset></datastore></script>`, then calls `jpage({perPage: 15,
totalRecord: 120, groupSize: 3, proxyUrl: '/module/web/jpage/dataproxy.jsp'})`.  The
browser asks for each next group by `POST dataproxy.jsp?startrecord=46&endrecord=90&
perpage=15` with the nextgroup anchor's parameters as the form body, and gets the same
`<datastore>` back.  This module reads the records and walks the groups the same way, up
to the stated totalRecord; records are read with regular expressions, so broken XML and
nested CDATA give fewer records, never an error.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import lxml.html
from lxml import etree

from auditor.extract.dates import find_date
from auditor.extract.discover.base import (
    MAX_WALK_RECORDS,
    MAX_WALK_REQUESTS,
    Answer,
    Discovery,
    Entry,
    Follow,
    as_int,
)
from auditor.extract.discover.scripts import Value, declarations, inline_scripts, resolve
from auditor.extract.document import Document
from auditor.extract.text import fold
from auditor.net.urls import join_url

NAME = "jpage"
_MARKS = ("<datastore", "<DATASTORE", "<dataStore")
_DATASTORE = re.compile(r"<datastore\b.*?(?:</datastore\s*>|$)", re.I | re.S)
_NEXTGROUP = re.compile(r"<nextgroup\b[^>]*>(.*?)</nextgroup\s*>", re.I | re.S)
_RECORD = re.compile(r"<record\b[^>]*>(.*?)</record\s*>", re.I | re.S)
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)
_HREF = re.compile(r"""href\s*=\s*(["']?)([^"'\s>]+)\1""", re.I)
_CALL = re.compile(r"(?<![\w$])jpage\s*\(\s*\{(?P<body>[^{}]{0,4000})\}", re.I)
_OPTION = re.compile(
    r"""(\w+)\s*:\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|-?\d+|[A-Za-z_$][\w$]*)"""
)
_TOTAL = re.compile(r"<totalrecord>\s*(\d{1,9})\s*<", re.I)
_WALK_KEYS = {"startrecord", "endrecord", "perpage", "page"}
_PARSER = lxml.html.HTMLParser(recover=True, no_network=True)


def discover(doc: Document) -> list[Discovery]:
    if not any(mark in doc.text for mark in _MARKS):
        return []
    scripts = inline_scripts(doc)
    names = declarations(scripts)
    calls = [_options(m.group("body"), names) for t in scripts for m in _CALL.finditer(t)]
    out: list[Discovery] = []
    for index, store in enumerate(_DATASTORE.finditer(doc.text)):
        options = calls[index] if index < len(calls) else (calls[-1] if calls else {})
        entries = records(store.group(), doc.base_url)
        out.extend(entries)
        follow = _first_follow(store.group(), options, len(entries), doc.base_url)
        if follow is not None:
            out.append(follow)
    return out


def records(xml: str, base_url: str) -> list[Entry]:
    """The listing rows of a datastore's records; records without a link give none."""
    bodies = [_unwrap(m.group(1)) for m in _RECORD.finditer(xml)][:MAX_WALK_RECORDS]
    if not bodies:
        return []
    html = "".join(f"<div class='jpage-record'>{body}</div>" for body in bodies)
    try:
        root = etree.fromstring(f"<html><body>{html}</body></html>", _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    out = []
    for record in root.iterfind(".//div[@class='jpage-record']"):
        entry = _entry(record, base_url)
        if entry is not None:
            out.append(entry)
    return out


def _entry(record: etree._Element, base_url: str) -> Entry | None:
    for anchor in record.iter("a"):
        href = (anchor.get("href") or "").strip()
        url = join_url(base_url, href) if href else None
        if not url:
            continue
        text = fold(anchor.text_content()) or fold(anchor.get("title") or "")
        rest = fold(record.text_content()).replace(text, "", 1)
        return Entry(url, text, find_date(rest), mechanism=NAME)
    return None


def _unwrap(text: str) -> str:
    inner = _CDATA.findall(text)
    return "".join(inner) if inner else text


def _options(body: str, names: dict[str, Value]) -> dict[str, Value]:
    """The call's options: literals, or names declared with `var` (totalRecord: total)."""
    return {key.lower(): resolve(raw, names) for key, raw in reversed(_OPTION.findall(body))}


def _first_follow(xml: str, options: dict, embedded: int, base_url: str) -> Follow | None:
    """The request for the group after the embedded one, when the page states more."""
    nextgroup = _NEXTGROUP.search(xml)
    href = _HREF.search(_unwrap(nextgroup.group(1))) if nextgroup else None
    if href is None:
        return None
    link = join_url(base_url, href.group(2).replace("&amp;", "&"))
    proxy = options.get("proxyurl")
    target = join_url(base_url, proxy) if isinstance(proxy, str) and proxy else link
    if not link or not target:
        return None
    per_page = _positive(options.get("perpage"), 15)
    group = per_page * _positive(options.get("groupsize"), 3)
    total = as_int(options.get("totalrecord"))
    total = total if total is not None else _stated_total(xml)
    params = [(k, v) for k, v in parse_qsl(urlsplit(link).query) if k.lower() not in _WALK_KEYS]
    state = {"proxy": target.split("?")[0], "per_page": per_page, "group": group}
    return _group(state, urlencode(params), embedded + 1, total, embedded, 1)


def _positive(value: object, default: int) -> int:
    number = as_int(value)
    return number if number is not None and 0 < number <= 1000 else default


def _group(
    state: dict, body: str, start: int, total: int | None, found: int, requests: int
) -> Follow | None:
    """The POST for records start…start+group-1, or None past the total or the caps."""
    if total is not None and (total <= 0 or start > total):
        return None
    if requests > MAX_WALK_REQUESTS or found >= MAX_WALK_RECORDS:
        return None
    end = start + state["group"] - 1
    end = min(end, total) if total is not None else end
    query = urlencode({"startrecord": start, "endrecord": end, "perpage": state["per_page"]})
    state = {**state, "start": start, "end": end}
    return Follow(f"{state['proxy']}?{query}", NAME, "POST", body, total, found, requests, state)


def _stated_total(xml: str) -> int | None:
    """Some proxies state the column's size in the datastore itself."""
    found = _TOTAL.search(xml)
    return int(found.group(1)) if found else None


def answer(follow: Follow, text: str, base_url: str) -> Answer:
    """One group's records, and the request for the next group if the total says so."""
    state = follow.state
    if follow.expected is None and _stated_total(text) is not None:
        follow.expected = _stated_total(text)
    entries = records(text, base_url)[: max(0, MAX_WALK_RECORDS - follow.found)]
    if not entries or not isinstance(state.get("end"), int):
        return Answer(entries, [], follow.expected)
    found = follow.found + len(entries)
    full = len(entries) >= state["group"]
    if follow.expected is None and not full:
        return Answer(entries, [], None)  # no stated total: a short group is the last
    nxt = _group(state, follow.body, state["end"] + 1, follow.expected, found, follow.requests + 1)
    return Answer(entries, [nxt] if nxt else [], follow.expected)
