"""Split the run's links into broken ones and ones the crawl never checked.

A link robots.txt told the crawler not to visit, or an outside link skipped by
`external_links = "skip"`, says nothing about whether its target works: calling it broken
would send a department to fix a link that may be fine. Those go to `unchecked_links`, one
row per target (with how many pages carry it), and count nowhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from auditor.health import FailedLinks, run_failed_links
from auditor.judge.history import previous_run
from auditor.report.wording import link_kind, reason_text
from auditor.store import Store
from auditor.store.pool import spare_core, start_in_order, worker_store
from auditor.store.records import FailedLink, LinkRow, ReportLink

ROBOTS = "robots"
EXTERNAL_SKIPPED = "external_skipped"
NOT_CHECKED = "not_checked"
UNCHECKED_TEXT = {
    ROBOTS: "robots.txt 禁止访问,未检查",
    EXTERNAL_SKIPPED: '外部链接,按设置(external_links = "skip")未检查',
    NOT_CHECKED: "外部链接,抓取结束前未检查",
}


class LinkLists(NamedTuple):
    """What the report reads of a run's links and verdicts alone, as the store gives it."""

    failed_by_page: list[LinkRow]  # links to failed targets (`broken_links`)
    never_checked: list[LinkRow]  # targets never checked (`unchecked_links`)
    # the failed (source, target) pairs of this run and of the last one before it, by run
    # id, for the changes since then (judge.history.diff_runs); empty for a first run
    failed_pairs: dict[int, list[FailedLink]]
    failed_links: FailedLinks  # site health's (auditor.health.run_failed_links)


def link_lists_started(store: Store, run_id: int) -> Iterator[LinkLists]:
    """The run's `LinkLists` as a one-item iterator: on a large run read by a worker process
    as soon as the crawl is over (they depend on its links and verdicts alone: ~3 s at
    100,000 pages) while this one classifies and judges; else read when the report asks.
    Left unread, it goes to `stop_started`."""
    if not spare_core(store.count_pages(run_id)):
        return _read_when_asked(store, run_id)
    return start_in_order(store, _lists_in_worker, [(run_id,)], [1], 1, "整理失效链接")


def read_link_lists(store: Store, run_id: int, started: Iterator[LinkLists] | None) -> LinkLists:
    """The lists `link_lists_started` began to read (`started`), else read now."""
    if started is None:
        return _link_lists(store, run_id)
    (lists,) = started  # read to its end: a worker's pool is shut down
    return lists


def _read_when_asked(store: Store, run_id: int) -> Iterator[LinkLists]:
    yield _link_lists(store, run_id)


def _lists_in_worker(run_id: int) -> LinkLists:
    return _link_lists(worker_store(), run_id)


def _link_lists(store: Store, run_id: int) -> LinkLists:
    """The store groups the links, so only the rows the report lists are ever read."""
    earlier = previous_run(store, run_id)
    compared = (earlier["id"], run_id) if earlier is not None else ()
    return LinkLists(
        list(store.broken_links_by_page(run_id)),
        list(store.unchecked_targets(run_id)),
        {run: store.failed_link_pairs(run) for run in compared},
        run_failed_links(store, run_id),
    )


def split_links(
    lists: LinkLists, owner: dict[str, str], skip_external: bool
) -> tuple[list[ReportLink], list[ReportLink]]:
    """(broken, unchecked) of a run's `lists`; `owner` maps site key to department."""
    broken = [_broken(link, owner) for link in lists.failed_by_page]
    unchecked = [
        _unchecked(link, _unchecked_reason(link, skip_external), owner)
        for link in lists.never_checked
    ]
    return broken, unchecked


def _unchecked_reason(link: LinkRow, skip_external: bool) -> str:
    if link["check_reason"] == ROBOTS:  # ok is NULL: listed, never judged
        return ROBOTS
    return EXTERNAL_SKIPPED if skip_external else NOT_CHECKED


def _common(link: LinkRow, owner: dict[str, str]) -> ReportLink:
    return {
        "page": link["source"],
        "url": link["target"],
        "anchor": link.get("anchor") or "",
        "site": link["site_key"],
        "department": owner.get(link["site_key"], ""),
        "internal": bool(link.get("internal")),
        "kind": link_kind(link.get("tag"), link.get("attr"), link["target"] or ""),
    }


def _broken(link: LinkRow, owner: dict[str, str]) -> ReportLink:
    return {
        **_common(link, owner),
        "status": link["check_status"],
        "reason": link["check_reason"] or "error",
        "reason_text": reason_text(link["check_reason"]),
    }


def _unchecked(link: LinkRow, reason: str, owner: dict[str, str]) -> ReportLink:
    return {
        **_common(link, owner),
        "reason": reason,
        "reason_text": UNCHECKED_TEXT[reason],
        "pages": link["pages"],
    }
