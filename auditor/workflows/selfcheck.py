"""A department checks itself before a deadline: only its own site (and the platform, whose
entries are attributed by 发布机构), only its own items, and a short to-do list ordered by
deadline then by deduction.

Deadline rule (docs/workflows.md): a `due:` item is due on its date; an item with
`annual_due` (an annual report) on that day of the as_of year; an annual edition (this
year's budget, last year's accounts) by 31 December of the as_of year; a rolling or monthly
item by the day its newest valid evidence ages out (183 or 62 days after publication), or at
once when there is none; standing and event items have no fixed deadline.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from auditor.checklist.model import Checklist, Item
from auditor.errors import InputError
from auditor.inspection.file import Inspection
from auditor.judge.freshness import MONTHLY_DAYS, ROLLING_DAYS
from auditor.report.wording import CHANNEL_LABELS, STATUS_ACTIONS
from auditor.store.records import ReportDocument

SOON_DAYS = 30  # a disclosed rolling item that ages out within this many days is listed too
WINDOWS = {"rolling": ROLLING_DAYS, "monthly": MONTHLY_DAYS}


@dataclass(frozen=True)
class Todo:
    item: str
    item_name: str
    status: str  # present (ageing out soon), stale, missing or broken
    action: str
    reason: str
    deadline: str | None
    days_left: int | None  # negative when overdue
    deduction: float


def reduced_inspection(inspection: Inspection, checklist: Checklist, name: str) -> Inspection:
    """The inspection cut down to one department's site plus the platform, under its own run
    name so that history never compares a self-check with a full inspection."""
    dept = checklist.department(name)
    canonical = dept.name if dept else name.strip()
    own = [s for s in inspection.sites if _canonical(checklist, s.department) == canonical]
    if not own:
        names = "、".join(s.department for s in inspection.sites)
        raise InputError(
            f"检查方案 {inspection.path} 中没有部门“{name}”的站点。",
            f"--department 可选:{names}。",
        )
    title = f"{inspection.name}(自查:{canonical})"
    return dataclasses.replace(inspection, name=title, sites=tuple(own))


def _canonical(checklist: Checklist, name: str) -> str:
    dept = checklist.department(name)
    return dept.name if dept else name.strip()


def deadline_for(item: Item | None, finding: dict[str, Any], as_of: dt.date) -> dt.date | None:
    """When the item must (next) be in order; see the module docstring for the rule."""
    if finding.get("deadline"):
        return dt.date.fromisoformat(str(finding["deadline"])[:10])
    if item is None:
        return None
    if item.annual_due:
        month, day = (int(part) for part in item.annual_due.split("-"))
        return dt.date(as_of.year, month, day)
    kind = item.freshness.kind
    if kind in ("annual-current", "annual-previous"):
        return dt.date(as_of.year, 12, 31)
    if kind in WINDOWS:
        newest = _newest_valid(finding)
        return newest + dt.timedelta(days=WINDOWS[kind]) if newest else as_of
    return None


def _newest_valid(finding: dict[str, Any]) -> dt.date | None:
    dates = [
        e["published"]
        for e in finding.get("evidence") or []
        if e.get("state") == "valid" and e.get("published")
    ]
    return dt.date.fromisoformat(max(dates)[:10]) if dates else None


def todo_list(report: ReportDocument, checklist: Checklist, as_of: dt.date) -> list[Todo]:
    """Gaps, and disclosed items about to age out, ordered by deadline then deduction."""
    todos = []
    for finding in report["items"]:
        item = _item(checklist, finding["item"])
        todo = _todo(finding, item, as_of)
        if todo.status != "present" or (item and item.freshness.kind in WINDOWS and _soon(todo)):
            todos.append(todo)
    return sorted(todos, key=_order)


def _item(checklist: Checklist, item_id: str) -> Item | None:
    try:
        return checklist.item(item_id)
    except KeyError:
        return None


def _todo(finding: dict[str, Any], item: Item | None, as_of: dt.date) -> Todo:
    deadline = deadline_for(item, finding, as_of)
    status = finding["status"]
    action = STATUS_ACTIONS.get(status, "")
    if status == "present":
        action = "发布最新一期,以免过期"
    missing = finding.get("missing_channels") or []
    if missing and status != "present":
        action += "(缺:" + "、".join(CHANNEL_LABELS.get(c, c) for c in missing) + ")"
    return Todo(
        item=finding["item"],
        item_name=finding.get("item_name") or finding["item"],
        status=status,
        action=action,
        reason=finding.get("reason") or "",
        deadline=deadline.isoformat() if deadline else None,
        days_left=(deadline - as_of).days if deadline else None,
        deduction=float(finding.get("deduction") or 0.0),
    )


def _soon(todo: Todo) -> bool:
    return todo.days_left is not None and todo.days_left <= SOON_DAYS


def _order(todo: Todo) -> tuple:
    return (todo.deadline is None, todo.deadline or "", -todo.deduction, todo.item)
