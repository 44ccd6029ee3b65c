"""A stored page made safe to open: the evidence pack's reading copy of a snapshot.

The pack keeps every snapshot byte for byte (its SHA-256 proves it), but opening a hostile page
in a browser runs its scripts and fetches from its hosts. `safe_view` makes the copy a reviewer
opens instead: no script, frame, plug-in, base, link or http-equiv meta; no event handler; no
resource address left where a browser would load it (src, srcset, poster, action... are kept as
inert `data-auditor-*` text, CSS `url()`, `expression()` and `@import` are broken); links only
when http(s), made absolute; and a Content-Security-Policy that forbids every script and every
load, so whatever the cleaning misses (CSS escapes, parser quirks) still does nothing. Hidden
elements stay hidden with their styles: how a hidden link was hidden is the evidence.

BeautifulSoup over Python's html.parser, not lxml: the page may be broken markup (unclosed
tags, stray quotes, a truncated body) and speed does not matter here (a few dozen pages per
pack), while an editable tree that serialises every text and attribute value escaped does.
html.parser keeps the page's own structure instead of repairing it the way libxml2 does, so
the copy reads like the page. The crawl's hot path stays on lxml (see auditor/extract).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Doctype, Tag

from auditor.extract.encoding import decode_html

POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "form-action 'none'; base-uri 'none'"
)
# Elements whose whole content is code or a window onto another document.
DROPPED = {"script", "base", "link", "applet", "portal", "noembed", "template"}
# Elements replaced by a visible note naming what they embedded.
EMBEDS = {"iframe": "框架", "frame": "框架", "object": "插件", "embed": "插件"}
# Attributes a browser loads or submits to: kept as text only.
LOADED = {
    "src",
    "srcset",
    "poster",
    "background",
    "data",
    "dynsrc",
    "lowsrc",
    "ping",
    "action",
    "formaction",
    "codebase",
    "archive",
    "manifest",
    "srcdoc",
}
CSS_LOADS = re.compile(r"url\s*\(|expression\s*\(|@import|behavior\s*:|-moz-binding", re.I)


def safe_view(body: bytes, url: str, raw_name: str, fetched_at: str | None = None) -> bytes:
    """A UTF-8 copy of a fetched page (`body` as stored) that is safe to open in a browser,
    headed by a note naming the page, its fetch time and the untouched snapshot `raw_name`."""
    text, _ = decode_html(body, None)
    soup = BeautifulSoup(text, "html.parser")
    for frameset in soup.find_all("frameset"):
        frameset.name = "div"  # a frameset document shows nothing once its frames are notes
    for tag in soup.find_all(True):
        if tag.decomposed:
            continue
        if tag.name in DROPPED or _is_http_equiv(tag):
            tag.decompose()
        elif tag.name in EMBEDS:
            tag.replace_with(_embed_note(soup, tag, url))
        else:
            _clean_attributes(tag, url)
    for style in soup.find_all("style"):
        style.string = CSS_LOADS.sub("auditor-removed(", style.get_text())
    _add_note(soup, url, raw_name, fetched_at)
    prefix = _prefix(soup)
    return (prefix + soup.decode(formatter="minimal")).encode("utf-8")


def _is_http_equiv(tag: Tag) -> bool:
    """A meta that acts (refresh, cookies, its own policy) or declares the old encoding."""
    return tag.name == "meta" and ("http-equiv" in tag.attrs or "charset" in tag.attrs)


def _embed_note(soup: BeautifulSoup, tag: Tag, base: str) -> Tag:
    """A visible span in place of a frame or plug-in, naming what it would have loaded; it
    keeps the element's style, so a hidden frame stays hidden."""
    source = str(tag.get("src") or tag.get("data") or "")
    note = soup.new_tag("span", attrs={"data-auditor-removed": tag.name})
    if tag.get("style"):
        note["style"] = CSS_LOADS.sub("auditor-removed(", str(tag["style"]))
    address = urljoin(base, source) if source else "无地址"
    note.string = f"[已去除的{EMBEDS[tag.name]}:{address}]"
    return note


def _clean_attributes(tag: Tag, base: str) -> None:
    """Drop handlers, keep loaded addresses as text, keep only http(s) links (absolute)."""
    for name in list(tag.attrs):
        value = tag.attrs[name]
        text = " ".join(value) if isinstance(value, list) else str(value)
        lowered = name.lower()
        if lowered.startswith("on"):
            del tag.attrs[name]
        elif lowered in LOADED or (lowered.endswith("href") and tag.name not in ("a", "area")):
            del tag.attrs[name]
            tag.attrs[f"data-auditor-{lowered.replace(':', '-')}"] = text
        elif lowered.endswith("href"):
            _keep_web_link(tag, name, text, base)
        elif lowered == "style":
            tag.attrs[name] = CSS_LOADS.sub("auditor-removed(", text)


def _keep_web_link(tag: Tag, name: str, text: str, base: str) -> None:
    """An anchor's address made absolute when it is http(s); anything else kept as text."""
    target = urljoin(base, text.strip())
    del tag.attrs[name]
    if urlsplit(target).scheme in ("http", "https"):
        tag.attrs["href"] = target
    else:
        tag.attrs["data-auditor-href"] = text


def _prefix(soup: BeautifulSoup) -> str:
    """The page's doctype, then charset, policy and referrer metas ahead of everything else:
    a meta before any other tag lands in <head> whatever the page's own markup does later,
    where a policy meta inside a misplaced <head> would be ignored."""
    doctypes = [node for node in soup.contents if isinstance(node, Doctype)]
    for node in doctypes:
        node.extract()
    head = f"<!DOCTYPE {doctypes[0]}>\n" if doctypes else ""
    return (
        f'{head}<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
        f'content="{POLICY}"><meta name="referrer" content="no-referrer">\n'
    )


def _add_note(soup: BeautifulSoup, url: str, raw_name: str, fetched_at: str | None) -> None:
    """The note at the top of the page naming it, its fetch time and the untouched copy."""
    note = soup.new_tag("div", attrs={"data-auditor-note": "", "style": _NOTE_STYLE})
    when = f"(抓取于 {fetched_at})" if fetched_at else ""
    note.string = (
        f"auditor 安全阅读副本:{url}{when}。已去除脚本、框架、插件和外部资源,页面中隐藏的内容"
        f"仍保持隐藏。原样快照见 {raw_name},以其 SHA-256 为准。"
    )
    body, head = soup.find("body"), soup.find("head")
    if isinstance(body, Tag):
        body.insert(0, note)
    elif isinstance(head, Tag):
        head.insert_after(note)
    else:
        soup.insert(0, note)


_NOTE_STYLE = (
    "border:2px solid #b00;background:#fff8e1;color:#000;padding:6px;margin:0 0 8px;"
    "font:14px sans-serif"
)
