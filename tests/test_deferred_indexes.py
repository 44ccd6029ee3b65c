"""A first crawl writes its links without their indexes and builds them once it ends
(Store.defer_indexes, auditor/crawl/run.py): the indexes are dropped only while the file
holds no link, every opening of the file but a crawl process's builds what is missing, and
a crawl's file ends with the schema's indexes whichever way it went."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from auditor.demo import DemoServer, write_inspection
from auditor.store import Store
from auditor.store.schema import DEFERRED_INDEXES, index_name

LINK_INDEXES = {index_name(table, columns) for table, columns, _ in DEFERRED_INDEXES}
LINK = {"site_key": "s", "source": "http://a.invalid/", "target": "http://b.invalid/"}


def indexes(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        sql = "select name from sqlite_master where type = 'index' and sql is not null"
        return {row[0] for row in conn.execute(sql)}


def test_the_deferred_indexes_are_the_link_indexes(tmp_path: Path) -> None:
    Store(tmp_path / "a.db").close()
    assert len(LINK_INDEXES) == 3
    assert indexes(tmp_path / "a.db") >= LINK_INDEXES


def test_an_empty_store_drops_them_and_builds_them_again(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    store = Store(db)
    schema = indexes(db)
    assert store.defer_indexes()
    assert indexes(db) == schema - LINK_INDEXES
    store.write_batch(1, {"links": [LINK]})
    store.build_indexes()
    assert indexes(db) == schema
    plan = store.db.execute(
        "explain query plan select * from links where run_id = 1 and target = ?", ["x"]
    ).fetchall()
    assert "idx_links_run_id_target" in str(plan)
    assert store.db.execute("select count(*) from links where run_id = 1").fetchone()[0] == 1


def test_a_store_holding_links_keeps_them(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    store = Store(db)
    store.write_batch(1, {"links": [LINK]})
    schema = indexes(db)
    assert not store.defer_indexes()
    assert indexes(db) == schema


def test_opening_builds_what_a_dead_crawl_left_out_but_a_crawl_process_does_not(
    tmp_path: Path,
) -> None:
    db = tmp_path / "a.db"
    store = Store(db)
    schema = indexes(db)
    store.defer_indexes()
    Store(db, migrated=True).close()  # a crawl process of the deferring crawl
    assert indexes(db) == schema - LINK_INDEXES
    store.close()  # the crawl died: whatever opens the file next builds them
    Store(db).close()
    assert indexes(db) == schema


def test_a_first_crawl_in_two_processes_ends_with_every_index(run_cli, tmp_path: Path) -> None:
    """The crawl processes open the file as their parent left it, without the link indexes,
    and the parent builds them at the end: the file has the schema's indexes and its
    readers' plans use them."""
    Store(tmp_path / "fresh.db").close()
    schema = indexes(tmp_path / "fresh.db")
    db = tmp_path / "a.db"
    with DemoServer() as server:
        inspection = write_inspection(server, tmp_path / "demo.toml")
        env = {"AUDITOR_CRAWL_PROCESSES": "2"}
        result = run_cli("crawl", str(inspection), "--db", str(db), env=env)
    assert result.returncode == 0, result.stderr
    assert indexes(db) == schema
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from links").fetchone()[0] > 0
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
