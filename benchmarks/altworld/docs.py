"""Documents of the generated district: disclosures (valid, stale or broken editions), hard
negatives about an item's subject (news, meetings, campaigns, plans, statistics news),
unrelated news that fills the listings, and other districts' entries on the platform.

Dates follow the freshness classes of docs/checklists.md, so the truth status of a planted
disclosure follows from its class, its edition and its date at as_of.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from benchmarks.altworld.names import COMPANIES, DIST, OTHER_BODIES, PLACES, PROJECTS, Dept
from benchmarks.altworld.texts_a import TEXTS_A
from benchmarks.altworld.texts_b import TEXTS_B
from benchmarks.altworld.traps import GENERIC_TRAPS, SUBJECTS

if TYPE_CHECKING:
    from benchmarks.altworld.plan import Owed

TEXTS = {**TEXTS_A, **TEXTS_B}
PLATFORM_COLUMNS = {
    "approval": "行政审批",
    "budget": "财政预决算",
    "housing": "保障性住房",
    "food-drug": "食品药品安全",
    "environment": "环境保护",
    "safety": "安全生产",
    "pricing": "价格收费",
    "land": "征地拆迁",
    "public-services": "公共企事业单位",
    "investment": "投资贸易",
    "tendering": "招投标",
    "progress": "重点工作推进情况",
}
NEWS_COLUMN, NOTICE_COLUMN, PLATFORM_NEWS = "工作动态", "通知公告", "部门动态"
FILLERS = (
    "{org}开展“学雷锋”志愿服务活动",
    "{org}召开党的群众路线教育实践活动专题民主生活会",
    "{org}组织干部职工参加无偿献血",
    "{org}传达学习区委十一届五次全会精神",
    "{org}举办机关消防安全知识讲座",
    "关于{y}年国庆节放假安排的通知",
    "{org}机关党支部开展“七一”主题党日活动",
    "{org}与结对帮扶村开展走访慰问",
    "{org}召开{y}年上半年工作总结会",
    "{org}开展机关作风效能建设督查",
)
GENERIC_TITLES = ("公示", "公告", "{y}年第{n}号公告", "信息公开")


@dataclass
class Doc:
    uid: int
    site: str  # site key
    column: str
    title: str
    published: dt.date
    body: list[str]
    agency: str
    dept: str | None = None  # canonical department the document is about (truth)
    item: str | None = None
    state: str = "other"  # valid | stale | broken (disclosures) | trap | other
    dead: str = ""  # the listing entry leads to a "404" or a "soft404" page
    attachment: str = ""  # file name of an attachment
    attachment_ok: bool = True  # False: the attachment URL answers an HTML error page
    doc_no: str = ""
    path: str = ""  # set by site.layout
    extra: dict[str, str] = field(default_factory=dict)


class DocMaker:
    """Writes documents with one seeded random source; `as_of` anchors every date."""

    def __init__(self, rng: random.Random, as_of: dt.date) -> None:
        self.rng, self.as_of, self.uid = rng, as_of, 1000

    def _next(self) -> int:
        self.uid += self.rng.randint(1, 9)
        return self.uid

    # ---- dates ---------------------------------------------------------------------
    def _between(self, start: dt.date, end: dt.date) -> dt.date:
        end = min(end, self.as_of - dt.timedelta(days=1))
        start = min(start, end)
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def dated(self, freshness: str, state: str) -> tuple[dt.date, int]:
        """(published, edition year) making a disclosure of this class valid or stale."""
        year, fresh = self.as_of.year, state != "stale"
        if freshness == "annual-current":
            y = year if fresh else year - 1
            return self._between(dt.date(y, 1, 10), dt.date(y, 6, 30)), y
        if freshness == "annual-previous":
            y = year - 1 if fresh else year - 2
            return self._between(dt.date(y + 1, 2, 20), dt.date(y + 1, 9, 30)), y
        if freshness.startswith("due:"):
            due = dt.date.fromisoformat(freshness[4:])
            if fresh:
                return self._between(due - dt.timedelta(days=40), due), due.year
            return self._between(due + dt.timedelta(days=1), self.as_of), due.year
        spans = {"rolling": ((7, 170), (200, 480)), "monthly": ((5, 50), (75, 320))}
        fresh_span, stale_span = spans.get(freshness, ((30, 600), (30, 600)))
        low, high = fresh_span if fresh else stale_span
        published = self.as_of - dt.timedelta(days=self.rng.randint(low, high))
        return published, published.year

    # ---- titles and bodies ------------------------------------------------------------
    def fill(self, template: str, org: str, edition: int, published: dt.date) -> str:
        period = published.replace(day=1) - dt.timedelta(days=1)
        md = f"{self.rng.randint(1, 12)}·{self.rng.randint(1, 28)}"
        return template.format(
            org=org,
            dist=DIST,
            y=edition,
            y0=edition - 1,
            m=period.month,
            q=(period.month - 1) // 3 + 1,
            n=self.rng.randint(1, 12),
            proj=self.rng.choice(PROJECTS),
            place=self.rng.choice(PLACES),
            co=self.rng.choice(COMPANIES),
            md=md,
        )

    def _org(self, dept: Dept, site: str) -> str:
        names = dept.printed + ((dept.official,) if site == "platform" else ())
        return self.rng.choice(names)

    def _column(self, item: str, site: str, news: bool) -> str:
        if site == "platform":
            return PLATFORM_NEWS if news else PLATFORM_COLUMNS[item.split(".")[0]]
        if news:
            return (
                NEWS_COLUMN if self.rng.random() < 0.5 else self.rng.choice(TEXTS[item]["column"])
            )
        return NOTICE_COLUMN if self.rng.random() < 0.2 else self.rng.choice(TEXTS[item]["column"])

    def disclosure(self, owed: Owed, site: str, state: str) -> Doc:
        """One edition of the item's disclosure on `site` (a site key or "platform")."""
        text, org = TEXTS[owed.item], self._org(owed.dept, site)
        published, edition = self.dated(owed.freshness, state)
        title = self.fill(self.rng.choice(text["titles"]), org, edition, published)
        body = _disclosure_body(title, org, text["elements"])
        if self.rng.random() < 0.08 and state == "valid":
            generic = self.fill(self.rng.choice(GENERIC_TITLES), org, edition, published)
            body[0] = f"现将《{title}》予以公布。{body[0]}"
            title = generic
        doc = self._owed_doc(owed, site, False, title, published, body, org, state)
        doc.doc_no = f"良{owed.dept.name[2]}发〔{published.year}〕{self.rng.randint(2, 90)}号"
        if self.rng.random() < 0.25:
            doc.attachment = f"{title}.xls"
        return doc

    def trap(self, owed: Owed, site: str) -> Doc:
        """News, a meeting, a campaign or a plan about the item's subject: not its disclosure."""
        text, org = TEXTS[owed.item], self._org(owed.dept, site)
        published = self.as_of - dt.timedelta(days=self.rng.randint(5, 150))
        generic = [t.replace("{s}", SUBJECTS[owed.item]) for t in GENERIC_TRAPS]
        template = self.rng.choice(text["traps"] if self.rng.random() < 0.5 else generic)
        title = self.fill(template, org, published.year, published)
        elements = "、".join(self.rng.sample(text["elements"], min(2, len(text["elements"]))))
        body = [
            f"{published.month}月{published.day}日,{org}围绕{elements}等工作作出安排。",
            f"会议强调,要进一步提高认识,把{text['elements'][0]}相关工作抓实抓细,按时保质完成任务。",
            "下一步,将加强督促检查,及时总结经验,推动各项工作落到实处。",
        ]
        return self._owed_doc(owed, site, True, title, published, body, org, "trap")

    def _owed_doc(
        self,
        owed: Owed,
        site: str,
        news: bool,
        title: str,
        published: dt.date,
        body: list[str],
        org: str,
        state: str,
    ) -> Doc:
        """A document about an owed item: the disclosure itself, or (news) a trap about it."""
        uid = self._next()  # the id is drawn before the column, as it always was
        column = self._column(owed.item, site, news)
        return Doc(uid, site, column, title, published, body, org, owed.dept.name, owed.item, state)

    def fillers(self, dept: Dept, site: str) -> list[Doc]:
        out = []
        for template in self.rng.sample(FILLERS, self.rng.randint(3, 6)):
            org = self._org(dept, site)
            published = self.as_of - dt.timedelta(days=self.rng.randint(3, 300))
            title = self.fill(template, org, published.year, published)
            body = [f"近日,{org}{title.replace(org, '')[:20]}。", "全体干部职工参加。"]
            out.append(Doc(self._next(), site, NEWS_COLUMN, title, published, body, org))
        return out

    def other_districts(self) -> list[Doc]:
        """Entries of same-named bodies of other districts in the platform's key-area columns."""
        out = []
        for body in self.rng.sample(OTHER_BODIES, 2):
            published = self.as_of - dt.timedelta(days=self.rng.randint(20, 200))
            title = f"{body}{self.as_of.year}年部门预算公开"
            paras = _disclosure_body(title, body, TEXTS["budget.department-budget"]["elements"])
            out.append(
                Doc(
                    self._next(),
                    "platform",
                    PLATFORM_COLUMNS["budget"],
                    title,
                    published,
                    paras,
                    body,
                )
            )
        return out


def _disclosure_body(title: str, org: str, elements: list[str]) -> list[str]:
    lines = [f"根据《中华人民共和国政府信息公开条例》等规定,现将{title}有关情况公开如下:"]
    numerals = "一二三四五六七八九十"
    for i, element in enumerate(elements):
        lines.append(f"{numerals[i]}、{element}:详见下表,数据截至发布之日。")
    lines.append(f"联系单位:{org}办公室。")
    return lines
