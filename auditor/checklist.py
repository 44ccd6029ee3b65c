"""Checklists: the disclosure requirements the audit judges against.

SKELETON: the data model below is the contract used by classify/judge/report; the loader
and validation are to be implemented (issue 3).
"""

from __future__ import annotations

from dataclasses import dataclass, field

EVERY_INSPECTED = "@every-inspected"  # budget.department-budget: each inspected department
EVERY_NAMED = "@every-named"  # progress.report: each department the plan names
FRESHNESS_KINDS = ("standing", "event", "rolling", "monthly", "annual-current",
                   "annual-previous", "due")
STATUSES = ("present", "broken", "stale", "missing")
CHANNELS = ("site", "platform")


@dataclass(frozen=True)
class BasisDoc:
    name: str
    number: str = ""  # 文号, e.g. 南府办函〔2014〕233号
    date: str = ""


@dataclass(frozen=True)
class Department:
    name: str  # canonical, e.g. 城区财政局
    aliases: tuple[str, ...] = ()  # 区财政局, 财政局, 良庆区财政局, official full name …
    named: bool = True  # named by the plan as lead or responsible (for EVERY_NAMED)


@dataclass(frozen=True)
class Area:
    id: str
    name: str


@dataclass(frozen=True)
class Hints:
    titles: tuple[str, ...] = ()  # phrases in the title / 信息名称
    columns: tuple[str, ...] = ()  # column names / breadcrumbs
    body: tuple[str, ...] = ()  # phrases in the main text
    urls: tuple[str, ...] = ()  # URL fragments
    negative: tuple[str, ...] = ()  # phrases that veto a match (会议, 部署会 …)


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
    deductions: dict[str, float] = field(default_factory=dict)  # status -> points

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
