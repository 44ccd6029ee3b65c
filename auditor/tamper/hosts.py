"""Host comparisons: is a link leaving the site, and is its target a public-sector host.

Government pages legitimately link to other government sites and to a handful of national
public services (the 党政机关 identifier, the error-reporting service, the illegal-content
report centre). Those are never counted as suspicious external links.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

SECOND_LEVEL = {"com", "net", "org", "gov", "edu", "ac", "mil"}
PUBLIC_LABELS = {"gov", "edu", "mil"}
PUBLIC_SERVICE_SUFFIXES = (
    "conac.cn",
    "kaipuyun.cn",
    "12377.cn",
    "12321.cn",
    "cyberpolice.cn",
    "people.com.cn",
    "xinhuanet.com",
    "news.cn",
    "cctv.com",
)
SPAM_HOST_RE = re.compile(
    r"bocai|duchang|dubo|yule|baijiale|liuhecai|caipiao|qipai|casino|poker|baccarat|"
    r"porn|xxx|seqing|chengren|\d*bet\d+|\d+bet|betway|sbobet|bwin|vwin|pk10|ssc\d|"
    r"pujing|weinisiren"
)
INSTITUTION_RE = re.compile(
    r"(?:人民政府|政府|门户网站|委员会|人大|政协|[局厅委办部院署馆所站]|日报|电视台|网)$"
)
IGNORED_SCHEMES = ("javascript:", "mailto:", "tel:", "#", "data:", "about:")


def link_host(href: str | None, base_url: str) -> str | None:
    """Host a link points to, or None for script/mail/fragment links and garbage."""
    href = (href or "").strip()
    if not href or href.lower().startswith(IGNORED_SCHEMES):
        return None
    try:
        return (urlsplit(urljoin(base_url, href)).hostname or "").lower() or None
    except ValueError:
        return None


def site_key(host: str) -> str:
    """Registrable part of a host ("a.b.gov.cn" -> "b.gov.cn"), good enough to tell sites apart."""
    labels = host.lower().rstrip(".").split(".")
    if host.replace(".", "").isdigit() or len(labels) <= 2:
        return host.lower()
    keep = 3 if labels[-2] in SECOND_LEVEL and labels[-1] == "cn" else 2
    return ".".join(labels[-keep:])


def is_external(host: str | None, page_host: str | None) -> bool:
    if not host or not page_host:
        return False
    return site_key(host) != site_key(page_host)


def is_public_sector(host: str) -> bool:
    labels = set(host.lower().split("."))
    if labels & PUBLIC_LABELS:
        return True
    return any(host == s or host.endswith("." + s) for s in PUBLIC_SERVICE_SUFFIXES)


def is_spam_host(host: str | None) -> bool:
    return bool(host and SPAM_HOST_RE.search(host))


def looks_institutional(text: str) -> bool:
    """Link text naming an agency or a news site, as friendly-link lists do."""
    return bool(INSTITUTION_RE.search(text.strip()))
