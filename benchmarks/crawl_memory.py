"""Peak memory of a first crawl (or audit) as the world grows: is it flat?

    python3 benchmarks/crawl_memory.py /tmp/perf1 --pages 5000 10000 20000 --base-port 19100
    python3 benchmarks/crawl_memory.py /tmp/perf1 --pages 5000 --stage audit --processes 1

For each size the world `<work>/world-<pages>` is generated when missing (bigworld.py), served
by nginx on the given ports (one world at a time, so sizes share ports), and crawled into a
fresh database.  Each row gives wall seconds, CPU seconds of the whole process tree (compare
this, not wall, on a shared machine), CPU milliseconds per page, and the tree's peak RSS.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench  # noqa: E402
import bigworld  # noqa: E402
from measure import Measured, run  # noqa: E402
from nginx import Nginx  # noqa: E402


def world(work: Path, pages: int, base_port: int) -> Path:
    path = work / f"world-{pages}"
    if not (path / "world.json").exists():
        print(f"生成 {pages} 页的模拟城区 → {path}", flush=True)
        shutil.rmtree(path, ignore_errors=True)
        bigworld.generate(path, pages, 20, base_port)
    return path


def measure(work: Path, path: Path, stage: str, processes: str) -> tuple[Measured, int]:
    """One first crawl (or audit) of the world into a fresh database."""
    name = f"mem-{path.name}-{stage}"
    inspection = work / f"{name}.toml"
    inspection.write_text(bench.inspection_text(path, work), "utf-8")
    db = work / f"{name}.db"
    for stale in work.glob(f"{name}.db*"):
        stale.unlink()
    cmd = [sys.executable, "-m", "auditor", stage, str(inspection), "--db", str(db)]
    if stage == "audit":
        cmd += ["--out", str(work / f"out-{name}")]
    env = {**bench.env(), "AUDITOR_CRAWL_PROCESSES": processes} if processes else bench.env()
    measured = run(cmd, work / f"{name}.log", 3600, env)
    return measured, bench.stored_pages(db)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", type=Path)
    parser.add_argument("--pages", type=int, nargs="+", default=[5000, 10000, 20000])
    parser.add_argument("--base-port", type=int, default=19100)
    parser.add_argument("--stage", choices=("crawl", "audit"), default="crawl")
    parser.add_argument("--processes", default=os.environ.get("AUDITOR_CRAWL_PROCESSES", ""))
    args = parser.parse_args()
    print("| world | pages | wall s | CPU s | CPU ms/page | peak RSS MB | exit |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for pages in args.pages:
        path = world(args.work, pages, args.base_port)
        with Nginx(path, args.work / "nginx"):
            m, stored = measure(args.work, path, args.stage, args.processes)
        per_page = 1000 * m.cpu / stored if stored else 0.0
        print(
            f"| {pages} | {stored} | {m.wall:.1f} | {m.cpu:.1f} | {per_page:.2f} "
            f"| {m.peak_mb:.0f} | {m.returncode} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
