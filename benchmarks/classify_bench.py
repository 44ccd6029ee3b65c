"""Precision and recall of classification + attribution on the labelled set, and the
confusion of statuses on a small judged scenario.

    python3 benchmarks/classify_bench.py [--checklist liangqing-2014] [--show-errors]

A labelled entry counts as predicted for an item when the classifier matches it (not vetoed),
its 发布机构 names an inspected department of this district, and that department owes the
item: exactly what would make it evidence in a finding.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.checklist.load import load_checklist  # noqa: E402
from auditor.classify.attribution import attributor_for  # noqa: E402
from auditor.classify.classifier import classify_run, page_items  # noqa: E402
from auditor.inspection.file import Inspection, Site  # noqa: E402
from auditor.judge.verdict import judge_run  # noqa: E402
from auditor.store import Store  # noqa: E402
from benchmarks.labelled_eval import owed_items  # noqa: E402

SET_DIR = Path(__file__).resolve().parent / "classify_set"


def load_set() -> list[dict]:
    rows = []
    for path in sorted(SET_DIR.glob("*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return rows


def predict(entry: dict, checklist, attributor) -> set[str]:
    found = page_items(
        checklist, title=entry["title"], column=entry.get("column", ""), text=entry.get("text", "")
    )
    return owed_items(checklist, attributor, entry.get("agency") or "", entry["title"], found)


def score(checklist, rows: list[dict], show_errors: bool) -> tuple[float, float]:
    attributor = attributor_for(checklist, None)
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for entry in rows:
        expected = _expected(entry)
        predicted = predict(entry, checklist, attributor)
        for item in expected | predicted:
            kind = (
                "tp"
                if item in expected and item in predicted
                else ("fn" if item in expected else "fp")
            )
            counts[item.split(".")[0]][kind] += 1
            if kind != "tp" and show_errors:
                print(f"  {kind.upper()} {item:36} {entry['title']}  [{entry.get('column', '')}]")
    return _table(counts)


def _expected(entry: dict) -> set[str]:
    """An item id, null, or a list when a page genuinely discloses two items."""
    value = entry["expected"]
    return set(value) if isinstance(value, list) else ({value} if value else set())


def _table(counts: dict[str, collections.Counter]) -> tuple[float, float]:
    total: collections.Counter = collections.Counter()
    print(f"\n{'area':18}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}")
    for area in sorted(counts):
        c = counts[area]
        total.update(c)
        print(f"{area:18}{c['tp']:>5}{c['fp']:>5}{c['fn']:>5}{_p(c):>11.3f}{_r(c):>8.3f}")
    print(
        f"{'overall':18}{total['tp']:>5}{total['fp']:>5}{total['fn']:>5}"
        f"{_p(total):>11.3f}{_r(total):>8.3f}"
    )
    return _p(total), _r(total)


def _p(c: collections.Counter) -> float:
    return c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0


def _r(c: collections.Counter) -> float:
    return c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0


# A small judged scenario: (site, department, title, published, extra facts, expected status
# for the finding it should decide, item).  Every other finding is expected missing.
SCENARIO = [
    (
        "site1",
        "良庆区财政局2014年部门预算",
        "2014-03-01",
        {},
        "budget.department-budget",
        "present",
    ),
    (
        "platform",
        "2014年部门预算",
        "2014-03-02",
        {"agency": "南宁市良庆区财政局"},
        "budget.department-budget",
        "present",
    ),
    (
        "site2",
        "良庆区发展和改革局2013年部门预算",
        "2013-03-01",
        {},
        "budget.department-budget",
        "stale",
    ),
    (
        "site1",
        "良庆区2013年财政决算公开",
        "2014-08-01",
        {},
        "budget.government-accounts",
        "present",
    ),
    (
        "site1",
        "良庆区2014年第一季度财政民生资金支出情况",
        "2014-04-10",
        {},
        "budget.livelihood-funds",
        "stale",
    ),
    ("site2", "良庆区政府定价目录", "2010-05-01", {}, "pricing.price-catalog", "present"),
    (
        "site2",
        "良庆区2014年9月价格监管信息",
        "2014-10-08",
        {"attachments": [{"url": "http://127.0.0.1:9/j.xls", "text": "监管信息.xls"}]},
        "pricing.supervision",
        "broken",
    ),
    (
        "platform",
        "良庆区发展和改革局重点领域信息公开工作推进情况",
        "2014-11-18",
        {"agency": "良庆区发展和改革局"},
        "progress.report",
        "stale",
    ),
    (
        "platform",
        "城区财政局2014年重点领域政府信息公开工作推进情况",
        "2014-11-10",
        {"agency": "良庆区财政局"},
        "progress.report",
        "present",
    ),
    ("site1", "区财政局召开2014年部门预算公开工作部署会", "2014-03-05", {}, None, None),
    ("platform", "2014年部门决算", "2014-08-02", {"agency": "邕宁区财政局"}, None, None),
]


def confusion(checklist) -> None:
    sites = (
        Site("城区财政局", "http://127.0.0.1:9001/", (), "site1"),
        Site("城区发改局", "http://127.0.0.1:9002/", (), "site2"),
    )
    platform = Site("统一平台", "http://127.0.0.1:9000/", key="platform", channel="platform")
    inspection = Inspection("良庆区检查", checklist.id, dt.date(2014, 11, 20), platform, sites)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "s.db")
        run = _store_scenario(store, sites, platform)
        classify_run(store, run, checklist)
        findings = judge_run(store, run, checklist, inspection)
        store.close()
    _print_confusion(findings, sites)


def _store_scenario(store: Store, sites, platform) -> int:
    run = store.start_run("bench", "", {}, "liangqing-2014", "2014-11-20")
    store.add_sites(
        run,
        [
            {"key": s.key, "department": s.department, "url": s.url, "channel": s.channel}
            for s in (*sites, platform)
        ],
    )
    pages, checks = (
        [],
        [{"url": "http://127.0.0.1:9/j.xls", "status": 404, "ok": 0, "reason": "http_404"}],
    )
    for n, (site, title, published, extra, _item, _status) in enumerate(SCENARIO):
        facts = {"title": title, "published": published, **extra}
        pages.append(
            {
                "site_key": site,
                "url": f"http://127.0.0.1:9000/p{n}",
                "status": 200,
                "title": title,
                "facts": facts,
            }
        )
    store.write_batch(run, {"pages": pages, "checks": checks})
    return run


def _print_confusion(findings: list[dict], sites) -> None:
    owners = {"site1": "城区财政局", "site2": "城区发改局"}
    wanted = {}
    for site, _title, _pub, extra, item, status in SCENARIO:
        if item:
            department = owners.get(site) or (
                "城区发改局" if "发展" in extra["agency"] else "城区财政局"
            )
            wanted[(department, item)] = status
    matrix: dict[tuple[str, str], int] = collections.Counter()
    for f in findings:
        matrix[(wanted.get((f["department"], f["item"]), "missing"), f["status"])] += 1
    statuses = ("present", "broken", "stale", "missing")
    print("\nstatus confusion (rows expected, columns judged)")
    print(" " * 10 + "".join(f"{s:>9}" for s in statuses))
    for row in statuses:
        print(f"{row:10}" + "".join(f"{matrix[(row, col)]:>9}" for col in statuses))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checklist", default="liangqing-2014")
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    checklist = load_checklist(args.checklist)
    if not checklist.items or not all(i.subject and i.genre for i in checklist.items):
        print(f"checklist {args.checklist} has items without subject/genre: nothing to measure")
        return 2
    rows = load_set()
    print(f"labelled set: {len(rows)} entries, {sum(1 for r in rows if r['expected'])} positives")
    precision, recall = score(checklist, rows, args.show_errors)
    confusion(checklist)
    ok = precision >= 0.97 and recall >= 0.95
    print(f"\ntargets precision >= 0.97, recall >= 0.95: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
