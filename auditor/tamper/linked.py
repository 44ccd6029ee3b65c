"""Blocks hidden by a rule of a linked stylesheet (`<link rel="stylesheet">` of the site).

The page is parsed before its stylesheet arrives, so each page keeps, per block of outside
links that would be tampering if hidden (blocks.judge_block), a small copy of the path from the
root to one of its links (tag, id, class, style, nothing else). When the stylesheet's text is
there, its rules are cascaded down that path exactly as the body walk would do, with inline
styles, so a child that undoes `font-size:0` (the inline-block spacing trick) stays visible.
Crawled pages never fetch another site's stylesheet: the caller passes its own sites' only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from urllib.parse import urljoin

from lxml.html import HtmlElement

from auditor.tamper.blocks import judge_block
from auditor.tamper.css import StyleIndex, parse_stylesheet
from auditor.tamper.hit import TamperHit
from auditor.tamper.links import link_facts
from auditor.tamper.walk import INLINE, Hidden, cascade

PLACEHOLDER = "\x00"
PREFIX = "linked-style "
KEPT_ATTRIBUTES = ("id", "class", "style", "hidden", "bgcolor", "color", "width", "height")


class Stub:
    """An element reduced to what CSS matching reads: tag, a few attributes, its ancestors."""

    def __init__(self, el, parent: Stub | None) -> None:
        self.tag = el.tag
        self.attrib = {k: el.get(k) for k in KEPT_ATTRIBUTES if el.get(k) is not None}
        self.parent = parent

    def get(self, name: str, default=None):
        return self.attrib.get(name, default)

    def iterancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


@dataclass(frozen=True)
class Latent:
    """A block that is tampering if a stylesheet hides it: its path and its finding."""

    chain: tuple[Stub, ...]
    hit: TamperHit


def stylesheets(root, page_url: str) -> list[str]:
    """Absolute URLs of the page's linked stylesheets."""
    found = []
    for el in root.iter("link"):
        if "stylesheet" in (el.get("rel") or "").lower() and el.get("href"):
            found.append(urljoin(page_url, el.get("href").strip()))
    return list(dict.fromkeys(found))


def latent_blocks(root, page_url: str, page_host: str | None) -> list[Latent]:
    """Blocks of outside links that a hiding rule would turn into tampering."""
    groups: dict[HtmlElement, list[HtmlElement]] = defaultdict(list)
    for a in root.iter("a"):
        href = (a.get("href") or "").strip().lower()
        if href.startswith(("http:", "https:", "//")):
            groups[_block(a)].append(a)
    found = []
    for block, anchors in groups.items():
        links = [link_facts(a.get("href"), a.text_content(), page_url, page_host) for a in anchors]
        if not any(f.outside for f in links):
            continue
        hit = judge_block(Hidden(block, PLACEHOLDER), block.text_content(), links)
        if hit is not None:
            found.append(Latent(_chain(anchors[0]), hit))
    return found


def _block(el):
    while el.tag in INLINE and el.getparent() is not None:
        el = el.getparent()
    return el


def _chain(el) -> tuple[Stub, ...]:
    elements = [*reversed(list(el.iterancestors())), el]
    stubs: list[Stub] = []
    for node in elements:
        stubs.append(Stub(node, stubs[-1] if stubs else None))
    return tuple(stubs)


def resolve(latent: Latent, sheet_url: str, styles: StyleIndex) -> TamperHit | None:
    """The latent block's finding when the stylesheet hides it, else None."""
    hidden = cascade(list(latent.chain), styles)
    if hidden is None or hidden.rule is None:
        return None
    label = f"样式表 {sheet_url} 的规则 {hidden.rule}（{hidden.technique}）"
    return replace(
        latent.hit,
        technique=f"{PREFIX}{hidden.rule}",
        detail=latent.hit.detail.replace(PLACEHOLDER, label),
    )


class LinkedStyles:
    """A crawl's stylesheets and the pages waiting for them (one per spider)."""

    def __init__(self) -> None:
        self.sheets: dict[str, StyleIndex] = {}
        self.waiting: dict[str, list[tuple[str, str, Latent]]] = defaultdict(list)

    def page(self, page: str, site_key: str, sheets: list[str], blocks: list[Latent]):
        """(site key, page, hit) found now; blocks wait for sheets not yet read."""
        found = []
        for latent in blocks:
            for sheet in sheets:
                hit = resolve(latent, sheet, self.sheets[sheet]) if sheet in self.sheets else None
                if hit is not None:
                    found.append((site_key, page, hit))
                    break
                if sheet not in self.sheets:
                    self.waiting[sheet].append((site_key, page, latent))
        return found

    def sheet(self, url: str, css: str):
        """Read one stylesheet; (site key, page, hit) of the pages that were waiting for it."""
        styles = self.sheets[url] = StyleIndex(parse_stylesheet(css))
        found = []
        for site_key, page, latent in self.waiting.pop(url, []):
            hit = resolve(latent, url, styles)
            if hit is not None:
                found.append((site_key, page, hit))
        return found
