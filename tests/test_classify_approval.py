"""Approval items of the built-in checklist: a change of approval items (取消, 下放, 调整)
is told from the standing list of items and their documents by the change, not by the
list (目录, 清单) both carry; a notice names its action right after 关于; a bracketed
edition note (2019年修订) is not the document's type."""

from __future__ import annotations

import pytest

from auditor.checklist.load import load_checklist
from auditor.classify.classifier import page_items

CHECKLIST = load_checklist("liangqing-2014")


def items(title: str) -> set[str]:
    return {i for i in page_items(CHECKLIST, title=title) if i.startswith("approval.")}


@pytest.mark.parametrize(
    "title",
    [
        "关于下放一批行政审批事项管理层级的通告",
        "关于取消部分行政审批项目的公告",
    ],
)
def test_a_notice_names_its_action_right_after_guanyu(title):
    assert items(title) == {"approval.adjustments"}


@pytest.mark.parametrize(
    "title",
    [
        "江南区政务服务中心行政审批事项材料目录",
        "江南区行政审批事项办事指南清单(2019年调整)",
        "县本级行政许可事项办事要件汇编",
    ],
)
def test_a_standing_list_of_items_is_the_licensing_guide(title):
    assert items(title) == {"approval.licensing-guide"}


def test_a_change_in_the_title_itself_is_still_an_adjustment():
    assert items("江南区2019年调整的行政审批事项目录") == {"approval.adjustments"}


def test_a_report_on_window_statistics_is_no_approval_result():
    assert items("江南区行政服务中心2021年3月窗口办件情况通报") == set()


@pytest.mark.parametrize(
    "title", ["江南市场监管分局2021年5月企业名称预先核准登记情况", "江南区2021年企业投资项目备案情况"]
)
def test_registration_and_filing_records_are_approval_results(title):
    assert items(title) == {"approval.results"}
