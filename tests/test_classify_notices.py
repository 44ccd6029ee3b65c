"""Notices and lists of the built-in checklist in other phrasings: a qualified notice
(紧急通知) closing a 关于做好… title decides it, a bare …的通知 never does; a register
(名录) of key polluters, an audit's rectification report (整改情况) and a small-business
support measure (中小企业…实施办法) are their items."""

from __future__ import annotations

import pytest

from auditor.checklist.load import load_checklist
from auditor.classify.classifier import page_items

CHECKLIST = load_checklist("liangqing-2014")


def items(title: str) -> set[str]:
    return page_items(CHECKLIST, title=title)


def test_an_urgent_notice_on_prevention_is_a_warning():
    title = "关于做好强降雨期间安全生产隐患排查防范工作的紧急通知"
    assert "safety.early-warning" in items(title)


def test_a_plain_notice_on_doing_safety_work_is_not_a_warning():
    assert items("关于做好2021年安全生产月活动工作的通知") == set()


@pytest.mark.parametrize(
    ("title", "item"),
    [
        ("江南区2021年度重点排污单位名录", "environment.polluter-supervision"),
        ("江南区审计局关于2020年度预算执行审计查出问题整改情况的报告", "budget.audit-results"),
        ("关于印发《江南区促进中小企业发展若干措施》的通知", "investment.industrial-policy"),
    ],
)
def test_registers_rectification_reports_and_support_measures_prove(title, item):
    assert item in items(title)


def test_small_business_news_is_no_policy():
    assert items("江南区召开中小企业发展座谈会") == set()


@pytest.mark.parametrize(
    "title",
    [
        "防汛安全小常识:暴雨天气如何防范触电",
        "事故调查报告一般包括哪些内容",
        "安全生产科普:冬季取暖预防一氧化碳中毒",
    ],
)
def test_explainers_and_questions_prove_nothing(title):
    assert items(title) == set()
