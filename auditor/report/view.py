"""Arrange the report dict for the HTML page: the matrix, per-department groups, alerts.

Pure reshaping; every fact comes from the report dict, so the page and report.json agree.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from auditor.store.records import ReportDocument, ReportLink, ReportTampering

CUTOFF_EXAMPLES = 20


def build_view(report: ReportDocument) -> dict[str, Any]:
    names = _department_names(report)
    groups = [_group(report, name) for name in names]
    return {
        "departments": names,
        "dept_ids": {name: f"d{n}" for n, name in enumerate(names, start=1)},
        "matrix": _matrix(report, names),
        "groups": groups,
        "alerts": _alerts(report),
        "summary": _summary(report, groups),
        "cutoffs": _cutoff_summary(report),
        "other_health": _other_health(report, names),
        "site_names": {s["key"]: s["department"] or s["key"] for s in report["sites"]},
    }


def _department_names(report: ReportDocument) -> list[str]:
    """Departments in the order the findings list them (inspection order)."""
    names = [f["department"] for f in report["items"]]
    names += [row["department"] for row in report["departments"]]
    return list(dict.fromkeys(names))


def _matrix(report: ReportDocument, names: list[str]) -> list[dict[str, Any]]:
    """One row per item (checklist order), one cell per department: a finding or None."""
    cells: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    first: dict[str, dict[str, Any]] = {}
    for finding in report["items"]:
        cells[finding["item"]][finding["department"]] = finding
        first.setdefault(finding["item"], finding)
    order = sorted(first, key=lambda item: report["items"].index(first[item]))
    rows = [
        {
            "item": item,
            "name": first[item]["item_name"],
            "area": first[item].get("area_name") or first[item].get("area") or "",
            "cells": [cells[item].get(name) for name in names],
        }
        for item in order
    ]
    areas = list(dict.fromkeys(row["area"] for row in rows))
    return sorted(rows, key=lambda row: areas.index(row["area"]))


def _group(report: ReportDocument, name: str) -> dict[str, Any]:
    sites = [s for s in report["sites"] if s["department"] == name and s["channel"] == "site"]
    keys = {s["key"] for s in sites}
    items = [f for f in report["items"] if f["department"] == name]
    by_page: dict[str, list[ReportLink]] = defaultdict(list)
    for link in report["broken_links"]:
        if link["site"] in keys:
            by_page[link["page"]].append(link)
    score = next((r for r in report["departments"] if r["department"] == name), None)
    gaps = [f for f in items if f["status"] != "present"]
    return {
        "name": name,
        "sites": sites,
        "findings": items,
        "score": score,
        "gaps": gaps,
        "fixes": [f for f in gaps if not f.get("conditional")],
        "verify": [f for f in gaps if f.get("conditional")],
        "review": [f for f in items if f.get("needs_review")],
        "channel_gaps": _channel_gaps(items),
        "broken_by_page": sorted(by_page.items()),
        "broken_count": sum(len(links) for links in by_page.values()),
        "unchecked": [u for u in report.get("unchecked_links", []) if u["site"] in keys],
        "health": [h for h in report.get("health", []) if _health_site(h) in keys],
        "tampering": [t for t in report["tampering"] if t["site"] in keys],
        "unreachable": [s for s in sites if not s.get("reachable", True)],
    }


def _channel_gaps(items: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Items disclosed on one required channel only, per channel still to publish on."""
    by_channel: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for finding in items:
        if finding["status"] == "present":
            for channel in finding["missing_channels"]:
                by_channel[channel].append(finding)
    return sorted(by_channel.items())


def _needs_action(group: dict[str, Any]) -> bool:
    """A department fails when it has something to fix, not merely something to verify."""
    keys = ("fixes", "tampering", "unreachable", "broken_count", "channel_gaps")
    return any(group[key] for key in keys)


def _other_health(report: ReportDocument, names: list[str]) -> list[dict[str, Any]]:
    """Health of sites no department section shows (the unified platform)."""
    owned = {
        s["key"] for s in report["sites"] if s["department"] in names and s["channel"] == "site"
    }
    return [h for h in report.get("health", []) if _health_site(h) not in owned]


def _health_site(entry: dict[str, Any]) -> Any:
    return entry.get("key") or entry.get("site") or entry.get("site_key")


def _alerts(report: ReportDocument) -> dict[str, Any]:
    by_page: dict[str, list[ReportTampering]] = defaultdict(list)
    for hit in report["tampering"]:  # most severe first, so pages come in that order too
        by_page[hit["page"]].append(hit)
    return {
        "tampering": report["tampering"],
        "tampering_pages": list(by_page.items()),
        "unreachable": [s for s in report["sites"] if not s.get("reachable", True)],
        "incomplete": not report["limits"].get("complete", True),
    }


def _summary(report: ReportDocument, groups: list[dict[str, Any]]) -> dict[str, Any]:
    counts = {status: 0 for status in ("present", "stale", "missing", "broken")}
    for finding in report["items"]:
        counts[finding["status"]] = counts.get(finding["status"], 0) + 1
    rank = {r["department"]: r["score"] for r in report["departments"]}
    by_score = sorted(groups, key=lambda g: rank.get(g["name"], 100.0))
    return {
        "counts": counts,
        "review": sum(1 for finding in report["items"] if finding.get("needs_review")),
        "total": len(report["items"]),
        "failing": [g for g in by_score if _needs_action(g)],
        "verify_only": [g for g in by_score if g["verify"] and not _needs_action(g)],
        "sites": len(report["sites"]),
        "broken_links": len(report["broken_links"]),
        "unchecked_links": len(report.get("unchecked_links", [])),
    }


def _cutoff_summary(report: ReportDocument) -> dict[str, Any]:
    per_site: dict[tuple[str, str], int] = defaultdict(int)
    for row in report["cutoffs"]:
        per_site[(row["site"], row["reason"])] += 1
    return {
        "per_site": sorted(per_site.items()),
        "total": len(report["cutoffs"]),
        "examples": report["cutoffs"][:CUTOFF_EXAMPLES],
    }
