"""The side-by-side benchmark: auditor's full audit, a plain Scrapy spider and LinkChecker on
the same synthetic district served by nginx, then two repeat audits.  Run `benchmarks/run`.

    python3 benchmarks/bench.py [--pages 100000] [--memory-sizes 25000,50000] [--work DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sqlite3
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import bigworld  # noqa: E402
from measure import Measured, run  # noqa: E402
from nginx import Nginx, requests_per_second  # noqa: E402
from report import Row, stages, write_results  # noqa: E402

CRAWL = {
    "external_links": '"check"',
    "obey_robots": "true",
    "delay": "0.0",
    "autothrottle": "false",
    "concurrency": "64",
    "concurrency_per_host": "8",
    "timeout": "30.0",
    "retries": "0",
    "max_pages_per_site": "1000000",
    "max_depth": "50",
    "max_per_pattern": "1000000",
}


def checklist_text(sites: list[dict]) -> str:
    """The national checklist, owed by every department of the synthetic district."""
    lines = [
        'id = "bench-district"',
        'title = "基准测试城区清单"',
        'version = "2014-01-01"',
        'district = "基准测试城区"',
        'district_short = "测试区"',
        'extends = "regulations-2019"',
    ]
    for site in sites:
        lines += ["", "[[departments]]", f'name = "{site["department"]}"']
    return "\n".join(lines) + "\n"


def inspection_text(world: Path, work: Path) -> str:
    meta = json.loads((world / "world.json").read_text("utf-8"))
    sites, platform_site = meta["sites"][:-1], meta["sites"][-1]
    checklist = work / "bench-checklist.toml"
    checklist.write_text(checklist_text(sites), "utf-8")
    lines = [
        'name = "基准测试城区"',
        f'checklist = "{checklist}"',
        "as_of = 2014-11-20",
        "",
        "[platform]",
        'name = "统一平台"',
        f'url = "http://127.0.0.1:{platform_site["port"]}/"',
    ]
    for site in sites:
        url = f"http://127.0.0.1:{site['port']}/"
        lines += ["", "[[sites]]", f'department = "{site["department"]}"', f'url = "{url}"']
    lines += ["", "[crawl]", *(f"{k} = {v}" for k, v in CRAWL.items())]
    return "\n".join(lines) + "\n"


def world_for(work: Path, pages: int, sites: int) -> Path:
    world = work / f"world-{pages}"
    if not (world / "world.json").exists():
        print(f"生成 {pages} 页的模拟城区 → {world}", flush=True)
        shutil.rmtree(world, ignore_errors=True)
        bigworld.generate(world, pages, sites)
    return world


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def audit(work: Path, inspection: Path, db: Path, name: str, timeout: float) -> Row:
    out = work / f"out-{name}"
    cmd = [sys.executable, "-m", "auditor", "audit", str(inspection), "--out", str(out)]
    measured = run([*cmd, "--db", str(db)], work / f"{name}.log", timeout, env())
    return Row(name, measured, stored_pages(db), stage_seconds(db))


def stored_pages(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        row = conn.execute("select count(*) from pages where run_id = (select max(id) from runs)")
        return int(row.fetchone()[0])


def stage_seconds(db: Path) -> dict[str, float]:
    """The last run's seconds per stage, as the audit recorded them (runs.timings)."""
    with sqlite3.connect(db) as conn:
        try:
            row = conn.execute("select timings from runs order by id desc limit 1").fetchone()
        except sqlite3.OperationalError:  # a database from before stage timings
            return {}
    return json.loads(row[0]) if row and row[0] else {}


def floor(work: Path, world: Path, timeout: float) -> Row:
    count = work / "floor.json"
    cmd = [sys.executable, "-m", "scrapy", "runspider", str(HERE / "floor_spider.py")]
    cmd += ["-a", f"world={world}", "-a", f"out={count}"]
    measured = run(cmd, work / "floor.log", timeout, env())
    pages = json.loads(count.read_text("utf-8"))["pages"] if count.exists() else 0
    return Row("scrapy", measured, pages)


def linkchecker(work: Path, world: Path, timeout: float) -> Row:
    meta = json.loads((world / "world.json").read_text("utf-8"))
    csv = work / "linkchecker.csv"
    config = work / "linkcheckerrc"
    # Its default politeness (about 3 requests/s per host) would make it look far slower than
    # it is: lift it, as auditor's is lifted.  LinkChecker honours a rate above ~6/s only from
    # servers that answer with a "LinkChecker" header, which benchmarks/nginx.py adds.
    config.write_text("[checking]\nmaxrequestspersecond=100000\nthreads=64\n", "utf-8")
    binary = shutil.which("linkchecker") or "linkchecker"
    cmd = [binary, "-f", str(config), "--no-status", "--verbose", "-r", "-1", "-o", "csv"]
    cmd += [f"http://127.0.0.1:{s['port']}/index.html" for s in meta["sites"]]
    measured = run(cmd, csv, timeout, env())
    return Row("linkchecker", measured, linkchecker_pages(csv))


def linkchecker_pages(csv: Path) -> int:
    """Distinct HTML pages LinkChecker fetched successfully (its CSV has one row per URL:
    urlname;parentname;baseref;result;warning;info;valid;url;...)."""
    seen = set()
    for line in csv.read_text("utf-8", errors="replace").splitlines():
        fields = line.split(";")
        if len(fields) > 7 and fields[6] == "True" and fields[7].endswith((".html", "/")):
            seen.add(fields[7])
    return len(seen)


def main() -> None:
    args = parse_args()
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    for size in args.memory_sizes:
        rows.append(step(first_audit_only(work, size, args)))
    world = world_for(work, args.pages, args.sites)
    with Nginx(world, work / "nginx") as server:
        rate = requests_per_second(f"http://127.0.0.1:{bigworld.BASE_PORT}/gzdt/index.html")
        rows += compare(work, world, args)
        rows += redis_rows(work, args)
        del server
    notes = []
    if not args.skip_polite:
        from polite import run_polite

        polite = run_polite(work / "polite", 420, args.sites, args.timeout)
        rows.append(step(polite.row))
        notes.append(polite.summary())
    write_results(HERE / "RESULTS.md", rows, rate, args.pages, machine(), notes)


def first_audit_only(work: Path, size: int, args: argparse.Namespace) -> Row:
    world = world_for(work, size, args.sites)
    with Nginx(world, work / "nginx"):
        inspection = work / f"inspection-{size}.toml"
        inspection.write_text(inspection_text(world, work), "utf-8")
        db = work / f"audit-{size}.db"
        db.unlink(missing_ok=True)
        return audit(work, inspection, db, f"audit-{size}", args.timeout)


def compare(work: Path, world: Path, args: argparse.Namespace) -> list[Row]:
    inspection = work / "inspection.toml"
    inspection.write_text(inspection_text(world, work), "utf-8")
    db = work / "audit.db"
    for stale in work.glob("audit.db*"):
        stale.unlink()
    rows = [step(audit(work, inspection, db, "audit", args.timeout))]
    if not args.skip_others:
        rows.append(step(floor(work, world, args.timeout)))
        rows.append(step(linkchecker(work, world, args.linkchecker_timeout)))
    rows.append(step(audit(work, inspection, db, "repeat", args.timeout)))
    changed = bigworld.change(world, 0.05)
    print(f"修改了 {changed} 个页面", flush=True)
    rows.append(step(audit(work, inspection, db, "changed", args.timeout)))
    return rows


def redis_rows(work: Path, args: argparse.Namespace) -> list[Row]:
    """`--redis-workers 1,2,4`: the distributed crawl on the same world (benchmarks/distributed.py)."""
    if not args.redis_workers:
        return []
    from distributed import distributed_rows

    inspection = work / "inspection.toml"
    found = distributed_rows(work, inspection, args.redis_workers, args.timeout, env())
    return [step(row) for row, _ in found]


def step(row: Row) -> Row:
    m: Measured = row.measured
    print(
        f"{row.name:12} {row.pages:7d} 页 {m.wall:8.1f} s {row.pages_per_s:8.1f} 页/秒 "
        f"CPU {m.cpu:7.1f} s 内存峰值 {m.peak_mb:7.0f} MB 退出码 {m.returncode} "
        f"{stages(row.stages)}",
        flush=True,
    )
    return row


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    today = dt.date.today().isoformat()
    return (
        f"{today}; {os.cpu_count()} cores, {cpu}, {memory:.0f} GiB RAM; "
        f"{platform.platform()}; Python {platform.python_version()}"
    )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--memory-sizes", default="", help="e.g. 25000,50000: first audit only")
    parser.add_argument("--work", type=Path, default=Path("/tmp/auditor-bench"))
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--linkchecker-timeout", type=float, default=600)
    parser.add_argument("--skip-others", action="store_true", help="auditor runs only")
    parser.add_argument("--skip-polite", action="store_true", help="no polite 20-site audit")
    parser.add_argument("--redis-workers", default="", help="e.g. 1,2,4: distributed audits")
    args = parser.parse_args()
    args.redis_workers = [int(s) for s in args.redis_workers.split(",") if s.strip()]
    args.memory_sizes = [int(s) for s in args.memory_sizes.split(",") if s.strip()]
    return args


if __name__ == "__main__":
    main()
