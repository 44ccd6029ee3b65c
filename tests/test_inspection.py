"""Bad inspection files get one clear Chinese line naming the file and key, exit 2."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from auditor.errors import InputError
from auditor.inspection.file import load_inspection

GOOD = """
name = "测试检查"
checklist = "liangqing-2014"
as_of = 2014-11-20
[platform]
name = "统一平台"
url = "http://127.0.0.1:9/"
[[sites]]
department = "城区财政局"
aliases = ["良庆区财政局"]
url = "http://127.0.0.1:9/bm/czj/"
[crawl]
delay = 0
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "inspection.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_loads(tmp_path: Path) -> None:
    spec = load_inspection(write(tmp_path, GOOD))
    assert spec.as_of == dt.date(2014, 11, 20)
    assert spec.sites[0].prefix == "/bm/czj/"
    assert spec.sites[0].aliases == ("良庆区财政局",)
    assert spec.platform.channel == "platform"
    assert spec.crawl.delay == 0


def test_as_of_defaults_to_today(tmp_path: Path) -> None:
    text = GOOD.replace("as_of = 2014-11-20\n", "")
    assert load_inspection(write(tmp_path, text), today=dt.date(2026, 1, 2)).as_of == dt.date(
        2026, 1, 2
    )


MISTAKES = [
    ("missing file", None, "找不到检查方案文件"),
    ("toml syntax", GOOD.replace('name = "测试检查"', 'name = "测试检查'), "TOML 语法错误"),
    ("missing name", GOOD.replace('name = "测试检查"\n', ""), "缺少必填项 name"),
    ("bad url", GOOD.replace("http://127.0.0.1:9/bm/czj/", "ftp//nowhere"), "网址无效"),
    ("bad port", GOOD.replace("127.0.0.1:9/bm", "127.0.0.1:99999/bm"), "端口无效"),
    (
        "missing platform",
        GOOD.split("[platform]")[0] + "[[sites]]" + GOOD.split("[[sites]]")[1],
        "缺少 [platform]",
    ),
    ("date not a date", GOOD.replace("as_of = 2014-11-20", 'as_of = "下周一"'), "不是有效日期"),
    (
        "duplicate site",
        GOOD.replace(
            "[crawl]",
            '[[sites]]\ndepartment = "城区教育局"\nurl = "http://127.0.0.1:9/bm/czj/"\n[crawl]',
        ),
        "重复出现",
    ),
    (
        "duplicate department",
        GOOD.replace(
            "[crawl]",
            '[[sites]]\ndepartment = "城区财政局"\nurl = "http://127.0.0.1:9/bm/x/"\n[crawl]',
        ),
        "出现了两次",
    ),
    ("no sites", GOOD.split("[[sites]]")[0] + "[crawl]\ndelay = 0\n", "没有任何 [[sites]]"),
    ("unknown key", GOOD.replace("[crawl]", "colour = 1\n[crawl]"), "未知的配置项 colour"),
    ("bad crawl value", GOOD.replace("delay = 0", 'delay = "fast"'), "delay 的值无效"),
    ("negative crawl value", GOOD.replace("delay = 0", "delay = -1"), "不能为负数"),
    (
        "external_links value",
        GOOD.replace("delay = 0", 'external_links = "maybe"'),
        "external_links 只能是",
    ),
    (
        "aliases not a list",
        GOOD.replace('aliases = ["良庆区财政局"]', 'aliases = "良庆区财政局"'),
        "aliases 应为字符串列表",
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_mistakes_name_file_and_problem(
    tmp_path: Path, case: str, text: str | None, expected: str
) -> None:
    path = tmp_path / "inspection.toml" if text is None else write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_inspection(path)
    assert expected in caught.value.message
    assert str(path) in caught.value.message
    assert caught.value.hint
