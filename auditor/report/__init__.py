"""Reports from one report dict: report.html, report.json, findings.xlsx and CSV files.

`build_report` reads a stored run; `write_reports` renders every requested format into one
folder. A department-only report gets its department's name in each file name so it never
overwrites the full report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from auditor.report.build import build_report
from auditor.store.records import ReportDocument

FORMATS = ("html", "json", "xlsx", "csv")

__all__ = ["FORMATS", "build_report", "write_reports"]


def write_reports(
    report: ReportDocument, out_dir: str | Path, formats: Iterable[str] = FORMATS
) -> list[Path]:
    """Write the requested formats; returns the files written, in that order."""
    from auditor.report.csv_out import write_csv
    from auditor.report.html import write_html
    from auditor.report.json_out import write_json
    from auditor.report.xlsx import write_xlsx

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    suffix = _suffix(report)
    paths: list[Path] = []
    for fmt in formats:
        if fmt == "html":
            paths.append(write_html(report, out / f"report{suffix}.html"))
        elif fmt == "json":
            paths.append(write_json(report, out / f"report{suffix}.json"))
        elif fmt == "xlsx":
            paths.append(write_xlsx(report, out / f"findings{suffix}.xlsx"))
        elif fmt == "csv":
            paths.extend(write_csv(report, out, suffix))
        else:
            raise ValueError(f"unknown report format: {fmt}")
    return paths


def _suffix(report: ReportDocument) -> str:
    """'-城区财政局' for a department report; characters unsafe in file names removed."""
    department = (report.get("scope") or {}).get("department")
    if not department:
        return ""
    return "-" + re.sub(r'[\\/:*?"<>|\s\x00-\x1f]+', "_", department).strip("._")
