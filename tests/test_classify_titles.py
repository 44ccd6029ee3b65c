"""What trails or interrupts a document's name in a title: a listing date, a bracketed
remark, a ——publisher suffix, an edition year inside the name (县本级2021年决算), and the
place a bare title opens with.  None of them may hide the item; none may invent one."""

from __future__ import annotations

import pytest

from auditor.checklist.model import Checklist, Hints, Item
from auditor.classify.classifier import page_items
from auditor.classify.phrases import fold, title_fields

GOV_BUDGET = Item(
    "budget.government-budget",
    "本级财政预算",
    "budget",
    ("县财政局",),
    subject=("财政预算", "本级预算", "财政收支预算", "一般公共预算"),
    genre=("报告", "公开", "说明", "预算$"),
    hints=Hints(negative=("部门预算", "决算")),
)
GOV_ACCOUNTS = Item(
    "budget.government-accounts",
    "本级财政决算",
    "budget",
    ("县财政局",),
    subject=("财政决算", "本级决算", "一般公共预算*决算"),
    genre=("报告", "公开", "说明", "情况", "决算$"),
    hints=Hints(negative=("部门决算",)),
)
CHECKLIST = Checklist("t", "测试", items=(GOV_BUDGET, GOV_ACCOUNTS), not_genre=("召开", "培训"))


def items(title: str) -> set[str]:
    return page_items(CHECKLIST, title=title)


@pytest.mark.parametrize(
    "title",
    [
        "永和县2021年县本级预算 2021/02/18",  # listing date after the name
        "大通市2020年财政收支预算(经市人代会审议通过)",  # bracketed remark
        "县财政局发布2022年县本级一般公共预算——永和县财政局",  # publisher suffix
        "陇西省大通市永和县2019年县本级预算",  # bare title opening with its places
    ],
)
def test_a_budget_name_followed_by_a_trailer_still_proves(title):
    assert items(title) == {"budget.government-budget"}


@pytest.mark.parametrize(
    "title",
    [
        "永和县本级2021年决算情况说明",  # the edition year inside 本级…决算
        "大通市2019年度市本级一般公共预算收支决算(草案)",  # 一般公共预算…决算
    ],
)
def test_the_edition_year_inside_an_accounts_name_does_not_hide_it(title):
    assert items(title) == {"budget.government-accounts"}


@pytest.mark.parametrize(
    "title",
    [
        "县财政局召开2021年本级预算编审培训会 2021-03-02",  # a meeting stays a meeting
        "永和县2021年部门预算(县教育局)",  # another item's name, remark trimmed
        "关于本级预算的几点思考——永和县财政局",  # no genre once the suffix is cut
    ],
)
def test_trimming_a_trailer_never_invents_a_proof(title):
    assert items(title) == set()


def test_the_original_title_is_kept_and_the_trimmed_forms_follow_it():
    title = "永和县2021年县本级预算（草案） 2021-02-18"
    forms = title_fields([title]).strip("|").split("|")
    assert forms[0] == fold(title)  # what join_fields gives
    ascii_brackets = title.replace("（", "(").replace("）", ")")
    assert title_fields([ascii_brackets]) == title_fields([title])  # folded alike
    assert "永和县2021年县本级预算" in forms and "永和县县本级预算" in forms
