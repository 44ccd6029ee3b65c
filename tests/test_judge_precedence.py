"""Status precedence and honest uncertainty, on a real temporary store with the built-in
checklist's evidence model: broken evidence beats anchor text, present needs a page that is
itself about the item, weak evidence is flagged 需人工核实 with its candidate pages."""

from __future__ import annotations

from typing import Any

import lxml.html
import pytest

from auditor.checklist.load import load_checklist
from auditor.judge.verdict import judge_run
from auditor.report import build_report
from auditor.report.html import render_html

LIANGQING = load_checklist("liangqing-2014")
FIN = "城区财政局"
BUDGET = (FIN, "budget.department-budget")


@pytest.fixture()
def world(judgeworld, tmp_path):
    world = judgeworld.World(tmp_path, LIANGQING)  # judged with the built-in checklist
    yield world
    world.store.close()


def listing(world: Any) -> str:
    return world.page("site1", "部门预决算", is_listing=True)


def test_the_only_link_leading_to_an_html_page_instead_of_the_file_is_broken(world):
    world.link(
        "site1", listing(world), "http://127.0.0.1:9001/ys2014.xls", "2014年部门预算表", None
    )
    world.batch["checks"].append(
        {
            "url": "http://127.0.0.1:9001/ys2014.xls",
            "status": 200,
            "ok": 0,
            "reason": "html_instead_of_attachment",
        }
    )
    finding = world.judge()[BUDGET]
    assert finding["status"] == "broken"
    assert "附件地址返回的是网页" in finding["reason"]


def test_anchor_text_alone_never_makes_an_item_present(world):
    target = world.page("site1", "网站首页", "2014-03-01")  # reachable, about something else
    world.link("site1", listing(world), target, "2014年部门预算公开", True)
    assert world.judge()[BUDGET]["status"] == "missing"


def test_broken_beats_the_anchor_text_and_a_near_miss(world):
    world.link(
        "site1", listing(world), "http://127.0.0.1:9001/gone.html", "2014年部门预算公开", False
    )
    world.page("site1", "部门预算资金执行进度", "2014-05-01", column="部门预决算")
    finding = world.judge()[BUDGET]
    assert finding["status"] == "broken" and finding["evidence"][0]["state"] == "broken"


def test_stale_needs_a_dated_edition_that_the_rule_rejects(world):
    world.page("site1", "良庆区财政局2013年部门预算公开", "2013-02-01")
    finding = world.judge()[BUDGET]
    assert finding["status"] == "stale" and "2013" in finding["reason"]


def test_best_evidence_comes_first_with_why_it_proves_the_item(world):
    world.page(
        "site1",
        "良庆区财政局2014年部门预算公开",
        "2014-03-01",
        column="部门预决算",
        text="附表一 部门收支预算总表 附表二 财政拨款支出预算表",
    )
    finding = world.judge()[BUDGET]
    best = finding["evidence"][0]
    assert finding["status"] == "present" and best["strength"] == "strong"
    assert "部门预算" in best["why"] and "部门收支预算总表" in best["why"]
    assert finding["needs_review"] is False and finding["candidates"] == []


def test_weak_evidence_keeps_its_status_and_asks_for_review(world):
    body = "现将本单位部门预算予以公开。附:部门收支预算总表、财政拨款支出预算表"
    url = world.page("site1", "公示", "2014-03-01", text=body)
    finding = world.judge()[BUDGET]
    assert finding["status"] == "present"
    assert finding["needs_review"] is True
    assert [c["url"] for c in finding["candidates"]] == [url]
    assert finding["candidates"][0]["why"].startswith("证据较弱")


def test_a_missing_item_with_near_misses_lists_them_for_review(world):
    url = world.page("site1", "部门预算资金执行进度", "2014-05-01", column="部门预决算")
    finding = world.judge()[BUDGET]
    assert finding["status"] == "missing" and finding["needs_review"] is True
    assert [c["url"] for c in finding["candidates"]] == [url]


def test_news_about_the_subject_is_neither_evidence_nor_a_candidate(world):
    world.page("site1", "区财政局召开部门预算公开工作推进会", "2014-05-01", column="部门预决算")
    finding = world.judge()[BUDGET]
    assert finding["status"] == "missing" and finding["needs_review"] is False


def test_report_marks_and_counts_findings_to_review(world):
    body = "现将本单位部门预算予以公开。附:部门收支预算总表、财政拨款支出预算表"
    url = world.page("site1", "公示", "2014-03-01", text=body)
    world.page("site1", "良庆区财政局2013年部门决算公开", "2014-03-01", column="部门预决算")
    world.judge()
    report = build_report(world.store, world.run, checklist=LIANGQING)
    flagged = [i for i in report["items"] if i["needs_review"]]
    assert [(i["department"], i["item"]) for i in flagged] == [BUDGET]
    tree = lxml.html.fromstring(render_html(report))
    text = tree.text_content()
    assert "需人工核实 1" in text and "需人工核实(证据较弱)" in text
    assert url in tree.xpath("//ul[contains(@class, 'review')]//a/@href")


def test_rewording_the_display_reasons_changes_no_finding(judgeworld, world):
    world.link("site1", listing(world), "http://127.0.0.1:9001/gone.xls", "2014年部门预算表", False)
    world.page("site1", "良庆区财政局2013年部门决算公开", "2014-03-01", column="部门预决算")
    before = world.judge()
    world.store.db.execute("update matches set reasons = '[\"改写后的说明\"]'")
    world.store.db.conn.commit()
    after = judge_run(world.store, world.run, LIANGQING, judgeworld.INSPECTION)
    status = {k: (f["status"], f["reason"]) for k, f in before.items()}
    assert status == {(f["department"], f["item"]): (f["status"], f["reason"]) for f in after}
    assert before[BUDGET]["reason"] == "链接“2014年部门预算表”指向的页面无法访问(404)"
