"""The seeded plan of a generated district: sites, documents and the truth status of every
(department, item) the checklist makes them owe.

Everything random comes from one `random.Random(seed)`, so a seed names a world. The plan
knows nothing about HTML or ports: `site.py` lays the documents out on paths and `render.py`
writes the pages.
"""

from __future__ import annotations

import datetime as dt
import random
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.altworld.docs import Doc, DocMaker
from benchmarks.altworld.names import DEPTS, Dept

CHECKLIST = Path(__file__).resolve().parents[2] / "checklists" / "liangqing-2014.toml"
TEMPLATES = ("table", "trs", "dl")
STATUS_WEIGHTS = {"present": 50, "stale": 17, "missing": 17, "broken": 16}
NEVER_STALE = ("standing", "event")


@dataclass
class SitePlan:
    key: str  # "platform", "portal" or a department code
    host: str  # server label: several sites may share one host (the portal)
    prefix: str  # path prefix of the site on its host, "/" for a host of its own
    template: str  # table | trs | dl | platform
    title: str
    dept: Dept | None = None
    encoding: str = "utf-8"
    soft404: bool = False  # unknown paths answer 200 with a not-found template


@dataclass
class Owed:
    dept: Dept
    item: str
    freshness: str
    channels: tuple[str, ...]
    status: str = "missing"
    kind: str = ""  # how the status was planted (broken: 404 | soft404 | attachment)


@dataclass
class Plan:
    seed: int
    as_of: dt.date
    sites: list[SitePlan]
    owed: list[Owed]
    docs: list[Doc] = field(default_factory=list)

    def site_of(self, dept: Dept) -> SitePlan:
        return next(s for s in self.sites if s.dept == dept)


def load_items() -> list[dict]:
    """The checklist's items (id, lead, cooperating, freshness, channels), read as data."""
    return tomllib.loads(CHECKLIST.read_text(encoding="utf-8"))["items"]


def owed_pairs(depts: list[Dept]) -> list[tuple[Dept, dict]]:
    """Who owes what, by the checklist's `lead` (docs/checklists.md): lead and cooperating
    departments, every inspected department, every named department (all of ours are named)."""
    pairs = []
    for item in load_items():
        who = set(item["lead"]) | set(item.get("cooperating", []))
        for dept in depts:
            if who & {"@every-inspected", "@every-named", dept.name}:
                pairs.append((dept, item))
    return pairs


def make_plan(seed: int, n_depts: int = 9) -> Plan:
    rng = random.Random(seed)
    depts = rng.sample(DEPTS, min(n_depts, len(DEPTS)))
    as_of = dt.date(2014, 11, 16) + dt.timedelta(days=rng.randint(4, 40))
    plan = Plan(seed, as_of, _layout(rng, depts), [])
    for dept, item in owed_pairs(depts):
        owed = Owed(dept, item["id"], item["freshness"], tuple(item["channels"]))
        plan.owed.append(owed)
    maker = DocMaker(rng, as_of)
    for owed in plan.owed:
        _plant(rng, plan, maker, owed)
    for dept in depts:
        plan.docs.extend(maker.fillers(dept, plan.site_of(dept).key))
    plan.docs.extend(maker.other_districts())
    rng.shuffle(plan.docs)
    return plan


def _layout(rng: random.Random, depts: list[Dept]) -> list[SitePlan]:
    """Some departments under a portal's /bm/<code>/ prefix, the others on hosts of their
    own with a template each; one own host is GBK-encoded, one answers soft-404s."""
    sites = [
        SitePlan("platform", "platform", "/", "platform", "广西壮族自治区政府信息公开统一平台")
    ]
    on_portal = set(rng.sample(range(len(depts)), max(2, len(depts) // 3)))
    own = [i for i in range(len(depts)) if i not in on_portal]
    gbk = rng.choice(own) if own else -1
    # the soft-404 host is one of the departments that owe the most, so it gets broken items
    owes = {d.code: 0 for d in depts}
    for dept, _item in owed_pairs(depts):
        owes[dept.code] += 1
    candidates = sorted((i for i in own if i != gbk), key=lambda i: -owes[depts[i].code])
    soft = rng.choice(candidates[:2]) if candidates else -1
    for i, dept in enumerate(depts):
        if i in on_portal:
            sites.append(
                SitePlan(dept.code, "portal", f"/bm/{dept.code}/", "trs", dept.site_title, dept)
            )
            continue
        template = "table" if i == gbk else rng.choice(TEMPLATES)
        sites.append(
            SitePlan(
                dept.code,
                dept.code,
                "/",
                template,
                dept.site_title,
                dept,
                encoding="gbk" if i == gbk else "utf-8",
                soft404=i == soft,
            )
        )
    return sites


def _choose_status(rng: random.Random, owed: Owed) -> str:
    weights = dict(STATUS_WEIGHTS)
    if owed.freshness in NEVER_STALE:
        weights.pop("stale")
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _channels_for_present(rng: random.Random, owed: Owed) -> list[str]:
    if owed.channels == ("platform",):
        return ["platform"]
    return rng.choices([["site", "platform"], ["site"], ["platform"]], weights=[6, 3, 2])[0]


def _plant(rng: random.Random, plan: Plan, maker: DocMaker, owed: Owed) -> None:
    """Documents for one (department, item) that make its truth status what the seed chose."""
    owed.status = _choose_status(rng, owed)
    site_key = plan.site_of(owed.dept).key
    where = {c: site_key if c == "site" else "platform" for c in owed.channels}
    docs: list[Doc] = []
    if owed.status == "present":
        for channel in _channels_for_present(rng, owed):
            docs.append(maker.disclosure(owed, where[channel], "valid"))
        if owed.freshness not in NEVER_STALE and rng.random() < 0.3:
            docs.append(maker.disclosure(owed, rng.choice(list(where.values())), "stale"))
    elif owed.status == "stale":
        for channel in rng.choice([["site"], ["platform"], ["site", "platform"]]):
            if channel in where:
                docs.append(maker.disclosure(owed, where[channel], "stale"))
        docs = docs or [maker.disclosure(owed, "platform", "stale")]
    elif owed.status == "broken":
        docs.extend(_plant_broken(rng, plan, maker, owed, where))
    for chance in (0.35, 0.15) if owed.status == "present" else (0.6, 0.35):
        if rng.random() < chance:
            trap_site = rng.choice(list(where.values())) if rng.random() < 0.3 else site_key
            docs.append(maker.trap(owed, trap_site))
    plan.docs.extend(docs)


def _plant_broken(
    rng: random.Random, plan: Plan, maker: DocMaker, owed: Owed, where: dict[str, str]
) -> list[Doc]:
    """The only entry for the item leads nowhere: a 404, a soft-404 page or an attachment
    that is an HTML error page. Sometimes an earlier, stale edition sits beside it."""
    own_site = plan.site_of(owed.dept)
    off_site = rng.random() < (0.1 if own_site.soft404 else 0.25)
    channel = "platform" if "site" not in owed.channels or off_site else "site"
    site = next(s for s in plan.sites if s.key == where[channel])
    kinds = ["soft404"] * 3 + ["attachment"] if site.soft404 else ["404", "404", "attachment"]
    owed.kind = rng.choice(kinds)
    doc = maker.disclosure(owed, site.key, "broken")
    if owed.kind == "attachment":
        doc.attachment_ok = False
        doc.attachment = doc.attachment or f"{doc.title}.xls"
    else:
        doc.dead, doc.attachment = owed.kind, ""  # nothing behind a dead entry
    docs = [doc]
    if owed.freshness not in NEVER_STALE and rng.random() < 0.3:
        docs.append(maker.disclosure(owed, site.key, "stale"))
    return docs
