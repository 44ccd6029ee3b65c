"""A repeat audit revalidates with ETag/Last-Modified: an unchanged district costs almost no
downloads and gives the same findings; a changed page is downloaded and judged again."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import threading
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

import auditor.demo.server as demo_server
from auditor.demo import DemoServer, write_inspection
from auditor.demo.render import Resource
from auditor.health import site_health
from auditor.health.reuse import REUSE_ENV
from auditor.store import Store


class Meter:
    """Counts what the demo server answers: statuses and body bytes sent."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: Counter[int] = Counter()
        self.bytes = 0
        self.served: set[tuple[str, int]] = set()

    def wrap(self, send: Any) -> Any:
        def metered(handler: Any, resource: Resource, body: bool) -> None:
            revalidated = demo_server.not_modified(resource, handler.headers)
            with self.lock:
                status = 304 if revalidated else resource.status
                self.statuses[status] += 1
                self.served.add((handler.path, status))
                self.bytes += 0 if revalidated or not body else len(resource.body)
            send(handler, resource, body)

        return metered

    def take(self) -> tuple[Counter[int], int, set[tuple[str, int]]]:
        with self.lock:
            out = (self.statuses, self.bytes, self.served)
            self.statuses, self.bytes, self.served = Counter(), 0, set()
        return out


def audit(run_cli, inspection: Path, tmp: Path, name: str) -> None:
    out = tmp / name
    result = run_cli("audit", str(inspection), "--out", str(out), "--db", str(tmp / "a.db"))
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr


def findings(db: Path, run_id: int) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        sql = "select department, item, status, evidence from findings where run_id = ?"
        rows = conn.execute(sql + " order by department, item", [run_id]).fetchall()
    return [(d, i, s, sorted(e["url"] for e in json.loads(ev))) for d, i, s, ev in rows]


def page(db: Path, run_id: int, url_end: str) -> tuple[str, str]:
    with sqlite3.connect(db) as conn:
        sql = "select sha256, fetched_at from pages where run_id = ? and url like ?"
        return conn.execute(sql, [run_id, "%" + url_end]).fetchone()


@pytest.fixture(scope="module")
def three_runs(run_cli, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("incremental")
    meter = Meter()
    patch = pytest.MonkeyPatch()
    patch.setattr(demo_server, "_send", meter.wrap(demo_server._send))
    try:
        with DemoServer() as server:
            inspection = write_inspection(server, tmp / "demo.toml")
            runs = []
            audit(run_cli, inspection, tmp, "first")
            runs.append(meter.take())
            audit(run_cli, inspection, tmp, "second")
            runs.append(meter.take())
            changed = change_one_article(server)
            audit(run_cli, inspection, tmp, "third")
            runs.append(meter.take())
    finally:
        patch.undo()
    return {"db": tmp / "a.db", "runs": runs, "changed": changed, "tmp": tmp}


def change_one_article(server: DemoServer) -> str:
    """Edit a published article's text in place: new body, so a new ETag, and new facts."""
    assert server.world is not None
    pages = server.world.static["portal"]
    path = next(p for p, r in pages.items() if p.endswith(".html") and "/t2014" in p)
    old = pages[path]
    body = old.body.replace("。</p>".encode(), "。更正说明:已修订。</p>".encode(), 1)
    assert body != old.body
    pages[path] = dataclasses.replace(old, body=body)
    return path


def test_first_audit_downloads_everything(three_runs: dict[str, Any]) -> None:
    statuses, sent, _ = three_runs["runs"][0]
    assert statuses[304] == 0
    assert statuses[200] > 50 and sent > 100_000


def test_unchanged_repeat_downloads_almost_nothing(three_runs: dict[str, Any]) -> None:
    (first, first_bytes, _), (second, second_bytes, _) = three_runs["runs"][:2]
    assert second[200] <= 0.1 * first[200]
    assert second_bytes <= 0.1 * first_bytes
    assert sum(second.values()) < sum(first.values())  # young OK link verdicts are kept


def test_repeat_revalidates_every_page(three_runs: dict[str, Any]) -> None:
    with sqlite3.connect(three_runs["db"]) as conn:
        sql = "select url from pages where run_id = 1 and status = 200"
        pages = {_path(url) for (url,) in conn.execute(sql)}
    _, _, second = three_runs["runs"][1]
    assert pages and pages <= {path for path, status in second if status == 304}


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_unchanged_repeat_gives_identical_findings(three_runs: dict[str, Any]) -> None:
    first, second = findings(three_runs["db"], 1), findings(three_runs["db"], 2)
    assert first and first == second


def test_repeat_keeps_every_page_and_link(three_runs: dict[str, Any]) -> None:
    with sqlite3.connect(three_runs["db"]) as conn:
        for table in ("pages", "run_links", "checks"):  # a 304's links stay in run 1
            sql = f"select run_id, count(*) from {table} group by run_id order by run_id"
            counts = dict(conn.execute(sql).fetchall())
            assert counts[1] == counts[2] > 0, table
        stored = "select count(*) from links where run_id = 2"
        assert conn.execute(stored).fetchone()[0] < counts[2]


def test_changed_page_is_downloaded_and_judged_again(three_runs: dict[str, Any]) -> None:
    db, path = three_runs["db"], three_runs["changed"]
    (_, _, second), (_, _, third) = three_runs["runs"][1:]
    assert (path, 304) in second and (path, 200) in third
    downloaded = {p for p, status in third if status == 200 and "auditor-probe" not in p}
    assert downloaded - {p for p, status in second if status == 200} == {path}
    assert page(db, 3, path)[0] != page(db, 2, path)[0]
    other = page(db, 3, "/bm/czj/")
    assert other[0] == page(db, 2, "/bm/czj/")[0]
    assert findings(db, 3) == findings(db, 2)


def _health_kept(three_runs: dict[str, Any], run_id: int) -> tuple[set[str], list[Any], list[Any]]:
    """(sites whose health the run computed rather than reused, the health in the run's
    report.json, the health computed now without reuse)."""
    store = Store(three_runs["db"])
    sql = """select site_key from site_health where run_id = ?
             and reads ->> '$.reused_from' is null"""  # a reused part is kept marked
    computed = {r[0] for r in store.db.execute(sql, [run_id])}
    name = ("first", "second", "third")[run_id - 1]
    report = json.loads((three_runs["tmp"] / name / "report.json").read_text("utf-8"))
    patch = pytest.MonkeyPatch()
    patch.setenv(REUSE_ENV, "0")
    try:
        fresh = site_health(store, run_id, report["inspection"]["as_of"])
    finally:
        patch.undo()
    return computed, report["health"], json.loads(json.dumps(fresh, ensure_ascii=False))


def test_unchanged_repeat_reuses_every_sites_health(three_runs: dict[str, Any]) -> None:
    first, _, _ = _health_kept(three_runs, 1)
    computed, reported, fresh = _health_kept(three_runs, 2)
    assert len(first) == len(reported) > 1 and computed == set()
    assert reported == fresh


def test_a_changed_article_recomputes_its_sites_health_only(three_runs: dict[str, Any]) -> None:
    with sqlite3.connect(three_runs["db"]) as conn:
        sql = "select site_key from pages where run_id = 3 and url like ?"
        (site,) = conn.execute(sql, ["%" + three_runs["changed"]]).fetchone()
    computed, reported, fresh = _health_kept(three_runs, 3)
    assert computed == {site}
    assert reported == fresh
