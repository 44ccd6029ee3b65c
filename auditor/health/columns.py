"""Columns (栏目) and their freshness: the 栏目不更新 and 空白栏目 single-veto rules.

A column is a listing page (PageFacts.is_listing), its pagination pages grouped by column name;
its last update is the newest dated entry not after as_of. 动态/要闻 columns go stale after two
weeks and 通知公告/政策文件 columns after six months (verified); other columns are listed with
their age and count as "should update but do not" only when their newest entry is over a year
old (approximate: the census names 人事 and 规划计划 columns without a period).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from auditor.health.common import facts_of, months_before, newest
from auditor.health.sitedata import SiteData, page_key

KINDS = (  # checked in order: the first kind whose keyword is in the column name wins
    ("dynamic", "动态要闻", ("动态", "要闻", "新闻", "工作进展", "资讯")),
    (
        "policy",
        "政策文件",
        ("政策文件", "规范性文件", "政策法规", "法规文件", "政府文件", "部门文件"),
    ),
    ("notice", "通知公告", ("通知", "公告", "公示")),
)
DYNAMIC_DAYS = 14
NOTICE_MONTHS = 6
OTHER_DAYS = 365  # approximate
EMPTY_MARKERS = (
    "暂无信息",
    "暂无内容",
    "暂无数据",
    "暂无相关",
    "暂无记录",
    "没有相关信息",
    "尚无信息",
)
MIN_ANCHOR = 4  # characters in an entry's link text; shorter is navigation (更多, 下一页)


@dataclass(frozen=True)
class Column:
    name: str
    url: str
    kind: str  # dynamic | notice | policy | other
    newest: dt.date | None
    entries: int
    status: str  # ok | stale | empty | undated
    limit: str

    @property
    def periodic(self) -> bool:
        return self.kind != "other"

    def as_dict(self, as_of: dt.date) -> dict[str, Any]:
        age = (as_of - self.newest).days if self.newest else None
        return {
            "name": self.name,
            "url": self.url,
            "kind": self.kind,
            "kind_name": kind_name(self.kind),
            "newest": self.newest.isoformat() if self.newest else None,
            "age_days": age,
            "entries": self.entries,
            "status": self.status,
            "limit": self.limit,
        }


def kind_of(name: str) -> str:
    return next((kind for kind, _, words in KINDS if any(w in name for w in words)), "other")


def kind_name(kind: str) -> str:
    return next((label for k, label, _ in KINDS if k == kind), "其他栏目")


def site_columns(data: SiteData, as_of: dt.date) -> list[Column]:
    groups: dict[str, list[dict[str, Any]]] = {}
    home = page_key((data.home or {}).get("url") or data.site.get("url") or "")
    for page in data.pages:
        facts = facts_of(page)
        if facts.get("is_listing") and _ok(page) and page_key(page.get("url") or "") != home:
            groups.setdefault(column_name(page), []).append(page)
    entries = _entries_by_source(data)
    return [_column(name, pages, entries, as_of) for name, pages in groups.items()]


def column_name(page: dict[str, Any]) -> str:
    facts = facts_of(page)
    meta, crumbs = facts.get("meta"), facts.get("breadcrumb")
    meta = meta if isinstance(meta, dict) else {}
    crumbs = crumbs if isinstance(crumbs, list) else []
    for name in (facts.get("column"), meta.get("ColumnName"), crumbs[-1] if crumbs else None):
        if isinstance(name, str) and name.strip():
            return name.strip()[:60]
    return str(page.get("title") or page.get("url") or "")[:60]


def _column(
    name: str, pages: list[dict[str, Any]], entries_of: dict[str, set[str]], as_of: dt.date
) -> Column:
    pages.sort(key=lambda p: (p.get("depth") or 0, len(p.get("url") or "")))
    dates = [d for p in pages for d in (facts_of(p).get("listing_dates") or [])]
    own = {str(p.get("url")) for p in pages}
    linked = set().union(*(entries_of.get(url, set()) for url in own)) - own
    entries = max(len(dates), len(linked))
    if any(m in str(facts_of(p).get("text") or "")[:4000] for p in pages for m in EMPTY_MARKERS):
        entries = len(dates)
    kind = kind_of(name)
    latest = newest(dates, as_of)
    status, limit = _freshness(kind, latest, entries, as_of)
    return Column(name, pages[0].get("url") or "", kind, latest, entries, status, limit)


def _freshness(kind: str, latest: dt.date | None, entries: int, as_of: dt.date) -> tuple[str, str]:
    if kind == "dynamic":
        limit, cutoff = f"{DYNAMIC_DAYS}天", as_of - dt.timedelta(days=DYNAMIC_DAYS)
    elif kind in ("notice", "policy"):
        limit, cutoff = f"{NOTICE_MONTHS}个月", months_before(as_of, NOTICE_MONTHS)
    else:
        limit, cutoff = f"{OTHER_DAYS}天(参考)", as_of - dt.timedelta(days=OTHER_DAYS)
    if entries == 0:
        return "empty", limit
    if latest is None:
        return ("stale" if kind != "other" else "undated"), limit
    return ("stale" if latest < cutoff else "ok"), limit


def _entries_by_source(data: SiteData) -> dict[str, set[str]]:
    """Article links per page: site navigation and links to columns are left out, so a
    column holding only its menu counts as empty."""
    chrome = _chrome_targets(data)
    entries: dict[str, set[str]] = {}
    for link in data.links:
        target = link.get("target") or ""
        anchor = (link.get("anchor") or "").strip()
        if link.get("tag", "a") == "a" and len(anchor) >= MIN_ANCHOR and target not in chrome:
            entries.setdefault(link.get("source") or "", set()).add(target)
    return entries


def _chrome_targets(data: SiteData) -> frozenset[str]:
    """Targets linked from at least half of the site's pages (menus, footers), plus columns."""
    sources: dict[str, set[str]] = {}
    for link in data.links:
        sources.setdefault(link.get("target") or "", set()).add(link.get("source") or "")
    pages = len({link.get("source") for link in data.links})
    counts = Counter({target: len(s) for target, s in sources.items()})
    common = {t for t, n in counts.items() if n >= max(3, pages / 2)}
    columns = {str(p.get("url")) for p in data.pages if facts_of(p).get("is_listing")}
    return frozenset(common | columns)


def _ok(page: dict[str, Any]) -> bool:
    status = page.get("status")
    return isinstance(status, int) and 200 <= status < 300 and not facts_of(page).get("not_found")
