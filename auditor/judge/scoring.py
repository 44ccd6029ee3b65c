"""The department scorecard: counts per status, 100 minus deductions, and a rank.

Equal scores share a rank (1, 2, 2, 4) so that no department is ranked below another by
the accident of its name.
"""

from __future__ import annotations

from typing import Any

from auditor.judge.finding import STATUS_ORDER as STATUSES


def score_departments(items: list[dict[str, Any]], order: list[str]) -> list[dict[str, Any]]:
    """One scorecard row per department, best first."""
    rows = {name: _empty(name) for name in order}
    for finding in items:
        row = rows.setdefault(finding["department"], _empty(finding["department"]))
        row["due"] += 1
        row[finding["status"]] = row.get(finding["status"], 0) + 1
        row["deduction"] += float(finding.get("deduction") or 0.0)
    for row in rows.values():
        row["deduction"] = round(row["deduction"], 2)
        row["score"] = round(max(0.0, 100.0 - row["deduction"]), 1)
        row["gaps"] = row["due"] - row["present"]
    ranked = sorted(
        rows.values(),
        key=lambda r: (
            -r["score"],
            -r["present"],
            order.index(r["department"]) if r["department"] in order else len(order),
        ),
    )
    _assign_ranks(ranked)
    return ranked


def _empty(name: str) -> dict[str, Any]:
    return {"department": name, "due": 0, **dict.fromkeys(STATUSES, 0), "deduction": 0.0}


def _assign_ranks(rows: list[dict[str, Any]]) -> None:
    previous, rank = None, 0
    for position, row in enumerate(rows, start=1):
        if row["score"] != previous:
            rank, previous = position, row["score"]
        row["rank"] = rank
