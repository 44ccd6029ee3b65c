"""Freshness classes at as_of, and the edition year of a page."""

from __future__ import annotations

import datetime as dt

import pytest

from auditor.checklist.model import Freshness
from auditor.judge.freshness import assess, days_left, edition_year

AS_OF = dt.date(2014, 11, 20)


@pytest.mark.parametrize(
    "kind, published, edition, fresh",
    [
        ("standing", "2009-01-01", 2009, True),
        ("event", None, None, True),
        ("rolling", "2014-05-21", 2014, True),
        ("rolling", "2014-05-20", 2014, False),
        ("rolling", None, 2014, False),
        ("monthly", "2014-09-19", 2014, True),
        ("monthly", "2014-09-18", 2014, False),
        ("annual-current", "2014-03-01", 2014, True),
        ("annual-current", "2014-03-01", 2013, False),
        ("annual-previous", "2014-08-01", 2013, True),
        ("annual-previous", "2014-08-01", 2012, False),
    ],
)
def test_freshness_classes(kind, published, edition, fresh):
    assert assess(Freshness(kind), published, edition, AS_OF).fresh is fresh


def test_stale_reasons_are_actionable_chinese():
    assert (
        assess(Freshness("annual-current"), None, 2013, AS_OF).why
        == "最新一期为2013年度,应为2014年度"
    )
    assert "超过183天" in assess(Freshness("rolling"), "2014-01-02", None, AS_OF).why


def test_due_items_published_late_are_stale():
    rule = Freshness("due", "2014-11-15")
    assert assess(rule, "2014-11-15", None, AS_OF).fresh
    late = assess(rule, "2014-11-16", None, AS_OF)
    assert not late.fresh and "逾期发布" in late.why
    assert not assess(rule, None, None, AS_OF).known


def test_due_items_need_the_deadline_years_edition():
    rule = Freshness("due", "2014-11-15")
    old = assess(rule, "2013-12-20", 2013, AS_OF)
    assert not old.fresh and old.why == "为2013年度的材料,应为2014年度"
    assert assess(rule, "2014-11-01", 2014, AS_OF).fresh


def test_days_left():
    assert days_left("2014-11-15", dt.date(2014, 11, 10)) == 5
    assert days_left("2014-11-15", AS_OF) == -5
    assert days_left(None, AS_OF) is None


@pytest.mark.parametrize(
    "title, facts_year, published, expected",
    [
        ("良庆区财政局2014年部门预算", None, "2014-03-02", 2014),
        ("关于良庆区2013年预算执行情况和2014年预算草案的报告", None, None, 2014),
        ("2013年度部门决算", None, "2014-08-01", 2013),
        ("２０１３年部门决算", None, None, 2013),
        ("部门预算", 2012, "2014-03-02", 2012),
        ("部门预算", None, "2014-03-02", 2014),
        ("十三五规划到2020年", None, "2014-03-02", 2014),
        ("部门预算", None, None, None),
    ],
)
def test_edition_year(title, facts_year, published, expected):
    assert edition_year(title, facts_year, published, limit=2015) == expected
