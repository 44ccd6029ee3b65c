"""The files a page loads from its own site that the tamper scan reads: script files (what
they write) and stylesheets (what they hide). Checks of these download the body (up to the
check limit) instead of stopping after the headers; other hosts' files are never read."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from auditor.crawl.scope import Scope
from auditor.tamper import TamperHit, scan_script_file
from auditor.tamper.linked import LinkedStyles, latent_blocks, stylesheets


def reads_script(url: str, content_type: str | None) -> bool:
    kind = (content_type or "").lower()
    return "javascript" in kind or urlsplit(url).path.lower().endswith(".js")


def reads_stylesheet(url: str, content_type: str | None) -> bool:
    kind = (content_type or "").lower()
    return "text/css" in kind or urlsplit(url).path.lower().endswith(".css")


def reads_file(url: str, content_type: str | None) -> bool:
    return reads_script(url, content_type) or reads_stylesheet(url, content_type)


def file_text(body: bytes) -> str:
    """Files of Chinese sites are UTF-8 or GBK; literals and selectors are all that matter."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("gb18030", "replace")


def rows(found: list[tuple[str, str, TamperHit]]) -> list[dict[str, Any]]:
    return [{"site_key": key, "page": page, **hit.to_dict()} for key, page, hit in found]


class ResourceScan:
    """One spider's reading of its sites' script files and stylesheets."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.linked = LinkedStyles()

    def page(self, tree, page: str, base_url: str, site_key: str, hits: list[TamperHit]):
        """Tampering rows for blocks the page's own stylesheets hide (now, or when they come)."""
        sheets = [s for s in stylesheets(tree, base_url) if self.scope.owner(s) is not None]
        if not sheets:
            return []
        host = (urlsplit(base_url).hostname or "").lower() or None
        seen = {hit.location for hit in hits}
        blocks = [b for b in latent_blocks(tree, base_url, host) if b.location not in seen]
        return rows(self.linked.page(page, site_key, sheets, blocks)) if blocks else []

    def file(self, url: str, content_type: str | None, body: bytes, referer: str, site_key: str):
        """Tampering rows a checked file of an inspected site brings."""
        if self.scope.owner(url) is None:
            return []
        if reads_stylesheet(url, content_type):
            return rows(self.linked.sheet(url, file_text(body)))
        if referer and reads_script(url, content_type):
            hits = scan_script_file(file_text(body), url, referer)
            return rows([(site_key, referer, hit) for hit in hits])
        return []
