"""Item-status accuracy of a real audit against a planted truth (issue 14, "Done when" 2).

    python3 benchmarks/status_confusion.py --seed 3            # a generated district
    python3 benchmarks/status_confusion.py --seed 3 --seed 8   # several, one table each
    python3 benchmarks/status_confusion.py --demo              # the demo district
    python3 benchmarks/status_confusion.py --seed 3 --json     # machine-readable

Serves the district on 127.0.0.1, runs the real `auditor audit` CLI in a subprocess into a
temporary directory, reads report.json and compares each (department, item) finding with the
truth: item-status accuracy, the confusion table (truth rows x found columns), evidence
precision (share of cited evidence URLs that the truth lists as about that item) and broken
recall (share of truth-broken items found broken). Targets: 0.95, 0.95, 0.9.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

STATUSES = ("present", "stale", "missing", "broken")
NOT_REPORTED = "absent"  # the report has no finding for an owed (department, item)


@dataclass(frozen=True)
class Truth:
    department: str
    item: str
    status: str
    about: frozenset[str]  # URLs that are about this item (any edition, attachment, dead target)


def run_audit(inspection: Path, out: Path, timeout: float = 600) -> dict[str, Any]:
    """The real CLI in a subprocess (Twisted's reactor cannot restart in one process)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "auditor", "audit", str(inspection), "--out", str(out), "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
    if done.returncode != 0:
        raise RuntimeError(f"auditor audit exited {done.returncode}:\n{done.stderr[-3000:]}")
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def measure(truth: Iterable[Truth], report: dict[str, Any]) -> dict[str, Any]:
    """Accuracy, confusion table, evidence precision and broken recall of one report."""
    found = {(f["department"], f["item"]): f for f in report["items"]}
    table = {t: {f: 0 for f in (*STATUSES, NOT_REPORTED)} for t in STATUSES}
    errors: list[dict[str, str]] = []
    cited = about = 0
    for t in truth:
        finding = found.get((t.department, t.item)) or {}
        status = finding.get("status", NOT_REPORTED)
        table[t.status][status] += 1
        if status != t.status:
            errors.append(
                {"department": t.department, "item": t.item, "truth": t.status, "found": status}
            )
        for ev in finding.get("evidence", []):
            cited += 1
            about += ev["url"] in t.about
            if ev["url"] not in t.about:
                errors.append(
                    {
                        "department": t.department,
                        "item": t.item,
                        "not_about": ev["url"],
                        "title": ev.get("title", ""),
                    }
                )
    total = sum(sum(row.values()) for row in table.values())
    right = sum(table[s][s] for s in STATUSES)
    broken = sum(table["broken"].values())
    return {
        "items": total,
        "accuracy": _share(right, total),
        "confusion": table,
        "evidence_cited": cited,
        "evidence_precision": _share(about, cited),
        "broken_items": broken,
        "broken_recall": _share(table["broken"]["broken"], broken),
        "errors": errors,
    }


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 1.0


def altworld_truth(truth: dict[str, Any]) -> list[Truth]:
    return [
        Truth(i["department"], i["item"], i["status"], frozenset(i["about"]))
        for i in truth["items"]
    ]


def measure_seed(seed: int, departments: int = 9, keep: Path | None = None) -> dict[str, Any]:
    from benchmarks.altworld import serve_world

    with tempfile.TemporaryDirectory(prefix="altworld-") as tmp:
        base = keep or Path(tmp)
        with serve_world(seed, base, departments) as served:
            report = run_audit(served.inspection, base / "out")
            unfetched = sorted(set(served.truth["planted"]) - served.requested)
        result = measure(altworld_truth(served.truth), report)
    return {
        "world": f"seed {seed}",
        "pages_crawled": report["pages_crawled"],
        "unfetched": unfetched,
        **result,
    }


def demo_truth(server: Any) -> list[Truth]:
    """The demo's truth (titles per finding) with its evidence pages' live URLs."""
    from auditor.demo import load_truth

    about: dict[tuple[str, str], set[str]] = {}
    for placed in server.world.placed:
        ev = placed.article.evidence
        if ev is not None:
            url = server.origins[placed.site.host] + placed.path
            about.setdefault((ev.department, ev.item), set()).add(url)
    return [
        Truth(
            i["department"],
            i["item"],
            i["status"],
            frozenset(about.get((i["department"], i["item"]), ())),
        )
        for i in load_truth(server)["items"]
    ]


def measure_demo() -> dict[str, Any]:
    from auditor.demo import DemoServer, write_inspection

    with tempfile.TemporaryDirectory(prefix="demo-") as tmp, DemoServer() as server:
        inspection = write_inspection(server, Path(tmp) / "demo.toml")
        report = run_audit(inspection, Path(tmp) / "out")
        result = measure(demo_truth(server), report)
    return {"world": "demo", "pages_crawled": report["pages_crawled"], "unfetched": [], **result}


def format_result(result: dict[str, Any], show_errors: bool = False) -> str:
    lines = [
        f"== {result['world']}: {result['items']} items, {result['pages_crawled']} pages crawled",
        f"item-status accuracy  {result['accuracy']:.3f}   (target 0.95)",
        f"evidence precision    {result['evidence_precision']:.3f}   "
        f"({result['evidence_cited']} cited URLs; target 0.95)",
        f"broken recall         {result['broken_recall']:.3f}   "
        f"({result['broken_items']} broken items; target 0.9)",
        "truth \\ found " + "".join(f"{s:>9}" for s in (*STATUSES, NOT_REPORTED)),
    ]
    for truth_status, row in result["confusion"].items():
        lines.append(f"{truth_status:<14}" + "".join(f"{n:>9}" for n in row.values()))
    if result["unfetched"]:
        lines.append(f"planted URLs never fetched: {len(result['unfetched'])}")
    if show_errors:
        lines += [json.dumps(e, ensure_ascii=False) for e in result["errors"]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, action="append", help="world seed (repeatable)")
    parser.add_argument("--departments", type=int, default=9)
    parser.add_argument("--demo", action="store_true", help="measure the demo district")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep the world's files and report here")
    args = parser.parse_args()
    results = [measure_demo()] if args.demo else []
    for seed in args.seed or ([] if args.demo else [1]):
        keep = args.keep / f"seed{seed}" if args.keep else None
        results.append(measure_seed(seed, args.departments, keep))
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
        return
    print("\n\n".join(format_result(r, args.show_errors) for r in results))


if __name__ == "__main__":
    main()
