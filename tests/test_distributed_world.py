"""A distributed audit (Redis + several `auditor worker` processes) finds what a single-process
audit of the same loopback world finds, even when a worker is killed with SIGKILL mid-run or
Redis restarts empty mid-run; workers exit by themselves once nothing is left to crawl."""

from __future__ import annotations

import pickle
import signal
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from auditor.demo import DemoServer, write_inspection

FINDING_COLUMNS = "department, area, item, status, evidence, missing_channels, reason, deduction"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, run_cli: Any) -> Iterator[dict[str, Any]]:
    """The loopback world, slowed (a delay per host) so a run lasts long enough to be hurt,
    and its single-process audit."""
    tmp = tmp_path_factory.mktemp("distributed")
    with DemoServer() as server:
        inspection = write_inspection(server, tmp / "world.toml")
        text = inspection.read_text("utf-8").replace("delay = 0.0", "delay = 0.1")
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
        sql = f"select url from {table}"
        assert rows(distributed, sql) == rows(single, sql), table


def holders(url: str) -> dict[str, str]:
    """Attempt tokens of the groups being crawled now (token = host-pid-random)."""
    import redis

    client = redis.Redis.from_url(url)
    body = client.get("auditor:job")
    if not isinstance(body, bytes):
        return {}
    job_id = pickle.loads(body).id
    running = client.hgetall(f"auditor:{job_id}:running")
    return {_text(g): _text(t) for g, t in running.items()}


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def wait_for(condition: Any, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


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
    # kill the first worker while it holds a group it has started crawling
    wait_for(lambda: any(f"-{victim.pid}-" in t for t in holders(redis_server.url).values()))
    time.sleep(1.0)
    assert any(f"-{victim.pid}-" in t for t in holders(redis_server.url).values())
    victim.send_signal(signal.SIGKILL)
    _, err = coordinator.communicate(timeout=240)
    assert coordinator.returncode == 0, err
    for proc in workers[1:]:
        proc.wait(timeout=60)  # they stop by themselves: nothing left, nobody busy
        assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    same_result(world["single"], db)


def test_redis_restarting_empty_mid_run(
    world: dict[str, Any], redis_server: Any, spawn_cli: Any
) -> None:
    coordinator, db = distributed_audit(spawn_cli, world, redis_server.url, "restart")
    workers = [spawn_cli("worker", "--redis", redis_server.url, "--slots", "2") for _ in range(2)]
    wait_for(lambda: bool(holders(redis_server.url)))
    time.sleep(1.0)
    redis_server.restart(down_seconds=1.0)
    _, err = coordinator.communicate(timeout=300)
    assert coordinator.returncode == 0, err
    assert "Redis 可能已重启" in err
    for proc in workers:
        proc.wait(timeout=60)
        assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
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
