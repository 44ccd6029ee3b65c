"""Reading the office's spreadsheet: header names, encodings, row numbers (no network)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from auditor.errors import InputError
from auditor.plan.assemble import Source, draft_plan
from auditor.plan.sheet import example_sheet, header_columns, read_sheet


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["部门", "网址"], (0, 1)),
        (["序号", "单位名称", "网站地址"], (1, 2)),
        (["机构名称", "备注", "URL"], (0, 2)),
        (["部门名称 ", "网站域名"], (0, 1)),
        (["单位", "联系人", "链接"], (0, 2)),
        (["网址(首页)", "部门(单位)"], (1, 0)),
        (["Department", "Website"], (0, 1)),
        (["主管部门全称", "门户网站首页地址"], (0, 1)),
        (["序号", "联系人", "电话"], None),
        (["良庆区各部门网站一览表"], None),
    ],
)
def test_header_rows_are_recognised(header: list[str], expected: tuple[int, int] | None) -> None:
    assert header_columns(header) == expected


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_every_encoding_excel_saves(tmp_path: Path, encoding: str) -> None:
    text = (
        "各部门网站\n单位名称,网站地址\n良庆区财政局,http://a.example/\n\n良庆区教育局,b.example\n"
    )
    path = tmp_path / "sites.csv"
    path.write_bytes(text.encode(encoding))
    sheet = read_sheet(path)
    assert (sheet.name_header, sheet.url_header) == ("单位名称", "网站地址")
    assert [(r.number, r.name, r.url) for r in sheet.rows] == [
        (3, "良庆区财政局", "http://a.example/"),
        (5, "良庆区教育局", "b.example"),
    ]
    assert not path.read_bytes().startswith(codecs.BOM_UTF8) or encoding == "utf-8-sig"


def test_tab_separated_text_is_read_too(tmp_path: Path) -> None:
    path = tmp_path / "sites.txt"
    path.write_text("部门\t网址\n良庆区财政局\thttp://a.example/\n", encoding="utf-8")
    assert [(r.name, r.url) for r in read_sheet(path).rows] == [
        ("良庆区财政局", "http://a.example/")
    ]


def test_a_sheet_without_header_or_in_old_excel_format_is_refused(tmp_path: Path) -> None:
    headless = tmp_path / "x.csv"
    headless.write_text("良庆区财政局,http://a.example/\n", encoding="utf-8")
    with pytest.raises(InputError, match="表头"):
        read_sheet(headless)
    old = tmp_path / "x.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 60)
    with pytest.raises(InputError, match="xls"):
        read_sheet(old)


def test_the_shipped_example_drafts_a_plan_with_nothing_to_fix(tmp_path: Path) -> None:
    path = tmp_path / "example.csv"
    path.write_text(example_sheet(), encoding="utf-8")
    draft = draft_plan(Source(str(path), None, "http://pt.example/", None, None))
    assert len(draft.sites) >= 5 and not draft.problems
    assert draft.checklist == "liangqing-2014"


def test_init_without_a_source_or_with_a_missing_file_says_what_to_give(
    run_cli, tmp_path: Path
) -> None:
    neither = run_cli("init", "--out", str(tmp_path / "p.toml"), timeout=60)
    assert (
        neither.returncode == 2
        and "--sites" in neither.stderr
        and "Traceback" not in neither.stderr
    )
    missing = run_cli(
        "init", "--sites", "nowhere.xlsx", "--out", str(tmp_path / "p.toml"), timeout=60
    )
    assert missing.returncode == 2 and "找不到表格文件" in missing.stderr
    assert not (tmp_path / "p.toml").exists()
