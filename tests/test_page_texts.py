"""A page's main text is stored once per distinct text (auditor/store/texts.py): the facts
the crawl stores hold none, the page names it by digest, a repeat's copy of a page names the
same text instead of storing it again, and every reader sees the text it saw before.  A
page whose text changed is a changed page; a row written with its text still in its facts
(an older database) reads the same.  An evidence page's snapshot body likewise."""

from __future__ import annotations

import gzip
import hashlib
import json
from typing import Any

from auditor.store import COPIED, LISTING_FACTS, Store
from auditor.store.shards import merge_shard

AS_OF = "2014-11-20"
ROOT = "http://127.0.0.1:8102/"
TEXTS = {"": "首页 通知公告 政务公开", "a.html": "2014年部门预算公开说明", "b.html": "办事指南"}


def page_rows(texts: dict[str, str]) -> list[dict[str, Any]]:
    rows = []
    for path, text in texts.items():
        facts = {"title": path or "首页", "published": "2014-11-01", "text": text}
        row = {"site_key": "a", "url": ROOT + path, "final_url": ROOT + path, "status": 200}
        rows.append({**row, "depth": 1 if path else 0, "title": facts["title"], "facts": facts})
    return rows


def new_run(store: Store) -> int:
    run = store.start_run("检查", "x.toml", {}, "liangqing-2014", AS_OF)
    store.add_sites(run, [{"key": "a", "department": "财政局", "url": ROOT}])
    return run


def snapshot(url: str, html: bytes) -> dict[str, Any]:
    digest = hashlib.sha256(html).hexdigest()
    row = {"url": url, "sha256": digest, "body": gzip.compress(html), "status": 200}
    return {**row, "fetched_at": "2014-11-20T09:00:00+08:00"}


BODY = "<html><title>2014年部门预算公开说明</title></html>".encode()


def fetched_run(store: Store, texts: dict[str, str]) -> int:
    run = new_run(store)
    store.write_batch(
        run, {"pages": page_rows(texts), "snapshots": [snapshot(ROOT + "a.html", BODY)]}
    )
    store.finish_run(run, "complete")
    return run


def copied_run(store: Store, first: int) -> int:
    """Every page answered 304: copied from `first` as the crawl's batches copy them."""
    run = new_run(store)
    sql = "select url, site_key, depth from pages where run_id = ? order by id"
    copies = [
        {"url": url, "site_key": key, "depth": depth, "from_run": first}
        for url, key, depth in store.db.execute(sql, [first]).fetchall()
    ]
    store.write_batch(run, {COPIED: copies})
    store.finish_run(run, "complete")
    return run


def stored_facts(store: Store, run: int) -> dict[str, dict[str, Any]]:
    sql = "select url, facts from pages where run_id = ?"
    return {url: json.loads(facts) for url, facts in store.db.execute(sql, [run])}


def read_texts(store: Store, run: int) -> dict[str, str | None]:
    """What the classifier reads of each page's text (every page read: nothing to reuse)."""
    store.find_unchanged_pages(run, None)
    return {page["url"]: (page["facts"] or {}).get("text") for page in store.changed_pages(run)}


def count(store: Store, sql: str, *args: Any) -> int:
    return int(store.db.execute(sql, args).fetchone()[0])


def test_the_text_leaves_the_facts_and_reads_back(tmp_path) -> None:
    store = Store(tmp_path / "a.db")
    run = fetched_run(store, TEXTS)
    assert all("text" not in facts for facts in stored_facts(store, run).values())
    assert count(store, "select count(*) from page_texts") == len(TEXTS)
    assert read_texts(store, run) == {ROOT + path: text for path, text in TEXTS.items()}
    home = count(store, "select id from pages where run_id = ? and url = ?", run, ROOT)
    page = store.page_by_id(home)
    assert page is not None and page["facts"] is not None
    assert page["facts"]["text"] == TEXTS[""]


def test_a_repeat_copy_names_the_same_text(tmp_path) -> None:
    store = Store(tmp_path / "a.db")
    first = fetched_run(store, TEXTS)
    run = copied_run(store, first)
    assert count(store, "select count(*) from page_texts") == len(TEXTS)
    sql = "select url, text_sha from pages where run_id = ? order by url"
    assert store.db.execute(sql, [run]).fetchall() == store.db.execute(sql, [first]).fetchall()
    assert read_texts(store, run) == read_texts(store, first)


def test_a_page_whose_text_changed_is_not_unchanged(tmp_path) -> None:
    store = Store(tmp_path / "a.db")
    first = fetched_run(store, TEXTS)
    run = fetched_run(store, {**TEXTS, "a.html": "2014年部门预算公开说明(更正)"})
    assert store.find_unchanged_pages(run, first) == len(TEXTS) - 1
    changed = [page["url"] for page in store.changed_pages(run)]
    assert changed == [ROOT + "a.html"]
    again = fetched_run(store, TEXTS)  # the same text again: stored once, the same digest
    assert store.find_unchanged_pages(again, first) == len(TEXTS)
    assert count(store, "select count(*) from page_texts") == len(TEXTS) + 1


def test_a_row_with_its_text_in_its_facts_reads_the_same(tmp_path) -> None:
    """A database written before page_texts keeps each text inline in the facts."""
    store = Store(tmp_path / "a.db")
    run = new_run(store)
    with store.db.conn:
        for row in page_rows(TEXTS):
            columns = {**row, "run_id": run, "facts": json.dumps(row["facts"], ensure_ascii=False)}
            names = ", ".join(columns)
            marks = ", ".join("?" * len(columns))
            store.db.execute(
                f"insert into pages ({names}) values ({marks})", list(columns.values())
            )
    assert count(store, "select count(*) from page_texts") == 0
    assert read_texts(store, run) == {ROOT + path: text for path, text in TEXTS.items()}


def test_a_column_read_after_its_page_stores_the_entries_text(tmp_path) -> None:
    store = Store(tmp_path / "a.db")
    first = fetched_run(store, TEXTS)
    run = copied_run(store, first)
    listing = {"url": ROOT, "listing_dates": ["2014-11-19"], "text": "关于2014年预算的通知"}
    store.write_batch(run, {LISTING_FACTS: [listing]})
    facts = stored_facts(store, run)[ROOT]
    assert facts["is_listing"] is True and "text" not in facts
    assert read_texts(store, run)[ROOT] == listing["text"]
    assert read_texts(store, first)[ROOT] == TEXTS[""]


def snapshot_bodies(store: Store, run: int) -> dict[str, bytes]:
    return {row["url"]: gzip.decompress(row["body"]) for row in store.snapshot_rows(run)}


def test_a_snapshot_body_is_stored_once_and_read_by_every_run(tmp_path) -> None:
    store = Store(tmp_path / "a.db")
    first = fetched_run(store, TEXTS)
    run = copied_run(store, first)
    assert snapshot_bodies(store, first) == snapshot_bodies(store, run) == {ROOT + "a.html": BODY}
    assert count(store, "select count(*) from snapshot_bodies") == 1
    assert count(store, "select count(*) from snapshots where body is not null") == 0
    with store.db.conn:  # a row of an older database holds its body itself
        old = snapshot(ROOT + "b.html", b"<html>old</html>")
        names = ", ".join(old)
        marks = ", ".join("?" * len(old))
        store.db.execute(
            f"insert into snapshots (run_id, {names}) values (?, {marks})", [run, *old.values()]
        )
    assert snapshot_bodies(store, run)[ROOT + "b.html"] == b"<html>old</html>"


def test_a_shard_brings_its_texts_and_bodies_and_an_older_one_its_own_rows(tmp_path) -> None:
    """A distributed worker's shard is merged with the texts and bodies its pages name; a
    shard written before these tables holds them in its rows, which read the same."""
    for name, older in (("new", False), ("old", True)):
        shard = Store(tmp_path / f"{name}-shard.db")
        fetched_run(shard, TEXTS)
        if older:  # as an older auditor wrote it: text and body in the rows themselves
            with shard.db.conn:
                shard.db.execute(
                    """update pages set facts = json_set(facts, '$.text',
                       (select text from page_texts t where t.sha = pages.text_sha)),
                       text_sha = null"""
                )
                shard.db.execute(
                    """update snapshots set body = (select b.body from snapshot_bodies b
                       where b.sha256 = snapshots.sha256)"""
                )
                shard.db.execute("drop table page_texts")
                shard.db.execute("drop table snapshot_bodies")
        shard.db.conn.close()
        store = Store(tmp_path / f"{name}.db")
        run = new_run(store)
        merge_shard(store, run, tmp_path / f"{name}-shard.db", 1, "job")
        assert read_texts(store, run) == {ROOT + path: text for path, text in TEXTS.items()}
        assert snapshot_bodies(store, run) == {ROOT + "a.html": BODY}
