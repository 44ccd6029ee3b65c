"""A crawl split over several processes stores exactly what one process stores, fetches each
URL once, and its processes die with a killed parent."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from auditor.demo import DemoServer, write_inspection
from auditor.inspection.file import Site


def crawl(run_cli, tmp: Path, name: str, processes: int) -> dict[str, Any]:
    with DemoServer() as server:
        inspection = write_inspection(server, tmp / f"{name}.toml")
        db = tmp / f"{name}.db"
        env = {"AUDITOR_CRAWL_PROCESSES": str(processes)}
        result = run_cli("crawl", str(inspection), "--db", str(db), env=env)
        requests = list(server.requests)
        origins = {urlsplit(o).netloc: host for host, o in server.origins.items()}
        origins[f"127.0.0.1:{server.closed_port}"] = "closed"
    assert result.returncode == 0, result.stderr
    return {"db": db, "requests": requests, "stderr": result.stderr, "origins": origins}


def stored(run: dict[str, Any], sql: str) -> set[str]:
    """URLs with their port replaced by the host name, comparable across two servers."""
    with sqlite3.connect(run["db"]) as conn:
        urls = {row[0] for row in conn.execute(sql)}
    out = set()
    for url in urls:
        parts = urlsplit(url)
        out.add(parts._replace(netloc=run["origins"].get(parts.netloc, parts.netloc)).geturl())
    return out


@pytest.fixture(scope="module")
def runs(run_cli, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("parallel")
    return {"one": crawl(run_cli, tmp, "one", 1), "two": crawl(run_cli, tmp, "two", 2)}


@pytest.mark.parametrize("table", ["pages", "checks", "cutoffs"])
def test_two_processes_store_what_one_stores(runs: dict[str, Any], table: str) -> None:
    sql = f"select url from {table}"
    one, two = stored(runs["one"], sql), stored(runs["two"], sql)
    assert one and one == two


def test_two_processes_fetch_each_url_once(runs: dict[str, Any]) -> None:
    counts = Counter(
        (host, path)
        for host, method, path in runs["two"]["requests"]
        if method == "GET" and not path.startswith("/robots.txt") and "/xf/" not in path
    )
    assert [k for k, n in counts.items() if n > 1] == []


def test_summary_counts_every_process(runs: dict[str, Any]) -> None:
    with sqlite3.connect(runs["two"]["db"]) as conn:
        pages = conn.execute("select count(*) from pages").fetchone()[0]
    assert f"页面 {pages} 个" in runs["two"]["stderr"]


def test_killed_parent_takes_its_crawl_processes_along(project_root, tmp_path: Path) -> None:
    with DemoServer() as server:
        inspection = write_inspection(server, tmp_path / "demo.toml")
        text = inspection.read_text("utf-8").replace("delay = 0.0", "delay = 0.2")
        inspection.write_text(text, "utf-8")
        env = {**os.environ, "PYTHONPATH": str(project_root), "AUDITOR_CRAWL_PROCESSES": "2"}
        cmd = [sys.executable, "-m", "auditor", "crawl", str(inspection)]
        proc = subprocess.Popen(
            [*cmd, "--db", str(tmp_path / "a.db")], env=env, stderr=subprocess.DEVNULL
        )
        children = wait_for_children(proc.pid, 2)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(alive(pid) for pid in children)


def wait_for_children(pid: int, count: int) -> list[int]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = [p for p in children_of(pid) if "spawn_main" in cmdline(p)]
        if len(found) >= count:
            time.sleep(1.0)  # let them start crawling
            return found
        time.sleep(0.1)
    raise AssertionError("the crawl processes did not start")


def children_of(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def bureau(index: int) -> Site:
    return Site(f"第{index}测绘所", f"http://10.0.0.{index}/", key=f"s{index}")


def test_a_repeat_deals_the_largest_sites_first_to_the_lightest_process() -> None:
    """Sizes from the previous run: one large site gets a process of its own, the small ones
    share the other, and each process starts its largest group first."""
    from auditor.crawl.parallel import split

    groups: list[tuple[Site, ...]] = [(bureau(i),) for i in range(6)]
    sizes = {"s0": 40, "s1": 30, "s2": 25, "s3": 10, "s4": 10, "s5": 5}
    keys = [[g[0].key for g in bucket] for bucket in split(groups, 2, sizes)]
    assert keys == [["s0", "s3", "s4"], ["s1", "s2", "s5"]]  # 60 pages each
    assert [[g[0].key for g in b] for b in split(groups, 2, {"s5": 500})] == [
        ["s5"],
        ["s0", "s1", "s2", "s3", "s4"],
    ]
    # A first audit knows no sizes: the groups are dealt by count, in order.
    first = [[g[0].key for g in bucket] for bucket in split(groups, 2)]
    assert first == [["s0", "s2", "s4"], ["s1", "s3", "s5"]]


def test_a_repeat_dealt_by_size_stores_what_the_first_run_stored(run_cli, tmp_path: Path) -> None:
    """The repeat deals the hosts by the first run's page counts (another split than the
    first run's): it stores the same pages and verdicts and still fetches each URL once."""
    env = {"AUDITOR_CRAWL_PROCESSES": "2"}
    with DemoServer() as server:
        inspection = write_inspection(server, tmp_path / "demo.toml")
        db = tmp_path / "demo.db"
        for _ in range(2):
            done = len(server.requests)
            result = run_cli("crawl", str(inspection), "--db", str(db), env=env)
            assert result.returncode == 0, result.stderr
        repeat = server.requests[done:]
    counts = Counter(
        (host, path)
        for host, method, path in repeat
        if method == "GET" and not path.startswith("/robots.txt") and "/xf/" not in path
    )
    assert counts and [k for k, n in counts.items() if n > 1] == []
    with sqlite3.connect(db) as conn:
        runs = [
            {row for row in conn.execute(f"select url, status from {table} where run_id = ?", [r])}
            for r in (1, 2)
            for table in ("pages", "checks")
        ]
    assert runs[0] and runs[0] == runs[2] and runs[1] == runs[3]
