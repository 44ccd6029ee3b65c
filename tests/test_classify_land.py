"""The land items of the built-in checklist told apart by what the document reports:
compensation paid out (补偿款兑付情况) is the 补偿情况 of the survey-results item, not a
requisition notice; a house survey's results are not the expropriation's 补偿结果; the sale
of state-owned land is neither; a CMS column prefix does not speak for the page."""

from __future__ import annotations

import pytest

from auditor.checklist.load import load_checklist
from auditor.classify.classifier import page_items

CHECKLIST = load_checklist("liangqing-2014")


def items(title: str, column: str = "") -> set[str]:
    found = page_items(CHECKLIST, title=title, column=column)
    return {i for i in found if i.startswith("land.")}


@pytest.mark.parametrize(
    "title",
    [
        "那桐镇2021年征收集体土地补偿款兑付情况公示",
        "江南片区征地项目补偿资金拨付情况公开",
        "石埠街道征地青苗补偿费用发放情况(第二批)",
    ],
)
def test_compensation_paid_out_is_a_survey_result_not_a_requisition(title):
    assert items(title) == {"land.survey-results"}


def test_a_house_survey_result_is_not_the_expropriation_result():
    assert items("滨江片区房屋征收入户调查登记结果公示") == {"land.survey-results"}


@pytest.mark.parametrize(
    "title", ["江南区国有建设用地使用权拍卖出让公告", "2022年第5批工业用地挂牌出让结果公示"]
)
def test_the_sale_of_state_owned_land_is_no_requisition(title):
    assert items(title) == set()


def test_a_column_prefix_naming_land_does_not_veto_a_house_expropriation_notice():
    title = "［土地征收］关于征求滨江片区房屋征收补偿方案意见的公告"
    assert items(title, column="土地征收") == {"land.expropriation"}


def test_requisition_notices_still_prove_requisition():
    assert items("关于那桐镇2021年第3批次征收土地的公告") == {"land.requisition"}
    assert items("江南区征地补偿安置方案公告") == {"land.requisition"}
