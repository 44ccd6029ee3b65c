"""History: every run stays in the store, so a 政务办 can see what changed between two
inspections and how each department moves over time.

A change is judged per (department, item) from the stored findings; nothing is re-crawled or
re-judged, so a diff always shows what each report said at the time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from auditor.errors import InputError
from auditor.judge.verdict import load_findings
from auditor.store import Store
from auditor.store.records import FailedLink, RunRow

GAPS = ("missing", "broken", "stale")
TREND_RUNS = 6


@dataclass(frozen=True)
class RunSummary:
    id: int
    name: str
    started: str
    status: str
    as_of: str
    pages: int
    present: int
    stale: int
    missing: int
    broken: int
    broken_links: int
    tampering: int


@dataclass(frozen=True)
class Change:
    department: str
    item: str
    item_name: str
    before: str
    after: str
    deduction: float


@dataclass(frozen=True)
class LinkChange:
    department: str
    page: str
    url: str
    anchor: str
    reason: str


@dataclass(frozen=True)
class RunDiff:
    before: RunSummary
    after: RunSummary
    fixed: tuple[Change, ...]  # a gap before, present now
    new_gaps: tuple[Change, ...]  # present before, missing or broken now
    went_stale: tuple[Change, ...]  # present before, stale now
    changed: tuple[Change, ...]  # a gap both times, of another kind (未公开 → 链接失效)
    open_gaps: int  # gaps in the later run
    links_broken: tuple[LinkChange, ...]  # broken now, not broken before
    links_repaired: tuple[LinkChange, ...]  # broken before, not broken now
    new_tampering: tuple[dict[str, str], ...]
    trend: dict[str, list[dict[str, Any]]]  # department -> one point per run, oldest first

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def summarize(store: Store, run: RunRow, failed: list[FailedLink] | None = None) -> RunSummary:
    """The run's headline figures; `failed` (its failed link pairs, when the caller read
    them) gives the broken-link count without asking the store again."""
    pairs = None if failed is None else len({(f["source"], f["target"]) for f in failed})
    figures = store.run_figures(run["id"], pairs)
    return RunSummary(
        id=run["id"],
        name=run.get("name") or "",
        started=run.get("started") or "",
        status=run.get("status") or "",
        as_of=run.get("as_of") or "",
        **figures,
    )


def run_summaries(store: Store) -> list[RunSummary]:
    return [summarize(store, run) for run in store.runs()]


def require_run(store: Store, run_id: int) -> RunRow:
    run = store.run(run_id)
    if run is None:
        known = "、".join(str(r["id"]) for r in store.runs()) or "无"
        raise InputError(
            f"数据库 {store.path} 中没有编号为 {run_id} 的检查记录。",
            f"已有的记录编号:{known};用 auditor history 查看。",
        )
    return run


def same_inspection(store: Store, run_id: int) -> list[RunRow]:
    """Judged runs of the same inspection (same name) up to and including `run_id`."""
    run = require_run(store, run_id)
    return [
        r
        for r in store.runs()
        if r["id"] <= run_id and r.get("name") == run.get("name") and r["status"] == "complete"
    ]


def previous_run(store: Store, run_id: int) -> RunRow | None:
    """The last complete run of the same inspection before `run_id` (what "last time" means)."""
    earlier = [r for r in same_inspection(store, run_id) if r["id"] < run_id]
    return earlier[-1] if earlier else None


def diff_runs(
    store: Store,
    before: int,
    after: int,
    department: str | None = None,
    known: Mapping[int, list[FailedLink]] | None = None,
) -> RunDiff:
    """What changed from run `before` to run `after`; with `department`, only its part.
    `known`: runs' `failed_link_pairs` already read, by run id (the report's worker reads
    them as soon as the crawl is over)."""
    runs = (require_run(store, before), require_run(store, after))
    old, new = (_findings(store, r["id"], department) for r in runs)
    changes = [_change(new[key], old.get(key)) for key in new]
    kinds = {kind: tuple(c for c in changes if c and _kind(c) == kind) for kind in _KINDS}
    known = known or {}
    failed = [  # read once per run
        known[r["id"]] if r["id"] in known else store.failed_link_pairs(r["id"]) for r in runs
    ]
    old_links, new_links = (
        _links(store, r["id"], f, department) for r, f in zip(runs, failed, strict=True)
    )
    return RunDiff(
        before=summarize(store, runs[0], failed[0]),
        after=summarize(store, runs[1], failed[1]),
        **kinds,
        open_gaps=sum(1 for f in new.values() if f["status"] in GAPS),
        links_broken=tuple(v for k, v in new_links.items() if k not in old_links),
        links_repaired=tuple(v for k, v in old_links.items() if k not in new_links),
        new_tampering=_new_tampering(store, before, after, department),
        trend=department_trend(store, after, department),
    )


_KINDS = ("fixed", "new_gaps", "went_stale", "changed")


def _kind(change: Change) -> str:
    if change.after == "present":
        return "fixed"
    if change.before == "present":
        return "went_stale" if change.after == "stale" else "new_gaps"
    return "changed"


def _change(finding: dict[str, Any], earlier: dict[str, Any] | None) -> Change | None:
    """None when nothing changed, or when the item was not judged before (no "before")."""
    if earlier is None or earlier["status"] == finding["status"]:
        return None
    return Change(
        department=finding["department"],
        item=finding["item"],
        item_name=finding.get("item_name") or finding["item"],
        before=earlier["status"],
        after=finding["status"],
        deduction=float(finding.get("deduction") or 0.0),
    )


def _findings(store: Store, run_id: int, department: str | None) -> dict[tuple, dict]:
    return {
        (f["department"], f["item"]): f
        for f in load_findings(store, run_id)
        if department is None or f["department"] == department
    }


def _departments(store: Store, run_id: int) -> dict[str, str]:
    return {s["key"]: s.get("department") or s["key"] for s in store.sites(run_id)}


def _links(
    store: Store, run_id: int, failed: list[FailedLink], department: str | None
) -> dict[tuple, LinkChange]:
    owner = _departments(store, run_id)
    out = {}
    for row in failed:
        name = owner.get(row["site_key"], row["site_key"])
        if department is None or name == department:
            link = LinkChange(
                name, row["source"], row["target"], row["anchor"] or "", row["reason"]
            )
            out[(row["source"], row["target"])] = link
    return out


def _new_tampering(
    store: Store, before: int, after: int, department: str | None
) -> tuple[dict[str, str], ...]:
    seen = {(t["page"], t["kind"]) for t in store.iter_rows("tampering", before)}
    owner = _departments(store, after)
    out = []
    for row in store.iter_rows("tampering", after):
        name = owner.get(row["site_key"], row["site_key"])
        if (row["page"], row["kind"]) not in seen and department in (None, name):
            out.append({"department": name, "page": row["page"], "kind": row["kind"]})
    return tuple(out)


def department_trend(
    store: Store, run_id: int, department: str | None = None, limit: int = TREND_RUNS
) -> dict[str, list[dict[str, Any]]]:
    """Per department, its score and items disclosed in each of the last `limit` runs."""
    from auditor.judge.scoring import score_departments  # the report package imports us

    trend: dict[str, list[dict[str, Any]]] = {}
    for run in same_inspection(store, run_id)[-limit:]:
        findings = list(_findings(store, run["id"], department).values())
        for row in score_departments(findings, []):
            point = {
                "run_id": run["id"],
                "started": run.get("started") or "",
                "present": row["present"],
                "due": row["due"],
                "score": row["score"],
            }
            trend.setdefault(row["department"], []).append(point)
    return trend
