"""Judgement on a real temporary store: statuses, freshness, channels, attribution, reasons."""

from __future__ import annotations

import datetime as dt

import pytest

from auditor.inspection.file import Inspection, Site
from auditor.judge.verdict import load_findings

FIN, DEV = "城区财政局", "城区发改局"  # the departments of judgeworld.CHECKLIST


@pytest.fixture()
def world(judgeworld, tmp_path):
    world = judgeworld.World(tmp_path)
    yield world
    world.store.close()


def test_one_finding_per_department_and_item_owed(judgeworld, world):
    found = world.judge()
    assert set(found) == {
        (FIN, "budget.department-budget"),
        (DEV, "budget.department-budget"),
        (FIN, "budget.department-accounts"),
        (DEV, "budget.department-accounts"),
        (FIN, "budget.livelihood-funds"),
        (DEV, "pricing.price-catalog"),
        (DEV, "investment.trade-statistics"),
        (FIN, "progress.report"),
        (DEV, "progress.report"),
    }
    assert all(f["status"] == "missing" for f in found.values())
    assert found[(FIN, "budget.department-budget")]["reason"] == "部门网站和统一平台均未发布"
    assert found[(FIN, "budget.department-budget")]["deduction"] == 1.0


def test_present_on_both_channels(judgeworld, world):
    world.page("site1", "良庆区财政局2014年部门预算", "2014-03-01")
    world.page("platform", "2014年部门预算", "2014-03-02", agency="南宁市良庆区财政局")
    finding = world.judge()[(FIN, "budget.department-budget")]
    assert finding["status"] == "present" and finding["missing_channels"] == []
    assert finding["deduction"] == 0.0
    assert {e["channel"] for e in finding["evidence"]} == {"site", "platform"}
    assert all(e["state"] == "valid" and e["edition_year"] == 2014 for e in finding["evidence"])


def test_missing_channel_reported_when_only_on_site(judgeworld, world):
    world.page("site1", "2014年部门预算", "2014-03-01")
    finding = world.judge()[(FIN, "budget.department-budget")]
    assert finding["status"] == "present"
    assert finding["missing_channels"] == ["platform"]
    assert finding["reason"] == "已在部门网站公开,统一平台未发布"


def test_annual_current_previous_edition_is_stale(judgeworld, world):
    world.page("site1", "良庆区财政局2013年部门预算", "2013-03-01")
    finding = world.judge()[(FIN, "budget.department-budget")]
    assert finding["status"] == "stale"
    assert finding["reason"] == "最新一期为2013年度,应为2014年度"
    assert finding["missing_channels"] == ["site", "platform"]


def test_annual_previous_wants_last_years_accounts(judgeworld, world):
    world.page("site1", "2013年度部门决算", "2014-08-01")
    world.page("site2", "2012年度部门决算", "2013-08-01")
    found = world.judge()
    assert found[(FIN, "budget.department-accounts")]["status"] == "present"
    assert found[(DEV, "budget.department-accounts")]["status"] == "stale"


def test_rolling_and_monthly_windows(judgeworld, world):
    world.page("site1", "2014年第一季度民生资金支出情况", "2014-04-10")
    world.page("site2", "2014年9月进出口情况", "2014-10-10")
    found = world.judge()
    rolling = found[(FIN, "budget.livelihood-funds")]
    assert rolling["status"] == "stale" and "超过183天" in rolling["reason"]
    assert found[(DEV, "investment.trade-statistics")]["status"] == "present"


def test_standing_never_stale(judgeworld, world):
    world.page("site2", "良庆区政府定价目录", "2008-01-01")
    assert world.judge()[(DEV, "pricing.price-catalog")]["status"] == "present"


def test_event_item_missing_says_it_applies_only_after_an_event(judgeworld, world):
    inspection = Inspection(
        "良庆区检查",
        "t",
        dt.date(2014, 11, 20),
        judgeworld.PLATFORM,
        (*judgeworld.SITES, Site("城区安监局", "http://127.0.0.1:9003/", (), "site3")),
    )
    world.store.add_sites(
        world.run,
        [
            {
                "key": "site3",
                "department": "城区安监局",
                "url": "http://127.0.0.1:9003/",
                "channel": "site",
            }
        ],
    )
    finding = world.judge(inspection)[("城区安监局", "safety.incident-response")]
    assert finding["status"] == "missing"
    assert "仅在发生相关事件时需公开" in finding["reason"]


def test_due_item_late_is_stale_and_on_time_is_present(judgeworld, world):
    world.page(
        "platform",
        "城区财政局2014年重点领域信息公开工作推进情况",
        "2014-11-18",
        agency="良庆区财政局",
    )
    world.page(
        "platform",
        "良庆区发展和改革局重点领域信息公开工作推进情况",
        "2014-11-10",
        agency="良庆区发展和改革局",
    )
    found = world.judge()
    late = found[(FIN, "progress.report")]
    assert late["status"] == "stale" and "逾期发布" in late["reason"]
    assert late["deadline"] == "2014-11-15"
    assert found[(DEV, "progress.report")]["status"] == "present"
    assert found[(DEV, "progress.report")]["missing_channels"] == []


def test_due_item_before_deadline_is_not_deducted(judgeworld, world):
    early = Inspection(
        "良庆区检查", "t", dt.date(2014, 11, 10), judgeworld.PLATFORM, judgeworld.SITES
    )
    finding = world.judge(early)[(FIN, "progress.report")]
    assert finding["status"] == "missing" and finding["deduction"] == 0.0
    assert "还剩5天" in finding["reason"]


def test_anchor_only_broken_candidate(judgeworld, world):
    listing = world.page("site1", "部门预决算", is_listing=True)
    world.link("site1", listing, "http://127.0.0.1:9001/ys2014.html", "2014年部门预算", False)
    finding = world.judge()[(FIN, "budget.department-budget")]
    assert finding["status"] == "broken"
    assert finding["reason"] == "链接“2014年部门预算”指向的页面无法访问(404)"
    assert finding["evidence"][0]["state"] == "broken"


def test_anchor_to_soft_404_page_is_broken(judgeworld, world):
    listing = world.page("site1", "部门预决算", is_listing=True)
    target = world.page("site1", "页面不存在", not_found=True)
    world.link("site1", listing, target, "2014年部门预算", None)
    finding = world.judge()[(FIN, "budget.department-budget")]
    assert finding["status"] == "broken" and "软404" in finding["reason"]


def test_broken_link_to_an_old_edition_is_stale_not_broken(judgeworld, world):
    listing = world.page("site1", "部门预决算", is_listing=True)
    world.link("site1", listing, "http://127.0.0.1:9001/ys2013.html", "2013年部门预算", False)
    assert world.judge()[(FIN, "budget.department-budget")]["status"] == "stale"


def test_anchor_to_a_reachable_file_is_evidence(judgeworld, world):
    listing = world.page("site1", "部门预决算", is_listing=True)
    world.link(
        "site1",
        listing,
        "http://127.0.0.1:9001/ys2014.xls",
        "2014年部门预算表",
        True,
        listing_date="2014-03-01",
    )
    finding = world.judge()[(FIN, "budget.department-budget")]
    assert finding["status"] == "present"
    assert finding["evidence"][0]["published"] == "2014-03-01"


def test_broken_attachment_makes_the_page_broken(judgeworld, world):
    world.page(
        "site1",
        "2014年部门预算",
        "2014-03-01",
        attachments=[{"url": "http://127.0.0.1:9001/a.xls", "text": "2014年部门预算表.xls"}],
    )
    world.check("http://127.0.0.1:9001/a.xls", False, 404)
    finding = world.judge()[(FIN, "budget.department-budget")]
    assert finding["status"] == "broken"
    assert finding["reason"] == "附件“2014年部门预算表.xls”无法下载(404)"


def test_precedence_present_beats_broken_and_stale(judgeworld, world):
    world.page("site1", "2013年部门预算", "2013-03-01")
    listing = world.page("site1", "部门预决算", is_listing=True)
    world.link("site1", listing, "http://127.0.0.1:9001/x.html", "2014年部门预算", False)
    assert world.judge()[(FIN, "budget.department-budget")]["status"] == "broken"
    world.page("platform", "2014年部门预算", "2014-03-02", agency="良庆区财政局")
    finding = world.judge()[(FIN, "budget.department-budget")]
    assert finding["status"] == "present"
    assert [e["state"] for e in finding["evidence"]] == ["valid", "broken", "stale"]


@pytest.mark.parametrize(
    "agency, owner",
    [
        ("良庆区财政局", FIN),
        ("区财政局", FIN),
        ("南宁市良庆区财政局", FIN),
        ("良庆区发展和改革局", DEV),
        ("邕宁区财政局", None),
        ("南宁市财政局", None),
    ],
)
def test_platform_attribution(world, agency, owner):
    world.page("platform", "2014年部门预算", "2014-03-02", agency=agency)
    found = world.judge()
    owners = {
        d
        for (d, i), f in found.items()
        if i == "budget.department-budget" and f["status"] == "present"
    }
    assert owners == ({owner} if owner else set())


def test_meeting_news_does_not_count(judgeworld, world):
    world.page("site1", "区财政局召开2014年部门预算公开工作部署会", "2014-03-01")
    assert world.judge()[(FIN, "budget.department-budget")]["status"] == "missing"


def test_other_districts_page_on_own_site_does_not_count(judgeworld, world):
    world.page("site1", "邕宁区财政局2014年部门预算", "2014-03-01")
    assert world.judge()[(FIN, "budget.department-budget")]["status"] == "missing"


def test_rejudging_is_idempotent_and_findings_reload(judgeworld, world):
    world.page("site1", "2014年部门预算", "2014-03-01")
    first = world.judge()
    second = world.judge()
    assert first == second
    loaded = {(f["department"], f["item"]): f for f in load_findings(world.store, world.run)}
    assert loaded[(FIN, "budget.department-budget")]["item_name"] == "部门预算"
    assert loaded[(FIN, "budget.department-budget")]["status"] == "present"
    assert len(loaded) == len(first)


def test_a_disclosing_pages_own_attachment_link_is_not_separate_evidence(judgeworld, world):
    page = world.page(
        "site1",
        "2014年部门预算",
        "2014-03-01",
        attachments=[{"url": "http://127.0.0.1:9001/a.xls", "text": "预算表"}],
    )
    world.link("site1", page, "http://127.0.0.1:9001/a.xls", "2014年部门预算表.xls", True)
    finding = world.judge()[(FIN, "budget.department-budget")]
    assert [e["url"] for e in finding["evidence"]] == [page]


def test_undated_column_index_page_is_not_evidence(judgeworld, world):
    world.page("site1", "部门预算", None, column="部门预算")
    assert world.judge()[(FIN, "budget.department-budget")]["status"] == "missing"


def test_a_repeated_anchor_speaks_from_the_first_page_carrying_the_best_one(judgeworld, world):
    """Many pages link one broken target (a menu): the evidence is the first link with the
    best-scoring anchor, not a later copy of it and not a weaker anchor met first."""
    pages = [world.page("site1", f"部门预决算{n}", is_listing=True) for n in range(4)]
    target = "http://127.0.0.1:9001/ys2014.html"
    world.link("site1", pages[0], target, "预算", False)
    for page in pages[1:]:
        world.link("site1", page, target, "2014年部门预算", False)
    world.link("site1", pages[3], target, "预算", False)
    finding = world.judge()[(FIN, "budget.department-budget")]
    assert finding["status"] == "broken"
    reasons = finding["evidence"][0]["reasons"]
    assert "链接文字“2014年部门预算”" in reasons
    assert f"所在页面 {pages[1]}" in reasons
