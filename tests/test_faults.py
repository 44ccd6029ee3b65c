"""Faults: SIGKILL at random moments of a multi-process crawl, then --resume, gives the findings
of an uninterrupted run with no page lost or stored twice; SIGINT writes a partial report; a
full disk is a clear error that leaves a consistent database (docs/reliability.md)."""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from auditor.demo import DemoServer, write_inspection
from auditor.store import Store

SEED = int(os.environ.get("AUDITOR_FAULT_SEED", "17"))
KILLS = 3


def _env(project_root, **extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(project_root), **extra}


def _slow(server: DemoServer, path: Path) -> Path:
    spec = write_inspection(server, path)
    spec.write_text(spec.read_text("utf-8").replace("delay = 0.0", "delay = 0.05"), "utf-8")
    return spec


def _rows(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("select count(*) from pages").fetchone()[0])
    except sqlite3.Error:
        return 0


def _status(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("select status from runs order by id desc").fetchone()[0])


def _findings(out: Path) -> dict[str, Any]:
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    items = sorted((i["department"], i["item"], i["status"]) for i in report["items"])
    broken = sorted(json.dumps(link, sort_keys=True, ensure_ascii=False) for link in
                    ({"url": b.get("url"), "reason": b.get("reason")} for b in report["broken_links"]))
    return {"items": items, "broken": broken, "pages": report["pages_crawled"]}


def _kill_during_crawl(command: list[str], db: Path, rows: int, env: dict[str, str]) -> bool:
    """Start the audit in its own process group; SIGKILL the whole group once `rows` pages
    are stored.  False when it finished its crawl before that moment."""
    proc = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while proc.poll() is None and _rows(db) < rows and time.monotonic() < deadline:
        time.sleep(0.05)
    if proc.poll() is not None:
        return False
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    return True


def test_sigkill_at_random_moments_then_resume_gives_the_same_findings(
    project_root, run_cli, tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    with DemoServer() as server:
        spec = _slow(server, tmp_path / "demo.toml")
        whole = run_cli("audit", str(spec), "--out", str(tmp_path / "whole"), "--quiet")
        assert whole.returncode == 0, whole.stderr
        out, db = tmp_path / "killed", tmp_path / "killed" / "auditor.db"
        base = [sys.executable, "-m", "auditor", "audit", str(spec), "--out", str(out), "--quiet"]
        env = _env(project_root, AUDITOR_CRAWL_PROCESSES="2")
        kills, threshold = 0, 0
        for attempt in range(KILLS):
            threshold += rng.randint(8, 30)
            command = base + (["--resume"] if attempt else [])
            if not _kill_during_crawl(command, db, threshold, env):
                break
            kills += 1
            assert _status(db) == "running"  # a kill leaves the run to be resumed
        if _status(db) == "running":
            final = run_cli(*base[3:], "--resume", env={"AUDITOR_CRAWL_PROCESSES": "2"})
            assert final.returncode == 0, final.stderr
    assert kills >= 2, f"seed {SEED}: the crawl ended before it could be killed twice"
    assert _findings(out) == _findings(tmp_path / "whole")
    with sqlite3.connect(db) as conn:
        twice = conn.execute(
            "select url from pages group by run_id, url having count(*) > 1"
        ).fetchall()
        runs = conn.execute("select status from runs").fetchall()
    assert twice == [] and len(runs) == 1


def test_sigint_writes_a_partial_report(project_root, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with DemoServer() as server:
        spec = _slow(server, tmp_path / "demo.toml")
        command = [sys.executable, "-m", "auditor", "audit", str(spec), "--out", str(out)]
        proc = subprocess.Popen(
            command, env=_env(project_root), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 60
        while _rows(out / "auditor.db") < 15 and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "--resume" in stderr and "Traceback" not in stderr
    assert (out / "report.html").exists() and (out / "report.json").exists()
    assert _status(out / "auditor.db") == "interrupted"


def _limit_file_size(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG


def _past_the_schema(tmp_path: Path, more: int) -> int:
    """A file size limit `more` bytes above what creating an empty store writes (its WAL
    holds the whole schema), so the disk fills during the crawl, not before a run exists,
    however the schema grows."""
    store = Store(tmp_path / "empty.db")
    written = max(p.stat().st_size for p in tmp_path.glob("empty.db*"))
    store.close()
    return written + more


@pytest.mark.timeout(240)
def test_full_disk_is_a_clear_error_and_the_database_stays_consistent(
    project_root, run_cli, tmp_path: Path
) -> None:
    """A full disk, simulated with RLIMIT_FSIZE (no mount needed in CI): every write past the
    limit fails as on a full disk, and the crawl can resume once space is back."""
    out, limit = tmp_path / "out", _past_the_schema(tmp_path, 200_000)
    with DemoServer() as server:
        spec = write_inspection(server, tmp_path / "demo.toml")
        command = [sys.executable, "-m", "auditor", "audit", str(spec), "--out", str(out), "-q"]
        full = subprocess.run(
            command, env=_env(project_root, AUDITOR_CRAWL_PROCESSES="1"), capture_output=True, text=True,
            timeout=180, preexec_fn=lambda: _limit_file_size(limit),
        )
        assert full.returncode == 2, full.stderr
        assert "错误:" in full.stderr and "提示:" in full.stderr, full.stderr
        assert "磁盘" in full.stderr or "大小限制" in full.stderr, full.stderr
        assert "Traceback" not in full.stderr + full.stdout
        with sqlite3.connect(out / "auditor.db") as conn:
            assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        resumed = run_cli(*command[3:], "--resume", env={"AUDITOR_CRAWL_PROCESSES": "1"})
    assert resumed.returncode == 0, resumed.stderr
