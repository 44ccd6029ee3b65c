"""A finding cites the same linking page however the crawl was ordered: the order in which
pages and links are stored differs between two crawls of one unchanged district (two
processes, Redis workers, a repeat), and the anchor evidence of a broken target must not."""

from __future__ import annotations

import itertools
from pathlib import Path

from auditor.classify.classifier import classify_run
from auditor.store import Store

GONE = "http://127.0.0.1/bmys/2013_gone.html"
SOURCES = {  # page -> the anchor it links the broken 2013 budget with
    "http://127.0.0.1/zcwj/notice.html": "2013年部门预算",
    "http://127.0.0.1/bmys/2013.html": "2013年部门预算",
    "http://127.0.0.1/gzdt/news.html": "部门预算(2013年)",
}


def stored_in_order(store: Store, order: list[str]) -> int:
    """One run whose pages and links are stored in `order`; the target answered 404."""
    run = store.start_run("t", "i.toml", {}, "t", "2014-11-20")
    pages = [
        {"site_key": "s", "url": url, "status": 200, "title": "一则新闻", "facts": {"title": "一则新闻"}}
        for url in order
    ]
    links = [
        {"site_key": "s", "source": url, "target": GONE, "anchor": SOURCES[url]} for url in order
    ]
    checks = [{"site_key": "s", "url": GONE, "status": 404, "ok": 0}]
    store.write_batch(run, {"pages": pages, "links": links, "checks": checks})
    return run


def anchor_matches(store: Store, run: int) -> list[tuple]:
    sql = """select url, item, score, reasons, anchor, anchor_page from matches
             where run_id = ? and source = 'anchor' order by url, item"""
    return store.db.execute(sql, [run]).fetchall()


def test_anchor_evidence_is_the_same_in_every_storage_order(classify_items, tmp_path: Path) -> None:
    found = []
    for n, order in enumerate(itertools.permutations(SOURCES)):
        store = Store(tmp_path / f"{n}.db")
        run = stored_in_order(store, list(order))
        classify_run(store, run, classify_items.CHECKLIST)
        found.append(anchor_matches(store, run))
    assert found[0], "the broken budget link should speak through its anchor"
    assert all(rows == found[0] for rows in found[1:])
    # the smallest linking URL is cited, whichever page was crawled first
    assert {row[5] for row in found[0]} == {"http://127.0.0.1/bmys/2013.html"}
