"""report.json, findings.xlsx and the CSV files: same findings, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from auditor.report import build_report, write_reports
from auditor.store.records import ReportDocument


@pytest.fixture
def written(reportworld, tmp_path: Path) -> tuple[ReportDocument, list[Path]]:
    store, run_id = reportworld.make_store(tmp_path, title='=HYPERLINK("http://x.invalid","点我")')
    report = build_report(store, run_id)
    return report, write_reports(report, tmp_path / "out")


def test_all_formats_are_written(written: tuple[dict, list[Path]]) -> None:
    names = [p.name for p in written[1]]
    assert names == [
        "report.html",
        "report.json",
        "findings.xlsx",
        "findings.csv",
        "broken_links.csv",
        "scores.csv",
        "unchecked_links.csv",
    ]


def test_json_is_the_report(written: tuple[dict, list[Path]]) -> None:
    report, paths = written
    loaded = json.loads(paths[1].read_text(encoding="utf-8"))
    assert loaded["items"] == json.loads(json.dumps(report["items"]))
    assert {"inspection", "pages_crawled", "items", "broken_links", "tampering"} <= loaded.keys()


def test_xlsx_sheets_are_ready_to_filter(written: tuple[dict, list[Path]]) -> None:
    book = load_workbook(written[1][2])
    assert book.sheetnames == ["问题清单", "失效链接", "部门得分", "未检查链接"]
    sheet = book["问题清单"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert [c.value for c in sheet[1]][:5] == ["部门", "领域", "事项编号", "事项", "状态"]
    assert sheet.max_row == 15 and sheet.column_dimensions["D"].width >= 30
    assert book["失效链接"].max_row == 4 and book["部门得分"]["B2"].value == "城区财政局"
    reasons = [row[6].value for row in book["未检查链接"].iter_rows(min_row=2)]
    assert sorted(reasons) == ["not_checked", "robots"]


def test_crawled_formula_stays_text(written: tuple[dict, list[Path]]) -> None:
    sheet = load_workbook(written[1][2])["问题清单"]
    titles = [c for c in sheet["H"] if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert titles and all(c.data_type == "s" for c in titles)
    with (written[1][3]).open(encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not any(cell.startswith("=") for cell in cells)


def test_csv_opens_in_excel_as_utf8(written: tuple[dict, list[Path]]) -> None:
    raw = written[1][3].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][0] == "部门" and len(rows) == 15


def test_department_files_do_not_overwrite_the_full_report(reportworld, tmp_path: Path) -> None:
    store, run_id = reportworld.make_store(tmp_path)
    paths = write_reports(build_report(store, run_id, department="城区财政局"), tmp_path, ("html",))
    assert [p.name for p in paths] == ["report-城区财政局.html"]
