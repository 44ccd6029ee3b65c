"""Site health of a stored run in one process against a pool of worker processes (fifth
round of issue 18): same answer, and how much wall and CPU time each takes.

    python benchmarks/health_pool.py DB RUN AS_OF [ROUNDS] [WORKERS]

DB is opened read-only and immutable (the archived 100k database may never be written), so
the pool's workers open it immutable too.  Each round runs both ways, interleaved (one
process first on even rounds), and compares the two answers as canonical JSON: any
difference stops the script with exit 1.  CPU seconds are those of the whole process tree
(the parent and its reaped workers).
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.health import site_health  # noqa: E402
from auditor.store import Store  # noqa: E402
from auditor.store.pool import WORKERS_ENV  # noqa: E402


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(store: Store, run: int, as_of: str, workers: int) -> tuple[str, float, float]:
    os.environ[WORKERS_ENV] = str(workers)
    wall, cpu = time.perf_counter(), cpu_seconds()
    sites: list[dict[str, Any]] = site_health(store, run, as_of)
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    text = json.dumps(sites, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest(), wall, cpu


def main(argv: list[str]) -> int:
    db, run, as_of = argv[0], int(argv[1]), argv[2]
    rounds = int(argv[3]) if len(argv) > 3 else 1
    pool = int(argv[4]) if len(argv) > 4 else (os.cpu_count() or 1)
    store = Store(db, immutable=True)
    for n in range(rounds):
        order = (1, pool) if n % 2 == 0 else (pool, 1)
        results = {workers: timed(store, run, as_of, workers) for workers in order}
        for workers, (digest, wall, cpu) in results.items():
            print(f"round {n + 1} workers={workers}: {wall:.1f} s wall, {cpu:.1f} CPU-s, "
                  f"sha256 {digest[:16]}", flush=True)
        if len({digest for digest, _, _ in results.values()}) != 1:
            print("DIFFERENT answers", flush=True)
            return 1
    print("identical answers in every round")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
