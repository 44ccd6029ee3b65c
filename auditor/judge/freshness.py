"""Freshness: does one piece of evidence satisfy an item's rule at the inspection date?

Each verdict carries the Chinese words a department can act on, so the judge never has to
re-derive why something is stale.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from auditor.checklist.model import Freshness

ROLLING_DAYS = 183
MONTHLY_DAYS = 62
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_FULLWIDTH = {0xFF10 + d: 0x30 + d for d in range(10)}


@dataclass(frozen=True)
class Verdict:
    fresh: bool
    why: str  # Chinese; empty when fresh
    known: bool = True  # False when the date or edition the rule needs is unknown


def edition_year(
    title: str | None, facts_year: int | None, published: str | None, limit: int | None = None
) -> int | None:
    """The edition a page discloses: the newest year its title names ("2013年预算执行和2014年
    预算草案" is the 2014 edition), else the extractor's year from the text, else the year
    it was published.  Years after `limit` (typically as_of + 1) are plans, not editions."""
    years = [int(y) for y in _YEAR.findall((title or "").translate(_FULLWIDTH))]
    years = [y for y in years if limit is None or y <= limit]
    if years:
        return max(years)
    if facts_year:
        return int(facts_year)
    return int(published[:4]) if published and published[:4].isdigit() else None


def assess(rule: Freshness, published: str | None, edition: int | None, as_of: dt.date) -> Verdict:
    """Judge one piece of evidence against a freshness rule at as_of."""
    kind = rule.kind
    if kind in ("standing", "event"):
        return Verdict(True, "")
    if kind in ("rolling", "monthly"):
        return _within(published, as_of, ROLLING_DAYS if kind == "rolling" else MONTHLY_DAYS)
    if kind in ("annual-current", "annual-previous"):
        wanted = as_of.year if kind == "annual-current" else as_of.year - 1
        return _edition(edition, wanted)
    if kind == "due":
        return _on_time(published, rule.due, edition)
    return Verdict(True, "")


def _within(published: str | None, as_of: dt.date, days: int) -> Verdict:
    date = _date(published)
    if date is None:
        return Verdict(False, "未标注发布日期,无法确认是否及时更新", known=False)
    age = (as_of - date).days
    if age > days:
        return Verdict(False, f"最近一次发布于{date.isoformat()},已超过{days}天未更新")
    return Verdict(True, "")


def _edition(edition: int | None, wanted: int) -> Verdict:
    if edition is None:
        return Verdict(False, f"无法确认年度,应为{wanted}年度", known=False)
    if edition < wanted:
        return Verdict(False, f"最新一期为{edition}年度,应为{wanted}年度")
    return Verdict(True, "")


def _on_time(published: str | None, due: str | None, edition: int | None = None) -> Verdict:
    """On or before the deadline, and of the deadline's year: last year's report published
    early does not answer this year's deadline."""
    date, deadline = _date(published), _date(due)
    if deadline is None:
        return Verdict(True, "")
    if edition is not None and edition < deadline.year:
        return Verdict(False, f"为{edition}年度的材料,应为{deadline.year}年度")
    if date is None:
        return Verdict(False, "未标注发布日期,无法确认是否按期发布", known=False)
    if date > deadline:
        return Verdict(
            False, f"发布于{date.isoformat()},晚于截止日期{deadline.isoformat()}(逾期发布)"
        )
    return Verdict(True, "")


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def days_left(due: str | None, as_of: dt.date) -> int | None:
    """Days from as_of to a deadline (negative once passed), for the self-check workflow."""
    deadline = _date(due)
    return (deadline - as_of).days if deadline else None
