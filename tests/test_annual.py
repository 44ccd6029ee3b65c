"""年度报告: last year's report found, its deadline applied and its national sections checked."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from auditor.health.annual import Due, due_report, judge_report

SECTIONS_2008 = (
    "一、概述。二、主动公开政府信息情况。三、依申请公开政府信息情况。"
    "四、政府信息公开的收费及减免情况。五、因政府信息公开申请行政复议、提起行政诉讼的情况。"
    "六、存在的主要问题及改进情况。"
)
SECTIONS_2019 = (
    "一、总体情况。二、主动公开政府信息情况。三、收到和处理政府信息公开申请情况。"
    "四、政府信息公开行政复议、行政诉讼情况。五、存在的主要问题及改进情况。六、其他需要报告的事项。"
)


@pytest.mark.parametrize(
    ("as_of", "government", "year", "deadline"),
    [
        ("2014-11-20", False, 2013, "2014-01-31"),
        (
            "2014-01-31",
            False,
            2012,
            "2013-01-31",
        ),  # on the deadline day last year's is not late yet
        ("2014-02-01", False, 2013, "2014-01-31"),
        ("2020-03-15", True, 2018, "2019-03-31"),  # the government's is due by 31 March
        ("2020-04-01", True, 2019, "2020-03-31"),
    ],
)
def test_the_edition_owed_at_as_of(as_of: str, government: bool, year: int, deadline: str) -> None:
    assert due_report(dt.date.fromisoformat(as_of), government) == Due(
        year, dt.date.fromisoformat(deadline)
    )


def report_page(title: str, published: str, text: str) -> dict:
    return {"url": "http://x/nb.html", "title": title, "published": published, "text": text}


DUE_2013 = Due(2013, dt.date(2014, 1, 31))
DUE_2019 = Due(2019, dt.date(2020, 1, 31))


def test_on_time_and_complete_passes_in_either_format() -> None:
    old = report_page("良庆区财政局2013年政府信息公开工作年度报告", "2014-01-20", SECTIONS_2008)
    assert judge_report(old, DUE_2013)["status"] == "ok"
    new = report_page("某局2019年政府信息公开工作年度报告", "2020-01-15", SECTIONS_2019)
    assert judge_report(new, DUE_2019)["status"] == "ok"


def test_late_missing_sections_and_absent_reports_are_named() -> None:
    late = judge_report(
        report_page("2013年政府信息公开年度报告", "2014-02-15", SECTIONS_2008), DUE_2013
    )
    assert late["status"] == "warn" and "逾期发布" in late["detail"]
    thin = judge_report(
        report_page("2019年政府信息公开工作年度报告", "2020-01-10", "一、总体情况"), DUE_2019
    )
    assert thin["status"] == "fail" and "其他需要报告的事项" in thin["missing_sections"]
    long = report_page(
        "2019年政府信息公开工作年度报告", "2020-01-10", "一、总体情况" + "数据" * 2000
    )
    assert (
        judge_report(long, DUE_2019)["status"] == "warn"
    )  # the tail was not stored: confirm by hand
    absent = judge_report(None, DUE_2013)
    assert absent["status"] == "fail" and "2013年度报告" in absent["detail"]


def report_html(tinyworld, title: str, published: str, text: str) -> Any:
    return tinyworld.Page(
        200,
        f"""<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>
<meta name="PubDate" content="{published} 09:00"></head><body><h1>{title}</h1>
<div id="zoom">{"".join(f"<p>{s}。</p>" for s in text.split("。") if s)}</div></body></html>""",
    )


def test_an_audit_checks_each_departments_annual_report(run_cli, tinyworld, tmp_path: Path) -> None:
    with tinyworld.TinyWorld() as world:
        czj, jyj = "良庆区财政局", "良庆区教育局"
        title = "良庆区财政局2013年政府信息公开工作年度报告"
        world.pages["/czj/"] = tinyworld.listing(czj, czj, [(title, "/czj/nb.html", "2014-01-20")])
        world.pages["/czj/nb.html"] = report_html(tinyworld, title, "2014-01-20", SECTIONS_2008)
        late = "良庆区教育局2013年政府信息公开年度报告"
        world.pages["/jyj/"] = tinyworld.listing(jyj, jyj, [(late, "/jyj/nb.html", "2014-03-01")])
        world.pages["/jyj/nb.html"] = report_html(
            tinyworld, late, "2014-03-01", "一、概述。二、主动公开政府信息情况。"
        )
        plan = world.inspection(tmp_path / "plan.toml")
        audit = run_cli("audit", str(plan), "--out", str(tmp_path / "r"), "-q")
        assert audit.returncode == 0, audit.stderr
    report = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    annual = {
        h["department"]: next(i for i in h["indicators"] if i["id"] == "annual.report")
        for h in report["health"]
        if h["channel"] == "site"
    }
    assert annual["城区财政局"]["status"] == "ok"
    assert annual["城区教育局"]["status"] == "fail" and "逾期发布" in annual["城区教育局"]["detail"]
    assert "依申请公开政府信息情况" in annual["城区教育局"]["missing_sections"]
