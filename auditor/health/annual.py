"""年度报告: last year's 政府信息公开工作年度报告, on time and in the national format.

Article 49 of the 2019 regulations: departments publish last year's annual report by
31 January, a local government's office the government's by 31 March; the report follows the
national format, whose sections are checked by their headings. Before the 2019 regulations
reports had other sections (依申请公开, 收费及减免), so the year of the report picks the list.

The report due at as_of is last year's once its deadline has passed, else the year before's.
A report whose text reached the stored 4,000 characters may hold the missing sections further
down: those are listed for a person to confirm, not failed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from auditor.health.common import FAIL, OK, WARN, indicator
from auditor.health.guides import TEXT_CAP
from auditor.health.sitedata import SiteData
from auditor.store.records import Indicator

TITLE = re.compile("政府信息公开(?:工作)?年度?报告|政务公开工作年度报告|信息公开年报")
# (section, the phrases any of which shows it), by format
SECTIONS_2019: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("总体情况", ("总体情况", "基本情况", "概述")),
    ("主动公开政府信息情况", ("主动公开政府信息情况", "主动公开情况")),
    ("收到和处理政府信息公开申请情况", ("收到和处理政府信息公开申请", "依申请公开")),
    ("政府信息公开行政复议、行政诉讼情况", ("行政复议", "行政诉讼")),
    ("存在的主要问题及改进情况", ("存在的主要问题", "主要问题及改进")),
    ("其他需要报告的事项", ("其他需要报告的事项",)),
)
SECTIONS_2008: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("概述", ("概述", "总体情况", "基本情况")),
    ("主动公开政府信息情况", ("主动公开",)),
    ("依申请公开政府信息情况", ("依申请公开",)),
    ("政府信息公开的收费及减免情况", ("收费及减免", "收费和减免", "收取费用")),
    ("因政府信息公开申请行政复议、提起行政诉讼的情况", ("行政复议", "行政诉讼")),
    ("存在的主要问题及改进情况", ("存在的主要问题", "主要问题及改进", "存在的问题")),
)
NAME, THRESHOLD = "政府信息公开工作年度报告", "上一年度报告按期发布,栏目符合国家格式"


@dataclass(frozen=True)
class Due:
    year: int
    deadline: dt.date


def due_report(as_of: dt.date, government: bool) -> Due:
    """The edition owed at as_of: last year's after its deadline, else the year before's."""
    month = 3 if government else 1
    deadline = dt.date(as_of.year, month, 31)
    if as_of > deadline:
        return Due(as_of.year - 1, deadline)
    return Due(as_of.year - 2, dt.date(as_of.year - 1, month, 31))


def sections_for(year: int) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return SECTIONS_2019 if year >= 2019 else SECTIONS_2008


def find_report(pages: Iterable[dict[str, Any]], year: int) -> dict[str, Any] | None:
    """The first non-listing page titled as the annual report of `year`."""
    for page in pages:
        title = str(page.get("title") or "")
        if not page.get("is_listing") and TITLE.search(title) and f"{year}年" in title:
            return page
    return None


def missing_sections(page: dict[str, Any], year: int) -> list[str]:
    text = f"{page.get('title') or ''}\n{page.get('text') or ''}"
    return [name for name, phrases in sections_for(year) if not any(p in text for p in phrases)]


def observe_annual(page: dict[str, Any]) -> list[Any] | None:
    """What one page gives the annual-report indicator: for a page titled as an annual
    report of any year (which one is owed depends on the judging day), its title,
    publication date and text; else None."""
    title = str(page.get("title") or "")
    if page.get("is_listing") or not TITLE.search(title):
        return None
    return [title, page.get("published"), page.get("text")]


class AnnualScan:
    """The department's owed annual report, looked for in its pages' observations
    (`observe_annual`)."""

    def __init__(self, data: SiteData, as_of: dt.date) -> None:
        self.due = due_report(as_of, "人民政府" in str(data.site.get("department") or ""))
        self.report: dict[str, Any] | None = None

    def take(self, url: str, seen: list[Any]) -> None:
        """Of several pages titled as the report, the smallest URL: the same every run."""
        title, published, text = seen
        page = {"url": url, "title": title, "published": published, "text": text}
        found = find_report([page], self.due.year)
        if found is not None and (self.report is None or url < self.report["url"]):
            self.report = found

    def indicators(self) -> list[Indicator]:
        return [judge_report(self.report, self.due)]


def judge_report(report: dict[str, Any] | None, due: Due) -> Indicator:
    edition = f"{due.year}年度报告"
    if report is None:
        detail = f"未找到{edition}(应于{due.deadline.isoformat()}前发布)。"
        return {**indicator("annual.report", NAME, None, THRESHOLD, FAIL, detail), "page": None}
    problems, status = [], OK
    published = report.get("published")
    if published and published > due.deadline.isoformat():
        problems.append(f"发布于{published},晚于{due.deadline.isoformat()}(逾期发布)")
        status = WARN
    missing = missing_sections(report, due.year)
    if missing:
        unsure = len(str(report.get("text") or "")) >= TEXT_CAP
        state = "前4000字中未找到,请人工核实" if unsure else "缺少"
        problems.append(f"{state}:{'、'.join(missing)}")
        status = WARN if unsure else FAIL
    detail = f"已发布{edition}《{report.get('title')}》" + (
        ";" + ";".join(problems) + "。" if problems else ",按期发布,栏目齐全。"
    )
    entry = indicator("annual.report", NAME, published, THRESHOLD, status, detail)
    return {**entry, "page": report.get("url"), "missing_sections": missing}
