"""report.json: the fixed contract other tools read (see DESIGN.md section 3), plus extras."""

from __future__ import annotations

import json
from pathlib import Path

from auditor.store.records import ReportDocument


def write_json(report: ReportDocument, path: Path) -> Path:
    path.write_text(
        json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
    )
    return path
