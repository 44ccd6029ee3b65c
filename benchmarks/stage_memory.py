"""Peak memory of each stage after the crawl (classify, judge, health, report) as the crawl grows.

    python3 benchmarks/stage_memory.py [--pages 25000 50000 100000] [--links-per-page 5]

For each size a crawl is generated with judge_speed.generate into a temporary SQLite file;
then every stage runs in a fresh Python process, one after another on the same file, so each
figure is that stage's own peak RSS (interpreter and imports included), not the generator's.
The digest column fingerprints each stage's output, to compare two versions of the code.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

STAGES = ("classify", "judge", "health", "report")


def _inspection(store: Any, run: int) -> Any:
    """The generated run's inspection, rebuilt from its stored sites."""
    import datetime as dt

    from auditor.inspection.file import Inspection, Site

    sites = [Site(s["department"], s["url"], (), s["key"], s["channel"]) for s in store.sites(run)]
    platform = next(s for s in sites if s.channel == "platform")
    others = tuple(s for s in sites if s.channel != "platform")
    return Inspection("良庆区检查", "liangqing-2014", dt.date(2014, 11, 20), platform, others)


def _run_stage(stage: str, db: str, run: int) -> Any:
    from auditor.checklist.load import load_checklist
    from auditor.store import Store

    store = Store(db)
    checklist = load_checklist("liangqing-2014")
    if stage == "classify":
        from auditor.classify.classifier import classify_run

        count = classify_run(store, run, checklist)
        return lambda: [count, *store.iter_rows("matches", run)]
    if stage == "judge":
        from auditor.judge.verdict import judge_run

        return judge_run(store, run, checklist, _inspection(store, run))
    if stage == "health":
        from auditor.health import site_health

        return site_health(store, run, "2014-11-20")
    from auditor.report import build_report

    report = build_report(store, run, checklist)
    for stamp in ("started", "finished"):  # the generated run's clock times, not output
        report["inspection"].pop(stamp, None)
    return report


def child(stage: str, db: str, run: int) -> None:
    """Run one stage and print its seconds, peak RSS and output digest as JSON; the peak is
    read before the digest, which may read the stage's stored output back."""
    started = time.perf_counter()
    output = _run_stage(stage, db, run)
    seconds = time.perf_counter() - started
    peak_kb = _peak_kb()
    rows = output() if callable(output) else [output]
    digest = hashlib.sha256()
    for line in sorted(_row_digest(row) for row in rows):  # match order varies by process
        digest.update(line)
    print(
        json.dumps(
            {"seconds": seconds, "peak_mb": peak_kb / 1024, "digest": digest.hexdigest()[:12]}
        )
    )


def _peak_kb() -> int:
    """This process's peak RSS.  VmHWM belongs to the process's own memory map, while
    ru_maxrss also keeps the peak of the parent it was forked from (Linux keeps it across
    exec), which would hide a small stage behind the generator's size."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _row_digest(row: Any) -> bytes:
    text = json.dumps(row, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).digest()


def measure(pages: int, links_per_page: int) -> dict[str, dict[str, Any]]:
    from judge_speed import generate

    from auditor.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "stages.db")
        store = Store(db)
        run, _ = generate(store, pages, links_per_page)
        store.close()
        return {stage: _spawn(stage, db, run) for stage in STAGES}


def _spawn(stage: str, db: str, run: int) -> dict[str, Any]:
    args = [sys.executable, __file__, "--stage", stage, "--db", db, "--run", str(run)]
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(results: dict[int, dict[str, dict[str, Any]]]) -> str:
    lines = [
        "| pages | stage | peak RSS (MB) | seconds | output digest |",
        "|---:|---|---:|---:|---|",
    ]
    for pages, stages in results.items():
        for stage, row in stages.items():
            lines.append(
                f"| {pages:,} | {stage} | {row['peak_mb']:.0f} | {row['seconds']:.1f} "
                f"| {row['digest']} |"
            )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[25_000, 50_000, 100_000])
    parser.add_argument("--links-per-page", type=int, default=5)
    parser.add_argument("--stage", choices=STAGES, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--run", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        child(args.stage, args.db, args.run)
        return 0
    results = {}
    for pages in args.pages:
        results[pages] = measure(pages, args.links_per_page)
        print(f"{pages} pages done", file=sys.stderr)
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
