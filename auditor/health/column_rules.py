"""The three 栏目不更新 single-veto counts, each with the commercial monitors' earlier warning.

Thresholds are "超过(含)": reaching the number fails (verified in the 2015 census scoring sheet
and the 2019 indicators). The −5 for a stale policy-document column is approximate.
"""

from __future__ import annotations

from auditor.health.columns import OTHER_DAYS, Column
from auditor.health.common import graded, indicator
from auditor.store.records import Indicator

STALE_VETO, STALE_WARN = 5, 1
NOT_UPDATED_VETO, NOT_UPDATED_WARN = 10, 6
EMPTY_VETO, EMPTY_WARN = 5, 2
POLICY_STALE_DEDUCTION = 5.0  # approximate
LISTED = 5  # column names quoted in a detail sentence


def column_indicators(columns: list[Column]) -> list[Indicator]:
    return [stale_columns(columns), not_updated_columns(columns), empty_columns(columns)]


def stale_columns(columns: list[Column]) -> Indicator:
    """动态/要闻 not updated for 2 weeks and 通知公告/政策文件 for 6 months, empty ones too."""
    stale = [c for c in columns if c.periodic and c.status in ("stale", "empty")]
    status = graded(len(stale), STALE_WARN, STALE_VETO)
    policy = any(c.kind == "policy" for c in stale)
    detail = (
        f"动态要闻类栏目2周内、通知公告和政策文件类栏目6个月内未更新的共{len(stale)}个"
        f"{_names(stale)};达到{STALE_VETO}个即单项否决。"
    )
    if policy:
        detail += f"政策文件类栏目超过6个月未更新,扣{POLICY_STALE_DEDUCTION:g}分(参考值)。"
    return indicator(
        "columns.stale",
        "栏目不更新",
        len(stale),
        STALE_VETO,
        status,
        detail,
        veto=True,
        deduction=POLICY_STALE_DEDUCTION if policy else 0.0,
    )


def not_updated_columns(columns: list[Column]) -> Indicator:
    """Columns that should update but do not: stale periodic columns, empty columns, and other
    dated columns whose newest entry is over a year old."""
    late = [c for c in columns if c.status in ("stale", "empty")]
    status = graded(len(late), NOT_UPDATED_WARN, NOT_UPDATED_VETO)
    detail = (
        f"应更新但长期未更新的栏目共{len(late)}个{_names(late)}(其他栏目以超过{OTHER_DAYS}天"
        f"未更新计,为参考口径);达到{NOT_UPDATED_WARN}个预警,达到{NOT_UPDATED_VETO}个"
        "即单项否决。"
    )
    return indicator(
        "columns.not_updated",
        "应更新未更新栏目",
        len(late),
        NOT_UPDATED_VETO,
        status,
        detail,
        veto=True,
    )


def empty_columns(columns: list[Column]) -> Indicator:
    empty = [c for c in columns if c.status == "empty"]
    status = graded(len(empty), EMPTY_WARN, EMPTY_VETO)
    detail = (
        f"空白栏目(有栏目无内容)共{len(empty)}个{_names(empty)};达到{EMPTY_WARN}个预警,"
        f"达到{EMPTY_VETO}个即单项否决。"
    )
    return indicator("columns.empty", "空白栏目", len(empty), EMPTY_VETO, status, detail, veto=True)


def _names(columns: list[Column]) -> str:
    if not columns:
        return ""
    names = "、".join(f"“{c.name}”" for c in columns[:LISTED])
    return f"({names}{'等' if len(columns) > LISTED else ''})"
