"""站点无法访问 (single veto) from the visits `auditor probe` stored over the week before the audit.

The rule (《政府网站与政务新媒体检查指标》): monitored for one week, at least 20 visits a day;
a site fails when 5 % or more of the visits cannot open the home page within 15 s. The veto is
applied only when the store holds such a week; with less, the indicator says how much data
there is and what the rate is so far, and decides nothing.
"""

from __future__ import annotations

import datetime as dt

from auditor.health.common import FAIL, OK, indicator
from auditor.health.sitedata import SiteData
from auditor.store.records import Indicator

WEEK_DAYS = 7
VISITS_PER_DAY = 20
FAIL_SHARE = 0.05
INSUFFICIENT = "insufficient"
NAME = "站点可用性(一周监测)"
THRESHOLD = "一周内每天访问≥20次,15秒内打不开的比例<5%"


def availability_indicator(data: SiteData, until: dt.datetime | None) -> Indicator:
    """The week's failure rate of the site's home page, ending at the audit's start."""
    url = str(data.site.get("url") or "")
    if until is None:
        return _insufficient(0, 0, 0, 0)
    since = until - dt.timedelta(days=WEEK_DAYS)
    rows = data.store.probe_visits(url, since.isoformat(), until.isoformat())
    per_day = _per_day(rows, until)
    visits, failures = len(rows), sum(1 for _, ok in rows if not ok)
    full_days = sum(1 for n in per_day.values() if n >= VISITS_PER_DAY)
    if full_days < WEEK_DAYS:
        return _insufficient(visits, failures, len(per_day), full_days)
    share = failures / visits
    status = FAIL if share >= FAIL_SHARE else OK
    detail = f"近{WEEK_DAYS}天共访问首页{visits}次,{failures}次未能在15秒内打开,占{share:.1%}" + (
        "(达到5%,单项否决)。" if status == FAIL else "(低于5%)。"
    )
    return indicator(
        "home.availability", NAME, round(share, 4), THRESHOLD, status, detail, veto=True
    )


def _per_day(rows: list[tuple[str, int]], until: dt.datetime) -> dict[int, int]:
    """Visits per 24-hour window counted back from `until` (0 = the last 24 hours), so a week
    is seven whole days whatever hour the audit starts."""
    counts: dict[int, int] = {}
    for at, _ in rows:
        back = until - dt.datetime.fromisoformat(at)
        window = int(back.total_seconds() // 86400)
        counts[window] = counts.get(window, 0) + 1
    return counts


def _insufficient(visits: int, failures: int, days: int, full_days: int) -> Indicator:
    so_far = f",目前失败率{failures / visits:.1%}" if visits else ""
    detail = (
        f"监测数据不足,无法判定:近{WEEK_DAYS}天共有{days}天有访问记录(其中满{VISITS_PER_DAY}次的"
        f"{full_days}天),共{visits}次{so_far}。请用 auditor probe 每天定时访问{VISITS_PER_DAY}次以上、"
        "持续一周(见 docs/scheduling.md)。"
    )
    share = round(failures / visits, 4) if visits else None
    return indicator("home.availability", NAME, share, THRESHOLD, INSUFFICIENT, detail)
