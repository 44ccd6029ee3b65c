"""严重错误: leaders' titles, official expressions and publication dates, each hit with its
page, sentence and rule; clean look-alikes must pass."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.errors import InputError
from auditor.health.serious import date_hits, expression_hits, leader_hits
from auditor.inspection.serious_rules import DEFAULT_EXPRESSIONS, Leader, parse_serious

ZHANG = Leader("张明远", ("区委副书记", "区长"))
LI = Leader("李国华", ("区长",), until="2014-03-01")
LEADERS = (ZHANG, LI)


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("副区长张明远出席会议并讲话。", "2014-05-01"),  # a deputy's title for the head
        ("区委书记张明远主持会议。", "2014-05-01"),  # 书记 is not 副书记
        ("区长李国华带队检查安全生产工作。", "2014-06-10"),  # named as current after leaving
    ],
)
def test_wrong_or_outdated_leader_titles_are_found(text: str, published: str) -> None:
    hits = list(leader_hits("http://x/1.html", text, published, LEADERS))
    assert (
        len(hits) == 1 and hits[0].sentence.rstrip("。") in text and hits[0].page.endswith("1.html")
    )


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("区委副书记、区长张明远出席会议。", "2014-05-01"),
        ("张明远区长在会上强调", "2014-05-01"),  # a title after the name is not judged
        ("原区长李国华参加座谈。", "2014-06-10"),  # history, not a current title
        ("区长李国华带队检查。", "2014-02-10"),  # still in office then
        ("会议由副区长王强主持,张明远出席。", "2014-05-01"),  # another person's title
    ],
)
def test_correct_leader_titles_pass(text: str, published: str) -> None:
    assert list(leader_hits("http://x/1.html", text, published, LEADERS)) == []


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("两岸交流中,台湾政府有关部门表示……", "2014-05-01"),
        ("推进一带一路战略实施。", "2016-05-01"),
        ("根据环境保护部的统一部署开展检查。", "2019-05-01"),
        ("国家工商行政管理总局发布通知。", "2018-06-01"),
    ],
)
def test_wrong_expressions_are_found(text: str, published: str) -> None:
    hits = list(expression_hits("http://x/2.html", text, published, DEFAULT_EXPRESSIONS))
    assert len(hits) == 1 and "应为" in hits[0].rule


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("会议期间,香港政府代表与澳门政府代表交流。", "2014-05-01"),
        ("推进“一带一路”战略。", "2016-05-01"),
    ],
)
def test_pattern_expressions_are_found_past_their_quick_pre_test(text: str, published: str) -> None:
    """A pattern's pre-test text must be in every match, or whole pages would be skipped."""
    hits = list(expression_hits("http://x/2.html", text, published, DEFAULT_EXPRESSIONS))
    assert len(hits) == text.count("政府") + text.count("战略")
    for expression in DEFAULT_EXPRESSIONS:
        samples = [expression.wrong, text]
        for match in (m for t in samples for m in expression.regex().finditer(t)):
            assert expression.needle() in match.group(0)


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("两岸交流中,台湾当局有关部门表示……", "2014-05-01"),
        ("共建“一带一路”倡议。", "2016-05-01"),
        ("各级环境保护部门加强执法。", "2019-05-01"),  # departments in general
        ("根据环境保护部的统一部署开展检查。", "2016-05-01"),  # before the 2018 reform
        ("原国家工商行政管理总局发布的文件继续有效。", "2019-05-01"),
        ("全面做好今年农业部署。", "2019-05-01"),
        ("香港特别行政区政府代表团来访。", "2014-05-01"),
    ],
)
def test_correct_expressions_pass(text: str, published: str) -> None:
    assert list(expression_hits("http://x/2.html", text, published, DEFAULT_EXPRESSIONS)) == []


def test_future_and_pre_founding_dates_are_found_and_ordinary_dates_pass() -> None:
    page = {"url": "http://x/3.html", "title": "t", "fetched_at": "2014-11-20T10:00:00+08:00"}
    assert [h.rule for h in date_hits({**page, "published": "2015-01-01"}, None)] == [
        "发布日期2015-01-01晚于检查当天2014-11-20(未来日期)"
    ]
    assert len(list(date_hits({**page, "published": "2003-01-01"}, "2008-05-01"))) == 1
    assert list(date_hits({**page, "published": "2014-11-20"}, "2008-05-01")) == []


def test_a_bad_serious_section_names_the_key_and_the_fix() -> None:
    with pytest.raises(InputError) as raised:
        parse_serious({"leaders": [{"name": "张明远"}]}, "plan.toml")
    assert "第 1 个 [[serious.leaders]]" in raised.value.message and "title" in raised.value.message
    with pytest.raises(InputError):
        parse_serious({"leader": []}, "plan.toml")


SERIOUS = """
[[serious.leaders]]
name = "张明远"
title = "区委副书记、区长"
[[serious.expressions]]
wrong = "良庆开发区"
right = "良庆经济开发区"
"""


def test_an_audit_reports_serious_errors_with_page_sentence_and_rule(
    run_cli, tinyworld, tmp_path: Path
) -> None:
    with tinyworld.TinyWorld() as world:
        czj = "良庆区财政局"
        world.pages["/czj/"] = tinyworld.listing(czj, czj, [
            ("副区长张明远调研财政工作", "/czj/n1.html", "2014-05-01"),
            ("良庆开发区招商推介会举行", "/czj/n2.html", "2014-06-01"),
        ])  # fmt: skip
        world.pages["/czj/n1.html"] = tinyworld.article(
            "副区长张明远调研财政工作", czj, "2014-05-01"
        )
        world.pages["/czj/n2.html"] = tinyworld.article(
            "良庆开发区招商推介会举行", czj, "2014-06-01"
        )
        world.pages["/jyj/"] = tinyworld.Page(
            200, tinyworld.article("区长张明远看望教师", "良庆区教育局", "2014-09-09").body
        )
        plan = world.inspection(tmp_path / "plan.toml")
        plan.write_text(plan.read_text(encoding="utf-8") + SERIOUS, encoding="utf-8")
        audit = run_cli("audit", str(plan), "--out", str(tmp_path / "r"), "-q")
        assert audit.returncode == 0, audit.stderr
    report = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    sites = {h["department"]: {i["id"]: i for i in h["indicators"]} for h in report["health"]}
    leaders = sites["城区财政局"]["serious.leaders"]
    assert leaders["veto"] and leaders["value"] >= 1
    # one error, cited on the article, also seen on the listing that shows its title
    (hit,) = leaders["hits"]
    assert hit["page"].endswith("/czj/n1.html") and hit["also_on"][0].endswith("/czj/")
    assert all("副区长" in h["rule"] for h in leaders["hits"])
    expressions = sites["城区财政局"]["serious.expressions"]
    assert expressions["veto"] and "良庆经济开发区" in expressions["hits"][0]["rule"]
    assert not sites["城区教育局"]["serious.leaders"]["veto"]  # named correctly
    assert not sites["城区教育局"]["serious.expressions"]["veto"]
    html = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert "领导姓名职务" in html and "副区长张明远调研财政工作" in html
    national = {row["department"]: row for row in report["national"]["rows"]}
    assert national["城区财政局"]["cells"][3]["status"] == "fail"
    assert national["城区财政局"]["verdict"] == "单项否决"
    assert 'id="national"' in html and "✗ 否决" in html
