"""Broken links on the home page and elsewhere, with the census deductions.

The deduction per link (about −1 on the home page, −0.1 elsewhere) and the cap are approximate
(unverified). Each broken target counts once per place: a menu link broken on every page costs
one home-page point, not one per page; a target already counted on the home page is not
counted again for the other pages.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator

from auditor.health.common import FAIL, OK, WARN, indicator
from auditor.health.sitedata import SiteData
from auditor.store.records import Indicator, LinkRow

HOME_DEDUCTION = 1.0
OTHER_DEDUCTION = 0.1
DEDUCTION_CAP = 10.0  # the link-availability indicator never costs more than this (approximate)
EXAMPLES = 3


def link_indicators(data: SiteData) -> list[Indicator]:
    home = home_broken(data)
    other, other_examples = _broken_elsewhere(data, home)
    home_cost = len(home) * HOME_DEDUCTION
    other_cost = min(other * OTHER_DEDUCTION, max(DEDUCTION_CAP - home_cost, 0.0))
    return [
        indicator(
            "links.home_broken",
            "首页不可用链接",
            len(home),
            0,
            FAIL if home else OK,
            _detail(
                "首页",
                len(home),
                _smallest(home.values()),
                HOME_DEDUCTION,
                min(home_cost, DEDUCTION_CAP),
            ),
            deduction=min(home_cost, DEDUCTION_CAP),
        ),
        indicator(
            "links.other_broken",
            "其他页面不可用链接",
            other,
            0,
            WARN if other else OK,
            _detail("其他页面", other, other_examples, OTHER_DEDUCTION, other_cost),
            deduction=other_cost,
        ),
    ]


def home_broken(data: SiteData) -> dict[str, LinkRow]:
    """Broken link targets (checked and not ok) on the home page, first link of each."""
    home: dict[str, LinkRow] = {}
    for link in data.home_links:
        if link.get("check_ok") != 0 or link.get("check_reason") == "robots":
            continue  # ok, never checked (external_links = "skip"), or robots.txt forbids it
        home.setdefault(link.get("target") or "", link)
    return home


def _broken_elsewhere(data: SiteData, home: dict[str, LinkRow]) -> tuple[int, list[LinkRow]]:
    """How many broken targets the other pages link to (not already counted on the home
    page), and the few smallest by URL as examples: the same whatever order the crawl stored
    the links in.  Streamed: only the examples are held, however many targets failed."""
    count = 0

    def counted() -> Iterator[LinkRow]:
        nonlocal count
        for link in data.failed_targets_elsewhere():
            if (link.get("target") or "") not in home:
                count += 1
                yield link

    examples = _smallest(counted())
    return count, examples


def _smallest(links: Iterable[LinkRow]) -> list[LinkRow]:
    return heapq.nsmallest(EXAMPLES, links, key=lambda link: link.get("target") or "")


def _detail(where: str, count: int, broken: list[LinkRow], each: float, cost: float) -> str:
    if not count:
        return f"{where}未发现不可用链接。"
    examples = "、".join(_example(link) for link in broken[:EXAMPLES])
    more = "等" if count > EXAMPLES else ""
    return (
        f"{where}有{count}个不可用链接({examples}{more}),每个约扣{each:g}分,"
        f"共扣{cost:g}分(参考值)。"
    )


def _example(link: LinkRow) -> str:
    why = link.get("check_reason") or (
        f"HTTP {link['check_status']}" if link.get("check_status") else "无法访问"
    )
    return f"{link.get('target')}:{why}"
