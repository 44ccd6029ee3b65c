"""Shared pieces of the site-health indicators: the indicator record and date arithmetic.

Every indicator is one plain dict so report.json, the HTML report and the XLSX export can show
it without knowing which rule produced it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from auditor.store.records import Indicator, PageRow

OK, WARN, FAIL = "ok", "warn", "fail"


def indicator(
    id: str,
    name: str,
    value: Any,
    threshold: Any,
    status: str,
    detail: str,
    veto: bool = False,
    deduction: float = 0.0,
) -> Indicator:
    """One inspection indicator; `veto` marks a failed single-veto (单项否决) rule."""
    return {
        "id": id,
        "name": name,
        "value": value,
        "threshold": threshold,
        "status": status,
        "veto": bool(veto and status == FAIL),
        "detail": detail,
        "deduction": round(deduction, 2),
    }


def graded(count: int, warn_at: int | None, fail_at: int) -> str:
    """Status of a count against "超过(含)" thresholds: reaching the number is enough."""
    if count >= fail_at:
        return FAIL
    return WARN if warn_at is not None and count >= warn_at else OK


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def newest(dates: Any, as_of: dt.date) -> dt.date | None:
    """The newest date not after as_of: an entry dated later was not published yet on the
    day the site is judged (or its date is faked)."""
    parsed = (parse_date(d) for d in (dates if isinstance(dates, list | tuple | set) else []))
    return max((d for d in parsed if d is not None and d <= as_of), default=None)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (clamped to the month's end)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def facts_of(page: PageRow | None) -> dict[str, Any]:
    """A page's PageFacts, or {} when missing or malformed (crawled pages are hostile)."""
    facts = (page or {}).get("facts")
    return facts if isinstance(facts, dict) else {}
