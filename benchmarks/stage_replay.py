"""CPU seconds of the stages after the crawl (footers, classify, judge), replayed on the runs
of a stored audit database, with a dump of every row they write: proof that making them
cheaper changed nothing, and the measure of the gain without the crawl's noise.

    PYTHONPATH=CHECKOUT python3 benchmarks/stage_replay.py DB INSPECTION 1,2,3 [--dump DIR]

DB is changed (its matches, findings and cross-page tampering rows are rewritten): use a copy.
Every run's classifier digest is cleared first, then the runs are replayed in the order given,
as the audits did: the first classifies everything, each later one reuses the one before.
Prints one JSON line: CPU seconds per run and stage (this process and its workers), and wall
seconds (`<stage>_wall`).  Run it with PYTHONPATH set to another
checkout (on another copy of the database) to compare, alternating the two.
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from auditor.checklist.load import load_checklist
from auditor.classify.classifier import classify_run
from auditor.inspection.file import load_inspection
from auditor.judge.verdict import judge_run
from auditor.store import Store

DUMPED = ("matches", "findings", "tampering")


def crosspage() -> Callable[[Store, int], Any]:
    """The footers stage of the checkout on the path (one function since 2026-12-05)."""
    from auditor.tamper import crosspage as module

    if hasattr(module, "scan_crosspage"):
        return module.scan_crosspage
    return lambda store, run: (module.scan_footers(store, run), module.scan_titles(store, run))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("inspection", type=Path)
    parser.add_argument("runs")
    parser.add_argument("--dump", type=Path)
    args = parser.parse_args()
    inspection = load_inspection(args.inspection)
    checklist = load_checklist(inspection.checklist)
    store = Store(args.db)
    with store.db.conn:
        store.db.execute("update runs set classifier = null")
    footers, out = crosspage(), {}
    for run in (int(r) for r in args.runs.split(",")):
        stages: dict[str, Callable[[int], Any]] = {
            "footers": lambda r: footers(store, r),
            "classify": lambda r: classify_run(store, r, checklist),
            "judge": lambda r: judge_run(store, r, checklist, inspection),
        }
        out[run] = {}
        for name, stage in stages.items():
            start, wall = cpu_seconds(), time.perf_counter()
            stage(run)
            out[run][name] = round(cpu_seconds() - start, 3)
            out[run][f"{name}_wall"] = round(time.perf_counter() - wall, 3)
        if args.dump:
            dump(args.db, run, args.dump)
    print(json.dumps(out), flush=True)


def cpu_seconds() -> float:
    """CPU seconds of this process and of its finished children: a stage's worker processes
    (auditor/store/pool.py) are waited for before the stage returns."""
    own, kids = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def dump(db: Path, run: int, into: Path) -> None:
    """Every column of every row the stages wrote for a run, sorted (one file per table)."""
    into.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(db) as conn:
        for table in DUMPED:
            rows = conn.execute(f"select * from {table} where run_id = ?", [run]).fetchall()
            text = "\n".join(sorted(map(repr, rows)))
            (into / f"{table}-{run}.txt").write_text(text, "utf-8")


if __name__ == "__main__":
    main()
