"""A repeat audit classifies only pages that changed, with exactly the matches a full
classification gives; runs record how long each stage took, also in older databases."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from auditor.checklist.model import Checklist
from auditor.classify.classifier import classify_run
from auditor.store import Store

PAGES = {
    "http://127.0.0.1/a.html": "2014年部门预算",
    "http://127.0.0.1/b.html": "三公经费公开",
    "http://127.0.0.1/c.html": "一则新闻",
}


def crawled_run(store: Store, titles: dict[str, str]) -> int:
    run = store.start_run("t", "i.toml", {}, "t", "2014-11-20")
    pages = [
        {"site_key": "s", "url": url, "status": 200, "title": title, "facts": {"title": title}}
        for url, title in titles.items()
    ]
    links = [{"site_key": "s", "source": url, "target": "http://127.0.0.1/x.xls"} for url in titles]
    anchors = [{**link, "anchor": "三公经费表"} for link in links]
    checks = [{"site_key": "s", "url": "http://127.0.0.1/x.xls", "status": 200, "ok": 1}]
    store.write_batch(run, {"pages": pages, "links": anchors, "checks": checks})
    return run


def matches(store: Store, run: int) -> list[tuple]:
    sql = """select url, site_key, source, item, score, reasons, strength, signals, anchor,
             anchor_page, listing_date from matches where run_id = ?"""
    return sorted(store.db.execute(sql, [run]).fetchall())


def test_repeat_copies_unchanged_pages_and_reclassifies_changed_ones(
    classify_items, tmp_path: Path
) -> None:
    store = Store(tmp_path / "a.db")
    first = crawled_run(store, PAGES)
    classify_run(store, first, classify_items.CHECKLIST)
    store.finish_run(first, "complete")
    changed = {**PAGES, "http://127.0.0.1/c.html": "2015年部门预算", "http://127.0.0.1/d.html": "x"}
    repeat = crawled_run(store, changed)
    count = classify_run(store, repeat, classify_items.CHECKLIST)
    fresh = Store(tmp_path / "b.db")
    alone = crawled_run(fresh, changed)
    assert count == classify_run(fresh, alone, classify_items.CHECKLIST)
    assert matches(store, repeat) == matches(fresh, alone)
    items = {(row[0], row[3]) for row in matches(store, repeat)}
    assert ("http://127.0.0.1/c.html", "budget.department-budget") in items
    assert ("http://127.0.0.1/x.xls", "budget.three-public") in items  # the anchor


def test_a_repeat_reuses_unchanged_pages_matches_and_reclassifies_a_changed_page(
    classify_items, tmp_path: Path
) -> None:
    """The first run's match of an unchanged page is copied as stored (a marker written into
    it shows up in the repeat), while the page whose title changed is classified afresh: its
    old item is gone and its new one found."""
    store = Store(tmp_path / "a.db")
    first = crawled_run(store, PAGES)
    classify_run(store, first, classify_items.CHECKLIST)
    store.finish_run(first, "complete")
    marker = '["复用标记"]'
    with store.db.conn:
        store.db.execute("update matches set reasons = ? where run_id = ?", [marker, first])
    changed = {**PAGES, "http://127.0.0.1/a.html": "三公经费公开"}
    repeat = crawled_run(store, changed)
    classify_run(store, repeat, classify_items.CHECKLIST)
    rows = {(row[0], row[3]): row for row in matches(store, repeat)}
    kept = rows[("http://127.0.0.1/b.html", "budget.three-public")]
    assert kept[5] == marker  # reused, not reclassified
    assert ("http://127.0.0.1/a.html", "budget.department-budget") not in rows
    fresh = rows[("http://127.0.0.1/a.html", "budget.three-public")]
    assert fresh[5] != marker and "三公" in fresh[5]


def test_a_changed_checklist_reclassifies_everything(classify_items, tmp_path: Path) -> None:
    store = Store(tmp_path / "a.db")
    first = crawled_run(store, PAGES)
    classify_run(store, first, classify_items.CHECKLIST)
    store.finish_run(first, "complete")
    repeat = crawled_run(store, PAGES)
    classify_run(store, repeat, Checklist("t", "测试", items=classify_items.CHECKLIST.items[2:]))
    assert {row[3] for row in matches(store, repeat)} == {"budget.three-public"}


def test_timings_are_recorded_and_old_databases_gain_the_column(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.execute("create table runs (id integer primary key, name text, status text)")
        conn.execute("insert into runs (name, status) values ('旧检查', 'complete')")
    store = Store(path)
    store.record_timings(1, {"crawl": 12.5})
    store.record_timings(1, {"classify": 0.25})
    run = store.run(1)
    assert run is not None and run["timings"] == {"crawl": 12.5, "classify": 0.25}


def test_report_shows_the_stage_seconds(classify_items, tmp_path: Path) -> None:
    from auditor.report import build_report
    from auditor.report.html import render_html

    store = Store(tmp_path / "a.db")
    run = crawled_run(store, PAGES)
    store.record_timings(run, {"crawl": 61.4, "classify": 2.25})
    report = build_report(store, run, checklist=classify_items.CHECKLIST)
    assert report["timings"] == {"crawl": 61.4, "classify": 2.25}
    html = render_html(report)
    assert "各阶段用时" in html and "识别事项" in html and "61.4 秒" in html


TARGET = "http://127.0.0.1/budget2014.html"


def linked_run(store: Store, target: dict) -> int:
    """Two unchanged pages linking one target page as 2014年部门预算; only `target` varies."""
    run = store.start_run("t", "i.toml", {}, "t", "2014-11-20")
    sources = ["http://127.0.0.1/a.html", "http://127.0.0.1/b.html"]
    pages = [
        {"site_key": "s", "url": url, "status": 200, "title": "一则新闻", "facts": {"title": "一则新闻"}}
        for url in sources
    ]
    pages.append({"site_key": "s", "url": TARGET, **target})
    links = [
        {"site_key": "s", "source": url, "target": TARGET, "anchor": "2014年部门预算"}
        for url in sources
    ]
    checks = [{"site_key": "s", "url": TARGET, "status": target["status"], "ok": 1}]
    store.write_batch(run, {"pages": pages, "links": links, "checks": checks})
    return run


GONE = {"status": 200, "title": "页面不存在", "facts": {"title": "页面不存在", "not_found": True}}
FINE = {"status": 200, "title": "通知", "facts": {"title": "通知", "text": "正文"}}


def run_as_if_alone(store: Store, alone_db: Path, target: dict, checklist) -> int:
    """One more classified run of `store` with `target`, asserted to match exactly what a
    classification of the same run alone (a fresh database) finds; returns the run id."""
    run = linked_run(store, target)
    classify_run(store, run, checklist)
    store.finish_run(run, "complete")
    alone = Store(alone_db)
    fresh = linked_run(alone, target)
    classify_run(alone, fresh, checklist)
    assert matches(store, run) == matches(alone, fresh)
    return run


def test_a_repeat_where_only_a_links_target_changed_gives_the_targets_anchor_matches(
    classify_items, tmp_path: Path
) -> None:
    """The linking pages are unchanged (their matches are copied), but the page they link
    turned into a "page not found" and back: the anchor speaks for it exactly while it is
    broken, in each run as in a classification of that run alone."""
    store = Store(tmp_path / "a.db")
    anchors = []
    for n, target in enumerate((FINE, GONE, FINE)):
        run = run_as_if_alone(store, tmp_path / f"alone{n}.db", target, classify_items.CHECKLIST)
        anchors.append({(r[0], r[3], r[9]) for r in matches(store, run) if r[2] == "anchor"})
    first_link = (TARGET, "budget.department-budget", "http://127.0.0.1/a.html")
    assert anchors == [set(), {first_link}, set()]


def test_an_unchanged_not_found_page_speaks_through_the_earlier_runs_note(
    classify_items, tmp_path: Path
) -> None:
    """A repeat reads only its changed pages' facts for "not found": an unchanged one says so
    exactly when the earlier run noted it (soft404_pages).  Over gone, gone, fine, fine, gone
    each run's anchors equal a classification of that run alone; and a note removed from the
    first run makes the unchanged page of the second run silent (the note, not the facts, was
    read)."""
    store = Store(tmp_path / "a.db")
    notes = []
    for n, target in enumerate((GONE, GONE, FINE, FINE, GONE)):
        run = run_as_if_alone(store, tmp_path / f"alone{n}.db", target, classify_items.CHECKLIST)
        sql = "select url from soft404_pages where run_id = ?"
        notes.append([row[0] for row in store.db.execute(sql, [run])])
    assert notes == [[TARGET], [TARGET], [], [], [TARGET]]
    marked = Store(tmp_path / "b.db")
    first = linked_run(marked, GONE)
    classify_run(marked, first, classify_items.CHECKLIST)
    marked.finish_run(first, "complete")
    with marked.db.conn:
        marked.db.execute("delete from soft404_pages where run_id = ?", [first])
    repeat = linked_run(marked, GONE)
    classify_run(marked, repeat, classify_items.CHECKLIST)
    assert not [row for row in matches(marked, repeat) if row[2] == "anchor"]
    assert [row for row in matches(marked, first) if row[2] == "anchor"]
