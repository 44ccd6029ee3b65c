"""The report's "changes since the last inspection" and spot-check sections.

A 政务办 clerk reading this week's report first asks: who fixed what since last time, who
slipped, which links broke, and is each department getting better? Both parts come from the
store (history and the spot-check draw), so report.json and the HTML say the same.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from auditor.judge.history import RunDiff, diff_runs, previous_run
from auditor.judge.sample import stored_sample
from auditor.report.wording import reason_text
from auditor.store import Store
from auditor.store.pool import spare_core, start_in_order, worker_store
from auditor.store.records import FailedLink, ReportDocument, ReportSite

CHANGE_LISTS = ("fixed", "new_gaps", "went_stale", "changed")
LINK_LISTS = ("links_broken", "links_repaired")


def changes_started(
    store: Store,
    run_id: int,
    department: str | None,
    pages: int,
    failed: Mapping[int, list[FailedLink]] | None = None,
) -> Iterator[dict[str, Any]]:
    """`report_changes` as a one-item iterator: on a large run, computed by a worker process
    while this one builds the rest of the report; else computed at once.  `failed`: both
    runs' failed links if already read (report.broken.LinkLists, 1.3 s at 100,000 pages).
    Left unread, it goes to `stop_started`."""
    if not spare_core(pages):
        return iter([report_changes(store, run_id, department, failed)])
    task = [(run_id, department, failed)]
    return start_in_order(store, _changes_in_worker, task, [1], 1, "比较前后两次检查")


def _changes_in_worker(
    run_id: int, department: str | None, failed: Mapping[int, list[FailedLink]] | None
) -> dict[str, Any]:
    return report_changes(worker_store(), run_id, department, failed)


def report_changes(
    store: Store,
    run_id: int,
    department: str | None = None,
    failed: Mapping[int, list[FailedLink]] | None = None,
) -> dict[str, Any]:
    """Changes since the previous complete run of the same inspection (or a note that this
    is the first); with `department`, only that department's part."""
    earlier = previous_run(store, run_id)
    if earlier is None:
        return {"previous_run": None}
    diff = diff_runs(store, earlier["id"], run_id, department, failed)
    data = diff.to_dict()
    out: dict[str, Any] = {
        "previous_run": {k: earlier.get(k) for k in ("id", "name", "started", "as_of")},
        **{key: data[key] for key in (*CHANGE_LISTS, *LINK_LISTS, "new_tampering")},
        "open_gaps": diff.open_gaps,
        "by_department": _by_department(diff),
        "trend": diff.trend,
    }
    for link in out["links_broken"] + out["links_repaired"]:
        link["reason_text"] = reason_text(link["reason"])
    out["any"] = any(out[key] for key in (*CHANGE_LISTS, *LINK_LISTS, "new_tampering"))
    return out


def _by_department(diff: RunDiff) -> list[dict[str, Any]]:
    """One row per department: score then and now, and how many of each change."""
    rows = []
    for name, points in diff.trend.items():
        before = next((p for p in points if p["run_id"] == diff.before.id), None)
        counts = {
            key: sum(1 for c in getattr(diff, key) if c.department == name)
            for key in (*CHANGE_LISTS, "links_broken")
        }
        rows.append(
            {
                "department": name,
                "score_before": before["score"] if before else None,
                "score": points[-1]["score"],
                **counts,
            }
        )
    return rows


def report_sample(store: Store, run_id: int, sites: list[ReportSite]) -> dict[str, Any] | None:
    """The spot-check draw with each page's department, or None when none was drawn."""
    sample = stored_sample(store, run_id)
    if sample is None:
        return None
    owner = {s["key"]: s.get("department") or s["key"] for s in sites}
    order = {key: n for n, key in enumerate(owner)}
    pages = [p for p in sample["pages"] if p["site_key"] in order]
    pages.sort(key=lambda p: (order[p["site_key"]], p["rank"]))
    sample["pages"] = [{**p, "department": owner[p["site_key"]]} for p in pages]
    return sample


def add_history(
    store: Store, run_id: int, report: ReportDocument, changes: dict[str, Any]
) -> ReportDocument:
    """The report with its "changes" (`report_changes`, computed by the caller while site
    health's workers run) and "sample" parts (sample only for the report's sites)."""
    report["changes"] = changes
    sample = report_sample(store, run_id, report["sites"])
    if sample:
        report["sample"] = sample
    return report
