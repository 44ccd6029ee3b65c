"""A small synthetic audit stored in a real Store, shared by the report tests (the
`reportworld` fixture).

Four departments and the platform, every status, broken links, links robots.txt forbids and
outside links never checked, a cut-off, tampering, and hostile crawled text (markup in titles,
javascript: URLs) where a real crawl could put it.
"""

from __future__ import annotations

from pathlib import Path

from auditor.store import Store
from auditor.store.records import SiteRow

BASE = "http://127.0.0.1:8101"
PLATFORM = "http://127.0.0.1:8100"
HOSTILE_TITLE = '<script>alert("x")</script><img src=x onerror=alert(1)>部门预算'
DEPARTMENTS = ("城区财政局", "城区住建局", "城区环保局", "城区教育局")
ITEMS = [  # item, area, name, freshness
    ("budget.department-budget", "budget", "部门预算", "annual-current"),
    ("budget.department-accounts", "budget", "部门决算", "annual-previous"),
    ("housing.annual-plan", "housing", "保障性安居工程年度建设计划", "annual-current"),
    ("environment.water-quality", "environment", "水质监测信息", "monthly"),
    ("progress.report", "progress", "重点领域信息公开工作推进情况", "due:2014-11-15"),
]
AREAS = {
    "budget": "财政预算决算",
    "housing": "保障性住房",
    "environment": "环境保护",
    "progress": "工作推进",
}
STATUSES = {  # (department, item) -> status; anything not listed is present
    ("城区财政局", "budget.department-accounts"): "stale",
    ("城区住建局", "budget.department-budget"): "missing",
    ("城区住建局", "housing.annual-plan"): "broken",
    ("城区环保局", "environment.water-quality"): "missing",
    ("城区环保局", "progress.report"): "stale",
    ("城区教育局", "budget.department-accounts"): "missing",
}
DEDUCTIONS = {"present": 0.0, "stale": 1.0, "broken": 1.5, "missing": 2.0}
# every file `auditor report` (and so `auditor audit`) writes, as a user lists the folder
REPORT_FILES = [
    "broken_links.csv",
    "findings.csv",
    "findings.xlsx",
    "report.html",
    "report.json",
    "scores.csv",
    "unchecked_links.csv",
]


def applies(department: str, item: str) -> bool:
    own = {"housing.annual-plan": "城区住建局", "environment.water-quality": "城区环保局"}
    return own.get(item, department) == department


def site_url(number: int) -> str:
    return f"http://127.0.0.1:{8100 + number}/"


ROBOTS_URL = site_url(1) + "admin/login.html"  # robots.txt forbids it: not broken
UNCHECKED_URL = "http://outside.invalid/"  # an outside link no check ever reached


def make_store(tmp_path: Path, title: str = HOSTILE_TITLE) -> tuple[Store, int]:
    """A finished run with findings, pages, links, checks, cut-offs and tampering."""
    store = Store(tmp_path / "auditor.db")
    run_id = store.start_run(
        "良庆区2014年重点领域政府信息公开专项检查",
        "inspection.toml",
        {"crawl": {"max_pages_per_site": 50, "max_depth": 4}},
        "liangqing-2014",
        "2014-11-20",
    )
    sites: list[SiteRow] = [
        {"key": f"site{n}", "department": d, "url": site_url(n), "channel": "site"}
        for n, d in enumerate(DEPARTMENTS, start=1)
    ]
    sites.append(
        {"key": "platform", "department": "", "url": PLATFORM + "/", "channel": "platform"}
    )
    store.add_sites(run_id, sites)
    store.write_batch(run_id, _crawl_rows())
    store.replace_rows("findings", run_id, _findings(title))
    store.finish_run(run_id, "complete")
    return store, run_id


def _crawl_rows() -> dict[str, list[dict]]:
    pages = [
        {"site_key": f"site{n}", "url": site_url(n), "status": 200, "title": "首页"}
        for n in range(1, 4)
    ]
    pages.append({"site_key": "platform", "url": PLATFORM + "/", "status": 200, "title": "平台"})
    # site4 (城区教育局) was never reached
    pages += [
        {
            "site_key": "site1",
            "url": site_url(1) + f"list{k}.html",
            "status": 200,
            "title": "信息公开目录",
        }
        for k in range(3)
    ]
    checks = [
        {"site_key": p["site_key"], "url": p["url"], "status": 200, "reason": "ok", "ok": 1}
        for p in pages
    ]
    checks += [
        {"site_key": "site4", "url": site_url(4), "status": None, "reason": "refused", "ok": 0},
        {
            "site_key": "site2",
            "url": site_url(2) + "plan2014.doc",
            "status": 404,
            "reason": "http_404",
            "ok": 0,
        },
        {
            "site_key": "site1",
            "url": "http://gone.invalid/x",
            "status": None,
            "reason": "dns",
            "ok": 0,
        },
        {
            "site_key": "site1",
            "url": site_url(1) + "old.html",
            "status": 200,
            "reason": "soft_404",
            "ok": 0,
        },
        {"site_key": "site1", "url": ROBOTS_URL, "status": None, "reason": "robots", "ok": 0},
    ]
    links = [
        _link("site2", site_url(2), site_url(2) + "plan2014.doc", "2014年保障性安居工程建设计划"),
        _link("site1", site_url(1) + "list0.html", "http://gone.invalid/x", "<b>友情链接</b>", 0),
        _link("site1", site_url(1) + "list0.html", site_url(1) + "old.html", "旧版栏目"),
        _link("site1", site_url(1), site_url(1) + "list0.html", "信息公开目录"),
        _link("site1", site_url(1), ROBOTS_URL, "后台管理"),
        _link("site1", site_url(1) + "list1.html", ROBOTS_URL, "后台管理"),
        _link("site1", site_url(1), UNCHECKED_URL, "友情链接:外省网站", 0),
    ]
    cutoffs = [
        {"site_key": "site1", "url": site_url(1) + f"cal?page={k}", "reason": "pattern_limit"}
        for k in range(3)
    ]
    tampering = [
        {
            "site_key": "site3",
            "page": site_url(3),
            "kind": "hidden_link",
            "technique": "display:none",
            "detail": "隐藏的博彩链接",
            "snippet": '<a href="http://casino.invalid/">真人百家乐</a>',
            "location": "footer",
            "severity": "high",
        }
    ]
    return {
        "pages": pages,
        "checks": checks,
        "links": links,
        "cutoffs": cutoffs,
        "tampering": tampering,
    }


def _link(site: str, source: str, target: str, anchor: str, internal: int = 1) -> dict:
    return {
        "site_key": site,
        "source": source,
        "target": target,
        "anchor": anchor,
        "tag": "a",
        "internal": internal,
    }


def _findings(title: str) -> list[dict]:
    rows = []
    for department in DEPARTMENTS:
        for item, area, name, freshness in ITEMS:
            if applies(department, item):
                rows.append(_finding(department, item, area, name, freshness, title))
    return rows


def _finding(department: str, item: str, area: str, name: str, freshness: str, title: str) -> dict:
    status = STATUSES.get((department, item), "present")
    number = DEPARTMENTS.index(department) + 1
    evidence = (
        []
        if status == "missing"
        else [
            {
                "url": site_url(number) + f"{item}.html",
                "title": f"{department}{name}",
                "published": "2014-03-01",
                "channel": "site",
                "edition_year": 2014,
                "state": {"present": "valid", "stale": "stale", "broken": "broken"}[status],
                "reasons": ["标题含“" + name + "”"],
            }
        ]
    )
    if department == "城区财政局" and item == "budget.department-budget":
        evidence.append(
            {
                "url": "javascript:alert(document.cookie)",
                "title": title,
                "published": None,
                "channel": "platform",
                "state": "valid",
                "reasons": [],
            }
        )
    return {
        "department": department,
        "area": area,
        "item": item,
        "status": status,
        "evidence": evidence,
        "missing_channels": [] if status == "present" else ["site", "platform"],
        "reason": f"{name}:"
        + {
            "present": "已找到有效页面。",
            "stale": "只找到旧版本。",
            "missing": "未找到。",
            "broken": "链接失效。",
        }[status],
        "deduction": DEDUCTIONS[status],
        "deadline": freshness[4:] if freshness.startswith("due:") else None,
        "detail": {"item_name": name, "area_name": AREAS[area], "freshness": freshness},
    }
