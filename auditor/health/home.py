"""Home-page indicators: reachable, load time, and updated within two weeks.

A single crawl is one visit, while the national rule samples the home page 20+ times a day for
a week (unreachable when at least 5% of visits fail within 15 s); so one failure is reported as
a failure of this run, not as the single veto itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from auditor.health.common import FAIL, OK, WARN, facts_of, indicator, newest
from auditor.health.sitedata import SiteData
from auditor.store.records import Indicator

LOAD_FAIL_MS = 15_000  # 站点无法访问: not loaded within 15 s (verified)
LOAD_WARN_MS = 5_000  # this tool's own early warning (approximate)
HOME_STALE_DAYS = 14  # 首页不更新: no new item for 2 weeks (verified)
HOME_WARN_DAYS = 10  # commercial monitors warn at 10 days


def home_indicators(data: SiteData, as_of: dt.date) -> list[Indicator]:
    return [home_reachable(data), home_load_time(data), home_updated(data, as_of)]


def home_reachable(data: SiteData) -> Indicator:
    status, reason = _home_status(data)
    name = "首页可访问"
    if _reachable(status):
        return indicator(
            "home.reachable", name, status, "HTTP 2xx/3xx", OK, f"首页可以正常访问(HTTP {status})。"
        )
    detail = (
        f"首页无法访问({reason})。本次为单次检测;按检查指标,需监测1周、每天访问20次以上,"
        "15秒内打不开的比例达到5%才单项否决。"
    )
    return indicator("home.reachable", name, status, "HTTP 2xx/3xx", FAIL, detail)


def home_load_time(data: SiteData) -> Indicator:
    ms = _elapsed(data)
    name, limit = "首页打开时间", f"{LOAD_FAIL_MS // 1000}秒"
    if ms is None or not _reachable(_home_status(data)[0]):
        return indicator("home.load_time", name, ms, limit, FAIL, "首页未能打开,无法测得打开时间。")
    seconds = f"{ms / 1000:.1f}"
    if ms >= LOAD_FAIL_MS:
        return indicator(
            "home.load_time",
            name,
            ms,
            limit,
            FAIL,
            f"首页打开用时{seconds}秒,达到或超过15秒,视为本次打不开。",
        )
    status = WARN if ms >= LOAD_WARN_MS else OK
    note = "偏慢(超过5秒)" if status == WARN else "正常"
    return indicator("home.load_time", name, ms, limit, status, f"首页打开用时{seconds}秒,{note}。")


def home_updated(data: SiteData, as_of: dt.date) -> Indicator:
    name, limit = "首页更新", f"{HOME_STALE_DAYS}天(预警{HOME_WARN_DAYS}天)"
    if data.home is None or not _reachable(_home_status(data)[0]):
        return _not_updated(name, limit, "首页无法访问,未能确认两周内有信息更新,按未更新计。")
    latest = newest(home_dates(data), as_of)
    if latest is None:
        why = "首页未发现注明发布日期的信息(未注明发布时间的视为不更新)。"
        return _not_updated(name, limit, why)
    return _home_age(latest, as_of, name, limit)


def _not_updated(name: str, limit: str, why: str) -> Indicator:
    """The vetoing failure of a home page whose update cannot be shown (no page, no date)."""
    return indicator("home.updated", name, None, limit, FAIL, why, veto=True)


def _home_age(latest: dt.date, as_of: dt.date, name: str, limit: str) -> Indicator:
    age = (as_of - latest).days
    text = f"首页最新信息发布于{latest.isoformat()},距检查日{age}天"
    if age > HOME_STALE_DAYS:
        return indicator(
            "home.updated", name, age, limit, FAIL, text + ",超过2周未更新。", veto=True
        )
    status = WARN if age >= HOME_WARN_DAYS else OK
    return indicator("home.updated", name, age, limit, status, text + "。")


def home_dates(data: SiteData) -> list[str]:
    """Dates of the home page's entries: its listing dates plus dates printed beside links."""
    facts = facts_of(data.home)
    dates = (
        list(facts.get("listing_dates") or [])
        if isinstance(facts.get("listing_dates"), list)
        else []
    )
    dates += [link["listing_date"] for link in data.home_links if link.get("listing_date")]
    return dates


def _home_status(data: SiteData) -> tuple[int | None, str]:
    check = data.home_check or {}
    if data.home is not None and _reachable(data.home.get("status")):
        return data.home.get("status"), ""
    status = (data.home or {}).get("status") or check.get("status")
    reason = check.get("reason") or (f"HTTP {status}" if status else "未抓取到首页")
    return status, reason


def _reachable(status: Any) -> bool:
    return isinstance(status, int) and 200 <= status < 400


def _elapsed(data: SiteData) -> int | None:
    for row in (data.home or {}, data.home_check or {}):
        if isinstance(row.get("elapsed_ms"), int):
            return row["elapsed_ms"]
    return None
