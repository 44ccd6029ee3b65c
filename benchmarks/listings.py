"""Listing mechanisms on the generated CMS district (tests/support/cmsworld.py), against the same
district published with plain anchors: entries found per mechanism against those listed,
requests per listing, and the audit's wall time.

    python benchmarks/listings.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # tests/support is a package there

from support.cmsworld import CmsWorld, Column, columns  # noqa: E402


def audit(world: CmsWorld, tmp: Path, name: str) -> tuple[Path, float, dict]:
    db = tmp / f"{name}.db"
    inspection = world.inspection(tmp / f"{name}.toml")
    started = time.monotonic()
    command = [sys.executable, "-m", "auditor", "audit", str(inspection), "--out", str(tmp / name)]
    subprocess.run([*command, "--db", str(db)], cwd=ROOT, check=False, capture_output=True)
    report = json.loads((tmp / name / "report.json").read_text(encoding="utf-8"))
    return db, time.monotonic() - started, report


def found_entries(db: Path, column: Column) -> int:
    """Listed articles of the column that the crawl stored as listing links with a date."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select target from links where listing_date is not null").fetchall()
    targets = {urlsplit(t).path for (t,) in rows}
    return sum(1 for art in column.arts if art.path in targets)


def column_requests(log: list[tuple[str, str, str]], column: Column) -> int:
    """Requests for the column's listing: its pages, proxy groups or API pages."""
    marks = (column.path, f"columnid={column.column_id}", f"columnId={column.column_id}")
    count = 0
    for _method, target, body in log:
        text = f"{target} {body}"
        on_page = urlsplit(target).path.startswith(column.path) and "index" in target
        if on_page or (column.column_id and any(m in text for m in marks[1:])):
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    walls: dict[str, list[float]] = {"cms": [], "plain": []}
    table: Counter[tuple[str, str, str]] = Counter()
    with tempfile.TemporaryDirectory() as folder:
        for n in range(args.repeat):
            for plain in (False, True):
                name = "plain" if plain else "cms"
                with CmsWorld(plain=plain) as world:
                    db, wall, _ = audit(world, Path(folder), f"{name}{n}")
                    walls[name].append(wall)
                    if n == 0:
                        for column in columns():
                            kind = column.mechanism.split("-")[0]
                            table[(name, kind, "expected")] += len(column.arts)
                            table[(name, kind, "found")] += found_entries(db, column)
                            table[(name, kind, "requests")] += column_requests(world.log, column)
                            table[(name, kind, "listings")] += 1
    for name in ("cms", "plain"):
        for kind in ("trs", "jpage", "json"):
            t = {k: table[(name, kind, k)] for k in ("expected", "found", "requests", "listings")}
            print(f"{name:5} {kind:5} entries {t['found']}/{t['expected']}  "
                  f"requests per listing {t['requests'] / t['listings']:.1f}")  # fmt: skip
        print(f"{name:5} audit wall median {statistics.median(walls[name]):.2f} s {walls[name]}")


if __name__ == "__main__":
    main()
