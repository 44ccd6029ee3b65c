"""Kill a crawl mid-way, resume it: nothing stored is lost or fetched again, and it completes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from auditor.demo import DemoServer, load_truth, write_inspection
from auditor.net.urls import canonicalize_url


def slow_inspection(server: DemoServer, tmp_path: Path) -> Path:
    path = write_inspection(server, tmp_path / "demo.toml")
    text = path.read_text(encoding="utf-8").replace("delay = 0.0", "delay = 0.1")
    assert "delay = 0.1" in text
    path.write_text(text, encoding="utf-8")
    return path


def stored(db: Path) -> set[str]:
    if not db.exists():
        return set()
    with sqlite3.connect(db) as conn:
        try:
            sql = "select url from pages union select url from checks"
            return {r[0] for r in conn.execute(sql)}
        except sqlite3.OperationalError:
            return set()


def link_indexes(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        sql = "select name from sqlite_master where type = 'index' and tbl_name = 'links'"
        return {r[0] for r in conn.execute(sql)}


def crawl_until(project_root, inspection: Path, db: Path, pages: int, sig: int) -> None:
    env = {**os.environ, "PYTHONPATH": str(project_root)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "auditor", "crawl", str(inspection), "--db", str(db)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while len(stored(db)) < pages and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
    assert proc.poll() is None, "the crawl finished before it could be interrupted"
    proc.send_signal(sig)
    proc.wait(timeout=60)


def fetched_urls(server: DemoServer, since: int) -> list[str]:
    return [
        canonicalize_url(server.origins[host] + path)
        for host, method, path in server.requests[since:]
        if method == "GET" and "robots.txt" not in path and "auditor-probe" not in path
    ]


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["crash", "sigterm"])
def test_resume_loses_nothing_and_refetches_nothing(
    project_root, run_cli, tmp_path: Path, sig: int
) -> None:
    db = tmp_path / "a.db"
    with DemoServer() as server:
        inspection = slow_inspection(server, tmp_path)
        crawl_until(project_root, inspection, db, pages=25, sig=sig)
        before = stored(db)
        assert len(before) >= 25
        # the first crawl wrote its links without their indexes, which it builds when it
        # ends (a Ctrl-C or SIGTERM too), and the resume's opening when it could not
        assert (link_indexes(db) == set()) == (sig == signal.SIGKILL)
        mark = len(server.requests)
        result = run_cli("crawl", str(inspection), "--db", str(db), "--resume")
        assert result.returncode == 0, result.stderr
        refetched = set(fetched_urls(server, mark)) & before
        truth = load_truth(server)
        origins = dict(server.origins)
    assert refetched == set()
    after = stored(db)
    for spec in truth["pages"].values():
        expected = {canonicalize_url(origins[spec["host"]] + p) for p in spec["reach"]}
        assert expected <= after
    with sqlite3.connect(db) as conn:
        runs = conn.execute("select status from runs").fetchall()
    assert runs == [("crawled",)]
    assert len(link_indexes(db)) == 3


def test_resume_without_an_interrupted_run_is_a_clear_error(run_cli, tmp_path: Path) -> None:
    with DemoServer() as server:
        inspection = write_inspection(server, tmp_path / "demo.toml")
        result = run_cli("crawl", str(inspection), "--db", str(tmp_path / "new.db"), "--resume")
    assert result.returncode == 2
    assert "没有可继续的抓取" in result.stderr
    assert "Traceback" not in result.stderr


def test_interrupted_audit_writes_a_partial_report_and_exits_130(
    project_root, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    with DemoServer() as server:
        inspection = slow_inspection(server, tmp_path)
        env = {**os.environ, "PYTHONPATH": str(project_root)}
        command = [sys.executable, "-m", "auditor", "audit", str(inspection), "--out", str(out)]
        proc = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 60
        while len(stored(out / "auditor.db")) < 25 and time.monotonic() < deadline:
            time.sleep(0.1)
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "--resume" in stderr and "Traceback" not in stderr
    assert (out / "report.html").exists()
    with sqlite3.connect(out / "auditor.db") as conn:
        assert conn.execute("select status from runs").fetchall() == [("interrupted",)]
