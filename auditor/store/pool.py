"""A stage's independent pieces of work (one site's health, a slice of pages to classify)
computed in worker processes that read the store, while the parent alone writes.

Why processes: a stage after the crawl is pure Python on one core, and a district's audit
has sites (and pages) that do not depend on each other.  Each worker opens the database
itself, read-only (`Store(path, read_only=True)`; immutable when the parent's store is), and
receives and returns only small picklable values: a site row, a run id, a result dict or
typed rows.  SQLite allows one writer: whatever a stage writes, the parent writes.

Why 'spawn': the parent holds an open SQLite connection that has written (and will write
again).  SQLite forbids carrying a connection across fork(): the child would inherit its file
descriptors and POSIX locks, and closing or using them there can break the parent's locks.
A spawned worker is a fresh interpreter that never sees the parent's connection; it costs an
import of the stage (about half a second per worker, in parallel), which is why a stage only
starts a pool when its work is large enough (pool_workers).  'forkserver' would be as safe
(its server is a fresh process too) and start workers faster only with the stage's modules
preloaded; 'spawn' is what the crawl's processes use already.  The workers read while the
parent writes (classify streams its rows into `matches` as the slices come back): the store
is in WAL mode, where readers and the one writer do not block each other.

Errors: a worker's exception is re-raised in the parent by concurrent.futures, whole (an
AuditorError keeps its hint and exit code, see auditor/errors.py), and results are awaited in
task order, so the first failing task in order is the one reported, as in one process.  A
worker that dies (killed, out of memory) breaks the pool: that becomes a clear InternalError
(exit 3) instead of a hang, and the pending tasks are cancelled.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from auditor.collector import tune_collector
from auditor.errors import InternalError
from auditor.store import Store

WORKERS_ENV = "AUDITOR_WORKERS"  # a count of worker processes; 1 computes in the parent
POOL_MIN_PAGES = 10_000  # smaller runs stay in one process (see pool_workers)

R = TypeVar("R")
_STORE: list[Store] = []  # the worker's own read-only store (set by _open_store)


def cores() -> int:
    """The CPUs this process may run on (os.process_cpu_count on Python 3.13+)."""
    counter = getattr(os, "process_cpu_count", None)
    if counter is not None:
        return int(counter() or 1)
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def pool_workers(tasks: int, pages: int) -> int:
    """How many worker processes a stage should use for `tasks` independent tasks over
    `pages` pages: AUDITOR_WORKERS when set to a positive number, else one per core, but one
    (no pool: all in the parent) under POOL_MIN_PAGES pages, where starting the workers
    (half a second each, importing the stage) costs more than it saves; never more than
    the tasks, never less than one."""
    wanted = os.environ.get(WORKERS_ENV, "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        count = int(wanted)
    else:
        count = cores() if pages >= POOL_MIN_PAGES else 1
    return max(1, min(count, tasks))


def spare_core(pages: int) -> bool:
    """Whether one piece of a stage is worth a worker process of its own: the parent does
    other work meanwhile, so a single task uses a second core.  `pool_workers`' rule for two
    tasks (a second core, a run of POOL_MIN_PAGES pages, AUDITOR_WORKERS not 1)."""
    return pool_workers(2, pages) > 1


def worker_store() -> Store:
    """The read-only Store of this worker process."""
    if not _STORE:
        raise RuntimeError("worker_store() is only available in a store pool's worker")
    return _STORE[0]


def die_with_parent() -> None:
    """If the parent is killed (kill -9, a crash), its worker processes go with it: a crawl
    process never races a --resume while still writing to the same run, and a stage's idle
    worker never waits forever on a queue it holds both ends of."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:
        os._exit(1)


def _open_store(path: str, immutable: bool) -> None:
    die_with_parent()
    # Ctrl-C reaches the whole process group: the parent decides, workers keep quiet
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _STORE.append(Store(path, read_only=True, immutable=immutable))
    tune_collector()


def start_in_order(
    store: Store,
    function: Callable[..., R],
    tasks: Sequence[tuple[Any, ...]],
    weights: Sequence[int],
    workers: int,
    what: str,
) -> Iterator[R]:
    """`function(*task)` for every task, in `workers` spawned processes reading `store`;
    the heaviest tasks start first (the last to start are the shortest).  The results are
    yielded in task order as they are ready, so the parent can do its own share meanwhile
    and write them as they come.  The iterator must be consumed (the pool is shut down at
    its end, or on its first error).  `what` names the work in the message of a dead
    worker."""
    order = sorted(range(len(tasks)), key=lambda i: -weights[i])
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_open_store,
        initargs=(str(store.path), store.immutable),
    )
    try:  # a worker may die while the tasks are still being handed out (and the next
        # worker being started: its start-up pipe is then closed under it, an OSError, or
        # the descriptors it was to inherit are, a ValueError from fork_exec: "bad value(s)
        # in fds_to_keep", seen in tests/test_stage_pool.py)
        futures: dict[int, Future[R]] = {i: pool.submit(function, *tasks[i]) for i in order}
    except (BrokenProcessPool, OSError, ValueError) as error:
        _kill_workers()
        pool.shutdown(wait=True, cancel_futures=True)
        raise _dead_worker(what) from error
    return _in_order(pool, [futures[i] for i in range(len(tasks))], what)


def stop_started(results: Iterator[Any]) -> None:
    """Stop the work behind `start_in_order`'s results when they will not be read (the
    caller failed, or was interrupted, before reading them): the workers are killed and the
    iterator closed, so the command neither waits for nor leaves behind the stage's
    processes.  Any other iterator is only closed."""
    if getattr(results, "gi_code", None) is _in_order.__code__:
        _kill_workers()
    close = getattr(results, "close", None)
    if close is not None:
        close()


def _in_order(pool: ProcessPoolExecutor, futures: list[Future[R]], what: str) -> Iterator[R]:
    try:
        for future in futures:
            yield future.result()
    except BrokenProcessPool as error:
        _kill_workers()
        raise _dead_worker(what) from error
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _kill_workers() -> None:
    """After a worker died, kill the others before shutting the pool down.  Python 3.11's
    executor terminates the workers it knows and joins them; a worker it was still starting
    when the first died never gets its start-up data, waits on its pipe and is never
    signalled, so the join (and the whole command) hung (seen in tests/test_stage_pool.py).
    The stage's live child processes are all this pool's workers."""
    for child in multiprocessing.active_children():
        child.kill()


def _dead_worker(what: str) -> InternalError:
    return InternalError(
        f"{what}时一个子进程意外退出(可能内存不足或被系统终止)。",
        f"已存储的抓取结果保持完整,可重新运行;设置环境变量 {WORKERS_ENV}=1 可在单个进程中计算。",
    )
