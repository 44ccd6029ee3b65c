"""A distributed audit (Redis + several `auditor worker` processes) finds what a single-process
audit of the same loopback world finds, even when a worker is killed with SIGKILL mid-run or
Redis restarts empty mid-run; workers exit by themselves once nothing is left to crawl."""

from __future__ import annotations

import pickle
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from auditor.demo import DemoServer, write_inspection

FINDING_COLUMNS = "department, area, item, status, evidence, missing_channels, reason, deduction"
# Bounds, not pauses: every wait below ends as soon as its condition holds.
RUN_SECONDS = 600  # a whole distributed audit of the world on a loaded 2-core machine
EXIT_SECONDS = 120  # a worker's exit once the coordinator is done


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, run_cli: Any) -> Iterator[dict[str, Any]]:
    """The loopback world, slowed (a delay per host) so a run lasts long enough to be hurt,
    and its single-process audit.  The download timeout is generous: on a loaded machine a
    page answered late would otherwise become a timed-out check in one run and a page in the
    other, which says nothing about the distributed crawl."""
    tmp = tmp_path_factory.mktemp("distributed")
    with DemoServer() as server:
        inspection = write_inspection(server, tmp / "world.toml")
        text = inspection.read_text("utf-8").replace("delay = 0.0", "delay = 0.1")
        text = text.replace("timeout = 3.0", "timeout = 20.0")
        inspection.write_text(text, "utf-8")
        env = {"AUDITOR_CRAWL_PROCESSES": "1"}
        one = run_cli("audit", str(inspection), "--out", str(tmp / "one"), "--no-lock", env=env)
        assert one.returncode == 0, one.stderr
        yield {"inspection": inspection, "tmp": tmp, "single": tmp / "one" / "auditor.db"}


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute(sql).fetchall(), key=repr)


def same_result(single: Path, distributed: Path) -> None:
    findings = f"select {FINDING_COLUMNS} from findings"
    assert rows(single, findings) and rows(distributed, findings) == rows(single, findings)
    for table in ("pages", "checks"):
        got = rows(distributed, f"select url from {table}")
        want = rows(single, f"select url from {table}")
        assert len(got) == len(set(got)), f"{table}: a URL stored twice"
        missing, extra = sorted(set(want) - set(got)), sorted(set(got) - set(want))
        assert not missing and not extra, f"{table}: missing {missing}, extra {extra}"


@contextmanager
def processes(*procs: subprocess.Popen[str]) -> Iterator[None]:
    """Whatever the test's outcome, no coordinator or worker outlives it."""
    try:
        yield
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.communicate(timeout=30)


def job_id(client: Any) -> str | None:
    body = client.get("auditor:job")
    return pickle.loads(body).id if isinstance(body, bytes) else None


def holders(url: str) -> dict[str, str]:
    """Attempt tokens of the groups being crawled now (token = host-pid-random)."""
    import redis

    client = redis.Redis.from_url(url)
    job = job_id(client)
    if job is None:
        return {}
    running = client.hgetall(f"auditor:{job}:running")
    return {_text(g): _text(t) for g, t in running.items()}


def crawling(url: str, pid: int | None = None) -> bool:
    """True while an attempt (of worker `pid`, if given) that holds its group has requests
    waiting in its scrapy-redis queue or has claimed a check: its crawl is under way (a page
    was parsed) and not handed in.  (The queue rises and falls between samples; a claim stays.)"""
    import redis

    client = redis.Redis.from_url(url)
    job = job_id(client)
    if job is None:
        return False
    tokens = [t for t in holders(url).values() if pid is None or f"-{pid}-" in t]
    keys = client.keys(f"auditor:{job}:*:requests")
    if any(client.zcard(k) > 0 for k in keys for t in tokens if t in _text(k)):
        return True
    claimers = {_text(v).split(":", 1)[-1] for v in client.hvals(f"auditor:{job}:claims")}
    return any(t in claimers for t in tokens)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def wait_for(condition: Callable[[], bool], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def finish(coordinator: subprocess.Popen[str], workers: list[subprocess.Popen[str]]) -> str:
    """The coordinator's stderr once it succeeded and every worker stopped by itself."""
    _, err = coordinator.communicate(timeout=RUN_SECONDS)
    assert coordinator.returncode == 0, err
    for proc in workers:
        _, worker_err = proc.communicate(timeout=EXIT_SECONDS)  # nothing left, nobody busy
        assert proc.returncode == 0, worker_err
    return err


def distributed_audit(spawn_cli: Any, world: dict[str, Any], url: str, name: str) -> Any:
    out = world["tmp"] / name
    coordinator = spawn_cli("audit", str(world["inspection"]), "--out", str(out), "--redis", url)
    return coordinator, out / "auditor.db"


def test_killed_worker_loses_nothing(
    world: dict[str, Any], redis_server: Any, spawn_cli: Any
) -> None:
    coordinator, db = distributed_audit(spawn_cli, world, redis_server.url, "killed")
    workers = [spawn_cli("worker", "--redis", redis_server.url, "--slots", "2") for _ in range(3)]
    victim = workers[0]
    with processes(coordinator, *workers):
        # kill the first worker while a group it holds is well under way
        wait_for(lambda: crawling(redis_server.url, victim.pid))
        victim.send_signal(signal.SIGKILL)
        finish(coordinator, workers[1:])
    same_result(world["single"], db)


def test_redis_restarting_empty_mid_run(
    world: dict[str, Any], redis_server: Any, spawn_cli: Any
) -> None:
    coordinator, db = distributed_audit(spawn_cli, world, redis_server.url, "restart")
    workers = [spawn_cli("worker", "--redis", redis_server.url, "--slots", "2") for _ in range(2)]
    with processes(coordinator, *workers):
        wait_for(lambda: crawling(redis_server.url))  # mid-run: a group is under way
        redis_server.restart(down_seconds=1.0)
        err = finish(coordinator, workers)
    assert "Redis 可能已重启" in err
    same_result(world["single"], db)


def test_worker_without_a_job_says_so(redis_server: Any, run_cli: Any) -> None:
    result = run_cli("worker", "--redis", redis_server.url, "--wait", "0")
    assert result.returncode == 2
    assert "没有待抓取的检查任务" in result.stderr and "auditor audit --redis" in result.stderr


def test_unreachable_redis_is_a_clear_error(
    tmp_path: Path, redis_server: Any, run_cli: Any
) -> None:
    port = redis_server.port
    redis_server.stop()
    result = run_cli("worker", "--redis", f"redis://127.0.0.1:{port}/0", "--wait", "0")
    assert result.returncode == 2 and "无法连接 Redis" in result.stderr
    assert "Traceback" not in result.stderr
