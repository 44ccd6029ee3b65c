"""The framework's floor for a repeat: a plain Scrapy spider that asks every page of an
earlier audit "changed since?" with the validators that audit stored, and asks its broken
links again, doing nothing with the answers.  What an unchanged repeat cannot go below with
Scrapy on this machine (auditor's repeat asks the same questions, then copies rows and
follows the stored links).

    python3 benchmarks/revalidate_floor.py AUDIT_DB RUN_ID --world WORLD_DIR [--work DIR]
        [--lean INSPECTION]

`--lean` runs the spider with auditor's own Scrapy settings for that inspection (its
middlewares switched off, its stats, dupefilter and collector tuning kept) minus auditor's
components: the floor of Scrapy as auditor configures it, not of Scrapy's defaults.

Serves the world with nginx (benchmarks/nginx.py) and prints one JSON line: requests, their
answers by status, wall and CPU seconds of the spider process, CPU ms per request.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def questions(db: Path, run_id: int) -> list[tuple[str, dict[str, str]]]:
    """(url, validator headers) of the run's pages, then its broken links without any."""
    with sqlite3.connect(db) as conn:
        pages = conn.execute(
            "select url, etag, last_modified from pages where run_id = ? and status = 200",
            (run_id,),
        ).fetchall()
        broken = conn.execute(
            "select url from checks where run_id = ? and ok = 0 and url not in "
            "(select url from pages where run_id = ?)",
            (run_id, run_id),
        ).fetchall()
    asked = []
    for url, etag, modified in pages:
        headers = {"If-None-Match": etag} if etag else {}
        if modified:
            headers["If-Modified-Since"] = modified
        asked.append((url, headers))
    return asked + [(url, {}) for (url,) in broken]


def lean_settings(inspection: Path) -> dict[str, Any]:
    """auditor's Scrapy settings for `inspection` without auditor's own components: every
    component path under `auditor.` is switched off (a middleware, extension) or left to
    Scrapy's default (scheduler, resolver), so what remains is Scrapy as auditor runs it."""
    from auditor.crawl.process import scrapy_settings
    from auditor.inspection.file import load_inspection

    settings = scrapy_settings(load_inspection(inspection).crawl, None)
    lean: dict[str, Any] = {}
    for name, value in settings.items():
        if isinstance(value, dict):
            lean[name] = {
                k: (None if str(k).startswith("auditor.") else v) for k, v in value.items()
            }
        elif not (isinstance(value, str) and value.startswith("auditor.")):
            lean[name] = value
    return lean


def crawl(asked: list[tuple[str, dict[str, str]]], out: Path, lean: dict[str, Any] | None) -> None:
    """Run in a child process (measured alone): ask everything, count the answers."""
    import scrapy
    from floor_spider import FloorSpider
    from scrapy.crawler import CrawlerProcess
    from scrapy.http import Response

    if lean is not None:
        from auditor.collector import tune_collector

        tune_collector()

    class RevalidateFloor(scrapy.Spider):
        name = "revalidate-floor"
        # as auditor's benchmarks crawl, or as auditor's crawl is configured (--lean)
        custom_settings = FloorSpider.custom_settings if lean is None else lean
        statuses: Counter[int] = Counter()

        async def start(self) -> Any:
            for url, headers in asked:
                yield scrapy.Request(url, headers=headers, dont_filter=True)

        def parse(self, response: Response) -> Iterator[Any]:
            self.statuses[response.status] += 1
            return iter(())

        def closed(self, reason: str) -> None:
            out.write_text(json.dumps({"statuses": self.statuses, "reason": reason}))

    process = CrawlerProcess()
    process.crawl(RevalidateFloor)
    process.start()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("run_id", type=int)
    parser.add_argument("--world", type=Path, required=True)
    parser.add_argument("--work", type=Path, default=Path("/tmp/revalidate-floor"))
    parser.add_argument("--lean", type=Path, metavar="INSPECTION", help="auditor's settings")
    args = parser.parse_args()
    from measure import run
    from nginx import Nginx

    args.work.mkdir(parents=True, exist_ok=True)
    asked = questions(args.db, args.run_id)
    plan = args.work / "asked.json"
    lean = lean_settings(args.lean) if args.lean else None
    plan.write_text(json.dumps({"asked": asked, "lean": lean}), "utf-8")
    out = args.work / "answers.json"
    child = [sys.executable, str(Path(__file__).resolve()), "--child", str(plan), str(out)]
    with Nginx(args.world, args.work / "nginx"):
        m = run(child, args.work / "floor.log", 3600)
    answers = json.loads(out.read_text()) if out.exists() else {"statuses": {}}
    row = {"requests": len(asked), "statuses": answers["statuses"], "wall": round(m.wall, 1)}
    row |= {"cpu": round(m.cpu, 1), "cpu_ms_per_request": round(1000 * m.cpu / len(asked), 3)}
    print(json.dumps(row), flush=True)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        plan = json.loads(Path(sys.argv[2]).read_text("utf-8"))
        asked = [(url, headers) for url, headers in plan["asked"]]
        crawl(asked, Path(sys.argv[3]), plan["lean"])
    else:
        main()
