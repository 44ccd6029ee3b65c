"""Footer identifiers and page metadata (政府网站发展指引, 国办发〔2017〕47号).

The home page's footer should carry the 党政机关网站标识, the 网站标识码, the ICP and public-
security filing numbers, the sponsor (主办单位) and a contact; every page should carry the
SiteName/SiteIDCode/ColumnName meta tags, and article pages ArticleTitle/PubDate/ContentSource.
Missing identifiers are warnings: neither generation of indicators vetoes them.
"""

from __future__ import annotations

import re
from typing import Any

from auditor.health.common import FAIL, OK, WARN, facts_of, indicator
from auditor.health.sitedata import SiteData, page_key
from auditor.net.urls import split_url
from auditor.store.records import Indicator, PageRow

_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_SITE_ID = re.compile(r"(?<![0-9A-Za-z])(bm\d{8}|\d{10})(?!\d)", re.IGNORECASE)
PATTERNS: dict[str, re.Pattern[str]] = {
    "site_id": re.compile(r"标识码\s*[::]?\s*(bm\d{8}|\d{10})(?!\d)", re.IGNORECASE),
    "icp": re.compile(rf"[{_PROVINCES}]\s*ICP\s*[备证]\s*\d{{6,10}}\s*号(?:-\d+)?", re.IGNORECASE),
    "police": re.compile(rf"[{_PROVINCES}]\s*公网安备\s*\d{{10,16}}\s*号?"),
    "sponsor": re.compile(r"主办(?:单位)?\s*[::]\s*([^\s,,。;;|/]{2,40})"),
    "contact": re.compile(
        r"(?<!\d)(?:0\d{2,3}[-—－]\d{7,8}|1[3-9]\d{9})(?!\d)"
        r"|(?:电话|热线|传真)\s*[::]?\s*\d[\d\s-]{6,14}\d"
        r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    ),
}
NAMES = {
    "site_id": "网站标识码",
    "icp": "ICP备案号",
    "police": "公安机关备案号",
    "party_mark": "党政机关网站标识",
    "sponsor": "主办单位",
    "contact": "联系方式",
}
META_SITE = ("SiteName", "SiteIDCode", "ColumnName")
META_ARTICLE = ("ArticleTitle", "PubDate", "ContentSource")
META_OK_SHARE = 0.95  # this tool's own bar (approximate): the guideline wants every page
SCAN_CHARS = 20_000


def footer_indicators(data: SiteData) -> list[Indicator]:
    text = _home_text(data)
    found = {key: _match(key, text) for key in PATTERNS}
    found["site_id"] = found["site_id"] or _meta_site_id(data)
    found["party_mark"] = _party_mark(data, text)
    return [_footer_indicator(key, found[key], data.home is not None) for key in NAMES]


def _footer_indicator(key: str, value: str | None, have_home: bool) -> Indicator:
    name = NAMES[key]
    if value:
        return indicator(f"footer.{key}", name, value, "应有", OK, f"首页页脚有{name}:{value}。")
    where = "首页页脚及正文未找到" if have_home else "首页无法访问,未能检查"
    return indicator(f"footer.{key}", name, None, "应有", WARN, f"{where}{name}。")


def _match(key: str, text: str) -> str | None:
    hit = PATTERNS[key].search(text)
    if not hit:
        return None
    return (hit.group(1) if hit.groups() else hit.group(0)).strip()


def _home_text(data: SiteData) -> str:
    facts = facts_of(data.home)
    parts = (facts.get("footer"), facts.get("text"), (data.home or {}).get("title"))
    return " ".join(p for p in parts if isinstance(p, str))[:SCAN_CHARS]


def _meta_site_id(data: SiteData) -> str | None:
    meta = facts_of(data.home).get("meta")
    value = meta.get("SiteIDCode") if isinstance(meta, dict) else None
    hit = _SITE_ID.search(value) if isinstance(value, str) else None
    return hit.group(1) if hit else None


def _party_mark(data: SiteData, text: str) -> str | None:
    """The red 党政机关 badge: an image link to the registry (conac.cn) or labelled as such."""
    for link in data.home_links:
        host = split_url(link.get("target") or "").hostname or ""
        if host.endswith("conac.cn") or "党政机关" in (link.get("anchor") or ""):
            return link.get("target") or "党政机关网站标识"
    return "党政机关网站标识" if "党政机关网站" in text else None


def observe_meta(page: PageRow, home: str) -> tuple[bool, list[str]] | None:
    """What one page gives the meta-tag coverage: None for a page not fetched, else whether
    it is an article (not a listing, not the home page: `home` is its page_key) and the
    tags it carries of those its kind should."""
    if not _fetched(page):
        return None
    facts = facts_of(page)
    article = not facts.get("is_listing") and page_key(page.get("url") or "") != home
    meta = facts.get("meta")
    if not isinstance(meta, dict):
        return article, []
    wanted = META_SITE if not article else (*META_SITE, *META_ARTICLE)
    return article, [tag for tag in wanted if _has_meta(meta, tag)]


class MetaScan:
    """Meta tag coverage of the site's fetched pages: counts of their observations
    (`observe_meta`), which a repeat updates by the pages that changed (sign -1 takes a
    page's old observation away)."""

    def __init__(self, counts: dict[str, int] | None = None) -> None:
        self.have = dict.fromkeys((*META_SITE, *META_ARTICLE), 0)
        self.pages = self.articles = 0
        if counts:
            self.pages, self.articles = counts["pages"], counts["articles"]
            self.have.update({tag: counts[tag] for tag in self.have})

    def take(self, seen: tuple[bool, list[str]] | None, sign: int = 1) -> None:
        if seen is None:
            return
        article, tags = seen
        self.pages += sign
        self.articles += sign * article
        for tag in tags:
            self.have[tag] += sign

    def counts(self) -> dict[str, int]:
        return {"pages": self.pages, "articles": self.articles, **self.have}

    def indicators(self) -> list[Indicator]:
        have = self.have
        return [_coverage(tag, have[tag], self.pages, "页面") for tag in META_SITE] + [
            _coverage(tag, have[tag], self.articles, "文章页") for tag in META_ARTICLE
        ]


def _coverage(tag: str, have: int, pages: int, kind: str) -> Indicator:
    name = f"页面元数据 {tag}"
    if not pages:
        return indicator(f"meta.{tag}", name, None, META_OK_SHARE, OK, f"没有可检查的{kind}。")
    share = have / pages
    status = OK if share >= META_OK_SHARE else (WARN if have else FAIL)
    detail = f"{pages}个{kind}中{have}个有 {tag} 元数据(占{share:.0%})。"
    return indicator(f"meta.{tag}", name, round(share, 3), META_OK_SHARE, status, detail)


def _has_meta(meta: dict[str, Any], tag: str) -> bool:
    value = meta.get(tag)
    return isinstance(value, str) and bool(value.strip())


def _fetched(page: PageRow) -> bool:
    status = page.get("status")
    return isinstance(status, int) and 200 <= status < 300 and not facts_of(page).get("not_found")
