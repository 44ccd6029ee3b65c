"""A crawl process starts its host groups a few at a time (auditor/crawl/slots.py): a
province of many small sites is never served all at once, every site is still crawled to the
end with the same rows, and a site that hangs holds its slot only until its spider closes."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest

SITES = 60
SLOTS = 4  # concurrency 8 // concurrency_per_host 2 (and the minimum)


def small_site(index: int) -> dict[str, Any]:
    """A bureau's site: a home page, three articles, a document and a missing page."""
    title = f"第{index}水务所"
    links = "".join(f'<li><a href="/gk/{n}.html">公告{n}</a></li>' for n in range(3))
    home = (
        f"<html><head><title>{title}</title></head><body><ul>{links}</ul>"
        '<a href="/gk/zhinan.pdf">办事指南</a><a href="/gk/gone.html">旧栏目</a></body></html>'
    )
    pages: dict[str, Any] = {"/": (200, {"Content-Type": "text/html; charset=utf-8"}, home)}
    for n in range(3):
        body = f"<html><head><title>公告{n}</title></head><body><p>{title}公告{n}正文</p></body></html>"
        pages[f"/gk/{n}.html"] = (200, {"Content-Type": "text/html; charset=utf-8"}, body)
    pages["/gk/zhinan.pdf"] = (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 guide")
    return pages


def water_checklist(tmp: Path, count: int) -> Path:
    """A checklist of our own whose departments are the sites' bureaus."""
    lines = [
        'id = "water-test"',
        'title = "测试市水务系统信息公开检查清单"',
        'district = "测试市"',
        'district_short = "测试市"',
        'extends = "regulations-2019"',
    ]
    for i in range(count):
        lines += ["[[departments]]", f'name = "第{i}水务所"']
    path = tmp / "water.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def inspection(
    inspections: Any, checklist: Path, servers: list[Any], platform: Any, **crawl: Any
) -> str:
    sites = [(f"第{i}水务所", f"{s.origin}/") for i, s in enumerate(servers)]
    return inspections.inspection_toml(
        sites,
        f"{platform.origin}/",
        checklist=str(checklist),
        name="多站点检查",
        platform_name="市级公开平台",
        **{**inspections.OWN_SERVER, **crawl},
    )


def crawl(run_cli: Any, tmp: Path, name: str, toml: str, servers: list[Any]) -> dict[str, Any]:
    for server in servers:
        with server.lock:
            server.spans.clear()
    (tmp / f"{name}.toml").write_text(toml, encoding="utf-8")
    db = tmp / f"{name}.db"
    env = {"AUDITOR_CRAWL_PROCESSES": "1"}
    result = run_cli("crawl", str(tmp / f"{name}.toml"), "--db", str(db), env=env)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        pages = set(conn.execute("select url, status from pages"))
        checks = set(conn.execute("select url, status, reason from checks"))
    spans = [list(server.spans) for server in servers]
    return {"pages": pages, "checks": checks, "spans": spans}


def most_at_once(spans: list[list[tuple[float, float, str]]]) -> int:
    """The most hosts being served at the same moment: a host is busy from its first
    request's arrival to its last answer's end."""
    events = []
    for answers in spans:
        if answers:
            events += [(min(a[0] for a in answers), 1), (max(a[1] for a in answers), -1)]
    busy = peak = 0
    for _, step in sorted(events, key=lambda e: (e[0], e[1])):
        busy += step
        peak = max(peak, busy)
    return peak


@pytest.fixture(scope="module")
def province(page_server, inspections, run_cli, tmp_path_factory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("slots")
    servers = [page_server(small_site(i)) for i in range(SITES)]
    platform = page_server(small_site(SITES))
    checklist = water_checklist(tmp, SITES)
    slotted = inspection(
        inspections, checklist, servers, platform, concurrency=8, concurrency_per_host=2
    )
    unslotted = inspection(
        inspections, checklist, servers, platform, concurrency=400, concurrency_per_host=2
    )
    runs = {
        "slots": crawl(run_cli, tmp, "slots", slotted, [*servers, platform]),
        "all": crawl(run_cli, tmp, "all", unslotted, [*servers, platform]),
    }
    for server in [*servers, platform]:
        server.stop()
    return runs


def test_no_more_than_the_slots_are_served_at_once(province: dict[str, Any]) -> None:
    assert most_at_once(province["slots"]["spans"]) <= SLOTS
    assert most_at_once(province["all"]["spans"]) > SLOTS  # the world does load the server


def test_every_site_is_crawled_to_the_end(province: dict[str, Any]) -> None:
    spans = province["slots"]["spans"]
    for answers in spans:
        asked = {a[2] for a in answers if not a[2].startswith("/auditor-probe")}
        assert sorted(asked) == [
            "/",
            "/gk/0.html",
            "/gk/1.html",
            "/gk/2.html",
            "/gk/gone.html",
            "/gk/zhinan.pdf",
        ]
    assert len(province["slots"]["pages"]) == (SITES + 1) * 4
    assert all(status == 200 for _, status in province["slots"]["pages"])


def test_slots_store_what_starting_everything_stores(province: dict[str, Any]) -> None:
    assert province["slots"]["pages"] == province["all"]["pages"]
    assert province["slots"]["checks"] == province["all"]["checks"]
    assert sum(1 for _, status, _ in province["slots"]["checks"] if status == 404) == SITES + 1


def hanging_site(arrivals: list[float], release: threading.Event) -> dict[str, Any]:
    """A site whose home page answers only when the test ends."""

    def home(request: Any) -> Any:
        arrivals.append(time.monotonic())
        release.wait(60)
        return 200, {"Content-Type": "text/html; charset=utf-8"}, "<p>迟到的首页</p>"

    return {"/": home}


def test_a_hanging_site_frees_its_slot_when_its_spider_closes(
    page_server, inspections, run_cli, tmp_path: Path
) -> None:
    """The first SLOTS groups never answer: their spiders close at the download timeout and
    the waiting sites are crawled after them, completely."""
    arrivals: list[float] = []
    release = threading.Event()
    hanging = [page_server(hanging_site(arrivals, release)) for _ in range(SLOTS)]
    quick = [page_server(small_site(i)) for i in range(SLOTS, 3 * SLOTS)]
    platform = page_server(small_site(99))
    toml = inspection(
        inspections,
        water_checklist(tmp_path, 3 * SLOTS),
        [*hanging, *quick],
        platform,
        concurrency=8,
        concurrency_per_host=2,
        timeout=1.0,
    )
    try:
        run = crawl(run_cli, tmp_path, "hang", toml, [*quick, platform])
    finally:
        release.set()
    assert len(run["pages"]) == (len(quick) + 1) * 4  # every waiting site, to the end
    failed = {url: reason for url, _, reason in run["checks"]}
    assert all(failed.get(f"{s.origin}/") == "timeout" for s in hanging), failed
    first_quick = min(span[0] for spans in run["spans"] for span in spans)
    assert len(arrivals) == SLOTS
    assert first_quick >= min(arrivals) + 0.9  # they waited for a slot ...
    assert first_quick < max(arrivals) + 30  # ... until the hanging spiders closed
