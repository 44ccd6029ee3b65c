"""The 国家指标 sheet: every site against the single-veto indicators of the national
website-inspection rules, as the inspection sheet an inspector fills in by hand.

Pure reshaping of the report's `health` and `tampering` entries (auditor/health computes the
indicators): one row per site, one cell per veto with its verdict, whether the data sufficed,
and the sentences that explain it; then the site's score and deductions. Unhandled tampering
(暗链, hijacked text) found on a site's pages is a 严重错误 in the 2019 rules.
"""

from __future__ import annotations

from typing import Any

from auditor.store.records import ReportDocument, ReportTampering

# veto name -> the indicator ids that decide it (any failed one fails the veto)
VETOES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("站点无法访问", ("home.availability",)),
    ("首页不更新", ("home.updated",)),
    ("栏目不更新", ("columns.stale", "columns.not_updated", "columns.empty")),
    ("严重错误", ("serious.leaders", "serious.expressions", "serious.dates")),
    ("互动回应差", ("interaction.response",)),
    ("服务不实用", ("service.guides",)),
)
SERIOUS = [name for name, _ in VETOES].index("严重错误")  # where unhandled tampering counts
# a cell's state, worst first: what the sheet shows when several indicators decide one veto
ORDER = ("fail", "insufficient", "warn", "ok")


def national_sheet(report: ReportDocument) -> dict[str, Any]:
    """{"vetoes": names, "rows": one per site} for the template and report.json."""
    tampered = _tampering_by_site(report.get("tampering") or [])
    rows = [
        _row(site, tampered.get(site.get("key") or "", [])) for site in report.get("health") or []
    ]
    return {"vetoes": [name for name, _ in VETOES], "rows": [r for r in rows if r is not None]}


def _tampering_by_site(rows: list[ReportTampering]) -> dict[str, list[ReportTampering]]:
    out: dict[str, list[ReportTampering]] = {}
    for row in rows:
        out.setdefault(row.get("site") or "", []).append(row)
    return out


def _row(site: dict[str, Any], tampering: list[ReportTampering]) -> dict[str, Any] | None:
    indicators = {i["id"]: i for i in site.get("indicators") or []}
    if not indicators:
        return None
    cells = [_cell(name, [indicators[i] for i in ids if i in indicators]) for name, ids in VETOES]
    if tampering:
        cells[SERIOUS] = _tampered(cells[SERIOUS], tampering)
    return {
        "site": site.get("key"),
        "department": site.get("department"),
        "url": site.get("url"),
        "cells": cells,
        "verdict": "单项否决" if any(c["status"] == "fail" for c in cells) else site.get("verdict"),
        "score": site.get("score"),
        "deductions": site.get("deductions"),
        "deducted": [
            {"name": i["name"], "deduction": i["deduction"]}
            for i in site.get("indicators") or []
            if i.get("deduction")
        ],
    }


def _cell(name: str, found: list[dict[str, Any]]) -> dict[str, Any]:
    if not found:
        return {
            "veto": name,
            "status": "absent",
            "decided": False,
            "details": ["本次检查未包含此项。"],
        }
    states = [i["status"] if i["status"] in ORDER else "ok" for i in found]
    worst = min(states, key=ORDER.index)
    failed = any(i.get("veto") for i in found)
    details = [i["detail"] for i in found if i["status"] != "ok"] or [found[0]["detail"]]
    return {
        "veto": name,
        "status": "fail" if failed else worst,
        "decided": worst != "insufficient",
        "details": details,
    }


def _tampered(cell: dict[str, Any], rows: list[ReportTampering]) -> dict[str, Any]:
    pages = len({r.get("page") for r in rows})
    note = f"发现篡改或暗链{len(rows)}处(涉及{pages}个页面),属未处置的篡改,见“紧急提示”。"
    return {**cell, "status": "fail", "decided": True, "details": [note, *cell["details"]]}
