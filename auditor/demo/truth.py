"""Ground truth of the demo district: what a correct audit at 2014-11-20 must find.

`compute_truth()` derives it from the planted articles and the rendered world (statuses of
docs/report.md, freshness classes of docs/checklists.md); truth.json beside this file is its
committed copy, checked by a test, and `load_truth()` reads it.  URLs on the demo hosts are
written "{host}/path"; pass a running DemoServer to get them with live ports.  Regenerate
with `python3 -m auditor.demo.truth`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.demo.crawlmap import BROKEN, crawl_map
from auditor.demo.health_truth import health_truth
from auditor.demo.layout import ARTICLES, AS_OF
from auditor.demo.world import World

if TYPE_CHECKING:
    from auditor.demo.server import DemoServer

TRUTH_FILE = Path(__file__).with_name("truth.json")
CHANNELS = ("site", "platform")
BOTH, PLATFORM_ONLY = CHANNELS, ("platform",)
_COMMON = (
    ("budget.department-budget", "annual-current", BOTH),
    ("budget.department-accounts", "annual-previous", BOTH),
    ("progress.report", "due:2014-11-15", PLATFORM_ONLY),
)
# The checklist's items whose responsible department is one of the six
# (checklists/liangqing-2014.toml).
REQUIRED: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "城区财政局": (
        ("budget.government-budget", "annual-current", BOTH),
        ("budget.government-accounts", "annual-previous", BOTH),
        ("budget.three-public", "annual-current", BOTH),
        ("budget.livelihood-funds", "rolling", BOTH),
        ("pricing.fee-catalog", "standing", BOTH),
    ),
    "城区教育局": (
        ("public-services.enrollment", "annual-current", BOTH),
        ("public-services.education-info", "rolling", BOTH),
    ),
    "城区住建局": (
        ("housing.annual-plan", "annual-current", BOTH),
        ("housing.project-progress", "rolling", BOTH),
        ("housing.allocation", "rolling", BOTH),
        ("housing.supervision-contact", "standing", BOTH),
    ),
    "城区环保局": (
        ("environment.water-quality", "monthly", BOTH),
        ("environment.eia", "rolling", BOTH),
        ("environment.polluter-supervision", "rolling", BOTH),
        ("environment.emission-reduction", "rolling", BOTH),
    ),
    "城区食药局": (
        ("food-drug.incidents", "event", BOTH),
        ("food-drug.enforcement", "rolling", BOTH),
        ("food-drug.blacklist", "standing", BOTH),
        ("food-drug.illegal-ads", "rolling", BOTH),
        ("food-drug.gmp", "standing", BOTH),
        ("food-drug.campaigns", "rolling", BOTH),
        ("food-drug.standards", "standing", BOTH),
    ),
    "城区发改局": (
        ("approval.results", "rolling", BOTH),
        ("pricing.price-catalog", "standing", BOTH),
        ("pricing.supervision", "rolling", BOTH),
        ("pricing.violation-cases", "event", BOTH),
        ("investment.major-projects", "rolling", BOTH),
    ),
}
GBK_MARKER = "收入预算合计412.36万元"
PLACEHOLDER_ORIGINS = {
    h: f"http://{h}.demo.invalid"
    for h in ("portal", "zjj", "hbj", "syj", "fgj", "platform", "outside", "closed")
}


def evidence_state(freshness: str, published: Any, title: str) -> str:
    """valid or stale under the freshness classes of docs/checklists.md at AS_OF."""
    match = re.search(r"(20\d\d)年", title)
    edition = int(match.group(1)) if match else published.year
    age = (AS_OF - published).days
    rules = {
        "rolling": age <= 183,
        "monthly": age <= 62,
        "annual-current": edition == AS_OF.year,
        "annual-previous": edition == AS_OF.year - 1,
    }
    if freshness.startswith("due:"):
        return "valid" if published.isoformat() <= freshness[4:] else "stale"
    return "valid" if rules.get(freshness, True) else "stale"


def judge(department: str, item: str, channels: tuple[str, ...]) -> dict[str, Any]:
    states: dict[str, set[str]] = {c: set() for c in channels}
    evidence = []
    for article in ARTICLES:
        ev = article.evidence
        if ev and ev.department == department and ev.item == item:
            channel = "platform" if article.site == "platform" else "site"
            states[channel].add(ev.state)
            evidence.append(
                {
                    "title": article.title,
                    "published": article.published.isoformat(),
                    "channel": channel,
                    "state": ev.state,
                }
            )
    found = set().union(*states.values())
    status = next(
        (
            s
            for s, e in (("present", "valid"), ("broken", "broken"), ("stale", "stale"))
            if e in found
        ),
        "missing",
    )
    missing = [c for c in channels if "valid" not in states[c]]
    return {
        "department": department,
        "item": item,
        "status": status,
        "missing_channels": missing,
        "evidence": evidence,
    }


def compute_truth() -> dict[str, Any]:
    items = []
    for department, own in REQUIRED.items():
        for item, freshness, channels in (*own, *_COMMON):
            finding = judge(department, item, channels)
            finding["freshness"] = freshness
            items.append(finding)
    world = World(
        {h: o for h, o in PLACEHOLDER_ORIGINS.items() if h != "closed"},
        PLACEHOLDER_ORIGINS["closed"],
    )
    found = crawl_map(world, PLACEHOLDER_ORIGINS)
    return {
        "as_of": AS_OF.isoformat(),
        "checklist": "liangqing-2014",
        "items": items,
        "broken_reasons": sorted(BROKEN),
        **found,
        "gbk_marker": GBK_MARKER,
        "health": health_truth(world),
    }


def load_truth(server: DemoServer | None = None) -> dict[str, Any]:
    """The committed ground truth; with a running server, "{host}" placeholders become URLs."""
    text = TRUTH_FILE.read_text(encoding="utf-8")
    if server is not None:
        origins = {**server.origins, "closed": f"http://127.0.0.1:{server.closed_port}"}
        for host, origin in origins.items():
            text = text.replace("{" + host + "}", origin)
    return json.loads(text)


def main() -> None:
    TRUTH_FILE.write_text(
        json.dumps(compute_truth(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"已写入 {TRUTH_FILE}")


if __name__ == "__main__":
    main()
