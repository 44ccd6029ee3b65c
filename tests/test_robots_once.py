"""robots.txt of a host is fetched once per audit, however many spiders (one per host group)
or crawl processes meet it: counted at the servers."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROBOTS = "User-agent: *\nDisallow: /closed/\n"


def _page(links: list[str]) -> str:
    anchors = "".join(f'<li><a href="{href}">资料{i}</a></li>' for i, href in enumerate(links))
    return f"<html><head><title>工作动态</title></head><body><ul>{anchors}</ul></body></html>"


def _host(page_server: Any, pages: dict[str, str]) -> Any:
    """One server (one host) with the robots.txt; counts every path it is asked for."""
    routes = {
        path: (200, {"Content-Type": "text/html; charset=utf-8"}, body)
        for path, body in pages.items()
    }
    routes["/robots.txt"] = (200, {"Content-Type": "text/plain; charset=utf-8"}, ROBOTS)
    return page_server(
        routes, missing=(404, {"Content-Type": "text/html; charset=utf-8"}, "<h1>404</h1>")
    )


@pytest.fixture
def hosts(page_server) -> Iterator[dict[str, Any]]:
    shared = _host(page_server, {"/ziliao/a.html": _page([]), "/ziliao/b.html": _page([])})
    out = shared.origin
    # each department's spider has its own URLs on the shared host, so both talk to it
    one = [f"{out}/ziliao/a.html", f"{out}/closed/c.html"]
    two = [f"{out}/ziliao/b.html", f"{out}/closed/d.html"]
    made = {
        "shared": shared,
        "one": _host(
            page_server, {"/bm1/": _page(["/bm1/x.html", *one]), "/bm1/x.html": _page(one)}
        ),
        "two": _host(
            page_server, {"/bm2/": _page(["/bm2/y.html", *two]), "/bm2/y.html": _page(two)}
        ),
        "pt": _host(page_server, {"/pt/": _page([])}),
    }
    yield made
    for host in made.values():
        host.stop()


def _inspection(path: Path, hosts: dict[str, Any]) -> Path:
    path.write_text(
        f"""name = "机器人协议检查"\nchecklist = "liangqing-2014"\nas_of = 2024-04-01
[platform]\nname = "统一平台"\nurl = "{hosts["pt"].origin}/pt/"
[[sites]]\ndepartment = "城区财政局"\nurl = "{hosts["one"].origin}/bm1/"
[[sites]]\ndepartment = "城区审计局"\nurl = "{hosts["two"].origin}/bm2/"
[crawl]\nobey_robots = true\ndelay = 0.0\nautothrottle = false\ntimeout = 3.0\nretries = 0
""",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("processes", ["1", "2"])
def test_robots_txt_is_fetched_once_per_host(
    run_cli, hosts: dict[str, Any], tmp_path: Path, processes: str
) -> None:
    inspection = _inspection(tmp_path / "r.toml", hosts)
    env = {"AUDITOR_CRAWL_PROCESSES": processes}
    result = run_cli("crawl", str(inspection), "--db", str(tmp_path / "r.db"), env=env)
    assert result.returncode == 0, result.stderr
    for name, host in hosts.items():
        assert host.asked["/robots.txt"] == 1, (name, dict(host.asked))
    shared = hosts["shared"].asked
    assert shared["/ziliao/a.html"] == 1 and shared["/ziliao/b.html"] == 1
    assert shared["/closed/c.html"] == shared["/closed/d.html"] == 0  # obeyed by every spider
    db = sqlite3.connect(tmp_path / "r.db")
    reasons = dict(db.execute("select url, reason from checks").fetchall())
    for name in ("c", "d"):
        assert reasons[f"{hosts['shared'].origin}/closed/{name}.html"] == "robots"
