"""CSV exports (findings, broken links, scores, unchecked links) for spreadsheets and scripts.

UTF-8 with a byte-order mark so that Excel on a Chinese Windows desktop opens it correctly;
crawled text that starts like a formula is prefixed with ' so a spreadsheet never runs it.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from auditor.report.tables import TABLES, table_rows
from auditor.store.records import ReportDocument

FILE_NAMES = {
    "items": "findings",
    "broken_links": "broken_links",
    "departments": "scores",
    "unchecked_links": "unchecked_links",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: Any) -> Any:
    """Neutralise spreadsheet formulas in text cells (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv(report: ReportDocument, out_dir: Path, suffix: str = "") -> list[Path]:
    paths = []
    for _, key, columns in TABLES:
        path = out_dir / f"{FILE_NAMES[key]}{suffix}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([header for header, _, _ in columns])
            writer.writerows([defuse(v) for v in row] for row in table_rows(report, key, columns))
        paths.append(path)
    return paths
