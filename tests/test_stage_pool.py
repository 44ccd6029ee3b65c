"""Site health and page classification computed by a pool of worker processes write the same
matches and reports as one process, and a worker that fails or dies gives a clear message and
a non-zero exit, never a hang (issue 18, fifth round)."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from auditor.errors import EXIT_INTERNAL, InputError, InternalError
from auditor.health import site_health_started
from auditor.inspection.serious_rules import parse_serious
from auditor.report import build_report, report_files, write_reports
from auditor.report.broken import read_link_lists
from auditor.report.changes import report_changes
from auditor.store import Store
from auditor.store.pool import WORKERS_ENV, start_in_order, stop_started

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def audited(run_cli, tinyworld, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A real audit of a small district (two departments and the platform) on 127.0.0.1
    and a repeat of it, then the repeat's reports (with the changes since the first) written
    again from the database by one process and by a pool of two."""
    tmp = tmp_path_factory.mktemp("pool")
    db = tmp / "audit" / "auditor.db"
    with tinyworld.TinyWorld() as world:
        inspection = world.inspection(tmp / "i.toml")
        result = run_cli("audit", str(inspection), "--out", str(tmp / "audit"), "--quiet")
        assert result.returncode == 0, result.stderr
        repeat = run_cli(
            "audit", str(inspection), "--out", str(tmp / "repeat"), "--db", str(db), "--quiet"
        )
    assert repeat.returncode == 0, repeat.stderr
    alone = stored_matches(db)
    # classify the stored crawl again, with a pool (and the link lists read by a worker
    # while it classifies and judges), then without
    for workers, name in (("2", "again"), ("1", "again-1")):
        again = run_cli(
            "audit",
            str(inspection),
            "--out",
            str(tmp / name),
            "--db",
            str(db),
            "--reuse-crawl",
            "1",
            "--quiet",
            env={WORKERS_ENV: workers},
        )
        assert again.returncode == 0, again.stderr
        if workers == "2":
            pooled = stored_matches(db)
    for workers in ("1", "2"):
        out = tmp / f"workers-{workers}"
        env = {WORKERS_ENV: workers}
        written = run_cli("report", "--db", str(db), "--out", str(out), env=env)
        assert written.returncode == 0, written.stderr
    return {"tmp": tmp, "db": db, "alone": alone, "pooled": pooled}


def stored_matches(db: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("select * from matches where run_id = 1 order by rowid").fetchall()


def test_the_pool_classifies_the_pages_as_one_process(audited: dict[str, Any]) -> None:
    """Every match, in the same order, as the audit's own single-process classification."""
    pages = [row for row in audited["alone"] if "page" in row]
    assert len(pages) >= 3
    assert audited["pooled"] == audited["alone"]


def test_the_pool_writes_the_same_reports(audited: dict[str, Any]) -> None:
    """Site health, the changes since the last run and the tables (XLSX, CSV) are computed
    or written by worker processes with a pool, in this process without."""
    one, two = audited["tmp"] / "workers-1", audited["tmp"] / "workers-2"
    report = json.loads((one / "report.json").read_text("utf-8"))
    assert len(report["health"]) >= 3 and all(site["indicators"] for site in report["health"])
    assert report["changes"]["previous_run"]["id"] == 1 and report["changes"]["trend"]
    for name in ("report.json", "report.html", "scores.csv", "broken_links.csv", "findings.csv"):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    assert workbook_cells(one / "findings.xlsx") == workbook_cells(two / "findings.xlsx")


def test_the_link_lists_read_while_classify_runs_are_the_same(audited: dict[str, Any]) -> None:
    """An audit's broken and unchecked links read by a worker as soon as the crawl is over
    (report.broken.link_lists_started) are those the report reads itself without a pool."""
    pooled, alone = audited["tmp"] / "again", audited["tmp"] / "again-1"
    lists = ("broken_links", "unchecked_links")
    one, two = (json.loads((d / "report.json").read_text("utf-8")) for d in (alone, pooled))
    assert one["broken_links"]
    assert {k: one[k] for k in lists} == {k: two[k] for k in lists}
    name = "broken_links.csv"
    assert (alone / name).read_bytes() == (pooled / name).read_bytes()


def test_the_changes_from_failed_links_read_beforehand_are_the_same(
    audited: dict[str, Any],
) -> None:
    """The link lists carry both runs' failed links, which the changes since the last run
    then do not read again; the changes are those read by themselves."""
    store = Store(audited["db"])
    try:
        lists = read_link_lists(store, 2, None)
        assert set(lists.failed_pairs) == {1, 2} and lists.failed_pairs[2]
        given = report_changes(store, 2, None, lists.failed_pairs)
        assert given == report_changes(store, 2) and given["previous_run"]["id"] == 1
    finally:
        store.close()


def workbook_cells(path: Path) -> list[list[tuple[Any, ...]]]:
    book = openpyxl.load_workbook(path)
    return [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]


def test_the_sites_keep_the_inspection_order(audited: dict[str, Any]) -> None:
    report = json.loads((audited["tmp"] / "workers-2" / "report.json").read_text("utf-8"))
    store = Store(audited["db"], read_only=True)
    keys = [site["key"] for site in store.sites(int(report["inspection"]["run_id"]))]
    store.close()
    assert [site["key"] for site in report["health"]] == keys


def test_an_error_in_a_worker_is_the_error_of_one_process(audited: dict[str, Any]) -> None:
    """The user's message (text, hint, exit code) crosses the process boundary whole."""
    with pytest.raises(InputError) as alone:
        parse_serious("leaders", "区检查.toml")
    store = Store(audited["db"], read_only=True)
    with pytest.raises(InputError) as pooled:
        list(
            start_in_order(
                store, parse_serious, [("leaders", "区检查.toml")] * 3, [1, 2, 3], 2, "检查"
            )
        )
    store.close()
    assert (pooled.value.message, pooled.value.hint) == (alone.value.message, alone.value.hint)
    assert pooled.value.exit_code == alone.value.exit_code == 2


def test_a_killed_worker_ends_the_report_with_a_clear_message(audited: dict[str, Any]) -> None:
    """A worker killed by the system (out of memory) stops the report stage with exit 3 and
    a message naming the stage, instead of waiting forever for its sites."""
    proc = _pooled_report(audited, "killed", subprocess.PIPE)
    worker = _first_worker(proc)
    os.kill(worker, signal.SIGKILL)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == EXIT_INTERNAL, stderr
    # the first worker found: site health's, or the changes' or the tables' own
    assert re.search("(统计站点健康度|比较前后两次检查|写出表格文件)时一个子进程意外退出", stderr)
    assert "提示:" in stderr
    assert "Traceback" not in stderr


def _pooled_report(audited: dict[str, Any], out: str, output: int) -> subprocess.Popen[Any]:
    """`auditor report` of the audited world with two pool workers, started, not awaited."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), WORKERS_ENV: "2"}
    args = ["report", "--db", str(audited["db"]), "--out", str(audited["tmp"] / out)]
    return subprocess.Popen(
        [sys.executable, "-m", "auditor", *args],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=output,
        text=True,
    )


def _first_worker(proc: subprocess.Popen[Any]) -> int:
    """The pid of the first spawned pool worker of `proc` (a child running spawn_main)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        for child in _children(proc.pid):
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
            if b"spawn_main" in cmdline:
                return child
        time.sleep(0.005)
    raise AssertionError(f"no worker process was started: {proc.communicate()}")


def _children(pid: int) -> list[int]:
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        text = " ".join(Path(t, "children").read_text() for t in tasks)
    except OSError:
        return []
    return [int(child) for child in text.split()]


def test_the_workers_die_with_a_killed_report(audited: dict[str, Any]) -> None:
    """kill -9 of the command leaves no worker process behind, waiting forever."""
    proc = _pooled_report(audited, "gone", subprocess.DEVNULL)
    worker = _first_worker(proc)
    deadline = time.monotonic() + 60
    while not _reads(worker, audited["db"]) and time.monotonic() < deadline:
        time.sleep(0.002)  # until the worker has started and opened the database
    proc.kill()
    proc.wait(timeout=30)
    deadline = time.monotonic() + 30
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(worker)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _reads(pid: int, db: Path) -> bool:
    try:
        return any(str(db) in os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False


def test_health_started_and_left_unread_leaves_no_worker(
    audited: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report starts site health's workers before it builds the rest; when the rest
    fails (or is interrupted), `stop_started` ends the workers instead of leaving them to
    finish sites nobody reads, and the next report's health is whole."""
    monkeypatch.setenv(WORKERS_ENV, "2")
    store = Store(audited["db"], read_only=True)
    run = (store.latest_run() or {})["id"]
    started = site_health_started(store, run, "2014-11-20")
    assert len(multiprocessing.active_children()) == 2
    stop_started(started)
    deadline = time.monotonic() + 10
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert multiprocessing.active_children() == []
    again = [site["key"] for site in site_health_started(store, run, "2014-11-20")]
    assert again == [site["key"] for site in store.sites(run)]
    store.close()


def test_tables_written_while_health_computes_are_the_same_files(
    audited: dict[str, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`report_files` writes the XLSX and CSV before site health is in (its workers still
    computing) and the rest after; every file, for the full report and for a department's,
    is byte for byte what building the whole report first and then writing it gives."""
    store = Store(audited["db"], read_only=True)
    run = (store.latest_run() or {})["id"]
    seen: list[set[str]] = []  # the report's parts when its tables are handed over
    monkeypatch.setenv(WORKERS_ENV, "1")
    whole = build_report(store, run, before_health=lambda report: seen.append(set(report)))
    assert {"items", "broken_links", "departments", "unchecked_links"} <= seen[0]
    assert "health" not in seen[0] and "health" in whole
    department = whole["departments"][0]["department"]
    for scope in (None, department):
        monkeypatch.setenv(WORKERS_ENV, "1")
        before = write_reports(build_report(store, run, department=scope), tmp_path / "one")
        monkeypatch.setenv(WORKERS_ENV, "2")
        _, after = report_files(store, run, tmp_path / "two", department=scope)
        assert [p.name for p in after] == [p.name for p in before]
        for one, two in zip(before, after, strict=True):
            same = one.read_bytes() == two.read_bytes()
            assert same or (one.suffix == ".xlsx" and _cells(one) == _cells(two)), one.name
    store.close()


def _cells(path: Path) -> list[list[Any]]:
    """Every sheet's cell values (a workbook's zip holds its creation time)."""
    book = openpyxl.load_workbook(path)
    return [[[c.value for c in row] for row in sheet.iter_rows()] for sheet in book.worksheets]


def test_a_worker_lost_while_the_pool_starts_is_a_clear_error(
    audited: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker killed while the next is being started can make the start itself fail, with
    an OSError or (its inherited descriptors closed under it) a ValueError from fork_exec:
    either is the dead-worker message, not an internal error with a traceback."""
    store = Store(audited["db"], read_only=True)
    for error in (OSError("pipe closed"), ValueError("bad value(s) in fds_to_keep")):

        def fail(*_args: Any, raised: Exception = error, **_kwargs: Any) -> None:
            raise raised

        monkeypatch.setattr(ProcessPoolExecutor, "submit", fail)
        with pytest.raises(InternalError) as caught:
            start_in_order(store, parse_serious, [("leaders", "区检查.toml")], [1], 2, "检查")
        assert caught.value.message.startswith("检查时一个子进程意外退出")
    store.close()
