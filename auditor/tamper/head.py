"""Title and `<meta>` checks: hijacked titles, stuffed keywords, spam redirects."""

from __future__ import annotations

import re

from auditor.tamper.hit import TamperHit, element_path, truncate
from auditor.tamper.hosts import is_external, is_public_sector, is_spam_host, link_host
from auditor.tamper.title_scan import promotions, stuffed_sales_words, title_terms
from auditor.tamper.vocab import describe, spam_terms

STUFFED_FIELDS = {"keywords", "description"}
DOMAIN_RE = re.compile(r"\b(?:[a-z0-9-]+\.)+[a-z]{2,10}\b", re.I)
DOMAIN_STUFFING = 2
REFRESH_URL_RE = re.compile(r"url\s*=\s*['\"]?([^'\"\s;]+)", re.I)


def title_hits(title_el) -> list[TamperHit]:
    text = title_el.text_content() if title_el is not None else ""
    detail = _title_detail(text)
    if detail is None:
        return []
    return [TamperHit("meta_spam", "title", detail, truncate(text), "head > title", "high")]


def _title_detail(text: str) -> str | None:
    """Why a title reads as hijacked: spam words, a keyword-stuffed run, or self-promotion."""
    terms = title_terms(text)
    if terms:
        return f"网页标题被篡改，出现{describe(terms)}"
    stuffed = stuffed_sales_words(text)
    if stuffed:
        words = "".join(f"“{w}”" for w in dict.fromkeys(stuffed))
        return f"网页标题被篡改，呈关键词堆砌形状（以分隔符连接的推广短语{words}）"
    promoted = promotions(text)
    if promoted:
        return f"网页标题被篡改，出现推广网站的字样“{promoted[0]}”"
    return None


def meta_hits(meta, page_host: str | None) -> list[TamperHit]:
    name = (meta.get("name") or "").strip().lower()
    if name in STUFFED_FIELDS:
        return _stuffed(meta, name, meta.get("content") or "", page_host)
    if (meta.get("http-equiv") or "").strip().lower() == "refresh":
        return _refresh(meta, meta.get("content") or "")
    return []


def _stuffed(meta, name: str, content: str, page_host: str | None) -> list[TamperHit]:
    location = f"head > meta[name={name}]"
    terms = spam_terms(content, weak=False)
    if terms:
        detail = f"<meta {name}> 中被塞入{describe(terms)}"
        return [TamperHit("meta_spam", f"meta {name}", detail, truncate(content), location, "high")]
    domains = {d.lower() for d in DOMAIN_RE.findall(content) if _foreign(d, page_host)}
    if len(domains) < DOMAIN_STUFFING:
        return []
    shown = "、".join(sorted(domains)[:3])
    detail = f"<meta {name}> 中被塞入 {len(domains)} 个外部域名（{shown}）"
    severity = "high" if any(is_spam_host(d) for d in domains) else "medium"
    return [TamperHit("meta_spam", f"meta {name}", detail, truncate(content), location, severity)]


def _foreign(domain: str, page_host: str | None) -> bool:
    domain = domain.lower()
    if not re.search(r"[a-z]", domain.rsplit(".", 1)[-1]) or "." not in domain:
        return False
    return is_external(domain, page_host) and not is_public_sector(domain)


def _refresh(meta, content: str) -> list[TamperHit]:
    m = REFRESH_URL_RE.search(content)
    host = link_host(m.group(1), "http://invalid/") if m else None
    if not is_spam_host(host):
        return []
    detail = f"页面通过 meta refresh 跳转到可疑站点 {host}"
    return [
        TamperHit(
            "cloaking_script", "meta-refresh", detail, truncate(content), element_path(meta), "high"
        )
    ]
