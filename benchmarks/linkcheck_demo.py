"""Link checks on the demo district: wall time, requests the servers received, and proof
that each URL was requested once (repeats are only retries, robots.txt and soft-404 probes).

    python3 benchmarks/linkcheck_demo.py
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.demo import DemoServer, write_inspection  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, DemoServer() as server:
        inspection = write_inspection(server, Path(tmp) / "demo.toml")
        db = Path(tmp) / "a.db"
        start = time.monotonic()
        subprocess.run(
            [sys.executable, "-m", "auditor", "crawl", str(inspection), "--db", str(db)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        wall = time.monotonic() - start
        requests = list(server.requests)
        report(wall, requests, sqlite3.connect(db))


def report(wall: float, requests: list[tuple[str, str, str]], db: sqlite3.Connection) -> None:
    counts = Counter((host, path) for host, _, path in requests)
    repeats = {key: n for key, n in counts.items() if n > 1}
    pages = db.execute("select count(*) from pages").fetchone()[0]
    checks = db.execute("select count(*) from checks where url not like '%#%'").fetchone()[0]
    only_checked = db.execute(
        "select count(*) from checks where url not in (select url from pages)"
    ).fetchone()[0]
    spent = db.execute(
        "select sum(elapsed_ms) from checks where url not in (select url from pages)"
    ).fetchone()[0]
    print(f"crawl wall time      {wall:.1f} s (subprocess, including start-up)")
    print(f"pages stored         {pages}")
    print(f"verdicts (checks)    {checks}, of which {only_checked} link checks (not pages)")
    print(f"link-check download  {(spent or 0) / 1000:.1f} s summed over requests")
    print(f"requests received    {len(requests)} for {len(counts)} distinct URLs")
    for (host, path), n in sorted(repeats.items()):
        print(f"  repeated x{n}: {host} {path}")


if __name__ == "__main__":
    main()
