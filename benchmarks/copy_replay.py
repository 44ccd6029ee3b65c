"""Replay an unchanged repeat's page copies: every page of run RUN copied into a new run by
the store's own `_copy_fetched`, in batches as a crawl process writes them, on a fresh copy
of DB.  Prints CPU seconds of each copy statement and of the commits, so a change to the
links' indexes or to the copy can be measured without a crawl (and without its noise).

    python3 benchmarks/copy_replay.py DB WORK_DB [--run 1] [--batch 600] [--drop target,...]
        [--build]

`--drop` removes links indexes (by column: source, target, site_key) before the replay;
`--build` creates them again afterwards and prints what that cost (a build sorts the whole
table, every run's links).  DB is never changed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from auditor.store import Store  # noqa: E402


def timed_execute(store: Store, spent: dict[str, float]) -> None:
    """Charge each statement the store runs to the table it writes."""
    execute = store.db.execute

    def timed(sql: str, params: Any = None) -> sqlite3.Cursor:
        start = time.process_time()
        cursor = execute(sql) if params is None else execute(sql, params)
        name = sql.split(" into ")[1].split()[0] if " into " in sql else sql.split()[0]
        spent[name] = spent.get(name, 0.0) + time.process_time() - start
        return cursor

    store.db.execute = timed  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--run", type=int, default=1)
    parser.add_argument("--batch", type=int, default=600)
    parser.add_argument("--drop", default="")
    parser.add_argument("--build", action="store_true")
    args = parser.parse_args()
    for stale in (args.work, Path(f"{args.work}-wal"), Path(f"{args.work}-shm")):
        stale.unlink(missing_ok=True)
    shutil.copy(args.db, args.work)
    store = Store(args.work)
    conn = store.db.conn
    dropped = [column for column in args.drop.split(",") if column]
    for column in dropped:
        conn.execute(f"drop index if exists idx_links_run_id_{column}")
    run = store.start_run("copy_replay", "copy_replay", {}, "", "")
    sql = "select url, site_key, depth from pages where run_id = ? order by id"
    pages = conn.execute(sql, (args.run,)).fetchall()
    spent: dict[str, float] = {}
    timed_execute(store, spent)
    start = time.process_time()
    for i in range(0, len(pages), args.batch):
        copies = [
            {"url": url, "site_key": key, "depth": depth, "from_run": args.run}
            for url, key, depth in pages[i : i + args.batch]
        ]
        conn.execute("begin")
        store._copy_fetched(run, copies)
        before = time.process_time()
        conn.commit()
        spent["commit"] = spent.get("commit", 0.0) + time.process_time() - before
    row: dict[str, Any] = {"pages": len(pages), "batch": args.batch, "dropped": dropped}
    row |= {"copy_cpu": round(time.process_time() - start, 2)}
    row |= {"statements": {k: round(v, 2) for k, v in spent.items() if v >= 0.005}}
    if args.build:
        before = time.process_time()
        for column in dropped:
            conn.execute(f"create index idx_links_run_id_{column} on links (run_id, {column})")
        conn.commit()
        row["build_cpu"] = round(time.process_time() - before, 2)
    print(json.dumps(row))
    store.close()


if __name__ == "__main__":
    main()
