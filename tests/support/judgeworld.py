"""A stored crawl built by hand for the judge's tests (the `judgeworld` fixture): a checklist
of their own, an inspection, and a World that writes pages, links and checks into a real
temporary store and judges them."""

from __future__ import annotations

import datetime as dt

from auditor.checklist.model import Checklist, Department, Freshness, Item
from auditor.classify.classifier import classify_run
from auditor.inspection.file import Inspection, Site
from auditor.judge.verdict import judge_run
from auditor.store import Store

DEDUCT = {"present": 0.0, "broken": 0.5, "stale": 0.5, "missing": 1.0}


def _item(
    item_id: str,
    name: str,
    lead: tuple[str, ...],
    kind: str,
    titles: tuple[str, ...],
    channels: tuple[str, ...] = ("site", "platform"),
    due: str | None = None,
) -> Item:
    return Item(
        item_id,
        name,
        item_id.split(".")[0],
        lead,
        freshness=Freshness(kind, due),
        channels=channels,
        subject=titles,
        genre=titles,  # the judge's tests: the phrase alone says what the page is
        deductions=DEDUCT,
    )


CHECKLIST = Checklist(
    "t",
    "良庆区测试清单",
    district="南宁市良庆区",
    district_short="良庆区",
    not_genre=("召开", "部署会", "会议", "培训"),
    departments=(
        Department("城区财政局", ("区财政局", "良庆区财政局")),
        Department("城区发改局", ("良庆区发展和改革局",)),
        Department("城区安监局", ("良庆区安全生产监督管理局",)),
    ),
    items=(
        _item(
            "budget.department-budget",
            "部门预算",
            ("@every-inspected",),
            "annual-current",
            ("部门预算",),
        ),
        _item(
            "budget.department-accounts",
            "部门决算",
            ("@every-inspected",),
            "annual-previous",
            ("部门决算",),
        ),
        _item("budget.livelihood-funds", "民生资金支出", ("城区财政局",), "rolling", ("民生资金",)),
        _item("pricing.price-catalog", "政府定价目录", ("城区发改局",), "standing", ("定价目录",)),
        _item("investment.trade-statistics", "进出口统计", ("城区发改局",), "monthly", ("进出口",)),
        _item("safety.incident-response", "事故应对", ("城区安监局",), "event", ("事故处置",)),
        _item(
            "progress.report",
            "推进情况",
            ("@every-named",),
            "due",
            ("公开工作推进情况",),
            channels=("platform",),
            due="2014-11-15",
        ),
    ),
)
SITES = (
    Site("城区财政局", "http://127.0.0.1:9001/", ("南宁市良庆区财政局",), "site1"),
    Site("城区发改局", "http://127.0.0.1:9002/", (), "site2"),
)
PLATFORM = Site("统一平台", "http://127.0.0.1:9000/", key="platform", channel="platform")
INSPECTION = Inspection("良庆区专项检查", "t", dt.date(2014, 11, 20), PLATFORM, SITES)


class World:
    """A stored crawl built by hand: pages with facts, links and checks, judged against
    `checklist` (the judge tests' own by default)."""

    def __init__(self, tmp_path, checklist: Checklist = CHECKLIST) -> None:
        self.checklist = checklist
        self.store = Store(tmp_path / "audit.db")
        self.run = self.store.start_run("t", "i.toml", {}, "t", "2014-11-20")
        self.store.add_sites(
            self.run,
            [
                {
                    "key": s.key,
                    "department": s.department,
                    "url": s.url,
                    "channel": s.channel,
                    "aliases": list(s.aliases),
                }
                for s in (*SITES, PLATFORM)
            ],
        )
        self.batch: dict[str, list[dict]] = {"pages": [], "links": [], "checks": []}
        self.count = 0

    def page(self, site: str, title: str, published: str | None = None, **facts) -> str:
        self.count += 1
        url = f"http://127.0.0.1:9000/{site}/p{self.count}.html"
        status = facts.pop("status", 200)
        self.batch["pages"].append(
            {
                "site_key": site,
                "url": url,
                "status": status,
                "title": title,
                "facts": {"title": title, "published": published, **facts},
            }
        )
        self.check(url, status < 400, status)
        return url

    def link(
        self,
        site: str,
        source: str,
        target: str,
        anchor: str,
        ok: bool | None,
        status: int = 404,
        listing_date: str | None = None,
    ) -> None:
        self.batch["links"].append(
            {
                "site_key": site,
                "source": source,
                "target": target,
                "anchor": anchor,
                "tag": "a",
                "internal": 1,
                "listing_date": listing_date,
            }
        )
        if ok is not None:
            self.check(target, ok, 200 if ok else status)

    def check(self, url: str, ok: bool, status: int) -> None:
        reason = "ok" if ok else f"http_{status}"
        self.batch["checks"].append({"url": url, "status": status, "ok": int(ok), "reason": reason})

    def judge(self, inspection: Inspection = INSPECTION) -> dict[tuple[str, str], dict]:
        self.store.write_batch(self.run, self.batch)
        self.batch = {"pages": [], "links": [], "checks": []}
        classify_run(self.store, self.run, self.checklist)
        findings = judge_run(self.store, self.run, self.checklist, inspection)
        return {(f["department"], f["item"]): f for f in findings}


FIN, DEV = "城区财政局", "城区发改局"
