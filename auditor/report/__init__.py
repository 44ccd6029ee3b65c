"""Reports from one report dict: report.html, report.json, findings.xlsx and CSV files.

`build_report` reads a stored run; `write_reports` renders every requested format into one
folder. A department-only report gets its department's name in each file name so it never
overwrites the full report.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.report.broken import LinkLists
from auditor.report.build import build_report
from auditor.store import Store
from auditor.store.pool import spare_core, start_in_order, stop_started
from auditor.store.records import ReportDocument

if TYPE_CHECKING:
    from auditor.checklist.model import Checklist

FORMATS = ("html", "json", "xlsx", "csv")

__all__ = ["FORMATS", "build_report", "report_files", "write_reports"]


TABLE_FORMATS = ("xlsx", "csv")  # show only the report's tables, never site health


def write_reports(
    report: ReportDocument, out_dir: str | Path, formats: Iterable[str] = FORMATS
) -> list[Path]:
    """Write the requested formats; returns the files written, in that order."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return [path for fmt in formats for path in _write(report, out, fmt)]


def report_files(
    store: Store,
    run_id: int,
    out_dir: str | Path,
    checklist: Checklist | None = None,
    department: str | None = None,
    links: Iterator[LinkLists] | None = None,
) -> tuple[ReportDocument, list[Path]]:
    """Build a run's report and write every format (the files in FORMATS order).  The
    tables (XLSX, CSV) are written as soon as they are final, while site health's workers
    are still computing (`build_report`'s before_health), on a large run by a worker
    process of their own; HTML and JSON, which show the health, after.  `links`: see
    `build_report`."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, list[Path]] = {}
    writing: list[Iterator[dict[str, list[Path]]]] = []

    def tables(report: ReportDocument) -> None:
        writing.append(_tables_started(store, report, out))

    try:
        report = build_report(store, run_id, checklist, department, tables, links)
        for fmt in FORMATS:
            if fmt not in TABLE_FORMATS:
                written[fmt] = _write(report, out, fmt)
        for started in writing:
            (tables_written,) = started  # read to its end: a worker's pool is shut down
            written.update(tables_written)
    except BaseException:
        for started in writing:
            stop_started(started)
        raise
    return report, [path for fmt in FORMATS for path in written[fmt]]


def _tables_started(
    store: Store, report: ReportDocument, out: Path
) -> Iterator[dict[str, list[Path]]]:
    """The tables (XLSX, CSV) of `report` as it is now, as a one-item iterator: on a large
    run written by a worker process (the workbook alone is 1.5 s at 100,000 pages) while
    this one writes HTML and JSON; else written at once."""
    if not spare_core(report["pages_crawled"]):
        return iter([_tables(report, out)])
    # pickled now: the executor pickles its arguments later, in a thread, while this
    # process goes on adding site health and history to the same dict
    task = [(pickle.dumps(report, pickle.HIGHEST_PROTOCOL), str(out))]
    return start_in_order(store, _write_pickled_tables, task, [1], 1, "写出表格文件")


def _tables(report: ReportDocument, out: Path) -> dict[str, list[Path]]:
    return {fmt: _write(report, out, fmt) for fmt in TABLE_FORMATS}


def _write_pickled_tables(report: bytes, out: str) -> dict[str, list[Path]]:
    return _tables(pickle.loads(report), Path(out))  # noqa: S301 - our own pickle


def _write(report: ReportDocument, out: Path, fmt: str) -> list[Path]:
    from auditor.report.csv_out import write_csv
    from auditor.report.html import write_html
    from auditor.report.json_out import write_json
    from auditor.report.xlsx import write_xlsx

    suffix = _suffix(report)
    if fmt == "html":
        return [write_html(report, out / f"report{suffix}.html")]
    if fmt == "json":
        return [write_json(report, out / f"report{suffix}.json")]
    if fmt == "xlsx":
        return [write_xlsx(report, out / f"findings{suffix}.xlsx")]
    if fmt == "csv":
        return write_csv(report, out, suffix)
    raise ValueError(f"unknown report format: {fmt}")


def _suffix(report: ReportDocument) -> str:
    """'-城区财政局' for a department report; characters unsafe in file names removed."""
    department = (report.get("scope") or {}).get("department")
    if not department:
        return ""
    return "-" + re.sub(r'[\\/:*?"<>|\s\x00-\x1f]+', "_", department).strip("._")
