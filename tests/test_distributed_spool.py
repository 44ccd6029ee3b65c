"""Workers' shard directories (auditor/distributed/spool.py): they go under AUDITOR_SHARD_DIR,
a normal distributed audit leaves nothing behind, and the directory of a worker killed with
kill -9 is removed by the next worker, never one a live worker still holds."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from auditor.distributed.spool import PREFIX, STALE_AFTER_SECONDS, ShardSpool

HTML = {"Content-Type": "text/html; charset=utf-8"}
SITES = {"tjj": "区统计局", "slj": "区水利局"}  # departments of the county checklist


def site(key: str) -> dict[str, Any]:
    links = "".join(f'<li><a href="/{key}/{n}.html">通知{n}</a></li>' for n in range(4))
    pages: dict[str, Any] = {
        f"/{key}/": (200, HTML, f"<title>{SITES[key]}</title><ul>{links}</ul>")
    }
    for n in range(4):
        pages[f"/{key}/{n}.html"] = (200, HTML, f"<title>通知{n}</title><p>{SITES[key]}通知{n}</p>")
    return pages


def plan(tmp: Path, servers: dict[str, Any], county: str) -> Path:
    (tmp / "cuihu.toml").write_text(county, encoding="utf-8")
    lines = ['name = "翠湖区分片检查"', 'checklist = "cuihu.toml"', "as_of = 2014-11-20"]
    lines += ["[platform]", 'name = "区政务公开平台"', f'url = "{servers["tjj"].origin}/pt/"']
    for key, server in servers.items():
        lines += ["[[sites]]", f'department = "{SITES[key]}"', f'url = "{server.origin}/{key}/"']
    lines += ["[crawl]", 'external_links = "skip"', "obey_robots = false", "delay = 0.1"]
    lines += ["autothrottle = false", "timeout = 5.0", "retries = 0"]
    path = tmp / "plan.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_distributed_audit_leaves_no_shard_directory(
    tmp_path: Path,
    redis_server: Any,
    shard_dir: Path,
    county_checklist: str,
    page_server: Any,
    spawn_cli: Any,
) -> None:
    servers = {key: page_server(site(key)) for key in SITES}
    inspection = plan(tmp_path, servers, county_checklist)
    seen: set[str] = set()
    done = threading.Event()

    def watch() -> None:  # what the workers and the coordinator put in the shard directory
        while not done.is_set():
            seen.update(p.name.split("-")[1] for p in shard_dir.iterdir())
            time.sleep(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    coordinator = spawn_cli(
        "audit",
        str(inspection),
        "--out",
        str(tmp_path / "out"),
        "--redis",
        redis_server.url,
        "--workers",
        "2",
    )
    try:
        _, err = coordinator.communicate(timeout=600)
    finally:
        done.set()
        if coordinator.poll() is None:
            coordinator.kill()
            coordinator.communicate(timeout=30)
    watcher.join(timeout=5)
    assert coordinator.returncode == 0, err
    assert "shards" in seen  # the workers did write under AUDITOR_SHARD_DIR ...
    assert sorted(p.name for p in shard_dir.iterdir()) == []  # ... and left nothing there


def hold_spool(root: Path) -> subprocess.Popen[str]:
    """A process that makes its shard directory, says where, and waits to be killed."""
    code = (
        "import sys, time\n"
        "from auditor.distributed.spool import ShardSpool\n"
        "spool = ShardSpool(__import__('pathlib').Path(sys.argv[1]))\n"
        "print(spool.path, flush=True)\n"
        "time.sleep(120)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    return subprocess.Popen(
        [sys.executable, "-c", code, str(root)], stdout=subprocess.PIPE, text=True, env=env
    )


def owner(proc: subprocess.Popen[str]) -> str:
    """The shard directory a hold_spool process printed."""
    assert proc.stdout is not None
    return proc.stdout.readline()


def backdate(path: Path) -> None:
    old = time.time() - STALE_AFTER_SECONDS - 10
    os.utime(path, (old, old))


def test_next_worker_removes_only_what_no_live_process_owns(tmp_path: Path) -> None:
    dead, alive, young = hold_spool(tmp_path), hold_spool(tmp_path), hold_spool(tmp_path)
    try:
        procs = {"dead": dead, "alive": alive, "young": young}
        paths = {name: Path(owner(p).strip()) for name, p in procs.items()}
        (paths["dead"] / "w-1-a.db").write_bytes(b"left by a killed worker")
        for proc in (dead, young):
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        backdate(paths["dead"])
        backdate(paths["alive"])
        spool = ShardSpool(tmp_path)  # what a starting worker does
        try:
            assert spool.removed_stale == [paths["dead"]]
            assert not paths["dead"].exists()
            assert paths["alive"].is_dir()  # its owner still runs
            assert paths["young"].is_dir()  # too young to tell from one being made
        finally:
            spool.remove()
        assert not spool.path.exists()
        assert sorted(p.name.startswith(PREFIX) for p in tmp_path.iterdir()) == [True, True]
    finally:
        for proc in (dead, alive, young):
            if proc.poll() is None:
                proc.kill()
            proc.communicate(timeout=30)


def test_a_directory_without_a_lock_goes_only_when_its_shards_owners_are_gone(
    tmp_path: Path,
) -> None:
    """Left by a worker from before the lock: its shard files are named host-pid-random."""
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    host = socket.gethostname()
    dirs = {name: tmp_path / f"{PREFIX}{name}" for name in ("dead", "alive", "empty")}
    for path in dirs.values():
        path.mkdir()
    (dirs["dead"] / f"{host}-{gone.stdout.strip()}-0a1b2c3d.db").write_bytes(b"shard")
    (dirs["alive"] / f"{host}-{os.getpid()}-0a1b2c3d.db").write_bytes(b"shard")
    for path in dirs.values():
        backdate(path)
    spool = ShardSpool(tmp_path)
    spool.remove()
    assert spool.removed_stale == [dirs["dead"]]
    assert dirs["alive"].is_dir() and dirs["empty"].is_dir()
