"""The distributed crawl's throughput with 1, 2, 4 … worker processes (docs/scale.md).

    python3 benchmarks/distributed.py [--sites 200] [--pages 10000] [--workers 1,2,4]

Generates a world of many small sites (benchmarks/bigworld.py, served by nginx on 127.0.0.1),
then runs `auditor audit --redis … --workers N` against a fresh redis-server for each N, and
a single-machine `auditor audit` for comparison.  Each row gives the pages stored, the crawl
stage's wall seconds (runs.timings), pages per crawl second, and CPU seconds per page of the
whole process tree (coordinator and workers, every stage) plus redis-server's own CPU.
bench.py calls `distributed_rows` for `benchmarks/run --redis-workers 1,2,4`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))  # tests/support is a package there

import bigworld  # noqa: E402
from measure import run  # noqa: E402
from report import Row  # noqa: E402
from support.redisserver import RedisServer  # noqa: E402

CLK_TCK = 100  # /proc/<pid>/stat counts CPU in clock ticks


def redis_server(work: Path, port: int | None = None) -> RedisServer:
    """A started throwaway redis-server (the tests' helper), its files under `work`, on
    `port` (else a free one)."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server 未安装:apt-get install redis-server")
    work.mkdir(parents=True, exist_ok=True)
    server = RedisServer(binary, work, port)
    server.start()
    return server


def cpu_seconds(server: RedisServer) -> float:
    """redis-server's own user+system CPU so far (/proc, in clock ticks)."""
    assert server.proc is not None
    stat = Path(f"/proc/{server.proc.pid}/stat").read_text()
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def distributed_rows(
    work: Path,
    inspection: Path,
    counts: list[int],
    timeout: float,
    env: dict[str, str],
    redis_port: int | None = None,
) -> list[tuple[Row, float]]:
    """(row, redis-server CPU seconds) for each worker count; Redis on `redis_port` (else a
    free port)."""
    from bench import stage_seconds, stored_pages

    out = []
    for count in counts:
        redis = redis_server(work / f"redis-{count}", redis_port)
        db = work / f"redis-{count}.db"
        for stale in work.glob(f"redis-{count}.db*"):
            stale.unlink()
        cmd = [sys.executable, "-m", "auditor", "audit", str(inspection)]
        cmd += ["--out", str(work / f"out-redis-{count}"), "--db", str(db), "-q"]
        cmd += ["--redis", redis.url, "--workers", str(count)]
        try:
            measured = run(cmd, work / f"redis-{count}.log", timeout, env)
            redis_cpu = cpu_seconds(redis)
        finally:
            redis.stop()
        row = Row(f"redis-{count}", measured, stored_pages(db), stage_seconds(db))
        out.append((row, redis_cpu))
    return out


def line(row: Row, redis_cpu: float = 0.0) -> str:
    crawl = row.stages.get("crawl", 0.0)
    rate = row.pages / crawl if crawl else 0.0
    cpu = row.measured.cpu + redis_cpu
    per_page = 1000 * cpu / row.pages if row.pages else 0.0
    return (
        f"| {row.name} | {row.pages} | {crawl:.1f} | {rate:.1f} | {row.measured.wall:.1f} | "
        f"{row.measured.cpu:.1f} | {redis_cpu:.1f} | {per_page:.1f} | {row.measured.returncode} |"
    )


HEADER = (
    "| run | pages | crawl s | pages/crawl s | wall s | CPU s (tree) | CPU s (redis) "
    "| CPU ms/page | exit |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def main() -> None:
    import bench
    from nginx import Nginx

    args = parse_args()
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    world = work / f"world-{args.pages}-{args.sites}-{args.base_port}"
    if not (world / "world.json").exists():
        bigworld.generate(world, args.pages, args.sites, args.base_port)
    inspection = work / "inspection.toml"
    inspection.write_text(bench.inspection_text(world, work), "utf-8")
    lines = [HEADER]
    with Nginx(world, work / "nginx"):
        if not args.skip_single:
            db = work / "single.db"
            for stale in work.glob("single.db*"):
                stale.unlink()
            lines.append(line(bench.audit(work, inspection, db, "single", args.timeout)))
            print(lines[-1], flush=True)
        for row, redis_cpu in distributed_rows(
            work, inspection, args.workers, args.timeout, bench.env(), redis_port(args)
        ):
            lines.append(line(row, redis_cpu))
            print(lines[-1], flush=True)
    (work / "distributed.md").write_text("\n".join(lines) + "\n", "utf-8")
    print("\n".join(lines))


def redis_port(args: argparse.Namespace) -> int:
    """Redis listens just above the world's sites and its outside site, so a run stays in
    the ports from --base-port up."""
    return int(args.base_port + args.sites + 2)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--work", type=Path, default=Path("/tmp/auditor-bench-redis"))
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--skip-single", action="store_true")
    parser.add_argument(
        "--base-port", type=int, default=bigworld.BASE_PORT, help="the first site's port"
    )
    args = parser.parse_args()
    args.workers = [int(n) for n in args.workers.split(",") if n.strip()]
    return args


if __name__ == "__main__":
    main()
