"""A department's self-check: only its site, only its items, a to-do list by deadline."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from auditor.checklist.load import load_checklist
from auditor.workflows.selfcheck import deadline_for

AS_OF = dt.date(2014, 11, 20)


@pytest.fixture(scope="module")
def selfcheck(run_cli, tinyworld, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    tmp = tmp_path_factory.mktemp("selfcheck")
    with tinyworld.TinyWorld() as world:
        inspection = world.inspection(tmp / "inspection.toml")
        result = run_cli(
            "selfcheck", str(inspection), "--department", "良庆区财政局",
            "--out", str(tmp / "out"), "--fail-on", "missing,broken", "-q",
        )  # fmt: skip
    return tmp / "out", result


def test_gaps_exit_1_with_a_todo_list_by_deadline_then_deduction(selfcheck) -> None:
    out, result = selfcheck
    assert result.returncode == 1, result.stderr
    titles = [line.split("] ", 1)[1] for line in result.stdout.splitlines() if "] " in line]
    assert titles == [
        "重点领域信息公开工作推进情况",  # due 2014-11-15: overdue
        "民生资金支出",  # rolling, nothing valid: due now
        "“三公”经费",  # annual-current: end of year, 2 points
        "部门决算",  # annual-previous: end of year, 1 point
        "行政事业性收费目录",  # standing: no fixed deadline
    ]
    assert "期限:2014-11-15(已逾期 5 天);扣 5 分" in result.stdout
    assert "期限:2014-12-31(还剩 41 天)" in result.stdout
    assert "仍有 5 项 broken,missing 问题" in result.stderr


def test_only_its_own_site_and_the_platform_are_crawled(selfcheck) -> None:
    out, _ = selfcheck
    with sqlite3.connect(out / "auditor.db") as db:
        keys = {row[0] for row in db.execute("select distinct site_key from pages")}
        departments = {row[0] for row in db.execute("select distinct department from findings")}
    assert keys == {"site1", "platform"}
    assert departments == {"城区财政局"}


def test_its_own_report_is_written(selfcheck) -> None:
    out, _ = selfcheck
    report = json.loads((out / "report-城区财政局.json").read_text(encoding="utf-8"))
    assert report["scope"]["department"] == "城区财政局"
    assert {item["department"] for item in report["items"]} == {"城区财政局"}


def test_without_fail_on_gaps_do_not_fail(run_cli, tinyworld, tmp_path: Path) -> None:
    with tinyworld.TinyWorld() as world:
        inspection = world.inspection(tmp_path / "inspection.toml")
        result = run_cli(
            "selfcheck", str(inspection), "--department", "城区教育局",
            "--out", str(tmp_path / "out"), "-q",
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "城区教育局 自查结果" in result.stdout


def test_unknown_department_is_an_input_error(run_cli, tinyworld, tmp_path: Path) -> None:
    inspection = tinyworld.TinyWorld().inspection(tmp_path / "inspection.toml")
    result = run_cli("selfcheck", str(inspection), "--department", "城区审计局")
    assert result.returncode == 2
    assert "没有部门“城区审计局”的站点" in result.stderr


@pytest.mark.parametrize(
    ("item_id", "finding", "expected"),
    [
        ("progress.report", {"deadline": "2014-11-15"}, dt.date(2014, 11, 15)),
        ("budget.government-budget", {}, dt.date(2014, 12, 31)),
        ("budget.government-accounts", {}, dt.date(2014, 12, 31)),
        ("budget.livelihood-funds", {}, AS_OF),
        (
            "budget.livelihood-funds",
            {"evidence": [{"state": "valid", "published": "2014-10-01"}]},
            dt.date(2015, 4, 2),
        ),
        ("environment.water-quality", {"evidence": [{"state": "valid", "published": "2014-11-01"}]}, dt.date(2015, 1, 2)),
        ("pricing.fee-catalog", {}, None),
        ("safety.incident-response", {}, None),
    ],
)  # fmt: skip
def test_deadline_rule(item_id: str, finding: dict, expected: dt.date | None) -> None:
    item = load_checklist("liangqing-2014").item(item_id)
    assert deadline_for(item, finding, AS_OF) == expected


def test_annual_report_deadline_uses_annual_due() -> None:
    checklist = load_checklist("regulations-2019")
    item = next(i for i in checklist.items if i.annual_due)
    month, day = (int(x) for x in item.annual_due.split("-"))
    assert deadline_for(item, {}, AS_OF) == dt.date(2014, month, day)
