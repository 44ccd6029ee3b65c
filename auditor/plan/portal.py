"""Find the department sites a portal's home page links to.

Portals list their departments in a block headed 部门网站, 部门子站, 政府部门, 区直部门,
乡镇街道…, as links or as a <select> of URLs.  A link to another host is that department's
own site (its root); a link into the portal is a sub-site owning a path prefix.  Only links
inside such blocks count, so the portal's news and navigation are not taken for departments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import html as lxml_html

from auditor.plan.draft import Candidate

BLOCK_WORDS = (
    "部门网站",
    "部门子站",
    "部门站点",
    "部门链接",
    "部门导航",
    "政府部门",
    "区直部门",
    "县直部门",
    "市直部门",
    "直属部门",
    "直属单位",
    "委办局",
    "乡镇街道",
    "乡镇网站",
    "镇街网站",
    "街道办事处",
)
PLATFORM_WORDS = ("信息公开统一平台", "政府信息公开平台", "信息公开平台")
_MORE = re.compile(r"^(更多|more|>+|》+|…+|\.\.\.+|首页|返回)", re.IGNORECASE)
_MAX_HEADING = 16  # a heading is short; a sentence that mentions 政府部门 is not one
_MAX_CLIMB = 6


@dataclass(frozen=True)
class PortalLinks:
    sites: list[Candidate]
    platform: str  # a link to the unified platform found on the page, or ""


def portal_links(page_html: str, page_url: str) -> PortalLinks:
    """Department candidates (name, site root or prefix) in the page's department blocks."""
    tree = lxml_html.fromstring(page_html or "<html></html>")
    seen: dict[str, Candidate] = {}
    for heading in _headings(tree):
        for name, href in _block_links(heading):
            url = site_url(urljoin(page_url, href), page_url)
            if url and url not in seen:
                seen[url] = Candidate(f"门户链接 {len(seen) + 1}", name, url)
    return PortalLinks(list(seen.values()), _platform_link(tree, page_url))


def site_url(link: str, portal: str) -> str:
    """A department site from a link: another host's root, or the link's directory on the
    portal; "" for links that are no site (other schemes, the portal's home itself)."""
    parts, home = urlsplit(link), urlsplit(portal)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    if parts.netloc.lower() != home.netloc.lower():
        return urlunsplit((parts.scheme, parts.netloc, "/", "", ""))
    path = parts.path or "/"
    prefix = path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"
    if prefix == "/":
        return ""
    return urlunsplit((parts.scheme, parts.netloc, prefix, "", ""))


def _headings(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "option"):
            continue
        own = "".join(element.xpath("text()")).strip()
        if own and len(own) <= _MAX_HEADING and any(w in own for w in BLOCK_WORDS):
            if _is_menu_item(element):
                continue
            found.append(element)
    return found


def _is_menu_item(element: lxml_html.HtmlElement) -> bool:
    """A menu link to a page (政府部门 in the top navigation), unlike a tab heading whose
    link goes nowhere (javascript:, #) and heads the block beside it."""
    parent = element.getparent()
    if element.tag != "a" or parent is None or parent.tag != "li":
        return False
    href = (element.get("href") or "").strip().lower()
    return _goes_somewhere(href)


def _block_links(heading: lxml_html.HtmlElement) -> list[tuple[str, str]]:
    """(text, href) of the links in the nearest ancestor of a heading that holds links."""
    container = heading.getparent()
    for _ in range(_MAX_CLIMB):
        if container is None:
            return []
        title = "".join(heading.xpath("text()")).strip()
        links = [(n, h) for n, h in _links(container) if _goes_somewhere(h) and n and n != title]
        links = [(n, h) for n, h in links if not _MORE.match(n)]  # 更多>> beside the heading
        if links:
            return links
        container = container.getparent()
    return []


def _goes_somewhere(href: str) -> bool:
    return bool(href) and not href.lower().startswith(("#", "javascript:"))


def _links(container: lxml_html.HtmlElement) -> list[tuple[str, str]]:
    out = []
    for anchor in container.iter("a", "option"):
        href = anchor.get("href") if anchor.tag == "a" else anchor.get("value")
        text = " ".join(anchor.text_content().split()) or anchor.get("title", "")
        if not text:
            text = next((img.get("alt", "") for img in anchor.iter("img")), "")
        out.append((text.strip(), (href or "").strip()))
    return out


def _platform_link(tree: lxml_html.HtmlElement, page_url: str) -> str:
    for anchor in tree.iter("a"):
        text = " ".join(anchor.text_content().split()) or anchor.get("title", "")
        if any(w in text for w in PLATFORM_WORDS) and anchor.get("href"):
            url = urljoin(page_url, anchor.get("href").strip())
            if urlsplit(url).scheme in ("http", "https"):
                return url
    return ""
