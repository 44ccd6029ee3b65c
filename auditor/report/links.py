"""Split the run's links into broken ones and ones the crawl never checked.

A link robots.txt told the crawler not to visit, or an outside link skipped by
`external_links = "skip"`, says nothing about whether its target works: calling it broken
would send a department to fix a link that may be fine. Those go to `unchecked_links`, one
row per target (with how many pages carry it), and count nowhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from auditor.report.labels import reason_text

ROBOTS = "robots"
EXTERNAL_SKIPPED = "external_skipped"
NOT_CHECKED = "not_checked"
UNCHECKED_TEXT = {
    ROBOTS: "robots.txt 禁止访问,未检查",
    EXTERNAL_SKIPPED: '外部链接,按设置(external_links = "skip")未检查',
    NOT_CHECKED: "外部链接,抓取结束前未检查",
}


def split_links(
    links: Iterable[dict[str, Any]], owner: dict[str, str], skip_external: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(broken, unchecked) from store.iter_links rows; `owner` maps site key to department."""
    broken: dict[tuple[str, str], dict[str, Any]] = {}
    unchecked: dict[str, dict[str, Any]] = {}
    for link in links:
        reason = _unchecked_reason(link, skip_external)
        if reason:
            _count_unchecked(unchecked, link, reason, owner)
        elif link["check_ok"] == 0:
            broken.setdefault((link["source"], link["target"]), _broken(link, owner))
    return list(broken.values()), [_finished(row) for row in unchecked.values()]


def _unchecked_reason(link: dict[str, Any], skip_external: bool) -> str | None:
    if link["check_reason"] == ROBOTS:  # ok is NULL: listed, never judged
        return ROBOTS
    if link["check_ok"] is None and not link.get("internal"):
        return EXTERNAL_SKIPPED if skip_external else NOT_CHECKED
    return None  # checked, or an in-scope URL cut off by a limit (listed under cutoffs)


def _common(link: dict[str, Any], owner: dict[str, str]) -> dict[str, Any]:
    return {
        "page": link["source"],
        "url": link["target"],
        "anchor": link.get("anchor") or "",
        "site": link["site_key"],
        "department": owner.get(link["site_key"], ""),
        "internal": bool(link.get("internal")),
    }


def _broken(link: dict[str, Any], owner: dict[str, str]) -> dict[str, Any]:
    return {
        **_common(link, owner),
        "status": link["check_status"],
        "reason": link["check_reason"] or "error",
        "reason_text": reason_text(link["check_reason"]),
    }


def _count_unchecked(
    rows: dict[str, dict[str, Any]], link: dict[str, Any], reason: str, owner: dict[str, str]
) -> None:
    row = rows.get(link["target"])
    if row is None:
        row = rows[link["target"]] = {
            **_common(link, owner),
            "reason": reason,
            "reason_text": UNCHECKED_TEXT[reason],
            "pages": 0,
            "_sources": set(),
        }
    if link["source"] not in row["_sources"]:
        row["_sources"].add(link["source"])
        row["pages"] += 1


def _finished(row: dict[str, Any]) -> dict[str, Any]:
    """Without the bookkeeping set, so the row serialises as JSON."""
    return {k: v for k, v in row.items() if k != "_sources"}
