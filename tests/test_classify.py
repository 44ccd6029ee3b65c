"""Classification: phrases in fields score, negatives veto, meeting news never counts."""

from __future__ import annotations

from auditor.checklist import Checklist, Freshness, Hints, Item
from auditor.classify import (
    THRESHOLD,
    Fields,
    Matcher,
    anchor_context,
    anchor_reasons,
    fold,
    page_fields,
    trie_regex,
)

BUDGET = Item(
    "budget.department-budget",
    "部门预算",
    "budget",
    ("@every-inspected",),
    freshness=Freshness("annual-current"),
    hints=Hints(
        titles=("部门预算",),
        columns=("部门预决算", "部门预算"),
        body=("收支预算总表",),
        urls=("bmys",),
        negative=("部门预算编制",),
    ),
)
GOV_BUDGET = Item(
    "budget.government-budget",
    "本级财政预算",
    "budget",
    ("城区财政局",),
    hints=Hints(titles=("财政预算", "预算草案"), negative=("部门预算",)),
)
THREE = Item(
    "budget.three-public", "三公经费", "budget", ("城区财政局",), hints=Hints(titles=("三公经费",))
)
EVENT = Item(
    "food-drug.incidents",
    "食品药品安全热点问题",
    "food-drug",
    ("城区食药局",),
    hints=Hints(titles=("召开新闻发布会", "食品安全事件")),
)
CHECKLIST = Checklist("t", "测试", items=(BUDGET, GOV_BUDGET, THREE, EVENT))


def classify(title: str = "", column: str = "", url: str = "", body: str = "") -> dict:
    fields = Fields(fold(title), fold(column), url.lower(), fold(body))
    return {m.item: m for m in Matcher(CHECKLIST).classify(fields)}


def test_title_phrase_alone_is_a_match_with_its_reason():
    found = classify("良庆区财政局2014年部门预算")
    assert set(found) == {"budget.department-budget"}
    assert found["budget.department-budget"].score >= THRESHOLD
    assert "标题含“部门预算”" in found["budget.department-budget"].reasons


def test_department_budget_does_not_count_as_government_budget():
    found = classify("2014年部门预算", body="财政预算")
    assert "budget.government-budget" not in found


def test_government_budget_vetoed_when_title_is_a_department_budget():
    found = classify("关于财政预算执行的部门预算说明")
    assert found["budget.government-budget"].vetoed
    assert "否决:标题含“部门预算”" in found["budget.government-budget"].reasons


def test_body_words_alone_never_reach_the_threshold():
    assert classify("关于印发工作要点的通知", body="收支预算总表 部门预算") == {}


def test_column_plus_body_reaches_the_threshold():
    found = classify("良庆区教育局公开信息", column="部门预决算", body="附表:收支预算总表")
    assert found["budget.department-budget"].score == 3


def test_column_plus_url_reaches_the_threshold():
    found = classify("良庆区教育局", column="部门预算", url="http://a.example/bmys/1.html")
    assert "budget.department-budget" in found


def test_meeting_news_is_vetoed_by_generic_markers():
    for title in (
        "区财政局召开2014年部门预算公开工作部署会",
        "全区部门预算公开培训班开班",
        "城区领导调研三公经费管理工作",
    ):
        matches = classify(title)
        assert matches and all(m.vetoed for m in matches.values()), title


def test_item_specific_negative_vetoes():
    assert classify("关于做好2015年部门预算编制工作的通知")["budget.department-budget"].vetoed


def test_generic_marker_inside_an_item_phrase_does_not_veto_that_item():
    found = classify("区食药局就食品安全事件召开新闻发布会")
    assert not found["food-drug.incidents"].vetoed
    assert classify("区食药局召开食品安全事件处置工作会议")["food-drug.incidents"].vetoed


def test_quotes_spaces_and_fullwidth_digits_are_folded():
    found = classify("2014年“三公” 经费")
    assert "budget.three-public" in found


def test_nested_phrases_are_all_found():
    regex = trie_regex(["部门预算", "预算", "部门"])
    assert regex.findall("部门预算") == ["部门预算"]
    matcher = Matcher(Checklist("t", "t", items=(BUDGET, GOV_BUDGET)))
    assert {"部门预算"} <= matcher.found(fold("x部门预算y"))


def test_page_fields_survive_hostile_facts():
    page = {
        "url": "http://a.example/X",
        "title": "t",
        "facts": {
            "title": None,
            "breadcrumb": "notalist",
            "attachments": [None, 3],
            "catalog": ["bad"],
            "text": 12,
        },
    }
    fields = page_fields(page)
    assert fields.titles == "t" and fields.urls == "http://a.example/x"


def test_page_fields_use_catalog_name_and_breadcrumb():
    page = {
        "url": "http://a.example/1",
        "facts": {
            "title": "详细信息",
            "catalog": {"name": "2014年部门预算"},
            "breadcrumb": ["首页", "部门预决算"],
            "attachments": [{"url": "u", "text": "收支预算总表.xls"}],
        },
    }
    found = Matcher(CHECKLIST).classify(page_fields(page))
    assert [m.item for m in found] == ["budget.department-budget"]


def test_anchor_reasons_round_trip():
    reasons = anchor_reasons("2014年部门预算", "http://a.example/list", "2014-03-01")
    assert anchor_context(reasons + ["标题含“部门预算”"]) == {
        "anchor": "2014年部门预算",
        "source": "http://a.example/list",
        "date": "2014-03-01",
    }


def test_overlapping_phrases_are_found():
    item = Item(
        "x", "x", "x", ("a",), hints=Hints(titles=("部门预算",), negative=("预算执行审计",))
    )
    matcher = Matcher(Checklist("t", "t", items=(item,)))
    assert {"部门预算", "预算执行审计"} <= matcher.found(fold("城区审计局部门预算执行审计结果公告"))
    assert matcher.classify(Fields(fold("部门预算执行审计结果")))[0].vetoed
