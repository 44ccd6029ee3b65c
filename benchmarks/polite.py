"""The polite audit: 20 department sites and the platform crawled with the default per-host
delay and concurrency.  Politeness bounds each host, not the whole inspection: the audit
should take about as long as its busiest host needs, because hosts are crawled side by side.

    python3 benchmarks/polite.py [--pages 420] [--work /tmp/auditor-polite]

The time "the settings allow" for a host is (requests to it - 1) x the per-host delay
(Scrapy starts one request per delay on a host whatever its concurrency; the randomised delay
averages the configured one).  Requests are counted from the store: every distinct URL of the
host that was fetched or checked, plus its robots.txt and the soft-404 probe.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import bench  # noqa: E402
import bigworld  # noqa: E402
from nginx import Nginx  # noqa: E402
from report import Row  # noqa: E402

from auditor.inspection.file import CrawlSettings  # noqa: E402

BASE_PORT = 23100
PER_HOST_EXTRA = 2  # robots.txt and the soft-404 probe, never stored as pages or checks


@dataclass(frozen=True)
class Polite:
    row: Row
    crawl_seconds: float
    busiest_host: str
    busiest_requests: int
    delay: float

    @property
    def allowed(self) -> float:
        return max(self.busiest_requests - 1, 1) * self.delay

    @property
    def ratio(self) -> float:
        return self.crawl_seconds / self.allowed

    def summary(self) -> str:
        return (
            f"- polite audit (default delay {self.delay:g} s, per host): crawl "
            f"{self.crawl_seconds:.1f} s; busiest host {self.busiest_host} needs "
            f"{self.busiest_requests} requests = {self.allowed:.0f} s allowed; "
            f"**{self.ratio:.2f}×** (target ≤ 1.1)"
        )


def polite_inspection(world: Path, work: Path) -> str:
    """The benchmark's inspection without its [crawl] section: default politeness."""
    return bench.inspection_text(world, work).split("\n[crawl]")[0] + "\n"


def host_requests(db: Path) -> Counter[str]:
    with sqlite3.connect(db) as conn:
        run = conn.execute("select max(id) from runs").fetchone()[0]
        urls = {u for (u,) in conn.execute("select url from checks where run_id = ?", (run,))}
        urls |= {u for (u,) in conn.execute("select url from pages where run_id = ?", (run,))}
    counts = Counter(urlsplit(u).netloc for u in urls)
    return Counter({host: n + PER_HOST_EXTRA for host, n in counts.items()})


def crawl_seconds(log: Path) -> float:
    found = re.search(r"抓取完成.*用时 ([\d.]+) 秒", log.read_text("utf-8", errors="replace"))
    return float(found.group(1)) if found else float("nan")


def run_polite(work: Path, pages: int, sites: int, timeout: float) -> Polite:
    work.mkdir(parents=True, exist_ok=True)
    world = work / f"world-{pages}"
    if not (world / "world.json").exists():
        bigworld.generate(world, pages, sites, BASE_PORT)
    inspection = work / "polite.toml"
    inspection.write_text(polite_inspection(world, work), "utf-8")
    db = work / "polite.db"
    for stale in work.glob("polite.db*"):
        stale.unlink()
    with Nginx(world, work / "nginx"):
        row = bench.audit(work, inspection, db, "polite", timeout)
    host, requests = host_requests(db).most_common(1)[0]
    delay = CrawlSettings().delay
    return Polite(row, crawl_seconds(work / "polite.log"), host, requests, delay)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=420)
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--work", type=Path, default=Path("/tmp/auditor-polite"))
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    result = run_polite(args.work.resolve(), args.pages, args.sites, args.timeout)
    bench.step(result.row)
    print(result.summary())


if __name__ == "__main__":
    main()
