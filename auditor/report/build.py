"""Assemble the report dict from a stored run: the single input of every output format.

Everything a renderer shows is decided here (order, scores, which links are broken), so the
HTML, JSON, XLSX and CSV never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from auditor import __version__
from auditor.errors import InputError
from auditor.health import FailedLinks, site_health_started
from auditor.judge.scoring import score_departments
from auditor.judge.verdict import load_findings
from auditor.report.broken import LinkLists, read_link_lists, split_links
from auditor.report.changes import add_history, changes_started
from auditor.report.department import department_health, only_department
from auditor.report.findings import report_findings
from auditor.report.national import national_sheet
from auditor.report.tamper_labels import kind_label, technique_label
from auditor.report.wording import reason_text
from auditor.store import Store
from auditor.store.coerce import as_dict
from auditor.store.pool import stop_started

if TYPE_CHECKING:
    from auditor.checklist.model import Checklist
from auditor.store.records import (
    ReportCutoff,
    ReportDocument,
    ReportInspection,
    ReportLimits,
    ReportLink,
    ReportSite,
    ReportTampering,
    RunRow,
    UnreadableListing,
)

SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


def build_report(
    store: Store,
    run_id: int,
    checklist: Checklist | None = None,
    department: str | None = None,
    before_health: Callable[[ReportDocument], None] | None = None,
    links: Iterator[LinkLists] | None = None,
) -> ReportDocument:
    """The report of one run; with `department`, only that department's part of it.
    Site health's workers (on a large run) start first and this process builds everything
    else meanwhile; `before_health` then gets the report whose tables (findings, links,
    scores) are final, to write the files that show nothing else (XLSX, CSV) while the
    sites are still being computed.  `links`: the run's link lists, begun by the caller
    (report.broken.link_lists_started), else read here."""
    run = store.run(run_id)
    if run is None:
        raise InputError(
            f"数据库中没有编号为 {run_id} 的检查记录。",
            "省略编号即使用最近一次检查,或检查 --db 指向的数据库文件。",
        )
    lists = read_link_lists(store, run_id, links)
    health = _health_started(store, run_id, run.get("as_of"), lists.failed_links)
    changing: Iterator[dict[str, Any]] = iter(())
    try:
        pages = store.count_pages(run_id)
        changing = changes_started(store, run_id, department, pages, lists.failed_pairs)
        report = _report(store, run_id, run, checklist, pages, lists)
        report = only_department(report, department) if department else report
        (changes,) = changing  # read to its end: a worker's pool is shut down
        if before_health is not None:
            before_health(report)
    except BaseException:
        stop_started(changing)
        stop_started(health)
        raise
    _add_health(report, list(health), department)
    return add_history(store, run_id, report, changes)


def _add_health(
    report: ReportDocument, health: list[dict[str, Any]], department: str | None
) -> None:
    """The sites' health (a department's own with `department`) and the national sheet,
    where `only_department` and the full report put them."""
    if not health:
        return
    if department:
        keys = {s["key"] for s in report["sites"] if s["department"] == department}
        health = department_health(health, keys, department)
    report["health"] = health
    if health:
        report["national"] = national_sheet(report)


def _report(
    store: Store,
    run_id: int,
    run: RunRow,
    checklist: Checklist | None,
    pages: int,
    links: LinkLists,
) -> ReportDocument:
    """Everything but site health, built while the health workers (if any) compute."""
    checklist = checklist if checklist is not None else _load_checklist(run.get("checklist"))
    sites = _sites(store, run_id)
    departments = _department_order(sites, store, run_id)
    items = report_findings(load_findings(store, run_id), checklist, departments)
    broken, unchecked = _links(run, sites, links)
    return {
        "inspection": _inspection(run, checklist),
        "pages_crawled": pages,
        "sites": sites,
        "items": items,
        "departments": score_departments(items, departments),
        "broken_links": broken,
        "unchecked_links": unchecked,
        "tampering": _tampering(store, run_id, sites),
        "unreadable_listings": unreadable_listings(store, run_id, sites, items),
        "cutoffs": _cutoffs(store, run_id),
        "limits": _limits(run, store, run_id),
        "scope": {"department": None},
        "timings": _timings(run),
    }


def _load_checklist(checklist_id: str | None) -> Checklist | None:
    """The run's checklist for names and basis documents; the report still renders without
    it (names then come from the stored findings)."""
    try:
        from auditor.checklist.load import load_checklist

        return load_checklist(checklist_id) if checklist_id else None
    except Exception:  # noqa: BLE001 - a missing or changed checklist must not block a report
        return None


def _inspection(run: RunRow, checklist: Checklist | None) -> ReportInspection:
    basis = [
        {"name": b.name, "number": b.number, "date": b.date}
        for b in getattr(checklist, "basis", ())
    ]
    return {
        "name": run.get("name") or "",
        "run_id": run["id"],
        "checklist": run.get("checklist") or "",
        "checklist_title": getattr(checklist, "title", "") or run.get("checklist") or "",
        "checklist_version": getattr(checklist, "version", ""),
        "basis": basis,
        "as_of": run.get("as_of"),
        "started": run.get("started"),
        "finished": run.get("finished"),
        "status": run.get("status"),
        "tool_version": __version__,
    }


def _sites(store: Store, run_id: int) -> list[ReportSite]:
    stats = store.site_totals(run_id)
    out: list[ReportSite] = []
    for site in store.sites(run_id):
        counts = stats.get(site["key"], {"pages": 0, "errors": 0, "cutoffs": 0})
        root = store.check_of(run_id, site["url"])
        reachable = counts["pages"] > 0 and (root is None or bool(root.get("ok")))
        out.append(
            {
                "key": site["key"],
                "department": site.get("department") or "",
                "url": site["url"],
                "channel": site.get("channel") or "site",
                "pages": counts["pages"],
                "errors": counts["errors"],
                "cutoffs": counts["cutoffs"],
                "reachable": reachable,
                "root_reason": reason_text(root["reason"])
                if root and not reachable
                else ("未抓取到任何页面" if not reachable else ""),
            }
        )
    return out


def _department_order(sites: list[ReportSite], store: Store, run_id: int) -> list[str]:
    """Departments in inspection-file order, then any only the findings name."""
    names = [s["department"] for s in sites if s["channel"] == "site" and s["department"]]
    names += [f["department"] for f in store.iter_rows("findings", run_id)]
    return list(dict.fromkeys(names))


def _site_departments(sites: list[ReportSite]) -> dict[str, str]:
    return {s["key"]: s["department"] or s["key"] for s in sites}


def _links(
    run: RunRow, sites: list[ReportSite], lists: LinkLists
) -> tuple[list[ReportLink], list[ReportLink]]:
    """(broken, unchecked): robots-blocked and skipped outside links are not broken."""
    skip = _crawl_settings(run).get("external_links") == "skip"
    return split_links(lists, _site_departments(sites), skip)


def _tampering(store: Store, run_id: int, sites: list[ReportSite]) -> list[ReportTampering]:
    owner = _site_departments(sites)
    rows: list[ReportTampering] = [
        {
            "page": row.get("page") or "",
            "kind": row.get("kind") or "",
            "detail": row.get("detail") or "",
            "technique": row.get("technique") or "",
            "snippet": row.get("snippet") or "",
            "location": row.get("location") or "",
            "severity": row.get("severity") or "",
            "kind_label": kind_label(row.get("kind")),
            "technique_label": technique_label(row.get("technique")),
            "site": row.get("site_key") or "",
            "department": owner.get(row.get("site_key") or "", ""),
        }
        for row in store.iter_rows("tampering", run_id)
    ]
    return sorted(rows, key=lambda r: (SEVERITY_RANK.get(r["severity"], 3), r["page"]))


def unreadable_listings(
    store: Store, run_id: int, sites: list[ReportSite], items: list[dict[str, Any]]
) -> list[UnreadableListing]:
    """Column pages whose script-filled list was not read (栏目无法读取).  An item missing
    where such a column was seen (the department's own site, or the platform) is marked
    `needs_review`: the column may hold it, so "missing" rests on what was not read."""
    owner = _site_departments(sites)
    platforms = {s["key"] for s in sites if s["channel"] == "platform"}
    rows: list[UnreadableListing] = [
        {
            "department": owner.get(row.get("site_key") or "", ""),
            "page": row.get("page") or "",
            "why": row.get("why") or "",
            "site": row.get("site_key") or "",
        }
        for row in store.iter_rows("unreadable_listings", run_id)
    ]
    unread = {row["department"] for row in rows} | (
        {item["department"] for item in items} if {r["site"] for r in rows} & platforms else set()
    )
    for item in items:
        if item["status"] == "missing" and item["department"] in unread:
            item["needs_review"] = True
    return sorted(rows, key=lambda r: (r["department"], r["page"]))


def _cutoffs(store: Store, run_id: int) -> list[ReportCutoff]:
    """By site, URL and reason, not in the order the crawl met them."""
    rows: list[ReportCutoff] = [
        {"site": r["site_key"], "url": r["url"], "reason": r["reason"]}
        for r in store.iter_rows("cutoffs", run_id)
    ]
    return sorted(rows, key=lambda r: (r["site"], r["url"], r["reason"]))


def _limits(run: RunRow, store: Store, run_id: int) -> ReportLimits:
    """The crawl limits in force and what they cut off, so a reader knows what was not seen."""
    crawl = _crawl_settings(run)
    shown = ("timeout", "recheck_ok_links_after_hours")
    settings = {k: v for k, v in crawl.items() if k.startswith("max_") or k in shown}
    counts: dict[str, int] = {}
    for row in store.iter_rows("cutoffs", run_id):
        counts[row["reason"]] = counts.get(row["reason"], 0) + 1
    return {
        "settings": settings,
        "cutoffs_by_reason": counts,
        "kept_checks": store.kept_checks(run_id),
        "complete": run.get("status") == "complete",
    }


def _timings(run: RunRow) -> dict[str, float]:
    """Seconds per audit stage finished before this report was built (an extra of
    report.json: how long a repeat took, not a finding)."""
    stored = as_dict(run.get("timings"))
    return {k: v for k, v in stored.items() if isinstance(v, (int, float))}


def _crawl_settings(run: RunRow) -> dict[str, Any]:
    """The run's [crawl] settings as stored, else the defaults."""
    crawl = as_dict(as_dict(run.get("inspection")).get("crawl"))
    if crawl:
        return crawl
    from dataclasses import asdict

    from auditor.inspection.file import CrawlSettings

    return asdict(CrawlSettings())


def _health_started(
    store: Store, run_id: int, as_of: str | None, failed: FailedLinks
) -> Iterator[dict[str, Any]]:
    """Site-health indicators per site (national inspection rules), when the audit has a
    date; started first, so that on a large run the workers compute them while this process
    builds the rest of the report (auditor/store/pool.py)."""
    return site_health_started(store, run_id, as_of, failed) if as_of else iter(())
