"""findings.xlsx: one sheet per table, readable as opened (widths, frozen header, filters)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from auditor.report.tables import TABLES, Column, table_rows
from auditor.store.records import ReportDocument

HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
STATUS_FILLS = {
    "未公开": "FDE2E1",
    "链接失效": "FBE3D0",
    "未及时更新": "FFF4CE",
    "已公开": "E6F4EA",
}
FILLS = {status: PatternFill("solid", fgColor=color) for status, color in STATUS_FILLS.items()}
WRAP = Alignment(wrap_text=True, vertical="top")


def write_xlsx(report: ReportDocument, path: Path) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, key, columns in TABLES:
        _fill_sheet(workbook.create_sheet(title), columns, table_rows(report, key, columns))
    workbook.save(path)
    return path


def _fill_sheet(sheet: Worksheet, columns: list[Column], rows: list[list[Any]]) -> None:
    sheet.append([header for header, _, _ in columns])
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for number, row in enumerate(rows, start=2):
        sheet.append([_clean(value) for value in row])
        for column in range(1, len(row) + 1):  # by address: sheet.max_row walks every cell
            _as_text(sheet.cell(number, column))
    for index, (_, width, _) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(sheet.max_row, 1)}"


def _clean(value: Any) -> Any:
    """Control characters from crawled pages would make openpyxl refuse the whole file."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _as_text(cell: Any) -> None:
    """Crawled text is never a formula; wrap long text and tint the status cell."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        cell.alignment = WRAP
        if cell.value in FILLS:
            cell.fill = FILLS[cell.value]
