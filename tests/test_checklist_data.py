"""The built-in checklists say what the plan and the regulation say.

PLAN_TABLE is the 2014 plan's table of key-area items (良公开办〔2014〕1号, built-in checklist
liangqing-2014 of docs/checklists.md), copied here so the test stands alone: same ids, same
departments (lead + cooperating), same freshness.
"""

from __future__ import annotations

import pytest

from auditor.checklist.load import load_checklist
from auditor.checklist.model import (
    EVERY_INSPECTED,
    EVERY_NAMED,
    STATUSES,
    Checklist,
)
from auditor.classify.classifier import page_items

EI, EN = EVERY_INSPECTED, EVERY_NAMED
PLAN_TABLE = {
    "approval.adjustments": ("城区编制办", "event"),
    "approval.results": ("城区发改局、城区工商局", "rolling"),
    "approval.licensing-guide": ("城区编制办", "standing"),
    "budget.government-budget": ("城区财政局", "annual-current"),
    "budget.government-accounts": ("城区财政局", "annual-previous"),
    "budget.department-budget": (EI, "annual-current"),
    "budget.department-accounts": (EI, "annual-previous"),
    "budget.three-public": ("城区财政局", "annual-current"),
    "budget.audit-results": ("城区审计局", "annual-previous"),
    "budget.livelihood-funds": ("城区财政局", "rolling"),
    "housing.annual-plan": ("城区住建局", "annual-current"),
    "housing.project-progress": ("城区住建局", "rolling"),
    "housing.allocation": ("城区住建局", "rolling"),
    "housing.supervision-contact": ("城区住建局", "standing"),
    "food-drug.incidents": ("城区食药局", "event"),
    "food-drug.enforcement": ("城区食药局", "rolling"),
    "food-drug.blacklist": ("城区食药局", "standing"),
    "food-drug.illegal-ads": ("城区食药局", "rolling"),
    "food-drug.gmp": ("城区食药局", "standing"),
    "food-drug.campaigns": ("城区食药局", "rolling"),
    "food-drug.standards": ("城区食药局、城区卫生局", "standing"),
    "environment.water-quality": ("城区环保局", "monthly"),
    "environment.eia": ("城区环保局", "rolling"),
    "environment.polluter-supervision": ("城区环保局", "rolling"),
    "environment.emission-reduction": ("城区环保局", "rolling"),
    "safety.incident-response": ("城区安监局", "event"),
    "safety.investigation-reports": ("城区安监局", "event"),
    "safety.early-warning": ("城区安监局", "rolling"),
    "pricing.price-catalog": ("城区发改局", "standing"),
    "pricing.fee-catalog": ("城区财政局", "standing"),
    "pricing.supervision": ("城区发改局", "rolling"),
    "pricing.violation-cases": ("城区发改局", "event"),
    "land.requisition": ("城区征地拆迁办", "rolling"),
    "land.expropriation": ("城区征地拆迁办", "rolling"),
    "land.survey-results": ("城区征地拆迁办", "rolling"),
    "public-services.enrollment": ("城区教育局", "annual-current"),
    "public-services.education-info": ("城区教育局", "rolling"),
    "public-services.medical-info": ("城区卫生局", "standing"),
    "investment.major-projects": ("城区发改局", "rolling"),
    "investment.promotion-projects": ("城区招商局", "rolling"),
    "investment.industrial-policy": ("城区经信局", "standing"),
    "investment.industry-overview": ("城区经信局", "rolling"),
    "investment.trade-statistics": ("城区招商局", "monthly"),
    "tendering.announcements": ("城区政府采购中心", "monthly"),
    "tendering.violations": ("城区政府采购中心", "event"),
    "progress.report": (EN, "due:2014-11-15"),
}
# Departments the plan names as lead or as responsible (按各自职责落实) for a key area.
NAMED = {"城区编制办", "城区财政局", "城区审计局", "城区监察局", "城区住建局", "城区食药局",
         "城区卫生局", "城区农林水利局", "城区工商局", "城区环保局", "城区安监局", "城区发改局",
         "城区征地拆迁办", "城区教育局", "城区经信局", "城区文体局", "城区招商局",
         "城区政府采购中心"}  # fmt: skip
ARTICLE_20 = [
    "一",
    "二",
    "三",
    "四",
    "五",
    "六",
    "七",
    "八",
    "九",
    "十",
    "十一",
    "十二",
    "十三",
    "十四",
    "十五",
]
ARTICLE_21 = ["市政建设", "公共服务", "公益事业", "土地征收", "房屋征收", "治安管理", "社会救助"]


@pytest.fixture(scope="module")
def liangqing() -> Checklist:
    return load_checklist("liangqing-2014")


@pytest.fixture(scope="module")
def regulations() -> Checklist:
    return load_checklist("regulations-2019")


def test_same_items_as_design(liangqing: Checklist) -> None:
    assert [i.id for i in liangqing.items] == list(PLAN_TABLE)


@pytest.mark.parametrize("item_id", list(PLAN_TABLE))
def test_item_matches_design(liangqing: Checklist, item_id: str) -> None:
    departments, freshness = PLAN_TABLE[item_id]
    item = liangqing.item(item_id)
    assert "、".join(item.departments) == departments
    assert str(item.freshness) == freshness
    assert item.channels == (
        ("platform",) if item_id == "progress.report" else ("site", "platform")
    )


@pytest.mark.parametrize("item_id", list(PLAN_TABLE))
def test_item_is_explained(liangqing: Checklist, item_id: str) -> None:
    """An auditor can see what is required, by which sentence, and what it costs."""
    item = liangqing.item(item_id)
    assert item.elements and item.basis_doc == "良公开办〔2014〕1号"
    assert item.basis.endswith("。") and len(item.basis) > 15
    assert set(item.deductions) == set(STATUSES) and item.deductions["present"] == 0
    assert item.subject and item.genre


def test_housing_allocation_elements(liangqing: Checklist) -> None:
    assert liangqing.item("housing.allocation").elements == (
        "分配政策", "分配程序", "分配房源", "分配对象", "分配过程", "分配结果", "退出情况",
    )  # fmt: skip


def test_named_departments(liangqing: Checklist) -> None:
    assert {d.name for d in liangqing.departments if d.named} == NAMED
    office = liangqing.department("城区政务办")
    assert office is not None and office.named is False


def test_basis_deadlines_and_district(liangqing: Checklist) -> None:
    numbers = {b.number: b.date for b in liangqing.basis}
    assert numbers["良公开办〔2014〕1号"] == "2014-08-04"
    assert {"南府办函〔2014〕233号", "南府办〔2014〕38号"} <= set(numbers)
    assert [d.date for d in liangqing.deadlines] == ["2014-07-30", "2014-11-15"]
    assert (liangqing.district, liangqing.district_short) == ("南宁市良庆区", "良庆区")
    assert liangqing.item("progress.report").deductions["missing"] > 2


def test_article_20_is_covered_with_citations(regulations: Checklist) -> None:
    citations = {i.citation for i in regulations.items if i.id.startswith("art20.")}
    assert citations == {f"第二十条第({n})项" for n in ARTICLE_20}


def test_article_21_and_disclosure_basics(regulations: Checklist) -> None:
    art21 = [i for i in regulations.items if i.id.startswith("art21.")]
    assert [i.name for i in art21] == ARTICLE_21
    assert all(i.citation == "第二十一条" for i in art21)
    report = regulations.item("disclosure.annual-report")
    assert (report.citation, report.annual_due) == ("第四十九条、第五十条", "01-31")
    assert str(report.freshness) == "annual-previous" and "1月31日前" in report.basis
    assert regulations.item("disclosure.guide").citation.startswith("第十二条")
    assert regulations.item("disclosure.catalog").citation.startswith("第十二条")
    assert regulations.basis[0].number == "国务院令第711号"


def test_regulations_apply_to_every_agency_on_its_site(regulations: Checklist) -> None:
    assert all(i.lead == (EVERY_INSPECTED,) and i.channels == ("site",) for i in regulations.items)
    assert all(i.basis and i.basis_doc == "国务院令第711号" for i in regulations.items)


# ---------------------------------------------------------------- evidence model precision


def title_matches(checklist: Checklist, title: str) -> set[str]:
    """What the evidence model makes of a bare title (no column, body or URL)."""
    return page_items(checklist, title=title)


BUDGET_TITLES = {
    "良庆区财政局2014年部门预算公开": "budget.department-budget",
    "城区教育局2014年部门预算及“三公”经费预算情况说明": "budget.department-budget",
    "良庆区住建局2013年部门决算公开": "budget.department-accounts",
    "关于良庆区2013年财政预算执行情况和2014年财政预算草案的报告": "budget.government-budget",
    "良庆区2013年本级财政决算": "budget.government-accounts",
    "良庆区2014年“三公”经费预算公开": "budget.three-public",
    "关于2013年度本级预算执行和其他财政收支的审计工作报告": "budget.audit-results",
}


@pytest.mark.parametrize("title, expected", BUDGET_TITLES.items())
def test_budget_items_are_distinguishable(liangqing: Checklist, title: str, expected: str) -> None:
    matched = title_matches(liangqing, title)
    assert expected in matched
    assert not matched & {"budget.department-budget", "budget.department-accounts",
                          "budget.government-budget", "budget.government-accounts"} - {expected}  # fmt: skip


@pytest.mark.parametrize(
    "title",
    [
        "城区召开2015年部门预算编制工作会议",
        "区住建局召开保障性住房分配工作部署会",
        "区食药局开展食品安全标准培训",
        "城区召开重点领域政府信息公开工作动员会",
    ],
)
def test_news_is_not_disclosure(liangqing: Checklist, title: str) -> None:
    assert title_matches(liangqing, title) == set()


def test_no_item_vetoes_its_own_subject_or_genre(
    liangqing: Checklist, regulations: Checklist
) -> None:
    for item in (*liangqing.items, *regulations.items):
        for phrase in (*item.subject, *item.genre):
            assert not any(n in phrase for n in item.hints.negative), (item.id, phrase)


@pytest.mark.parametrize(
    "title",
    [
        "区教育局关于开展中小学校舍安全隐患专项整治的实施方案",  # a school plan, no food
        "县发改委召开清理规范涉企收费工作推进会",  # meeting news about fees
        "东风路街道征迁档案整理归档工作稳步推进",  # archive work, not expropriation
        "我的一天:楼下餐馆煤气罐爆炸惊魂记",  # a blog, not an accident disclosure
        "区环保局开展“六五”环境日宣传活动",  # campaign/activity news in an environment column
        "区住建局举办保障性住房分配政策培训班",  # training
        "关于印发2014年政务公开工作要点的通知",  # a work plan
        "关于开展2014年度行政事业性收费专项检查工作的通知",  # a notice about doing work
    ],
)
def test_hard_negatives_prove_nothing(liangqing: Checklist, title: str) -> None:
    assert title_matches(liangqing, title) == set()


@pytest.mark.parametrize(
    "title",
    [
        "区卫计局2016年公立医院收费公示工作情况汇报",  # a report to superiors
        "城区安监局危险化学品隐患排查经验交流材料",  # experience exchange
        "区民政局多措并举推进城乡低保资金发放",  # success-story news
        "城区征拆办土地征收补偿工作取得阶段性成效",  # progress news
        "部门决算公开十问十答:知识问答",  # a Q&A
        "一图读懂:城区2016年政府预算",  # an infographic explainer
        "区政府督查室督查保障房分配政策落实",  # an inspection visit
        "城区2016年征地补偿安置工作实施方案",  # a work plan
        "关于城区2016年部门预算公开情况的解读",  # an interpretation
    ],
)
def test_reports_explainers_and_plans_about_a_subject_prove_nothing(
    liangqing: Checklist, regulations: Checklist, title: str
) -> None:
    assert title_matches(liangqing, title) == set()
    assert page_items(regulations, title=title) == set()


def test_statistics_news_is_not_industrial_policy(liangqing: Checklist) -> None:
    for title in ("前三季度全县规上工业增加值增长7.2%", "1-8月全区固定资产投资平稳增长"):
        assert "investment.industrial-policy" not in title_matches(liangqing, title)
    assert "investment.industrial-policy" in title_matches(
        liangqing, "良庆区关于促进工业企业技术改造的若干扶持政策"
    )


@pytest.mark.parametrize(
    "page, expected",
    [
        ({"title": "大塘镇2014年度第二批征收集体土地公告"}, "land.requisition"),
        ({"title": "那陈镇征占地补偿安置方案"}, "land.requisition"),
        ({"title": "城区2014年涉企收费清单"}, "pricing.fee-catalog"),
        (
            {"title": "公示", "text": "现将2014年度公共租赁住房分配结果公示如下,分配对象……"},
            "housing.allocation",
        ),
        ({"title": "附件", "attachments": ["2014年部门预算公开.xls"]}, "budget.department-budget"),
        ({"title": "良庆区2014年9月份地表水水质状况"}, "environment.water-quality"),
    ],
)
def test_variants_and_generic_titles_prove(liangqing: Checklist, page: dict, expected: str) -> None:
    assert expected in page_items(liangqing, **page)


@pytest.mark.parametrize(
    "title, expected",
    [
        # the publisher's name holds a term; the page is about something else
        ("区征地拆迁办公室2016年公开遴选工作人员公告", set()),
        ("良庆区征地拆迁办关于春节放假安排的公告", set()),
        # the publisher's name holds another item's term: it must not veto either
        ("良庆区审计局2016年部门决算公开", {"budget.department-accounts"}),
        # the subject named outside the publisher's name still proves
        ("区征地拆迁办公室关于那马镇征收集体土地的公告", {"land.requisition"}),
        ("城区政府采购中心关于办公设备采购项目的中标公告", {"tendering.announcements"}),
    ],
)
def test_a_departments_own_name_neither_proves_nor_vetoes(
    liangqing: Checklist, title: str, expected: set[str]
) -> None:
    assert page_items(liangqing, title=title) == expected


@pytest.mark.parametrize(
    "title, expected",
    [
        # a list of devolved or cancelled approvals is the adjustments item, not the guide
        ("良庆区2015年第2批下放行政审批事项目录", {"approval.adjustments"}),
        ("良庆区2016年行政许可事项办事指南", {"approval.licensing-guide"}),
        # the district's 财政收支 budget and accounts are the government's, not a department's
        ("城区2016年财政收支预算表", {"budget.government-budget"}),
        ("南宁市良庆区2015年公共财政收支决算表", {"budget.government-accounts"}),
        # a ceremony is news
        ("城区2015年重点项目竣工投产仪式隆重举行", set()),
        # an inspection being carried out is news; its published results are not
        ("区住建局开展公共租赁住房分配入住情况专项检查", set()),
    ],
)
def test_neighbouring_items_and_ceremonies(
    liangqing: Checklist, title: str, expected: set[str]
) -> None:
    assert page_items(liangqing, title=title) == expected


@pytest.mark.parametrize(
    "title, expected",
    [
        ("城区2016年度公共租赁住房建设项目计划公开", "housing.annual-plan"),
        ("城区2016年11月规模以上工业主要指标", "investment.industry-overview"),
        ("城区2016年1-6月外经贸主要指标", "investment.trade-statistics"),
        ("城区药品生产企业新修订GMP改造进展情况(2016年)", "food-drug.gmp"),
        ("良庆区2016年义务教育学校招生入学实施细则", "public-services.enrollment"),
        ("城区某工地坍塌事故快报", "safety.incident-response"),
        ("城区住房保障投诉举报渠道公示", "housing.supervision-contact"),
        ("城区2016年工业和信息化产业投资指导目录", "investment.industrial-policy"),
    ],
)
def test_genres_districts_use_for_these_documents(
    liangqing: Checklist, title: str, expected: str
) -> None:
    assert expected in page_items(liangqing, title=title)


@pytest.mark.parametrize(
    "title",
    [
        "城区民政局2014年重点领域政府信息公开工作推进情况",
        "南宁市某局良庆分局重点领域政府信息公开工作推进情况(2014年)",
        "城区民政局关于2014年重点领域信息公开工作完成情况的报告",
    ],
)
def test_progress_reports_are_not_rejected_as_work_news(liangqing: Checklist, title: str) -> None:
    assert "progress.report" in page_items(liangqing, title=title)


def test_the_annual_report_is_not_the_key_area_progress_report(liangqing: Checklist) -> None:
    title = "城区民政局2014年政府信息公开工作年度报告"  # due in March, a document of its own
    assert "progress.report" not in page_items(liangqing, title=title)


def test_a_progress_report_mentioning_items_is_only_the_progress_report(
    liangqing: Checklist,
) -> None:
    title = "城区物价局关于2015年收费目录和价格监管信息公开推进情况的报告"
    assert page_items(liangqing, title=title) == {"progress.report"}
    assert page_items(liangqing, title="城区住建局2015年保障房配租工作自查报告") == set()
    body = "现将我局2015年重点领域政府信息公开工作推进情况报告如下:一、重点工作推进情况。"
    assert page_items(liangqing, title="公告", column="重点领域", text=body) == {"progress.report"}


@pytest.mark.parametrize(
    "title, expected",
    [
        # the publisher's name lends its subject to a specific genre of the item …
        ("城区食品药品监督管理局2016年第二季度行政处罚案件信息公开", {"food-drug.enforcement"}),
        # … never to a genre any document carries
        ("区征地拆迁办公室关于2016年春节放假的公告", set()),
    ],
)
def test_a_publishers_name_lends_its_subject_only_to_a_specific_genre(
    liangqing: Checklist, title: str, expected: set[str]
) -> None:
    assert page_items(liangqing, title=title) == expected


def test_a_generic_title_in_a_subjects_column_is_read_through_its_body(
    liangqing: Checklist,
) -> None:
    body = "现将《关于某路国有土地上房屋征收决定的公告》予以公布。征收范围、签约期限、补偿标准详见下表。"
    found = page_items(liangqing, title="公示", column="征地拆迁", text=body)
    assert found == {"land.expropriation"}  # not land.requisition by its column's 征地
