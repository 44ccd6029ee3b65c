"""Iframes and frames that hide another site's page inside, or over, a government page."""

from __future__ import annotations

from auditor.tamper.css import length_px, parse_declarations
from auditor.tamper.hit import TamperHit, element_path, outer_html, truncate
from auditor.tamper.hosts import is_external, is_public_sector, is_spam_host, link_host
from auditor.tamper.walk import Hidden

FULL = {"100%", "100vw", "100vh"}


def _size(el, decls: dict[str, str], name: str) -> str:
    return (decls.get(name) or el.get(name) or "").strip().lower()


def frame_technique(el, hidden: Hidden | None) -> str | None:
    decls = parse_declarations(el.get("style") or "")
    width, height = _size(el, decls, "width"), _size(el, decls, "height")
    if el.tag == "frame" or (width in FULL and height in FULL):
        return "full-page-iframe"
    if decls.get("position") == "fixed" and (width in FULL or height in FULL):
        return "full-page-iframe"
    tiny = [length_px(v) for v in (width, height) if v]
    if any(px is not None and px <= 1 for px in tiny):
        return "zero-size"
    return hidden.label if hidden else None


def frame_hit(el, hidden: Hidden | None, page_url: str, page_host: str | None) -> TamperHit | None:
    host = link_host(el.get("src"), page_url)
    if not host or not is_external(host, page_host) or is_public_sector(host):
        return None
    technique = frame_technique(el, hidden)
    if technique is None and not is_spam_host(host):
        return None
    technique = technique or "iframe"
    full = technique == "full-page-iframe"
    severity = "high" if full or is_spam_host(host) else "medium"
    what = "整页框架载入" if full else f"以“{technique}”方式隐藏的框架载入"
    detail = f"页面{what}外部站点 {host} 的内容"
    return TamperHit(
        "hidden_iframe", technique, detail, truncate(outer_html(el)), element_path(el), severity
    )
