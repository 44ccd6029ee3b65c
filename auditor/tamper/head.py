"""Title and `<meta>` checks: hijacked titles, stuffed keywords, spam redirects."""

from __future__ import annotations

import re

from auditor.tamper.hit import TamperHit, element_path, truncate
from auditor.tamper.hosts import is_external, is_public_sector, is_spam_host, link_host
from auditor.tamper.titles import stuffed_sales_words, title_terms
from auditor.tamper.vocab import describe, spam_terms

STUFFED_FIELDS = {"keywords", "description"}
DOMAIN_RE = re.compile(r"\b(?:[a-z0-9-]+\.)+[a-z]{2,10}\b", re.I)
DOMAIN_STUFFING = 2
REFRESH_URL_RE = re.compile(r"url\s*=\s*['\"]?([^'\"\s;]+)", re.I)


def title_hits(title_el) -> list[TamperHit]:
    text = title_el.text_content() if title_el is not None else ""
    terms = title_terms(text)
    stuffed = [] if terms else stuffed_sales_words(text)
    if not terms and not stuffed:
        return []
    if terms:
        detail = f"网页标题被篡改，出现{describe(terms)}"
    else:
        words = "".join(f"“{w}”" for w in dict.fromkeys(stuffed))
        detail = f"网页标题被篡改，呈关键词堆砌形状（以分隔符连接的推广短语{words}）"
    return [TamperHit("meta_spam", "title", detail, truncate(text), "head > title", "high")]


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
