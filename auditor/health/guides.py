"""服务不实用 (a single veto, 2019 indicators): service guides missing key elements.

A service guide (办事指南) must give 事项名称, 设定依据, 申请条件, 办理材料, 办理地点, 办理时间,
联系电话 and 办理流程. Guides name these under many labels (受理条件, 申请材料, 咨询电话…), so
each element is a set of labels. A page is a guide when its title says so, or its column does
and its text carries at least GUIDE_MIN_LABELS element labels; notices about guides (印发…的通知)
are not guides. The stored main text holds a page's first 4,000 characters: an element missing
from a guide whose text reached that cap is "cannot confirm" (warn), never a veto.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from auditor.health.common import FAIL, OK, WARN, indicator
from auditor.store.records import Indicator

ELEMENTS: dict[str, tuple[str, ...]] = {
    "事项名称": ("事项名称", "项目名称", "服务名称", "审批事项", "许可事项名称"),
    "设定依据": ("设定依据", "法律依据", "办理依据", "实施依据", "政策依据", "法定依据"),
    "申请条件": ("申请条件", "受理条件", "办理条件", "申报条件", "准予批准的条件"),
    "办理材料": ("办理材料", "申请材料", "申报材料", "所需材料", "提交材料", "材料目录"),
    "办理地点": ("办理地点", "受理地点", "办公地点", "办理窗口", "受理窗口", "办理地址"),
    "办理时间": ("办理时间", "受理时间", "办公时间", "工作时间", "窗口时间"),
    "联系电话": ("联系电话", "咨询电话", "联系方式", "咨询方式", "监督电话"),
    "办理流程": ("办理流程", "办事流程", "办理程序", "工作流程", "流程图", "审批流程"),
}
GUIDE_TITLE = re.compile("办事指南|服务指南|办事须知")
NOT_A_GUIDE = re.compile("通知|印发|会议|培训|动态|新闻|解读")
GUIDE_MIN_LABELS = 3
TEXT_CAP = 3990  # PageFacts.text holds 4,000 characters; at this length the rest is unread
MAX_LISTED = 50


@dataclass(frozen=True)
class Guide:
    page: str
    title: str
    missing: tuple[str, ...]
    truncated: bool  # the text hit the stored cap: a missing element may be further down

    def as_dict(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "title": self.title,
            "missing": list(self.missing),
            "confirmed": not self.truncated,
        }


def present_elements(text: str) -> set[str]:
    return {name for name, labels in ELEMENTS.items() if any(label in text for label in labels)}


def is_guide(page: dict[str, Any]) -> bool:
    title, text = str(page.get("title") or ""), str(page.get("text") or "")
    if page.get("is_listing") or NOT_A_GUIDE.search(title):
        return False
    if GUIDE_TITLE.search(title):
        return True
    column = str(page.get("column_name") or "")
    return bool(GUIDE_TITLE.search(column)) and len(present_elements(text)) >= GUIDE_MIN_LABELS


def guides(pages: Iterable[dict[str, Any]]) -> Iterator[Guide]:
    for page in pages:
        if is_guide(page):
            text = f"{page.get('title') or ''}\n{page.get('text') or ''}"
            missing = tuple(e for e in ELEMENTS if e not in present_elements(text))
            yield Guide(
                page["url"],
                str(page.get("title") or ""),
                missing,
                len(str(page.get("text") or "")) >= TEXT_CAP,
            )


def observe_guide(page: dict[str, Any]) -> list[Any] | None:
    """What one page gives the guide indicator: None, or for a guide its title, missing
    elements and whether its text reached the stored cap."""
    found = next(guides([page]), None)
    return None if found is None else [found.title, list(found.missing), found.truncated]


class GuideScan:
    """The site's service guides, fed its pages' observations (`observe_guide`)."""

    def __init__(self) -> None:
        self.found: list[Guide] = []

    def take(self, url: str, seen: list[Any]) -> None:
        title, missing, truncated = seen
        self.found.append(Guide(url, title, tuple(missing), truncated))

    def indicators(self) -> list[Indicator]:
        """Guides in URL order, not crawl order: the ones quoted are the same every run."""
        return [judge_guides(sorted(self.found, key=lambda g: g.page))]


def judge_guides(found: list[Guide]) -> Indicator:
    lacking = [g for g in found if g.missing]
    confirmed = [g for g in lacking if not g.truncated]
    name, threshold = "办事指南要素", "每份办事指南包含8项要素"
    listed = [g.as_dict() for g in lacking[:MAX_LISTED]]
    if not found:
        detail = (
            "未发现办事指南页面(本项只检查已发现的指南);如本部门有对外服务事项,应提供办事指南。"
        )
        return {**indicator("service.guides", name, 0, threshold, OK, detail), "guides": []}
    if not lacking:
        detail = f"发现办事指南{len(found)}份,要素齐全。"
        return {**indicator("service.guides", name, 0, threshold, OK, detail), "guides": []}
    shown = ";".join(f"《{g.title}》缺{'、'.join(g.missing)}" for g in lacking[:3])
    if confirmed:
        detail = (
            f"办事指南{len(found)}份中{len(confirmed)}份缺少要素(服务不实用,单项否决):{shown}。"
        )
        entry = indicator(
            "service.guides", name, len(confirmed), threshold, FAIL, detail, veto=True
        )
    else:
        detail = f"办事指南正文较长,以下要素在前4000字中未找到,请人工核实:{shown}。"
        entry = indicator("service.guides", name, 0, threshold, WARN, detail)
    return {**entry, "guides": listed}
