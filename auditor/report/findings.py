"""Findings as the report shows them: the judge's Finding dicts plus the checklist's words.

The checklist adds what a department needs to act on a gap: the basis document and the
sentence that requires the item, the elements (要素) a complete disclosure contains, and the
note for items that are due only if an event occurred.
"""

from __future__ import annotations

from typing import Any

from auditor.checklist.model import Checklist
from auditor.report.wording import STATUS_FALLBACK_REASONS

EVIDENCE_DEFAULTS: dict[str, Any] = {
    "url": "",
    "title": "",
    "published": None,
    "channel": "site",
    "edition_year": None,
    "state": "valid",
    "reasons": [],
    "why": "",  # Chinese: why this page proves the item (built from the match's signals)
    "strength": "",
}


def report_findings(
    findings: list[dict[str, Any]], checklist: Checklist | None, departments: list[str]
) -> list[dict[str, Any]]:
    """Findings in department then checklist order, each with a stable anchor id (f1, f2…)."""
    meta = {item.id: item for item in getattr(checklist, "items", ())}
    areas = {area.id: area.name for area in getattr(checklist, "areas", ())}
    order = {item_id: n for n, item_id in enumerate(meta)}
    rows = [_finding(f, meta.get(f["item"]), areas) for f in findings]
    rows.sort(
        key=lambda f: (
            departments.index(f["department"]) if f["department"] in departments else 10**6,
            order.get(f["item"], len(order)),
            f["item"],
        )
    )
    for n, finding in enumerate(rows, start=1):
        finding["id"] = f"f{n}"
    return rows


def _finding(raw: dict[str, Any], item: Any, areas: dict[str, str]) -> dict[str, Any]:
    finding = {k: v for k, v in raw.items() if k != "run_id"}
    status = finding.get("status") or "missing"
    finding["status"] = status
    finding["item_name"] = finding.get("item_name") or getattr(item, "name", "") or raw["item"]
    finding["area_name"] = finding.get("area_name") or areas.get(finding.get("area") or "", "")
    finding["freshness"] = finding.get("freshness") or str(getattr(item, "freshness", "") or "")
    finding["reason"] = finding.get("reason") or STATUS_FALLBACK_REASONS.get(status, "")
    finding["missing_channels"] = list(finding.get("missing_channels") or [])
    finding["evidence"] = [
        {**EVIDENCE_DEFAULTS, **_known(e)} for e in finding.get("evidence") or []
    ]
    finding.setdefault("evidence_total", len(finding["evidence"]))
    finding["needs_review"] = bool(finding.get("needs_review"))
    finding["candidates"] = [c for c in finding.get("candidates") or [] if isinstance(c, dict)]
    if finding.get("deduction") is None:
        finding["deduction"] = float(getattr(item, "deductions", {}).get(status, 0.0))
    finding["conditional"] = status == "missing" and finding["freshness"] == "event"
    finding["requirement"] = requirement(item)
    return finding


def _known(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if v is not None or k in EVIDENCE_DEFAULTS}


def requirement(item: Any) -> dict[str, Any]:
    """Where the item is required and what a complete disclosure contains (may be empty)."""
    return {
        "basis_doc": getattr(item, "basis_doc", "") or "",
        "citation": getattr(item, "citation", "") or "",
        "text": getattr(item, "basis", "") or "",
        "elements": list(getattr(item, "elements", ()) or ()),
        "note": getattr(item, "note", "") or "",
    }
