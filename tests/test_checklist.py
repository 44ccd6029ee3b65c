"""Checklist loading: the public API, every validation error, extends and overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.checklist.load import load_checklist
from auditor.checklist.model import (
    EVERY_INSPECTED,
    Checklist,
    Freshness,
    parse_freshness,
)
from auditor.errors import InputError

VALID = """
id = "test-2026"
title = "测试区2026年政务公开工作要点"
district = "某市测试区"
district_short = "测试区"

[[basis]]
name = "测试区2026年政务公开工作要点"
number = "测公开办〔2026〕1号"
date = 2026-03-01

[[departments]]
name = "城区财政局"
aliases = ["测试区财政局"]

[[departments]]
name = "城区政务办"
named = false

[[areas]]
id = "budget"
name = "财政预决算"

[[items]]
id = "budget.a"
name = "本级预算"
lead = ["城区财政局"]
freshness = "annual-current"
channels = ["site"]
subject = ["财政预算", "征收*土地"]
genre = ["报告", "草案", "预算$"]
[items.hints]
columns = ["财政预决算"]
"""


def canonical(checklist: Checklist, name: str) -> str | None:
    """The canonical name a checklist gives a department name, None when it knows none."""
    found = checklist.department(name)
    return found.name if found is not None else None


def write(tmp_path: Path, text: str, name: str = "list.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> str:
    with pytest.raises(InputError) as info:
        load_checklist(str(path))
    return info.value.message


# ---------------------------------------------------------------- freshness


@pytest.mark.parametrize(
    "text, expected",
    [
        ("standing", Freshness("standing")),
        ("event", Freshness("event")),
        ("rolling", Freshness("rolling")),
        ("monthly", Freshness("monthly")),
        ("annual-current", Freshness("annual-current")),
        ("annual-previous", Freshness("annual-previous")),
        ("due:2014-11-15", Freshness("due", "2014-11-15")),
    ],
)
def test_parse_freshness(text: str, expected: Freshness) -> None:
    assert parse_freshness(text) == expected
    assert str(parse_freshness(text)) == text


@pytest.mark.parametrize("text", ["yearly", "due", "due:", "due:2014-13-01", "Standing", ""])
def test_parse_freshness_rejects(text: str) -> None:
    with pytest.raises(InputError):
        parse_freshness(text)


# ---------------------------------------------------------------- departments


def test_valid_file_loads(tmp_path: Path) -> None:
    checklist = load_checklist(str(write(tmp_path, VALID)))
    assert checklist.id == "test-2026"
    assert checklist.district_short == "测试区"
    assert checklist.item("budget.a").freshness == Freshness("annual-current")
    assert checklist.item("budget.a").deductions["present"] == 0.0
    assert checklist.basis[0].date == "2026-03-01"


@pytest.mark.parametrize(
    "name, canonical",
    [
        ("城区财政局", "城区财政局"),
        ("财政局", "城区财政局"),
        ("区财政局", "城区财政局"),
        ("良庆区财政局", "城区财政局"),
        ("南宁市良庆区财政局", "城区财政局"),
        ("良庆区发展和改革局", "城区发改局"),
        ("南宁市良庆区发展和改革局", "城区发改局"),
        ("良庆区住房和城乡建设局", "城区住建局"),
        ("良庆区食品药品监督管理局", "城区食药局"),
        (" 城区 环保局 ", "城区环保局"),
    ],
)
def test_department_aliases(name: str, canonical: str) -> None:
    department = load_checklist("liangqing-2014").department(name)
    assert department is not None and department.name == canonical


@pytest.mark.parametrize("name", ["邕宁区财政局", "南宁市财政局", "财政厅", ""])
def test_department_of_another_body_is_not_ours(name: str) -> None:
    assert load_checklist("liangqing-2014").department(name) is None


def test_responsible_special_values() -> None:
    checklist = load_checklist("liangqing-2014")
    inspected = ["良庆区财政局", "城区政务办", "城区民政局", "城区住建局"]
    budget = checklist.item("budget.department-budget")
    assert checklist.responsible(budget, inspected) == [
        "城区财政局",
        "城区政务办",
        "城区民政局",
        "城区住建局",
    ]
    progress = checklist.item("progress.report")
    assert checklist.responsible(progress, inspected) == ["城区财政局", "城区住建局"]


def test_responsible_lead_and_cooperating() -> None:
    checklist = load_checklist("liangqing-2014")
    standards = checklist.item("food-drug.standards")
    assert checklist.responsible(standards, ["卫生局", "城区财政局"]) == ["城区卫生局"]
    assert checklist.responsible(standards, ["城区食药局", "城区卫生局"]) == [
        "城区食药局",
        "城区卫生局",
    ]
    assert checklist.responsible(standards, ["城区财政局"]) == []


def test_unknown_item_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        load_checklist("liangqing-2014").item("budget.nothing")


# ---------------------------------------------------------------- validation


def _swap(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            _swap('"annual-current"', '"yearly"'),
            "条目 budget.a 的 freshness:未知的时效类别 'yearly'",
        ),
        (_swap('"annual-current"', '"due:2014-02-30"'), "条目 budget.a 的 freshness"),
        (VALID + VALID[VALID.index("[[items]]") :], "条目 budget.a 的 id:编号重复"),
        (
            _swap('lead = ["城区财政局"]', 'lead = ["城区财政厅"]'),
            "部门“城区财政厅”未在 [[departments]] 中声明(是不是 城区财政局?)",
        ),
        (_swap('genre = ["报告", "草案", "预算$"]\n', ""), "条目 budget.a 的 genre:必填"),
        (_swap('genre = ["报告"', 'genre = ["报$告"'), "条目 budget.a 的 genre:“报$告”:$ 只能写在"),
        (_swap('"征收*土地"', '"征收*"'), "条目 budget.a 的 subject:“征收*”:* 表示中间可插入"),
        (_swap('genre = ["报告"', 'genre = []\nx = ["报告"'), "条目 budget.a 的 genre:至少写一个文种"),
        (
            _swap('columns = ["财政预决算"]', 'titles = ["财政预算"]'),
            "条目 budget.a 的 hints.titles:hints.titles 已不再使用:请改写成 subject",
        ),
        (
            _swap('id = "test-2026"', 'id = "test-2026"\nnot_genre = ["会议", "*动员"]'),
            "not_genre:“*动员”",
        ),
        (_swap('channels = ["site"]', 'channels = ["site", "wechat"]'), "未知渠道 'wechat'"),
        (_swap('channels = ["site"]', "channels = []"), "至少要有一个公开渠道"),
        (_swap("date = 2026-03-01", 'date = "2026-3-1"'), "[[basis]] 测公开办〔2026〕1号 的 date"),
        (_swap('id = "budget.a"', 'id = "housing.a"'), "领域 housing 未在 [[areas]] 中声明"),
        (_swap('id = "budget.a"', 'id = "budget-a"'), "编号应写成 领域.事项"),
        (
            _swap('freshness = "annual-current"', 'freshnes = "annual-current"'),
            "条目 budget.a 的 freshnes:未知字段(是不是 freshness?)",
        ),
        (_swap('name = "本级预算"\n', ""), "条目 budget.a 的 name:必填"),
        (
            _swap('lead = ["城区财政局"]', 'lead = ["@every-inspected", "城区财政局"]'),
            "@every-inspected 只能单独用作 lead",
        ),
        (
            _swap('channels = ["site"]', 'channels = ["site"]\ndeductions = { missing = -1 }'),
            "条目 budget.a 的 deductions.missing",
        ),
        (_swap('aliases = ["测试区财政局"]', 'aliases = ["政务办"]'), "别名“政务办”同时属于"),
        (
            _swap('name = "城区政务办"', 'name = "城区财政局"'),
            "[[departments]] 城区财政局:部门重复声明",
        ),
        (_swap('district = "某市测试区"', "district = 5"), "district:应为文字"),
        ('extends = "no-such-list"\n' + VALID, "extends:无法加载基础清单 'no-such-list'"),
        ('extends = "missing.toml"\n' + VALID, "找不到清单文件"),
    ],
)
def test_each_validation_error(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    message = problems_of(path)
    assert expected in message
    assert str(path.resolve()) in message  # the file is named


def test_every_problem_reported_at_once(tmp_path: Path) -> None:
    text = _swap('"annual-current"', '"yearly"').replace('["城区财政局"]', '["城区财政厅"]')
    text = text.replace('subject = ["财政预算", "征收*土地"]\n', "")
    message = problems_of(write(tmp_path, text))
    assert message.startswith("清单有 3 个问题")
    for field in ("freshness", "lead", "subject"):
        assert f"条目 budget.a 的 {field}" in message


def test_syntax_error_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, 'id = "x\n')
    assert f"{path.resolve()}: TOML 语法错误" in problems_of(path)


def test_extends_cycle_is_reported(tmp_path: Path) -> None:
    write(tmp_path, 'extends = "b.toml"\n' + VALID, "a.toml")
    write(tmp_path, 'extends = "a.toml"\n' + VALID, "b.toml")
    assert "extends 形成循环" in problems_of(tmp_path / "a.toml")


def test_extends_with_broken_base_names_both_files(tmp_path: Path) -> None:
    write(tmp_path, _swap('"annual-current"', '"yearly"'), "base.toml")
    message = problems_of(write(tmp_path, 'extends = "base.toml"\n' + VALID, "child.toml"))
    assert "child.toml: extends:无法加载基础清单" in message
    assert "base.toml: 条目 budget.a 的 freshness" in message


# ---------------------------------------------------------------- extends and overrides

CHILD = """
id = "test-2026"
title = "测试区2026年政务公开工作要点"
extends = "regulations-2019"
district = "某市测试区"
exclude = ["art20.other"]

[[basis]]
name = "测试区2026年政务公开工作要点"
number = "测公开办〔2026〕1号"
date = 2026-03-01

[[departments]]
name = "城区财政局"

[[areas]]
id = "budget"
name = "财政预决算"

[[items]]
id = "art20.budget"
freshness = "due:2026-04-30"
deductions = { missing = 5 }
genre = ["公开"]

[[items]]
id = "budget.three-public"
name = "“三公”经费"
lead = "城区财政局"
freshness = "annual-current"
subject = ["三公"]
genre = ["经费"]
"""


def test_extends_builtin_and_overrides_fields(tmp_path: Path) -> None:
    base = load_checklist("regulations-2019")
    child = load_checklist(str(write(tmp_path, CHILD)))
    budget, base_budget = child.item("art20.budget"), base.item("art20.budget")
    assert budget.freshness == Freshness("due", "2026-04-30")
    assert budget.genre == ("公开",) and budget.subject == base_budget.subject
    assert budget.hints == base_budget.hints  # untouched fields kept
    assert budget.citation == "第二十条第(七)项" and budget.elements == base_budget.elements
    assert budget.deductions == {**base_budget.deductions, "missing": 5.0}
    assert budget.lead == (EVERY_INSPECTED,)


def test_extends_adds_excludes_and_keeps_base(tmp_path: Path) -> None:
    base = load_checklist("regulations-2019")
    child = load_checklist(str(write(tmp_path, CHILD)))
    ids = [i.id for i in child.items]
    assert "budget.three-public" in ids and "art20.other" not in ids
    assert len(ids) == len(base.items)  # one excluded, one added
    assert child.item("budget.three-public").channels == ("site", "platform")
    assert [b.number for b in child.basis][:2] == ["测公开办〔2026〕1号", "国务院令第711号"]
    assert child.area("art20") is not None and child.area("budget") is not None
    assert child.extends == "regulations-2019"


def test_extends_relative_path_and_exclude_unknown(tmp_path: Path) -> None:
    write(tmp_path, VALID, "base.toml")
    child = 'id = "c"\ntitle = "子清单"\nextends = "base.toml"\n'
    loaded = load_checklist(str(write(tmp_path, child, "child.toml")))
    assert loaded.item("budget.a").name == "本级预算"
    assert canonical(loaded, "测试区财政局") == "城区财政局"
    bad = child + 'exclude = ["budget.zzz"]\n'
    assert "基础清单中没有条目 budget.zzz" in problems_of(write(tmp_path, bad, "bad.toml"))


def test_unknown_builtin_id_lists_the_builtins() -> None:
    with pytest.raises(InputError) as info:
        load_checklist("liangqing-2015")
    assert "liangqing-2014" in info.value.hint


def test_docs_worked_example_validates(tmp_path: Path) -> None:
    """docs/checklists.md walks a clerk through a new plan's checklist; it must load."""
    docs = (Path(__file__).parent.parent / "docs" / "checklists.md").read_text(encoding="utf-8")
    section = docs[docs.index("## 示例") : docs.index("第 7 步")]
    lines = [line[4:] for line in section.splitlines() if line.startswith("    ")]
    top = [line for line in lines if line.startswith("exclude")]  # step 6 goes in the header
    text = "\n".join(top + [line for line in lines if line not in top])
    checklist = load_checklist(str(write(tmp_path, text)))
    assert checklist.item("art20.budget").freshness == Freshness("due", "2026-04-30")
    assert checklist.item("data.open-catalog").lead == ("城区数据局",)
    assert "art21.public-security" not in [i.id for i in checklist.items]
    assert canonical(checklist, "良庆区数据局") == "城区数据局"
