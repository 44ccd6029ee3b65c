"""CPU seconds of a first audit's crawl writes, replayed through the crawl's BatchWriter.

    python3 benchmarks/replay_writes.py AUDIT_DB OUT_DB ROWS [COPIES] [CACHE_KIB] [defer]

Reads run 1's pages, links and checks of AUDIT_DB (a `repeat_cpu.py` first audit) and writes
them again, page by page (a page with its links and its check, as the spider groups them),
into a fresh store at OUT_DB with batches of ROWS rows.  COPIES > 1 writes each page that
many times with its URLs moved to another host per copy, copies interleaved page by page, so
a 20,202-page audit gives the index sizes of a ~100,000-page one.  Only the writer's calls
are timed (process CPU), not the reading or the copying of rows.  `defer` writes as a first
crawl does since session 13: without the link indexes (`Store.defer_indexes`), built after
the last batch (`Store.build_indexes`, timed with the writes and also on its own).
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from typing import Any

from auditor.store import BatchWriter, Store

MOVED = ("source", "target", "url", "final_url")


def moved(row: dict[str, Any], copy: int) -> dict[str, Any]:
    """The row without its ids, its URLs on host 127.0.COPY.1."""
    out = {k: v for k, v in row.items() if k not in ("id", "run_id")}
    for column in MOVED:
        if isinstance(out.get(column), str):
            out[column] = out[column].replace("127.0.0.1:", f"127.0.{copy}.1:")
    return out


def main() -> None:
    defer = "defer" in sys.argv[1:]
    args = [arg for arg in sys.argv[1:] if arg != "defer"]
    source, target, rows = args[0], args[1], int(args[2])
    copies = int(args[3]) if len(args) > 3 else 1
    cache = int(args[4]) if len(args) > 4 else 0
    for path in (target, target + "-wal", target + "-shm"):
        if os.path.exists(path):
            os.unlink(path)
    conn = sqlite3.connect(source)
    conn.row_factory = sqlite3.Row
    pages = [dict(r) for r in conn.execute("select * from pages where run_id = 1 order by id")]
    links: dict[str, list[dict[str, Any]]] = {}
    for r in conn.execute("select * from links where run_id = 1"):
        links.setdefault(r["source"], []).append(dict(r))
    checks = {r["url"]: dict(r) for r in conn.execute("select * from checks where run_id = 1")}
    store = Store(target)
    store.autocheckpoint(10_000)  # as the crawl sets it (auditor/crawl/process.py)
    if cache:
        store.db.execute(f"PRAGMA cache_size=-{cache}")
    if defer:
        store.defer_indexes()
    writer = BatchWriter(store, 1, size=rows, seconds=1e9)
    spent = 0.0
    for page in pages:
        for copy in range(copies):
            group = {"pages": [moved(page, copy)]}
            group["links"] = [moved(link, copy) for link in links.get(page["url"], [])]
            if page["url"] in checks:
                group["checks"] = [moved(checks[page["url"]], copy)]
            start = time.process_time()
            writer.add(group)
            spent += time.process_time() - start
    start = time.process_time()
    writer.flush()
    built = time.process_time()
    if defer:
        store.build_indexes()
    spent += time.process_time() - start
    built = time.process_time() - built
    store.close()
    print(
        f"rows {rows} cache {cache} pages {len(pages) * copies} defer {defer}: "
        f"{spent:.2f} CPU-s in writes (of which index build {built:.2f})"
    )


if __name__ == "__main__":
    main()
