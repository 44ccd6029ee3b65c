"""A stage's work in one process against a pool of worker processes (fifth round of issue
18): the same answer, and how much wall and CPU time each takes, on a database that may not
be written (the archived 100k run).

    python benchmarks/pool_speed.py health DB RUN [ROUNDS] [WORKERS]
    python benchmarks/pool_speed.py classify DB RUN INSPECTION [ROUNDS] [WORKERS]

DB is opened read-only and immutable, so the pool's workers open it immutable too.
`health` is `site_health` of the run; `classify` is the page matching of `classify_run`
(every page of the run, as a first audit classifies them; the anchors and the writing stay in
the parent and are left out).  Each round runs both ways, interleaved (one process first on
odd rounds), and compares the two answers (canonical JSON, hashed): any difference stops the
script with exit 1.  CPU seconds are those of the process tree (the parent and its reaped
workers).
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.checklist.load import load_checklist  # noqa: E402
from auditor.classify import classifier  # noqa: E402
from auditor.health import site_health  # noqa: E402
from auditor.inspection.file import load_inspection  # noqa: E402
from auditor.store import Store  # noqa: E402
from auditor.store.pool import WORKERS_ENV  # noqa: E402


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def health(store: Store, run: int, _: list[str]) -> Callable[[], Iterable[Any]]:
    as_of = str((store.run(run) or {}).get("as_of"))
    return lambda: site_health(store, run, as_of)


def classify(store: Store, run: int, rest: list[str]) -> Callable[[], Iterable[Any]]:
    checklist = load_checklist(load_inspection(Path(rest[0])).checklist)
    digest = classifier.classifier_digest(checklist)

    def pages() -> Iterable[Any]:
        store.find_unchanged_pages(run, None)  # a temporary table: every page is changed
        pooled = classifier._changed_page_rows(store, run, checklist, digest)
        if pooled is not None:
            return pooled
        return classifier._page_rows(store.changed_pages(run), classifier.matcher_for(checklist))

    return pages


def timed(work: Callable[[], Iterable[Any]], workers: int) -> tuple[str, float, float]:
    os.environ[WORKERS_ENV] = str(workers)
    wall, cpu = time.perf_counter(), cpu_seconds()
    digest = hashlib.sha256()
    for row in work():
        digest.update(json.dumps(row, ensure_ascii=False, sort_keys=True, default=str).encode())
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    return digest.hexdigest(), wall, cpu


def timed_task(function: Callable[..., Any], *task: Any) -> tuple[Any, int, float]:
    """A pool task run as the stage runs it, with the worker's pid and its CPU seconds."""
    start = time.process_time()
    result = function(*task)
    return result, os.getpid(), time.process_time() - start


def critical_path(store: Store, stage: str, run: int, rest: list[str], workers: int) -> None:
    """The CPU seconds each worker spent on its tasks: on free cores the pool's wall is the
    busiest worker's share (plus its start), whatever the load of a shared machine."""
    from auditor.health import _site_in_worker, site_context
    from auditor.store.pool import start_in_order

    if stage == "health":
        sites = store.sites(run)
        sizes = store.pages_per_site(run)
        context = site_context(store, run, str((store.run(run) or {}).get("as_of")))
        tasks = [(_site_in_worker, run, site, context) for site in sites]
        weights = [sizes.get(str(site.get("key")), 0) for site in sites]
    else:
        checklist = load_checklist(load_inspection(Path(rest[0])).checklist)
        digest = classifier.classifier_digest(checklist)
        store.find_unchanged_pages(run, None)
        ids = store.changed_page_ids(run)
        size = -(-len(ids) // (workers * classifier.SLICES_PER_WORKER))
        tasks = [
            (classifier._slice_rows, tuple(ids[i : i + size]), digest, checklist)
            for i in range(0, len(ids), size)
        ]
        weights = [0] * len(tasks)
    done = list(start_in_order(store, timed_task, tasks, weights, workers, "测量"))
    per_worker: dict[int, float] = {}
    for _, pid, cpu in done:
        per_worker[pid] = per_worker.get(pid, 0.0) + cpu
    shares = sorted(per_worker.values(), reverse=True)
    print(
        f"{stage} tasks' CPU per worker: {', '.join(f'{s:.1f}' for s in shares)} "
        f"(total {sum(shares):.1f})",
        flush=True,
    )


def main(argv: list[str]) -> int:
    stage, db, run = argv[0], argv[1], int(argv[2])
    fixed = 1 if stage == "health" else 2
    rest = argv[3 : 3 + fixed - 1]
    more = argv[3 + fixed - 1 :]
    rounds = int(more[0]) if more else 1
    pool = int(more[1]) if len(more) > 1 else (os.cpu_count() or 1)
    store = Store(db, immutable=True)
    if os.environ.get("POOL_SPEED_SHARES"):
        critical_path(store, stage, run, rest, pool)
        return 0
    work = {"health": health, "classify": classify}[stage](store, run, rest)
    for n in range(rounds):
        order = (1, pool) if n % 2 == 0 else (pool, 1)
        results = {workers: timed(work, workers) for workers in order}
        for workers, (digest, wall, cpu) in results.items():
            print(
                f"{stage} round {n + 1} workers={workers}: {wall:.1f} s wall, {cpu:.1f} CPU-s, "
                f"sha256 {digest[:16]}",
                flush=True,
            )
        if len({digest for digest, _, _ in results.values()}) != 1:
            print("DIFFERENT answers", flush=True)
            return 1
    print("identical answers in every round")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
