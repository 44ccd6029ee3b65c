"""Politeness across workers: three workers, each crawling a different department site, all
check attachments on one shared file host; that host still sees one request at a time, spaced
by the inspection's delay, and each attachment once (timestamps taken at the server, by its
kernel as each request arrives: tests/support/arrivals.py)."""

from __future__ import annotations

import contextlib
from collections import Counter
from pathlib import Path
from typing import Any

DELAY = 0.25
# A worker may be preempted between taking the host's turn at Redis and writing the request:
# one request may arrive up to this much late (the kernel's stamps leave no other lag).
LAG = DELAY / 2
FILES_PER_SITE = 6
SITES = {"tjj": "区统计局", "slj": "区水利局", "sjj": "区审计局"}  # tests/county.py


HTML = {"Content-Type": "text/html; charset=utf-8"}
PDF = (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4\n%%EOF\n")


def files() -> dict[str, Any]:
    """The shared file host: every attachment of every site."""
    return {f"/f/{key}-{i}.pdf": PDF for key in SITES for i in range(FILES_PER_SITE)}


def site_pages(key: str, files: str) -> dict[str, Any]:
    links = "".join(
        f'<li><a href="{files}/f/{key}-{i}.pdf">{key}附件{i}</a></li>'
        for i in range(FILES_PER_SITE)
    )
    page = (
        f"<html><head><meta charset='utf-8'><title>翠湖{SITES[key]}</title></head>"
        f"<body><ul>{links}</ul></body></html>"
    )
    return {f"/{key}/": (200, HTML, page)}


def inspection(path: Path, sites: dict[str, Any], county: str, delay: float = DELAY) -> Path:
    (path.parent / "cuihu.toml").write_text(county, encoding="utf-8")
    lines = ['name = "翠湖区附件检查"', 'checklist = "cuihu.toml"', "as_of = 2014-11-20"]
    first = sites["tjj"].origin
    lines += ["[platform]", 'name = "市政府信息公开平台"', f'url = "{first}/pt/"']
    for key, world in sites.items():
        lines += ["[[sites]]", f'department = "{SITES[key]}"', f'url = "{world.origin}/{key}/"']
    lines += ["[crawl]", 'external_links = "check"', "obey_robots = false", f"delay = {delay}"]
    lines += ["autothrottle = false", "timeout = 5.0", "retries = 0", "concurrency_per_host = 1"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_shared_host_sees_no_more_load_with_more_workers(
    tmp_path: Path,
    redis_server: Any,
    county_checklist: str,
    page_server: Any,
    spawn_cli: Any,
    arrivals: Any,
) -> None:
    shared = page_server(files(), delay=0.05)
    sites = {key: page_server(site_pages(key, shared.origin)) for key in SITES}
    with contextlib.ExitStack() as servers:
        for server in [shared, *sites.values()]:
            servers.enter_context(server)
        plan = inspection(tmp_path / "plan.toml", sites, county_checklist)
        out = tmp_path / "out"
        coordinator = spawn_cli("audit", str(plan), "--out", str(out), "--redis", redis_server.url)
        workers = [spawn_cli("worker", "--redis", redis_server.url, "--slots", "1") for _ in SITES]
        try:
            _, err = coordinator.communicate(timeout=600)
            assert coordinator.returncode == 0, err
            for proc in workers:
                proc.communicate(timeout=120)
        finally:
            for proc in [coordinator, *workers]:
                if proc.poll() is None:
                    proc.kill()
                    proc.communicate(timeout=30)
    hits = sorted(h for h in shared.spans if h[2].startswith("/f/"))
    counts = Counter(path for _, _, path in hits)
    assert len(counts) == FILES_PER_SITE * len(SITES)
    assert max(counts.values()) == 1  # each attachment checked once across the workers
    for (_, answered, _), (next_start, _, _) in zip(hits, hits[1:], strict=False):
        # one request at a time (concurrency_per_host = 1): the next one arrives after the
        # answer went out (1 ms for the two clocks the kernel's stamp is converted between)
        assert next_start >= answered - 0.001
    # spaced by the delay: the gate spaces the starts at Redis; a late arrival shortens the
    # gaps around it, but lost spacing adds up over the 17 gaps
    assert arrivals.shortfall([start for start, _, _ in hits], DELAY) <= LAG


def test_a_worker_asks_redis_about_once_a_request_not_once_per_poll(
    tmp_path: Path,
    redis_server: Any,
    county_checklist: str,
    page_server: Any,
    spawn_cli: Any,
) -> None:
    """One worker, no delay, one request at a time at the shared host, which answers in
    50 ms: the attachments queued for it wait for the worker's own place to come back,
    instead of each asking Redis every 20 ms whether the host has a free place (which
    cost a third of a worker's time on a 21-site world)."""
    import redis

    client = redis.Redis.from_url(redis_server.url)
    before = scripts_run(client)
    shared = page_server(files(), delay=0.05)
    sites = {key: page_server(site_pages(key, shared.origin)) for key in SITES}
    with contextlib.ExitStack() as servers:
        for server in [shared, *sites.values()]:
            servers.enter_context(server)
        plan = inspection(tmp_path / "plan.toml", sites, county_checklist, delay=0)
        out = tmp_path / "out"
        coordinator = spawn_cli("audit", str(plan), "--out", str(out), "--redis", redis_server.url)
        worker = spawn_cli("worker", "--redis", redis_server.url)
        try:
            _, err = coordinator.communicate(timeout=600)
            assert coordinator.returncode == 0, err
            worker.communicate(timeout=120)
        finally:
            for proc in [coordinator, worker]:
                if proc.poll() is None:
                    proc.kill()
                    proc.communicate(timeout=30)
        requests = sum(len(server.spans) for server in [shared, *sites.values()])
    scripts = scripts_run(client) - before
    assert len(shared.spans) >= FILES_PER_SITE * len(SITES)
    assert scripts <= 4 * requests, (scripts, requests)


def scripts_run(client: Any) -> int:
    """How many Lua scripts the Redis server has run (the gate's, the frontier's)."""
    return int(client.info("commandstats").get("cmdstat_evalsha", {}).get("calls", 0))
