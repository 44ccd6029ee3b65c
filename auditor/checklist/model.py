"""Checklists: the disclosure requirements the audit judges against.

A checklist is data (TOML under checklists/ or any path) so that a 政务办 clerk can write next
year's plan without touching code. Loading validates the whole file and reports every problem
at once, because a clerk fixing one error per run would give up. See docs/checklists.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from auditor.errors import InputError

EVERY_INSPECTED = "@every-inspected"  # budget.department-budget: each inspected department
EVERY_NAMED = "@every-named"  # progress.report: each department the plan names
SPECIAL_DEPARTMENTS = (EVERY_INSPECTED, EVERY_NAMED)
FRESHNESS_KINDS = (
    "standing",
    "event",
    "rolling",
    "monthly",
    "annual-current",
    "annual-previous",
    "due",
)
STATUSES = ("present", "broken", "stale", "missing")
CHANNELS = ("site", "platform")
HINT_KINDS = ("columns", "body", "urls", "negative")


@dataclass(frozen=True)
class BasisDoc:
    name: str
    number: str = ""  # 文号, e.g. 南府办函〔2014〕233号
    date: str = ""


@dataclass(frozen=True)
class Deadline:
    """A dated duty of the plan that is not a web disclosure (e.g. plans sent to 政务办)."""

    date: str
    name: str
    basis: str = ""


@dataclass(frozen=True)
class Department:
    name: str  # canonical, e.g. 城区财政局
    aliases: tuple[str, ...] = ()  # 区财政局, 财政局, 良庆区财政局, official full name …
    named: bool = True  # named by the plan as lead or responsible (for EVERY_NAMED)


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    basis: str = ""  # the plan's responsibility clause, e.g. (城区住建局牵头落实)


@dataclass(frozen=True)
class Hints:
    """Where a page sits and what else it says: corroboration only, never proof on its own
    (what a page IS comes from the item's subject and genre, see docs/classification.md)."""

    columns: tuple[str, ...] = ()  # column names / breadcrumbs
    body: tuple[str, ...] = ()  # phrases in the main text, besides the item's elements
    urls: tuple[str, ...] = ()  # URL fragments
    negative: tuple[str, ...] = ()  # title phrases naming another item (部门决算 for 部门预算)


@dataclass(frozen=True)
class Freshness:
    kind: str  # one of FRESHNESS_KINDS
    due: str | None = None  # YYYY-MM-DD for kind == "due"

    def __str__(self) -> str:
        return f"due:{self.due}" if self.kind == "due" else self.kind


@dataclass(frozen=True)
class Item:
    id: str
    name: str
    area: str
    lead: tuple[str, ...]  # canonical department names, or EVERY_INSPECTED / EVERY_NAMED
    cooperating: tuple[str, ...] = ()
    elements: tuple[str, ...] = ()  # 要素
    basis: str = ""  # the sentence of the basis document that requires it
    freshness: Freshness = field(default_factory=lambda: Freshness("standing"))
    channels: tuple[str, ...] = ("site", "platform")
    hints: Hints = field(default_factory=Hints)
    # the evidence model: what the page IS (title, 信息名称, 文号) must name a subject term and
    # a genre; not_genre adds kinds of page that never prove this item to the checklist's own
    subject: tuple[str, ...] = ()  # 征地, 征收土地, 征占地, 征收*土地 (* = a short insertion)
    genre: tuple[str, ...] = ()  # 公告, 方案, 批复 …; a trailing $ = at the end of the title
    not_genre: tuple[str, ...] = ()
    deductions: dict[str, float] = field(default_factory=dict)  # status -> points
    citation: str = ""  # where in the basis document, e.g. 第二十条第(七)项
    basis_doc: str = ""  # 文号 of the document the sentence comes from
    annual_due: str = ""  # MM-DD: the yearly edition is due by this day (annual reports)
    note: str = ""  # guidance for the auditor reading the finding

    @property
    def departments(self) -> tuple[str, ...]:
        return self.lead + self.cooperating


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    version: str = ""
    basis: tuple[BasisDoc, ...] = ()
    departments: tuple[Department, ...] = ()
    areas: tuple[Area, ...] = ()
    items: tuple[Item, ...] = ()
    path: str = ""
    district: str = ""  # full name, e.g. 南宁市良庆区
    district_short: str = ""  # e.g. 良庆区: tells 良庆区财政局 (ours) from 邕宁区财政局
    extends: str = ""
    deadlines: tuple[Deadline, ...] = ()
    not_genre: tuple[str, ...] = ()  # kinds of page that never prove any item (news, meetings)

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def area(self, area_id: str) -> Area | None:
        return next((a for a in self.areas if a.id == area_id), None)

    def items_in(self, area_id: str) -> list[Item]:
        return [i for i in self.items if i.area == area_id]

    def department(self, name: str) -> Department | None:
        """Canonical name, alias, or either behind this district's name (南宁市良庆区财政局)."""
        key = "".join(name.split())
        for dept in self.departments:
            if key == dept.name or key in dept.aliases:
                return dept
        for prefix in (self.district, self.district_short):
            if prefix and key.startswith(prefix) and len(key) > len(prefix):
                return self.department(key[len(prefix) :])
        return None

    def responsible(self, item: Item, inspected: list[str]) -> list[str]:
        """The inspected departments (canonical names, inspection order) that owe the item."""
        names = _unique(self._canonical(n) for n in inspected)
        if EVERY_INSPECTED in item.lead:
            return names
        if EVERY_NAMED in item.lead:
            return [n for n in names if (d := self.department(n)) is not None and d.named]
        return [n for n in names if n in item.departments]

    def _canonical(self, name: str) -> str:
        dept = self.department(name)
        return dept.name if dept else name.strip()


def parse_freshness(text: str) -> Freshness:
    """standing | event | rolling | monthly | annual-current | annual-previous | due:YYYY-MM-DD."""
    text = str(text).strip()
    if text.startswith("due:"):
        return Freshness("due", _iso_date(text[4:].strip(), "due:"))
    if text in FRESHNESS_KINDS and text != "due":
        return Freshness(text)
    raise InputError(
        f"未知的时效类别 {text!r}", "可用:" + "、".join(FRESHNESS_KINDS[:-1]) + "、due:YYYY-MM-DD"
    )


class Problems:
    """Collects every problem of one file so the user sees them all in one run."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: list[str] = []

    def add(self, item_id: str, key: str, message: str) -> None:
        where = f"条目 {item_id} 的 {key}" if item_id else key
        self.lines.append(f"{self.path}: {where}:{message}")

    def raise_if_any(self) -> None:
        if self.lines:
            raise InputError(
                f"清单有 {len(self.lines)} 个问题:\n" + "\n".join(self.lines),
                "请按 docs/checklists.md 修改,再用 auditor checklist validate 文件 检查。",
            )


def _iso_date(value: Any, key: str) -> str:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise InputError(
            f"{key} 的日期 {value!r} 无效", "日期写成 YYYY-MM-DD,例如 2014-11-15。"
        ) from None


def _unique(values: Any) -> list:
    return list(dict.fromkeys(values))
