"""report.json: the fixed contract other tools read, plus extras.

The contract is docs/report.md, "The report.json contract".
"""

from __future__ import annotations

import json
from pathlib import Path

from auditor.store.records import ReportDocument


def write_json(report: ReportDocument, path: Path) -> Path:
    path.write_text(
        json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
    )
    return path
