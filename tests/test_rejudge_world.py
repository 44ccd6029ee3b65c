"""Re-judging a stored crawl after a checklist edit gives the findings a fresh audit with the
edited checklist gives: `auditor audit --reuse-crawl RUN` over HTTP-free stored pages."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from auditor.checklist.load import load_checklist
from auditor.demo import DemoServer, write_inspection


def _edited_checklist(tmp: Path) -> Path:
    """The built-in plan with a clerk's edits: budgets no longer go stale, and the fee
    catalogue accepts only 目录 as its genre."""
    text = Path(load_checklist("liangqing-2014").path).read_text(encoding="utf-8")
    text = text.replace('freshness = "annual-current"', 'freshness = "standing"')
    fee = text.index('id = "pricing.fee-catalog"')
    genre = text.index("genre = ", fee)
    end = text.index("\n", genre)
    text = text[:genre] + 'genre = ["目录"]' + text[end:]
    path = tmp / "edited.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _with_checklist(inspection: Path, checklist: Path) -> None:
    text = inspection.read_text(encoding="utf-8")
    lines = [
        f'checklist = "{checklist}"' if line.startswith("checklist =") else line
        for line in text.splitlines()
    ]
    inspection.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _findings(out: Path) -> dict[tuple[str, str], Any]:
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return {
        (i["department"], i["item"]): (
            i["status"],
            sorted(i["missing_channels"]),
            [(e["url"], e["state"]) for e in i["evidence"]],
            i.get("needs_review"),
        )
        for i in report["items"]
    }


def test_rejudge_after_a_checklist_edit_equals_a_fresh_audit(run_cli, tmp_path: Path) -> None:
    with DemoServer() as server:
        inspection = write_inspection(server, tmp_path / "demo.toml")
        first = run_cli("audit", str(inspection), "--out", str(tmp_path / "first"), "--quiet")
        assert first.returncode == 0, first.stderr
        _with_checklist(inspection, _edited_checklist(tmp_path))
        fresh = run_cli("audit", str(inspection), "--out", str(tmp_path / "fresh"), "--quiet")
        assert fresh.returncode == 0, fresh.stderr
        db = tmp_path / "first" / "auditor.db"
        with sqlite3.connect(db) as conn:
            run = conn.execute("select max(id) from runs").fetchone()[0]
        args = ("--db", str(db), "--out", str(tmp_path / "again"), "--quiet")
        again = run_cli("audit", str(inspection), "--reuse-crawl", str(run), *args)
        assert again.returncode == 0, again.stderr
    before, after = _findings(tmp_path / "first"), _findings(tmp_path / "again")
    assert after == _findings(tmp_path / "fresh")
    assert after != before  # the edit changed findings, so the equality above means something
