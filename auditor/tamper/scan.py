"""The page scan the crawler runs on every fetched page: one lxml tree, no script execution."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

from auditor.tamper.blocks import hidden_block_hits
from auditor.tamper.css import Rule, StyleIndex, parse_stylesheet
from auditor.tamper.frames import frame_hit
from auditor.tamper.head import meta_hits, title_hits
from auditor.tamper.hit import TamperHit
from auditor.tamper.script_scan import SCRIPT_SET, script_hits, script_rules
from auditor.tamper.visible import visible_hits
from auditor.tamper.walk import Hidden, walk_body

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def parse_page(html: str):
    """lxml.html tree, or None for empty or unparsable input."""
    if not html or not html.strip():
        return None
    try:
        return lxml_html.document_fromstring(html)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return None


_IDS = etree.XPath("//@id", smart_strings=False)
_CLASSES = etree.XPath("//@class", smart_strings=False)


def page_names(root) -> set[str]:
    """ "#id" and ".class" of every element: rules naming anything else are never parsed."""
    names = {"#" + ident for ident in _IDS(root)}
    names.update("." + name for classes in _CLASSES(root) for name in classes.split())
    return names


def style_texts(root) -> list[str]:
    """The page's `<style>` blocks, then the rules its scripts apply (`el.style.display =
    "none"`), which hide as surely as a stylesheet does."""
    texts = [style.text for style in root.iter("style") if style.text]
    return texts + [rule for script in root.iter("script") for rule in script_rules(script)]


def _styles(texts: list[str], root) -> StyleIndex:
    rules: list[Rule] = []
    names: set[str] | None = None
    for text in texts:
        names = page_names(root) if names is None else names
        if text.startswith(SCRIPT_SET):
            found = parse_stylesheet(text[len(SCRIPT_SET) :], len(rules), names)
            rules += [replace(rule, text=SCRIPT_SET + rule.text) for rule in found]
        else:
            rules += parse_stylesheet(text, len(rules), names)
    return StyleIndex(rules)


def scan_html(html: str, url: str, tree=None) -> list[TamperHit]:
    """Every tampering finding in one page, most severe first.

    `tree` may be an lxml.html document (or its root) already parsed by the caller.
    """
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    root = root if root is not None else parse_page(html)
    if root is None:
        return []
    page_host = (urlsplit(url).hostname or "").lower() or None
    texts = style_texts(root)
    hits = title_hits(next(root.iterdescendants("title"), None))  # find(".//title"), in C
    for meta in root.iter("meta"):
        hits += meta_hits(meta, page_host)
    written = partial(_written_hidden, texts, url, page_host)
    for script in root.iter("script"):
        hits += script_hits(script, url, page_host, written)
    hits += _body_hits(root, _styles(texts, root), url, page_host)
    return sorted(dict.fromkeys(hits), key=lambda h: SEVERITY_ORDER[h.severity])


def _written_hidden(texts: list[str], url: str, page_host: str | None, markup: str):
    """The most severe hidden block in markup a script writes, walked with the page's rules."""
    root = parse_page(f"<html><body>{markup}</body></html>")
    body = root.find("body") if root is not None else None
    if body is None:
        return None
    page = walk_body(body, _styles(texts, body))
    hits = hidden_block_hits(page, url, page_host)
    return min(hits, key=lambda h: SEVERITY_ORDER[h.severity]) if hits else None


def _body_hits(root, styles: StyleIndex, url: str, page_host: str | None) -> list[TamperHit]:
    body = root.find("body")
    hits: list[TamperHit] = []
    frames: list[tuple[HtmlElement, Hidden | None]] = [(f, None) for f in root.iter("frame")]
    if body is not None:
        page = walk_body(body, styles)
        hits += hidden_block_hits(page, url, page_host)
        hits += visible_hits(page)
        frames = page.iframes + [f for f in frames if f[0] not in {e for e, _ in page.iframes}]
    for frame, hidden in frames:
        found = frame_hit(frame, hidden, url, page_host)
        if found:
            hits.append(found)
    return hits


def scan_script_file(code: str, script_url: str, page_url: str) -> list[TamperHit]:
    """Findings in a site's own script file (`<script src>`), read like an inline script of
    the page that includes it; the location names the file."""
    page_host = (urlsplit(page_url).hostname or "").lower() or None
    script = lxml_html.Element("script")
    script.text = code
    written = partial(_written_hidden, [], page_url, page_host)
    return [
        replace(
            hit,
            technique=f"script-file+{hit.technique}",
            detail=f"本站脚本文件 {script_url} 中，{hit.detail}",
            location=f'script[src="{script_url}"]',
        )
        for hit in script_hits(script, page_url, page_host, written)
    ]
