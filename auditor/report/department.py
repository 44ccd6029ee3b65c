"""Cut a full report down to one department, for sending to it or for its self-check.

The rank stays the one from the whole inspection, so a department sees where it stands.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from auditor.errors import InputError
from auditor.store.records import ReportDocument

_Row = TypeVar("_Row", bound=Mapping[str, Any])  # a row of one of the report's lists


def only_department(report: ReportDocument, department: str) -> ReportDocument:
    """The report restricted to `department`'s findings, sites, links and alerts."""
    names = [row["department"] for row in report["departments"]]
    if department not in names:
        raise InputError(
            f"本次检查中没有部门“{department}”。", f"--department 可选:{'、'.join(names) or '(无)'}"
        )
    keys = {s["key"] for s in report["sites"] if s["department"] == department}
    platforms = {s["key"] for s in report["sites"] if s["channel"] == "platform"}

    def mine(rows: list[_Row], field: str = "site") -> list[_Row]:
        return [row for row in rows if row.get(field) in keys]

    out = report.copy()
    out["sites"] = [s for s in report["sites"] if s["key"] in keys | platforms]
    out["items"] = [f for f in report["items"] if f["department"] == department]
    out["departments"] = [r for r in report["departments"] if r["department"] == department]
    out["broken_links"] = mine(report["broken_links"])
    out["unchecked_links"] = mine(report.get("unchecked_links", []))
    out["tampering"] = mine(report["tampering"])
    out["unreadable_listings"] = mine(report.get("unreadable_listings", []))
    out["cutoffs"] = mine(report["cutoffs"])
    if "health" in report:
        out["health"] = department_health(report["health"], keys, department)
    out["pages_crawled"] = sum(s["pages"] for s in out["sites"])
    out["scope"] = {"department": department, "departments_total": len(names)}
    return out


def department_health(
    health: list[dict[str, Any]], keys: set[str], department: str
) -> list[dict[str, Any]]:
    """The site-health entries of the department's sites (`keys`)."""
    return [
        h
        for h in health
        if (h.get("key") or h.get("site")) in keys
        or h.get("site_key") in keys
        or h.get("department") == department
    ]
