"""Columns (栏目) and their freshness: the 栏目不更新 and 空白栏目 single-veto rules.

A column is a listing page (PageFacts.is_listing), its pagination pages grouped by column name;
its last update is the newest dated entry not after as_of. 动态/要闻 columns go stale after two
weeks and 通知公告/政策文件 columns after six months (verified); other columns are listed with
their age and count as "should update but do not" only when their newest entry is over a year
old (approximate: the census names 人事 and 规划计划 columns without a period).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from auditor.health.common import facts_of, months_before, newest
from auditor.health.sitedata import LinkKey, SiteData, link_key, page_key
from auditor.store.records import PageRow

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


@dataclass(frozen=True)
class Listing:
    """A listing page reduced to what its column's freshness needs."""

    url: str
    depth: int
    dates: Any  # PageFacts.listing_dates as stored (hostile: may not be a list)
    says_empty: bool  # its text carries an "暂无信息" marker


def observe_column(page: PageRow, home: str) -> Any:
    """What one page gives the site's columns (auditor/health/pagescans.py): None for a
    page that is not a listing; for a listing page, 1, or, when it answered 2xx and is not
    the home page (`home`: its page_key), its column and entries as
    [name, depth, listing dates, says empty]."""
    if not facts_of(page).get("is_listing"):
        return None
    if not _ok(page) or page_key(page.get("url") or "") == home:
        return 1
    listing = _listing(page)
    return [column_name(page), listing.depth, listing.dates, listing.says_empty]


class ColumnScan:
    """The site's columns, gathered from its listing pages' observations (`observe_column`)
    as PageScans feeds them, in URL order."""

    def __init__(self, data: SiteData) -> None:
        self.data = data
        self.groups: dict[str, list[Listing]] = {}
        self.listings: set[str] = set()
        self.read: set[LinkKey] = set()  # the links `columns` read, as the reuse key has them
        self.counts: dict[str, int] = {}  # each column's linked entries, as `columns` found

    def take(self, url: str, seen: Any) -> None:
        self.listings.add(url)
        if isinstance(seen, list):
            name, depth, dates, says_empty = seen
            self.groups.setdefault(name, []).append(Listing(url, depth, dates, says_empty))

    def columns(
        self, as_of: dt.date, common: set[str], known: dict[str, int] | None = None
    ) -> list[Column]:
        """The site's columns; `common` are its menu targets (Store.common_targets).
        `known`: columns' counts of linked entries an earlier run found on the same pages
        with the same links and menus (auditor/health/delta.py), not read again."""
        data, known = self.data, known or {}
        chrome = frozenset(common | self.listings)
        found = []
        for name, pages in self.groups.items():
            linked = known.get(name)
            if linked is None:
                linked = _linked(data, pages, chrome, self.read)
            self.counts[name] = linked
            found.append(_column(name, pages, linked, as_of))
        return sorted(found, key=lambda c: (c.url, c.name))  # not crawl order: same every run

    def sources(self) -> set[str]:
        """The listing pages whose links `columns` reads (into `read`)."""
        return {page.url for pages in self.groups.values() for page in pages}


def _listing(page: PageRow) -> Listing:
    facts = facts_of(page)
    text = str(facts.get("text") or "")[:4000]
    return Listing(
        page.get("url") or "",
        page.get("depth") or 0,
        facts.get("listing_dates") or [],
        any(m in text for m in EMPTY_MARKERS),
    )


def column_name(page: PageRow) -> str:
    facts = facts_of(page)
    meta, crumbs = facts.get("meta"), facts.get("breadcrumb")
    meta = meta if isinstance(meta, dict) else {}
    crumbs = crumbs if isinstance(crumbs, list) else []
    for name in (facts.get("column"), meta.get("ColumnName"), crumbs[-1] if crumbs else None):
        if isinstance(name, str) and name.strip():
            return name.strip()[:60]
    return str(page.get("title") or page.get("url") or "")[:60]


def _column(name: str, pages: list[Listing], linked: int, as_of: dt.date) -> Column:
    pages.sort(key=lambda p: (p.depth, len(p.url), p.url))  # the column's URL: its top page
    dates = [d for p in pages for d in p.dates]
    entries = len(dates) if any(p.says_empty for p in pages) else max(len(dates), linked)
    kind = kind_of(name)
    latest = newest(dates, as_of)
    status, limit = _freshness(kind, latest, entries, as_of)
    return Column(name, pages[0].url, kind, latest, entries, status, limit)


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


def _linked(
    data: SiteData, pages: list[Listing], chrome: frozenset[str], read: set[LinkKey]
) -> int:
    """Distinct article links on a column's pages: site navigation and links to columns are
    left out, so a column holding only its menu counts as empty.  Every link it reads goes
    into `read`: the reuse key's digest of them needs no second reading."""
    own = {p.url for p in pages}
    targets = set()
    for link in data.links_from(own):
        read.add(link_key(link))
        target = link.get("target") or ""
        anchor = (link.get("anchor") or "").strip()
        if link.get("tag") == "a" and len(anchor) >= MIN_ANCHOR and target not in chrome:
            targets.add(target)
    return len(targets - own)


def _ok(page: PageRow) -> bool:
    status = page.get("status")
    return isinstance(status, int) and 200 <= status < 300 and not facts_of(page).get("not_found")
