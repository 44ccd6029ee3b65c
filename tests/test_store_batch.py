"""Crawl batches are written with raw executemany: the stored rows must be what
sqlite_utils' insert_all stored before (NULL for a missing key, JSON for lists and dicts,
later duplicates replacing earlier ones in the unique tables)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor.store import Store
from auditor.store.core import StoreCore
from auditor.store.schema import JSON_COLUMNS, dump_json

PAGE = {"site_key": "czj", "title": "通知", "status": 200, "facts": {"title": "通知", "x": [1]}}
BATCH: dict[str, list[dict[str, Any]]] = {
    "pages": [
        {**PAGE, "url": "http://127.0.0.1:9/a"},
        {**PAGE, "url": "http://127.0.0.1:9/b", "etag": '"e"', "listing_date": "2014-01-02"},
        {**PAGE, "url": "http://127.0.0.1:9/a", "title": "第二次"},  # replaces the first
        {**PAGE, "url": "http://127.0.0.1:9/c", "facts": None, "run_id": 7},
    ],
    "links": [
        {"site_key": "czj", "source": "http://127.0.0.1:9/a", "target": "http://x.invalid/"},
        {"site_key": "czj", "source": "s", "target": "t", "anchor": "附件", "internal": True},
    ],
    "checks": [
        {"site_key": "czj", "url": "u", "status": None, "ok": 1, "redirects": []},
        {"site_key": "czj", "url": "v", "status": 404, "ok": 0, "redirects": ["u", "v"]},
    ],
    "tampering": [{"site_key": "czj", "page": "p", "kind": "k", "snippet": ["a", {"b": 1}]}],
    "snapshots": [{"url": "p", "sha256": "0" * 64, "body": b"\x00\xff", "status": 200}],
}


def dump(store: Store, run_id: int) -> dict[str, list[tuple]]:
    out = {}
    for table in BATCH:
        cursor = store.db.execute(
            f"select * from {table} where run_id = ? order by rowid", [run_id]
        )
        out[table] = [tuple(row) for row in cursor.fetchall()]
    return out


def prepare_row(row: dict[str, Any], run_id: int) -> dict[str, Any]:
    """How rows were prepared for insert_all before the raw writes."""
    out: dict[str, Any] = {"run_id": run_id}
    for key, value in row.items():
        out[key] = dump_json(value) if key in JSON_COLUMNS and not isinstance(value, str) else value
    return out


def reference(store: Store, run_id: int) -> None:
    """The former write path, kept here as the oracle."""
    with store.db.conn:
        for table, rows in BATCH.items():
            prepared = [prepare_row(row, run_id) for row in rows]
            unique = table in ("pages", "checks", "snapshots")
            store.db.table(table).insert_all(prepared, batch_size=500, replace=unique)


def test_batches_store_what_insert_all_stored(tmp_path: Path) -> None:
    new, old = Store(tmp_path / "new.db"), Store(tmp_path / "old.db")
    # the raw writer every batch goes through; the crawl's own (Store.write_batch) also
    # stores texts and snapshot bodies by digest first (tests/test_page_texts.py)
    StoreCore.write_batch(new, 1, BATCH)
    reference(old, 1)
    assert dump(new, 1) == dump(old, 1)
    assert dump(new, 7) == dump(old, 7)
    assert new.db.execute("select facts from pages where run_id = 7").fetchone() == ("null",)
    assert [r[1] for r in dump(new, 1)["pages"]] == [1, 1]  # the row's own run_id wins
    check = new.check_of(1, "v")
    assert check is not None and check["redirects"] == ["u", "v"]


def test_stage_rows_replace_the_run_and_stream_in_chunks(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    rows = ({"url": f"u{i}", "site_key": "czj", "item": "x", "score": 0.5} for i in range(2500))
    store.replace_rows("matches", 1, rows)
    store.replace_rows("matches", 1, iter([{"url": "only", "reasons": ["r"]}]))
    found = list(store.iter_rows("matches", 1))
    assert [(r["url"], r["reasons"], r["item"]) for r in found] == [("only", ["r"], None)]


def test_unknown_tables_are_refused(tmp_path: Path) -> None:
    with pytest.raises(KeyError):
        Store(tmp_path / "s.db").write_batch(1, {"pages; drop table runs": [{"url": "x"}]})
