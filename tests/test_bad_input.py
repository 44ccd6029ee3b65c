"""Bad user input: misspelt keys get "did you mean", files saved with a BOM or in GBK are
read, anything else undecodable is a clear message naming the file and line."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from auditor.checklist.load import load_checklist
from auditor.errors import InputError
from auditor.inspection.file import load_inspection


def _text(tinyworld, tmp_path: Path) -> str:
    return tinyworld.TinyWorld().inspection(tmp_path / "base.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("wrong", "right"),
    [("max_dept = 3", "max_depth"), ("timout = 3", "timeout"), ("obey_robot = true", "obey_robots")],
)
def test_misspelt_crawl_key_suggests_the_right_one(
    tinyworld, tmp_path: Path, wrong: str, right: str
) -> None:
    path = tmp_path / "i.toml"
    path.write_text(_text(tinyworld, tmp_path) + wrong + "\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_inspection(path)
    assert f"是不是 {right}?" in raised.value.hint


def test_misspelt_top_level_key_through_the_cli(run_cli, tinyworld, tmp_path: Path) -> None:
    path = tmp_path / "i.toml"
    path.write_text("checklst = 'x'\n" + _text(tinyworld, tmp_path), encoding="utf-8")
    result = run_cli("audit", str(path), "--out", str(tmp_path / "out"), timeout=60)
    assert result.returncode == 2
    assert "未知的配置项 checklst" in result.stderr and "是不是 checklist?" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk", "gb18030"])
def test_bom_and_gbk_inspection_files_are_read(tinyworld, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "i.toml"
    path.write_bytes(_text(tinyworld, tmp_path).encode(encoding))
    inspection = load_inspection(path)
    assert inspection.name == "小城区检查"
    assert [s.department for s in inspection.sites] == ["城区财政局", "城区教育局"]


def test_undecodable_file_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "i.toml"
    path.write_bytes(b'name = "x"\nchecklist = "\xff\xff\xff"\n')
    with pytest.raises(InputError) as raised:
        load_inspection(path)
    assert str(path) in raised.value.message and "第 2 行" in raised.value.message
    assert "UTF-8" in raised.value.hint


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_bom_and_gbk_checklists_are_read(tmp_path: Path, encoding: str) -> None:
    source = resources.files("auditor.checklists").joinpath("liangqing-2014.toml").read_text("utf-8")
    path = tmp_path / "c.toml"
    path.write_bytes(source.encode(encoding))
    assert load_checklist(str(path)).id == load_checklist("liangqing-2014").id
