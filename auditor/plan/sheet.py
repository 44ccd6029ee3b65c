"""Read the department spreadsheet (XLSX or CSV) an office already keeps.

Offices name their columns in many ways (单位名称, 部门, 网站地址, 网址…) and save CSV as UTF-8,
UTF-8 with BOM or GBK, so the header row and the encoding are recognised rather than
prescribed.  Row numbers are those the user sees in Excel (or the CSV line), because every
problem is reported by row.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from auditor.errors import InputError

# Header names recognised, in the order they are preferred (documented in docs/inspection.md).
NAME_HEADERS = (
    "部门",
    "部门名称",
    "单位",
    "单位名称",
    "机构",
    "机构名称",
    "部门全称",
    "单位全称",
    "部门(单位)",
    "网站主办单位",
    "主办单位",
    "名称",
    "department",
    "name",
)
URL_HEADERS = (
    "网址",
    "网站",
    "网站地址",
    "网站网址",
    "网站域名",
    "域名",
    "首页地址",
    "网站首页",
    "链接",
    "链接地址",
    "url",
    "website",
    "site",
)
_NAME_WORDS = ("部门", "单位", "机构", "名称")
_URL_WORDS = ("网址", "域名", "链接", "地址", "url", "网站")
_NOTE = re.compile(r"[(\uff08\[\u3010].*?[)\uff09\]\u3011]")
_HEADER_ROWS = 10  # a title row or two may stand above the header


@dataclass(frozen=True)
class Row:
    """One data row: the department as the office writes it and its website as written."""

    number: int  # the row number shown by Excel, or the CSV line
    name: str
    url: str


@dataclass(frozen=True)
class Sheet:
    path: str
    name_header: str
    url_header: str
    rows: tuple[Row, ...]


def read_sheet(path: str | Path) -> Sheet:
    """The rows of an XLSX or CSV file; a file without a recognisable header is an InputError."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"找不到表格文件 {path}", "请确认路径正确;表格可以是 .xlsx 或 .csv 文件。")
    data = path.read_bytes()
    if data[:2] == b"PK":
        grids = _xlsx_grids(path)
    elif path.suffix.lower() == ".xls" or data[:4] == b"\xd0\xcf\x11\xe0":
        raise InputError(
            f"{path}: 不支持旧版 Excel(.xls)文件", "请在 Excel 中“另存为” .xlsx 或 CSV 后再运行。"
        )
    else:
        grids = [_csv_grid(data, path)]
    for grid in grids:
        sheet = _sheet(str(path), grid)
        if sheet is not None:
            return sheet
    raise InputError(
        f"{path}: 前 {_HEADER_ROWS} 行中找不到表头(部门名称一列和网址一列)",
        "表头写作如“部门名称”“网址”;可识别的列名见 docs/inspection.md。",
    )


def _sheet(path: str, grid: list[tuple[int, list[str]]]) -> Sheet | None:
    for index, (_, cells) in enumerate(grid[:_HEADER_ROWS]):
        columns = header_columns(cells)
        if columns is None:
            continue
        name_col, url_col = columns
        rows = tuple(
            Row(number, _cell(cells, name_col), _cell(cells, url_col))
            for number, cells in grid[index + 1 :]
            if _cell(cells, name_col) or _cell(cells, url_col)
        )
        return Sheet(path, cells[name_col].strip(), cells[url_col].strip(), rows)
    return None


def header_columns(cells: list[str]) -> tuple[int, int] | None:
    """(name column, URL column) of a header row, or None when it is not one."""
    folded = [_fold(c) for c in cells]
    name = _pick(folded, NAME_HEADERS, _NAME_WORDS, exclude=_URL_WORDS[:4])
    url = _pick(folded, URL_HEADERS, _URL_WORDS, exclude=("名称",))
    if name is None or url is None or name == url:
        return None
    return name, url


def _pick(
    folded: list[str], names: tuple[str, ...], words: tuple[str, ...], exclude: tuple[str, ...]
) -> int | None:
    for wanted in names:
        if _fold(wanted) in folded:
            return folded.index(_fold(wanted))
    for index, text in enumerate(folded):
        if any(w in text for w in words) and not any(x in text for x in exclude):
            return index
    return None


def _fold(text: str) -> str:
    """网址(URL) and ' 网址 ' name the same column."""
    return re.sub(r"[\s:\uff1a*]+", "", _NOTE.sub("", text)).lower()


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


def _xlsx_grids(path: Path) -> list[list[tuple[int, list[str]]]]:
    from openpyxl import load_workbook  # heavy: only when an XLSX is read

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's file
        raise InputError(
            f"{path}: 无法读取 Excel 文件({exc.__class__.__name__})",
            "请确认文件是 .xlsx 格式且未损坏,或另存为 CSV。",
        ) from None
    try:
        return [list(_numbered(sheet.iter_rows(values_only=True))) for sheet in book.worksheets]
    finally:
        book.close()


def _numbered(rows: Iterable[Iterable[object]]) -> Iterator[tuple[int, list[str]]]:
    for number, values in enumerate(rows, start=1):
        yield number, ["" if v is None else str(v) for v in values]


def _csv_grid(data: bytes, path: Path) -> list[tuple[int, list[str]]]:
    text = decode_csv(data, path)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    grid = []
    for cells in reader:
        grid.append((reader.line_num, cells))
    return grid


def decode_csv(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM) or GBK, as Excel saves CSV on a Chinese Windows."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(
        f"{path}: 无法识别文件编码", "请把表格另存为 UTF-8 或 GBK 编码的 CSV,或 .xlsx 文件。"
    )


def example_sheet() -> str:
    """The example spreadsheet shipped with the package (auditor/data/sites-example.csv)."""
    return resources.files("auditor").joinpath("data/sites-example.csv").read_text(encoding="utf-8")
