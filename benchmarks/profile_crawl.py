"""Profile the crawl of an inspection in this process: where does the CPU go per page?

    python3 benchmarks/profile_crawl.py /tmp/perf0/inspection.toml [--db X] [--top 40]
    python3 benchmarks/profile_crawl.py /tmp/perf0/inspection.toml --no-profile

The crawl runs all hosts in one Scrapy process (as AUDITOR_CRAWL_PROCESSES=1 would), in this
process, so cProfile sees the spiders' callbacks.  CPU is this process's user+system time
(wall time is meaningless on a shared machine); cProfile inflates it, so --no-profile gives
the figure to compare between changes, and the profile says where it goes.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.crawl.job import Job  # noqa: E402
from auditor.crawl.process import crawl_in_process  # noqa: E402
from auditor.crawl.run import group_by_host, open_run  # noqa: E402
from auditor.inspection.file import load_inspection  # noqa: E402
from auditor.store import Store  # noqa: E402


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def crawl_once(inspection_path: Path, db: Path) -> tuple[Store, int]:
    """A first crawl of the inspection into a fresh store, all hosts in this process."""
    inspection = load_inspection(inspection_path)
    store = Store(db)
    run_id, _ = open_run(store, inspection, resume=False)
    groups = [[site.key for site in group] for group in group_by_host(inspection.all_sites)]
    job = Job(inspection, str(db), run_id, False, None, groups, None, None)
    crawl_in_process(job, store, None, quiet=True)
    return store, run_id


def counts(store: Store, run_id: int) -> tuple[int, int]:
    pages = store.count_pages(run_id)
    checks = store.db.execute("select count(*) from checks where run_id = ?", [run_id])
    return pages, checks.fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inspection", type=Path)
    parser.add_argument("--db", type=Path, help="store file (default: a temporary one)")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--no-profile", action="store_true", help="measure CPU only")
    parser.add_argument("--save", type=Path, help="write the raw profile here")
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp(prefix="profile-crawl-")) / "crawl.db"
    if db.exists():
        sys.exit(f"{db} exists: give a new store file")
    profiler = None if args.no_profile else cProfile.Profile()
    start = cpu_seconds()
    if profiler is not None:
        profiler.enable()
    store, run_id = crawl_once(args.inspection, db)
    if profiler is not None:
        profiler.disable()
    cpu = cpu_seconds() - start
    pages, checks = counts(store, run_id)
    if profiler is not None:
        report(profiler, args.top, args.save)
    label = "profiled" if profiler is not None else "unprofiled"
    print(f"{pages} pages, {checks} checks, {cpu:.1f} CPU-s ({label})")
    print(f"CPU per page: {1000 * cpu / max(pages, 1):.2f} ms")


def report(profiler: cProfile.Profile, top: int, save: Path | None) -> None:
    stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs()
    if save is not None:
        stats.dump_stats(str(save))
    for key in ("cumulative", "tottime"):
        print(f"\n=== top {top} by {key} ===")
        stats.sort_stats(key).print_stats(top)


if __name__ == "__main__":
    main()
