"""`auditor checklist list | show | validate` as a user runs them."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from auditor.cli import cli
from auditor.errors import AuditorError


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, ["checklist", *args], standalone_mode=False)


def test_list_shows_id_title_and_count() -> None:
    result = invoke("list")
    assert result.return_value == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["编号", "名称", "事项数"]
    row = next(line for line in lines if line.startswith("liangqing-2014"))
    assert row.split() == [
        "liangqing-2014",
        "南宁市良庆区2014年重点领域政府信息公开工作实施方案",
        "46",
    ]
    assert any(line.startswith("regulations-2019") for line in lines)


def test_show_is_a_readable_chinese_table() -> None:
    result = invoke("show", "liangqing-2014")
    assert result.return_value == 0
    out = result.output
    assert "【保障性住房信息】(城区住建局牵头落实)" in out
    assert "2014-07-30 各牵头部门和按职责公开的部门" in out
    row = next(line for line in out.splitlines() if "food-drug.standards" in line)
    assert row.split()[1:] == [
        "食品安全标准及解读",
        "城区食药局(牵头)、城区卫生局",
        "长期公开",
        "部门网站、统一平台",
    ]
    row = next(line for line in out.splitlines() if "progress.report" in line)
    assert "方案点名的各部门" in row and "2014-11-15前" in row and "部门网站" not in row
    assert "共 12 个领域、46 个事项" in out


def test_show_columns_line_up_in_terminal_cells() -> None:
    out = invoke("show", "liangqing-2014").output.splitlines()
    start = out.index(next(line for line in out if line.startswith("【保障性住房信息】")))
    table = out[start + 1 : start + 7]
    cells = [len(line.split("  城区住建局")[0].encode("gbk")) for line in table[2:]]
    assert len(set(cells)) == 1  # GBK bytes == terminal cells for these characters


def test_show_item_explains_the_rule() -> None:
    result = invoke("show", "regulations-2019", "--item", "disclosure.annual-report")
    out = result.output
    assert "依据:国务院令第711号 第四十九条、第五十条" in out
    assert "每年1月31日前" in out and "每年 01-31 前" in out
    assert "扣分:未公开 2 分" in out
    assert "文种(标题须含其一):工作年度报告" in out


def test_show_unknown_item_is_an_input_error() -> None:
    result = invoke("show", "liangqing-2014", "--item", "budget.nothing")
    assert isinstance(result.exception, AuditorError)
    assert "没有事项 budget.nothing" in result.exception.message


def test_validate_ok(project_root) -> None:
    result = invoke("validate", str(project_root / "checklists" / "liangqing-2014.toml"))
    assert result.return_value == 0
    assert result.output.startswith("校验通过:liangqing-2014")


BAD = """
id = "bad"
title = "错误示例"
extends = "no-such-list"
[[departments]]
name = "城区财政局"
[[areas]]
id = "budget"
name = "预算"
[[items]]
id = "budget.a"
name = "甲"
lead = ["城区财政厅"]
freshness = "yearly"
subject = ["预算"]
genre = ["公开"]
"""


def test_validate_lists_every_problem_and_exits_2(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(BAD, encoding="utf-8")
    result = run_cli("checklist", "validate", str(path), timeout=60)
    assert result.returncode == 2
    assert "清单有 3 个问题" in result.stdout
    for fragment in (
        "extends:无法加载基础清单",
        "条目 budget.a 的 lead",
        "条目 budget.a 的 freshness",
    ):
        assert fragment in result.stdout
    assert "提示:" in result.stdout


def test_show_unknown_checklist_exits_2(run_cli) -> None:
    result = run_cli("checklist", "show", "liangqing-2099", timeout=60)
    assert result.returncode == 2
    assert "没有内置清单 'liangqing-2099'" in result.stderr
