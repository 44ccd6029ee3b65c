"""truth.json and inspection.toml of a served world.

truth.json, per (department, item) the inspection makes owed: the planted status, how it was
planted (`kind`), the channels that carry valid evidence, and `about`: every URL that is about
that item (each edition's page, its attachment, the dead target of a broken entry), which is
what an evidence URL must be to count as correct. `planted` lists every URL a complete crawl
fetches (listings, articles, traps, attachments, dead targets).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from benchmarks.altworld.names import BY_NAME
from benchmarks.altworld.plan import Owed
from benchmarks.altworld.site import World


def _url(origins: Mapping[str, str], where: tuple[str, str]) -> str:
    host, path = where
    return origins[host] + path


def item_truth(world: World, origins: Mapping[str, str], owed: Owed) -> dict[str, Any]:
    """The truth of one owed (department, item): status, valid channels, URLs about it."""
    mine = [d for d in world.plan.docs if d.dept == owed.dept.name and d.item == owed.item]
    docs = [d for d in mine if d.state in ("valid", "stale", "broken")]
    about = [_url(origins, world.page_of[d.uid]) for d in docs]
    about += [_url(origins, world.file_of[d.uid]) for d in docs if d.uid in world.file_of]
    valid = {("platform" if d.site == "platform" else "site") for d in docs if d.state == "valid"}
    return {
        "department": owed.dept.name,
        "item": owed.item,
        "freshness": owed.freshness,
        "status": owed.status,
        "kind": owed.kind,
        "missing_channels": [c for c in owed.channels if c not in valid],
        "about": sorted(set(about)),
        "traps": sorted(_url(origins, world.page_of[d.uid]) for d in mine if d.state == "trap"),
    }


def compute_truth(world: World, origins: Mapping[str, str]) -> dict[str, Any]:
    plan = world.plan
    sites = [
        {
            "key": s.key,
            "department": s.dept.name if s.dept else None,
            "url": origins[s.host] + s.prefix,
            "template": s.template,
            "encoding": s.encoding,
            "soft404": s.soft404,
        }
        for s in plan.sites
    ]
    return {
        "seed": plan.seed,
        "as_of": plan.as_of.isoformat(),
        "checklist": "liangqing-2014",
        "items": [item_truth(world, origins, owed) for owed in plan.owed],
        "planted": planted_urls(world, origins),
        "sites": sites,
    }


def planted_urls(world: World, origins: Mapping[str, str]) -> list[str]:
    """Every URL reachable by links from the inspected sites' roots and the platform's."""
    urls = {_url(origins, w) for w in world.page_of.values()}
    urls |= {_url(origins, w) for w in world.file_of.values()}
    for host, files in world.files.items():
        if host == "portal":
            files = {p: r for p, r in files.items() if p != "/"}
        urls |= {origins[host] + p for p in files}
    return sorted(urls)


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def inspection_toml(world: World, origins: Mapping[str, str], name: str = "") -> str:
    """The inspection file: canonical names plus official full names as aliases; our own
    loopback server, so politeness is off; the timeout is generous because nothing here is
    slow, and a loaded machine must not lose pages."""
    plan = world.plan
    platform = next(s for s in plan.sites if s.key == "platform")
    lines = [
        f"name = {_q(name or f'良庆区重点领域信息公开抽查(生成城区 {plan.seed})')}",
        'checklist = "liangqing-2014"',
        f"as_of = {plan.as_of.isoformat()}",
        "",
        "[platform]",
        f"name = {_q(platform.title)}",
        f"url = {_q(origins['platform'] + '/')}",
    ]
    for site in plan.sites:
        if site.dept is None:
            continue
        dept = BY_NAME[site.dept.name]
        aliases = ", ".join(_q(a) for a in dict.fromkeys((dept.official, *dept.printed)))
        lines += [
            "",
            "[[sites]]",
            f"department = {_q(dept.name)}",
            f"aliases = [{aliases}]",
            f"url = {_q(origins[site.host] + site.prefix)}",
        ]
    lines += [
        "",
        "[crawl]",
        'external_links = "skip"',
        "obey_robots = false",
        "delay = 0.0",
        "autothrottle = false",
        "timeout = 10.0",
        "retries = 0",
        "",
    ]
    return "\n".join(lines)
