"""CPU seconds of a first audit, an unchanged repeat and a 5%-changed repeat, with a digest of
each run's outputs so two checkouts can be compared on the same world.

    python3 benchmarks/repeat_cpu.py WORK --base-port 19600 [--checkout DIR] [--pages 5000]

The world is generated once into WORK/pristine and copied afresh for each series (the changed
repeat edits it).  Run two series at once on two copies (different ports), one per checkout,
then swap the checkouts: the machine's load then weighs on both alike.  Prints one JSON line
per audit: wall and CPU seconds of the audit's process tree and the output digest.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import sqlite3
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bigworld  # noqa: E402
from bench import inspection_text  # noqa: E402
from measure import run  # noqa: E402
from nginx import Nginx  # noqa: E402

PORT = re.compile(r"127\.0\.0\.1:(\d+)")
# What a run must give whatever order its requests happened to be answered in.  Left out:
# ids and times; ETag/Last-Modified and sha256 (two copies of a world differ in mtimes and
# ports); and what depends on which page claimed a URL first, which differs between two runs
# of the same code (measured: a page's depth and listing_date, a handoff's referer and site,
# a finding's evidence list and detail).
STABLE = {
    "pages": "url, site_key, final_url, status, content_type, encoding, title, size",
    "links": "site_key, source, target, anchor, tag, attr, internal, listing_date, fragment",
    "checks": "url, status, reason, ok, content_type, size, final_url, redirects",
    "cutoffs": "site_key, url, reason",
    "tampering": "site_key, page, kind, technique, detail, snippet, location, severity",
    "findings": "department, area, item, status, missing_channels, reason, deduction, deadline",
    "handoffs": "url",
}


def digest(db: Path, base_port: int, run_id: int | None = None) -> dict[str, str]:
    """Per output table of a run (the last by default): row count and a hash of its sorted
    rows (STABLE columns), ports written relative to the world's first port (two copies of
    a world then compare)."""
    out = {}

    def relative(match: re.Match[str]) -> str:
        return f"127.0.0.1:+{int(match.group(1)) - base_port}"

    with sqlite3.connect(db) as conn:
        if run_id is None:
            run_id = conn.execute("select max(id) from runs").fetchone()[0]
        views = {
            row[0] for row in conn.execute("select name from sqlite_master where type = 'view'")
        }
        for table, columns in STABLE.items():
            # a repeat's 304 pages keep their links in the run that fetched them: read a
            # run's links as it sees them (a database older than the view copied them)
            source = "run_links" if table == "links" and "run_links" in views else table
            sql = f"select {columns} from {source} where run_id = ?"
            rows = conn.execute(sql, (run_id,)).fetchall()
            text = "\n".join(sorted(PORT.sub(relative, repr(r)) for r in rows))
            out[table] = f"{len(rows)}:{hashlib.sha256(text.encode()).hexdigest()[:12]}"
    return out


def fresh_world(work: Path, pages: int, sites: int, base_port: int) -> None:
    """A copy of the pristine world (generated once), an inspection of it, no database."""
    pristine = work / "pristine"
    if not (pristine / "world.json").exists():
        bigworld.generate(pristine, pages, sites, base_port)
    world = work / "world"
    shutil.rmtree(world, ignore_errors=True)
    shutil.copytree(pristine, world)
    (work / "inspection.toml").write_text(inspection_text(world, work), "utf-8")
    for stale in work.glob("audit.db*"):
        stale.unlink()


def series(work: Path, checkout: Path, base_port: int, steps: list[str]) -> None:
    """Audits in order: "first", "repeat" (unchanged), "changed" or "changedN" (5% of the
    articles edited with seed N, default 7, before the audit)."""
    world, db = work / "world", work / "audit.db"
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    with Nginx(world, work / "nginx"):
        for name in steps:
            if name.startswith("changed"):
                bigworld.change(world, 0.05, int(name.removeprefix("changed") or 7))
            inspection = work / "inspection.toml"
            cmd = [sys.executable, "-m", "auditor", "audit", str(inspection)]
            cmd += ["--out", str(work / f"out-{name}"), "--db", str(db)]
            m = run(cmd, work / f"{name}.log", 7200, env)
            row = {"step": name, "checkout": str(checkout), "port": base_port}
            row |= {"wall": round(m.wall, 1), "cpu": round(m.cpu, 1), "peak_mb": round(m.peak_mb)}
            row["rc"] = m.returncode
            print(json.dumps({**row, "digest": digest(db, base_port)}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("work", type=Path)
    parser.add_argument("--base-port", type=int, required=True)
    parser.add_argument("--checkout", type=Path, default=HERE.parent)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--steps", default="first,repeat,changed", help="comma-separated")
    args = parser.parse_args()
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    steps = args.steps.split(",")
    if steps == ["digest"]:  # every run of the database, after the fact
        with sqlite3.connect(work / "audit.db") as conn:
            runs = [r[0] for r in conn.execute("select id from runs order by id")]
        for run_id in runs:
            print(run_id, json.dumps(digest(work / "audit.db", args.base_port, run_id)))
        return
    if steps[0] == "first":
        fresh_world(work, args.pages, args.sites, args.base_port)
    series(work, args.checkout.resolve(), args.base_port, steps)


if __name__ == "__main__":
    main()
