"""Cross-page footer comparison: hijackers often rewrite the footer of a few pages only.

Footers are normalised (whitespace folded, digit runs collapsed so visit counters and dates do
not matter) and the most common one is the site's footer. A page whose footer differs is
reported only when the difference is suspicious: a new spam term, a new brand-like token
("det365娱乐"), or a new 主办 organiser that does not read like a government body.
"""

from __future__ import annotations

import re
from collections import Counter

from auditor.tamper.vocab import describe, find_terms, spam_terms

DIGITS_RE = re.compile(r"\d+")
BRAND_TOKEN_RE = re.compile(
    r"[A-Za-z0-9]*(?:[A-Za-z]\d|\d[A-Za-z])[A-Za-z0-9]*(?=[\u4e00-\u9fff])"
    r"|[\u4e00-\u9fff]{2,6}(?:娱乐|官网|集团)"
)
ORGANISER_RE = re.compile(r"([^\s，,。|｜:：;；]{2,30}?)\s*主办")
GOVERNMENT_RE = re.compile(
    r"(?:政府|委员会|人大|政协|办公室|中心|[局厅委办部院署馆所站处室科队会])$"
)


def normalise(text: str) -> str:
    return DIGITS_RE.sub("#", " ".join((text or "").split()))


def _brands(text: str) -> set[str]:
    return set(BRAND_TOKEN_RE.findall(text))


def _organisers(text: str) -> set[str]:
    return set(ORGANISER_RE.findall(text))


def footer_outliers(footers: dict[str, str]) -> list[tuple[str, str]]:
    """(url, Chinese detail) for pages whose footer departs suspiciously from the site's, in
    URL order.  Pages are taken in URL order, not as given: a tie between two footers and
    the majority's page whose text is the base are then the same whatever order the crawl
    stored the pages in, so a repeat may take an earlier run's answer for the same pages."""
    ordered = sorted(footers.items())
    normal = {url: normalise(text) for url, text in ordered if text and text.strip()}
    counts = Counter(normal.values())
    if not counts:
        return []
    majority, votes = counts.most_common(1)[0]
    base = next(footers[u] for u, n in normal.items() if n == majority) if votes > 1 else ""
    outliers = []
    for url, norm in normal.items():
        if norm != majority or votes == 1:
            detail = _suspicious_change(base, footers[url])
            if detail:
                outliers.append((url, detail))
    return outliers


def _suspicious_change(base: str, text: str) -> str | None:
    known = {t.text for t in find_terms(base)}
    terms = [t for t in spam_terms(text, weak=False, in_footer=True) if t.text not in known]
    if terms:
        return f"该页页脚与本站多数页面不同，出现{describe(terms)}"
    if not base:
        return None
    brands = sorted(_brands(text) - _brands(base))
    if brands:
        return f"该页页脚与本站多数页面不同，出现新的品牌字样“{brands[0]}”"
    odd = sorted(o for o in _organisers(text) - _organisers(base) if not GOVERNMENT_RE.search(o))
    if odd:
        return f"该页页脚的主办单位变为“{odd[0]}”，与本站多数页面不同"
    return None
