"""A publisher's short name lends its subject: a department that leads items of one area
only (a 卫健委, a 食药局) names that area, so its title with one of the item's own specific
genres proves the item; a department serving many areas, a generic genre, or a title that
names some item's subject and genre itself lends nothing."""

from __future__ import annotations

from auditor.checklist.model import Checklist, Department, Item
from auditor.classify.classifier import page_items

HEALTH = Item(
    "health.inspections",
    "医疗机构监督检查结果",
    "health",
    ("县卫健委",),
    subject=("医疗机构", "卫生"),
    genre=("监督检查", "检查结果", "公告"),
)
FEES = Item(
    "finance.fees", "收费目录", "finance", ("县财政局",), subject=("收费",), genre=("目录清单",)
)
DEBT = Item(
    "budget.debt", "政府债务", "budget", ("县财政局",), subject=("债务",), genre=("监督检查",)
)
REPORT = Item(
    "progress.report",
    "公开工作进展",
    "progress",
    ("县财政局",),
    subject=("信息公开",),
    genre=("进展情况",),
)
DEPARTMENTS = (
    Department("县卫健委", aliases=("永和县卫生健康委员会", "卫健委")),
    Department("县财政局", aliases=("永和县财政局",)),
)
CHECKLIST = Checklist(
    "t", "测试", items=(HEALTH, FEES, DEBT, REPORT), departments=DEPARTMENTS
)


def items(title: str) -> set[str]:
    return page_items(CHECKLIST, title=title)


def test_a_one_area_lead_lends_its_subject_to_a_specific_genre():
    assert items("永和县卫健委2021年第2季度监督检查结果公告") == {"health.inspections"}


def test_a_generic_genre_borrows_nothing():
    assert items("永和县卫健委2021年第2号公告") == set()


def test_a_department_of_many_areas_lends_nothing():
    assert items("永和县财政局2021年第2季度监督检查结果公告") == set()


def test_a_title_naming_its_own_subject_and_genre_lends_nothing_more():
    assert items("永和县卫健委关于信息公开工作进展情况的报告") == {"progress.report"}
