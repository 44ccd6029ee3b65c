"""`auditor audit --redis URL --resume` after the coordinator was killed (kill -9) mid-run: the
workers go on, the resumed coordinator takes up the same job, the host groups merged before
the kill are not crawled again, and the audit finds what a single-process audit finds."""

from __future__ import annotations

import signal
import sqlite3
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from auditor.demo import DemoServer, write_inspection
from auditor.net.urls import canonicalize_url

FINDING_COLUMNS = "department, area, item, status, evidence, missing_channels, reason, deduction"


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute(sql).fetchall(), key=repr)


def merged(db: Path) -> int:
    """Host groups merged into the audit database so far (0 before it exists)."""
    try:
        with sqlite3.connect(db) as conn:
            return conn.execute("select count(*) from merged_groups").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def wait_for(condition: Any, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_resume_after_the_coordinator_was_killed(
    tmp_path: Path, redis_server: Any, run_cli: Any, spawn_cli: Any
) -> None:
    with DemoServer() as server:
        inspection = write_inspection(server, tmp_path / "world.toml")
        text = inspection.read_text("utf-8").replace("delay = 0.0", "delay = 0.1")
        inspection.write_text(text.replace("timeout = 3.0", "timeout = 20.0"), "utf-8")
        env = {"AUDITOR_CRAWL_PROCESSES": "1"}
        one = run_cli(
            "audit", str(inspection), "--out", str(tmp_path / "one"), "--no-lock", env=env
        )
        assert one.returncode == 0, one.stderr
        out = tmp_path / "dist"
        db = out / "auditor.db"
        args = ["audit", str(inspection), "--out", str(out), "--redis", redis_server.url]
        first = spawn_cli(*args)
        workers = [
            spawn_cli("worker", "--redis", redis_server.url, "--slots", "1") for _ in range(2)
        ]
        resumed = None
        try:
            wait_for(lambda: merged(db) >= 1 or first.poll() is not None)
            first.send_signal(signal.SIGKILL)
            first.communicate(timeout=30)
            before = {url for (url,) in rows(db, "select url from pages")}
            groups_before = merged(db)
            hosts = {urlsplit(url).netloc for (url,) in rows(db, "select url from sites")}
            assert before and groups_before < len(hosts), "the coordinator ended before the kill"
            mark = len(server.requests)
            resumed = spawn_cli(*args, "--resume", "--workers", "1")
            _, err = resumed.communicate(timeout=600)
            assert resumed.returncode == 0, err
            for proc in workers:
                _, worker_err = proc.communicate(timeout=120)
                assert proc.returncode == 0, worker_err
            again = {
                canonicalize_url(server.origins[host] + path)
                for host, method, path in server.requests[mark:]
                if method == "GET"
            }
        finally:
            for proc in [first, *workers, *([resumed] if resumed else [])]:
                if proc.poll() is None:
                    proc.kill()
                    proc.communicate(timeout=30)
    assert before & again == set()  # no page merged before the kill was fetched again
    findings = f"select {FINDING_COLUMNS} from findings"
    assert rows(db, findings) and rows(db, findings) == rows(tmp_path / "one/auditor.db", findings)
    for table in ("pages", "checks"):
        got = rows(db, f"select url from {table}")
        assert len(got) == len(set(got)), f"{table}: a URL stored twice"
        assert set(got) == set(rows(tmp_path / "one/auditor.db", f"select url from {table}"))
    assert len(rows(db, "select id from runs")) == 1  # the resume continued the killed run
    assert merged(db) == len(hosts)  # every host group once, in the same run
    assert "继续 Redis" in err


def test_a_single_machine_run_is_not_resumed_through_redis(
    tmp_path: Path, redis_server: Any, spawn_cli: Any, run_cli: Any
) -> None:
    """Its rows are not recorded by host group, so the groups to crawl are unknown: a clear
    refusal (exit 2) that says how to go on, and the run stays resumable on one machine."""
    with DemoServer() as server:
        inspection = write_inspection(server, tmp_path / "world.toml")
        text = inspection.read_text("utf-8").replace("delay = 0.0", "delay = 0.1")
        inspection.write_text(text, "utf-8")
        out = tmp_path / "out"
        crawl = spawn_cli("audit", str(inspection), "--out", str(out))
        try:
            wait_for(lambda: bool(rows_or_none(out / "auditor.db")) or crawl.poll() is not None)
            crawl.send_signal(signal.SIGKILL)
            crawl.communicate(timeout=30)
        finally:
            if crawl.poll() is None:
                crawl.kill()
        args = ["audit", str(inspection), "--out", str(out), "--redis", redis_server.url]
        refused = run_cli(*args, "--resume")
    assert refused.returncode == 2, refused.stderr
    assert "单机抓取" in refused.stderr and "提示" in refused.stderr
    assert "--resume" in refused.stderr and "Traceback" not in refused.stderr
    assert rows(out / "auditor.db", "select status from runs") == [("running",)]


def rows_or_none(db: Path) -> list[tuple[Any, ...]]:
    try:
        return rows(db, "select url from pages")
    except sqlite3.OperationalError:
        return []
