"""Two overlapping scheduled runs on one database: one runs, the other steps aside (exit 75)
or waits its turn with --wait."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from auditor.workflows.lock import EXIT_LOCKED, LockedError, RunLock, lock_path


def test_second_holder_is_refused_with_the_first_ones_pid(tmp_path: Path) -> None:
    db = tmp_path / "auditor.db"
    with RunLock(db), pytest.raises(LockedError) as refused, RunLock(db):
        pass
    assert refused.value.exit_code == EXIT_LOCKED == 75
    assert f"进程 {os.getpid()}" in refused.value.message
    assert lock_path(db) == tmp_path / "auditor.db.lock"


def test_lock_is_free_again_after_the_block(tmp_path: Path) -> None:
    with RunLock(tmp_path / "auditor.db"):
        pass
    with RunLock(tmp_path / "auditor.db"):
        pass


def test_wait_takes_the_lock_when_the_other_run_ends(tmp_path: Path) -> None:
    db = tmp_path / "auditor.db"
    first = RunLock(db).__enter__()
    threading.Timer(0.4, first.__exit__, (None, None, None)).start()
    started = time.monotonic()
    with RunLock(db, wait=True, timeout=10):
        waited = time.monotonic() - started
    assert 0.3 < waited < 5


def test_wait_gives_up_after_its_timeout(tmp_path: Path) -> None:
    db = tmp_path / "auditor.db"
    with RunLock(db), pytest.raises(LockedError):
        RunLock(db, wait=True, timeout=0.3).__enter__()


def _audit(
    project_root, inspection: Path, out: Path, db: Path, *extra: str
) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(project_root)}
    command = [sys.executable, "-m", "auditor", "audit", str(inspection), "-q"]
    command += ["--out", str(out), "--db", str(db), *extra]
    return subprocess.Popen(command, cwd=project_root, env=env, text=True, stderr=subprocess.PIPE)


def _wait_for(condition: Callable[[], object], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


def test_two_overlapping_audits_do_not_both_run(project_root, tinyworld, tmp_path: Path) -> None:
    db, log = tmp_path / "auditor.db", tmp_path / "audit.log"
    with tinyworld.TinyWorld(delay=0.5) as world:  # every page takes 0.5 s: the runs overlap
        inspection = world.inspection(tmp_path / "inspection.toml")
        first = _audit(project_root, inspection, tmp_path / "a", db, "--log-file", str(log))
        _wait_for(lambda: lock_path(db).is_file() and lock_path(db).read_text().strip())
        second = _audit(project_root, inspection, tmp_path / "b", db, "--log-file", str(log))
        second_err = second.communicate(timeout=60)[1]
        first_err = first.communicate(timeout=120)[1]
    assert first.returncode == 0, first_err
    assert second.returncode == EXIT_LOCKED, second_err
    assert "正在使用数据库,本次未运行" in second_err
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from runs").fetchone()[0] == 1
    text = log.read_text(encoding="utf-8")
    assert "失败(退出码 75)" in text and "检查完成(第 1 次)" in text
