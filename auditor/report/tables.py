"""The tabular views shared by the XLSX and CSV exports: one column list per table.

Each column is (header, width in characters, getter), so both formats show the same columns
in the same order with the same Chinese headers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from auditor.report.wording import channel_label, status_label

Row = dict[str, Any]
Column = tuple[str, int, Callable[[Row], Any]]


def _evidence(field: str) -> Callable[[Row], str]:
    return lambda f: "\n".join(str(e.get(field) or "") for e in f["evidence"])


FINDINGS: list[Column] = [
    ("部门", 16, lambda f: f["department"]),
    ("领域", 14, lambda f: f.get("area_name") or f.get("area") or ""),
    ("事项编号", 26, lambda f: f["item"]),
    ("事项", 36, lambda f: f["item_name"]),
    ("状态", 10, lambda f: status_label(f["status"])),
    ("原因", 50, lambda f: f["reason"]),
    ("缺失渠道", 16, lambda f: "、".join(channel_label(c) for c in f["missing_channels"])),
    ("证据标题", 40, _evidence("title")),
    ("证据网址", 50, _evidence("url")),
    ("证据发布日期", 14, _evidence("published")),
    ("扣分", 8, lambda f: f["deduction"]),
    ("截止日期", 12, lambda f: f.get("deadline") or ""),
    ("需人工核实", 10, lambda f: "是" if f.get("needs_review") else ""),
    ("待核实页面", 50, lambda f: "\n".join(c["url"] for c in f.get("candidates") or [])),
]
BROKEN_LINKS: list[Column] = [
    ("部门", 16, lambda b: b["department"]),
    ("所在页面", 50, lambda b: b["page"]),
    ("失效链接", 50, lambda b: b["url"]),
    ("链接文字", 24, lambda b: b["anchor"]),
    ("链接类型", 14, lambda b: b.get("kind", "")),
    ("HTTP状态", 10, lambda b: b["status"]),
    ("原因", 24, lambda b: b["reason_text"]),
    ("原因代码", 16, lambda b: b["reason"]),
]
UNCHECKED_LINKS: list[Column] = [
    ("部门", 16, lambda u: u["department"]),
    ("网址", 50, lambda u: u["url"]),
    ("链接文字", 24, lambda u: u["anchor"]),
    ("所在页面(首个)", 50, lambda u: u["page"]),
    ("页面数", 8, lambda u: u["pages"]),
    ("未检查原因", 30, lambda u: u["reason_text"]),
    ("原因代码", 16, lambda u: u["reason"]),
]
SCORES: list[Column] = [
    ("排名", 6, lambda d: d["rank"]),
    ("部门", 18, lambda d: d["department"]),
    ("应公开事项", 10, lambda d: d["due"]),
    ("已公开", 8, lambda d: d["present"]),
    ("未及时更新", 10, lambda d: d["stale"]),
    ("未公开", 8, lambda d: d["missing"]),
    ("链接失效", 8, lambda d: d["broken"]),
    ("扣分", 8, lambda d: d["deduction"]),
    ("得分", 8, lambda d: d["score"]),
]
# (sheet or file name, report key, columns)
TABLES: list[tuple[str, str, list[Column]]] = [
    ("问题清单", "items", FINDINGS),
    ("失效链接", "broken_links", BROKEN_LINKS),
    ("部门得分", "departments", SCORES),
    ("未检查链接", "unchecked_links", UNCHECKED_LINKS),
]


def table_rows(report: Mapping[str, Any], key: str, columns: list[Column]) -> list[list[Any]]:
    """The rows of the report's part named `key` (a sheet or CSV file of that name)."""
    return [[getter(row) for _, _, getter in columns] for row in report.get(key, [])]
