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
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from auditor.tamper.blocks import judge_block
from auditor.tamper.css import StyleIndex, parse_stylesheet
from auditor.tamper.hit import TamperHit, element_path, truncate
from auditor.tamper.hosts import is_external, is_public_sector
from auditor.tamper.linkfacts import link_facts
from auditor.tamper.walk import INLINE, Hidden, cascade

LINKED = "linked:"  # Hidden.rule of a rule from a linked stylesheet
KEPT_ATTRIBUTES = {"id", "class", "style", "hidden", "bgcolor", "color", "width", "height"}


class Stub:
    """An element reduced to what CSS matching reads: tag, a few attributes, its ancestors."""

    def __init__(self, el, parent: Stub | None) -> None:
        self.tag = el.tag
        self.attrib = {k: v for k, v in el.attrib.items() if k in KEPT_ATTRIBUTES}
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
    """A block of outside links as the page had it: judged only once a stylesheet hides it
    (most never are, so the page pays for no link verdicts)."""

    chain: tuple[Stub, ...]  # the root down to the block's first outside link
    block: int  # the block's place in `chain`
    links: tuple[tuple[str, str], ...]  # (href, text)
    text: str
    page_url: str
    page_host: str | None
    snippet: str
    location: str  # element_path of the block, as a finding would give it


def stylesheets(root, page_url: str) -> list[str]:
    """Absolute URLs of the page's linked stylesheets."""
    found = []
    for el in root.iter("link"):
        if "stylesheet" in (el.get("rel") or "").lower() and el.get("href"):
            found.append(urljoin(page_url, el.get("href").strip()))
    return list(dict.fromkeys(found))


def latent_blocks(root, page_url: str, page_host: str | None) -> list[Latent]:
    """Every block holding links to other, non-public-sector sites, kept for later judgement."""
    groups: dict[HtmlElement, list[HtmlElement]] = defaultdict(list)
    for a in root.iter("a"):
        if _leaves(a.get("href") or "", page_host):
            groups[_block(a)].append(a)
    found = []
    stubs: dict[HtmlElement, Stub] = {}  # ancestors are shared: one stub each
    for block, anchors in groups.items():
        chain = _chain(anchors[0], stubs)
        links = tuple((a.get("href") or "", a.text_content()) for a in anchors)
        opening = f"<{block.tag}{_attributes(block)}> … "
        snippet = truncate(opening + " ".join(f'<a href="{h}">{t}</a>' for h, t in links[:4]))
        depth = len(list(block.iterancestors()))
        found.append(
            Latent(
                chain,
                depth,
                links,
                block.text_content(),
                page_url,
                page_host,
                snippet,
                element_path(block),
            )
        )
    return found


def _attributes(el) -> str:
    return "".join(f' {k}="{el.get(k)}"' for k in ("id", "class", "style") if el.get(k))


@lru_cache(maxsize=8192)
def _leaves(href: str, page_host: str | None) -> bool:
    """An absolute link to another, non-public-sector site (cheap: most links are neither).
    Cached: a site's menus and friend links repeat on every page (profiled: half the cost
    of keeping a page's latent blocks went to splitting the same addresses again)."""
    href = href.strip()
    if not href[:8].lower().startswith(("http:", "https:", "//")):
        return False
    try:
        host = urlsplit(href if href[0] != "/" else "http:" + href).hostname
    except ValueError:
        return False
    return is_external(host, page_host) and not is_public_sector(host or "")


def _block(el):
    while el.tag in INLINE and el.getparent() is not None:
        el = el.getparent()
    return el


def _chain(el, stubs: dict[HtmlElement, Stub]) -> tuple[Stub, ...]:
    chain: list[Stub] = []
    for node in [*reversed(list(el.iterancestors())), el]:
        stub = stubs.get(node)
        if stub is None:
            stub = stubs[node] = Stub(node, chain[-1] if chain else None)
        chain.append(stub)
    return tuple(chain)


def resolve(latent: Latent, sheet_url: str, styles: StyleIndex) -> TamperHit | None:
    """The latent block's finding when the stylesheet hides it and hiding it is tampering."""
    hidden = cascade(list(latent.chain), styles)
    if hidden is None or hidden.rule is None:
        return None
    facts = [link_facts(h, t, latent.page_url, latent.page_host) for h, t in latent.links]
    block = Hidden(latent.chain[latent.block], hidden.technique, LINKED + hidden.rule)
    hit = judge_block(block, latent.text, facts)
    if hit is None:
        return None
    return replace(hit, detail=f"{hit.detail}（样式表 {sheet_url}）", snippet=latent.snippet)


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
