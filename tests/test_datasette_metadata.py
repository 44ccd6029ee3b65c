"""The Datasette metadata shipped in auditor/store/ fits the real store and its queries run.

Datasette is not installed: the canned queries run with sqlite3 on the database of a real
audit of a small world on 127.0.0.1 (a broken link, a hidden-link page), binding the named
parameters the way Datasette does (strings; a field left blank is ""), and their rows must
say what report.json of the same audit says.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import pytest

from auditor.store import COPIED, Store
from auditor.store.metadata import METADATA_PATH, load_metadata
from auditor.store.records import SiteRow

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory, run_cli: Any, tinyworld: Any) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("browse")
    pages = tinyworld.changed_pages(tinyworld.initial_pages())
    with tinyworld.TinyWorld(pages) as world:
        done = run_cli("audit", str(world.inspection(tmp / "w.toml")), "--out", str(tmp), "-q")
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp / "report.json").read_text(encoding="utf-8"))
    return {"db": tmp / "auditor.db", "report": report}


def repeat_of_copies(db: Path) -> int:
    """A run whose pages all answered 304 (copied from run 1, their links left there) with
    run 1's sites and verdicts: what an unchanged repeat stores."""
    store = Store(db)
    run = store.start_run("复查", "w.toml", {}, "t", "2014-11-20")
    sites = store.db.query("select * from sites where run_id = 1")
    store.add_sites(run, [cast(SiteRow, dict(r)) for r in sites])
    copies = store.db.query(
        "select url, site_key, depth, 1 as from_run from pages where run_id = 1"
    )
    checks = [
        {k: v for k, v in r.items() if k not in ("id", "run_id")}
        for r in store.db.query("select * from checks where run_id = 1")
    ]
    store.write_batch(run, {COPIED: list(copies), "checks": checks})
    store.close()
    return run


def database() -> dict[str, Any]:
    return load_metadata()["databases"]["auditor"]


def run(db: Path, name: str, **params: str) -> list[dict[str, Any]]:
    """A canned query's rows as dicts, every named parameter bound ("" when not given)."""
    sql = database()["queries"][name]["sql"]
    names = set(re.findall(r":(\w+)", sql))
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute(sql, {n: params.get(n, "") for n in names}).fetchall()
    return [dict(row) for row in rows]


def test_metadata_names_only_tables_and_columns_of_a_fresh_store(tmp_path: Path) -> None:
    store = Store(tmp_path / "auditor.db")
    actual = {t.name: set(t.columns_dict) for t in [*store.db.tables, *store.db.views]}
    store.close()
    tables = database()["tables"]
    assert set(tables) == set(actual)  # every table and view described, none invented
    for name, spec in tables.items():
        assert CHINESE.search(spec["title"] + spec["description"]), name
        assert spec["columns"] and set(spec["columns"]) <= actual[name], name
        assert all(CHINESE.search(text) for text in spec["columns"].values()), name


def test_canned_queries_have_chinese_titles_and_include_the_promised_ones() -> None:
    queries = database()["queries"]
    titles = {q["title"] for q in queries.values()}
    assert {"各部门失效链接", "某事项的全部证据", "某部门的全部结论", "篡改告警"} <= titles
    assert all(CHINESE.search(q["description"]) for q in queries.values())


def test_every_canned_query_runs_on_a_real_store(audit: dict[str, Any]) -> None:
    for name in database()["queries"]:
        assert run(audit["db"], name), name  # the small world has a row for each


def test_broken_links_by_department_are_the_reports_broken_links(audit: dict[str, Any]) -> None:
    rows = run(audit["db"], "broken_links_by_department")
    report = audit["report"]["broken_links"]
    assert {(r["部门"], r["所在页面"], r["失效链接"]) for r in rows} == {
        (b["department"], b["page"], b["url"]) for b in report
    }
    assert any(r["失效链接"].endswith("/jyj/missing.html") for r in rows)


def test_a_repeat_of_304_pages_sees_their_links_where_they_are_stored(
    audit: dict[str, Any], tmp_path: Path
) -> None:
    """The broken links of a repeat whose pages answered 304 are the first audit's, and the
    run_links view shows it every link, though `links` stores none under its run."""
    db = tmp_path / "auditor.db"
    with sqlite3.connect(audit["db"]) as source, sqlite3.connect(db) as copy:
        source.backup(copy)
    first = run(db, "broken_links_by_department", run_id="1")
    repeat = repeat_of_copies(db)
    assert first and run(db, "broken_links_by_department") == first  # blank run_id: latest
    with sqlite3.connect(db) as conn:
        count = "select count(*) from {} where run_id = ?"
        assert conn.execute(count.format("links"), [repeat]).fetchone() == (0,)
        seen = [conn.execute(count.format("run_links"), [r]).fetchone() for r in (1, repeat)]
        assert seen[0] == seen[1] != (0,)


def test_a_departments_findings_by_part_of_its_name(audit: dict[str, Any]) -> None:
    rows = run(audit["db"], "department_findings", department="财政")
    items = [i for i in audit["report"]["items"] if i["department"] == "城区财政局"]
    assert {(r["事项"], r["结论"]) for r in rows} == {(i["item"], i["status"]) for i in items}
    assert {r["部门"] for r in rows} == {"城区财政局"}


def test_findings_by_department_count_as_the_report_does(audit: dict[str, Any]) -> None:
    rows = {r["部门"]: r for r in run(audit["db"], "findings_by_department")}
    for dept in audit["report"]["departments"]:
        got = rows[dept["department"]]
        assert (got["已公开"], got["未公开"], got["未及时更新"]) == (
            dept["present"],
            dept["missing"],
            dept["stale"],
        )


def test_an_items_evidence_by_id_or_name_holds_the_reports_evidence(audit: dict[str, Any]) -> None:
    present = [i for i in audit["report"]["items"] if i["status"] == "present"]
    assert present
    for item in present:
        by_id = run(audit["db"], "item_evidence", item=item["item"])
        assert {e["url"] for e in item["evidence"]} <= {r["页面"] for r in by_id}
        assert {r["事项"] for r in by_id} == {item["item"]}
        by_name = run(audit["db"], "item_evidence", item=item["item_name"])
        assert {r["页面"] for r in by_id} <= {r["页面"] for r in by_name}


def test_tampering_alerts_are_the_reports_and_blank_run_means_latest(audit: dict[str, Any]) -> None:
    rows = run(audit["db"], "tampering_alerts")
    assert {(r["页面"], r["类型"]) for r in rows} == {
        (t["page"], t["kind"]) for t in audit["report"]["tampering"]
    }
    run_id = str(audit["report"]["inspection"]["run_id"])
    assert run(audit["db"], "tampering_alerts", run_id=run_id) == rows
    assert run(audit["db"], "tampering_alerts", run_id=str(int(run_id) + 1)) == []


def test_module_prints_the_shipped_path_or_metadata_keyed_for_another_file() -> None:
    def show(*args: str) -> str:
        cmd = [sys.executable, "-m", "auditor.store.metadata", *args]
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout

    assert Path(show().strip()) == METADATA_PATH and METADATA_PATH.is_file()
    keyed = json.loads(show("data/audit.db"))
    assert list(keyed["databases"]) == ["audit"]
    assert keyed["databases"]["audit"] == database()
