"""The crawl's evidence test notes each page's matches in its row (pages.page_matches), and
classify copies them: the same matches as matching the stored facts again, a note of another
classifier is never trusted, and a column read after its page was stored loses its note."""

from __future__ import annotations

from typing import Any

from auditor.checklist.model import Checklist
from auditor.classify import noted
from auditor.classify.classifier import classifier_digest, classify_run, evidence_candidate
from auditor.store import LISTING_FACTS, Store

ROOT = "http://127.0.0.1/"
BUDGET = {"title": "2014年部门预算", "text": "部门预算 收支总表"}
PAGES: dict[str, dict[str, Any]] = {
    "a.html": {"status": 200, "facts": BUDGET},
    "b.html": {"status": 200, "facts": {"title": "三公经费公开", "text": "因公出国"}},
    "c.html": {"status": 200, "facts": {"title": "一则新闻", "text": "会议"}},
    "d.html": {"status": 200, "facts": {"title": "2014年部门预算会议", "text": ""}},
    # a column page names its item, but only a broken one may speak for it
    "col/": {"status": 200, "facts": {**BUDGET, "is_listing": True}},
    "gone/": {"status": 404, "facts": {**BUDGET, "is_listing": True}},
}


def crawled_run(store: Store, checklist: Checklist | None) -> int:
    """The pages written as the crawl writes them: with a checklist, each first passed to
    the evidence test (which notes its matches in the row)."""
    run = store.start_run("t", "i.toml", {}, "t", "2014-11-20")
    test = evidence_candidate(checklist) if checklist is not None else None
    pages = []
    for path, page in PAGES.items():
        row = {"site_key": "s", "url": ROOT + path, "title": page["facts"]["title"], **page}
        if test is not None:
            test(row)
        pages.append(row)
    store.write_batch(run, {"pages": pages})
    return run


def matches(store: Store, run: int) -> list[tuple]:
    sql = """select url, site_key, source, item, score, reasons, strength, signals, anchor,
             anchor_page, listing_date, publisher from matches where run_id = ? order by rowid"""
    return store.db.execute(sql, [run]).fetchall()


def notes(store: Store, run: int) -> dict[str, str | None]:
    sql = "select url, page_matches from pages where run_id = ?"
    return dict(store.db.execute(sql, [run]).fetchall())


def test_noted_matches_are_the_matches_of_the_stored_facts(classify_items, tmp_path) -> None:
    """In the same order, row for row: notes for every page, none at all, and a mix."""
    checklist = classify_items.CHECKLIST
    plain = Store(tmp_path / "plain.db")
    run = crawled_run(plain, None)
    classify_run(plain, run, checklist)
    expected = matches(plain, run)
    assert {r[0] for r in expected} >= {ROOT + "a.html", ROOT + "b.html", ROOT + "gone/"}
    assert ROOT + "col/" not in {r[0] for r in expected}
    store = Store(tmp_path / "noted.db")
    run = crawled_run(store, checklist)
    assert all(notes(store, run).values())
    assert noted.noted_matches(notes(store, run)[ROOT + "col/"] or "") == []
    classify_run(store, run, checklist)
    assert matches(store, run) == expected
    with store.db.conn:  # half the pages without a note: computed, merged in page order
        store.db.execute("update pages set page_matches = null where id % 2 = 1")
    classify_run(store, run, checklist)
    assert matches(store, run) == expected


def test_a_note_is_read_not_recomputed_and_only_by_its_own_classifier(
    classify_items, tmp_path
) -> None:
    """A note rewritten to name another item is what classify writes; the same note under
    another checklist's tag is ignored and the page matched again."""
    checklist = classify_items.CHECKLIST
    store = Store(tmp_path / "a.db")
    run = crawled_run(store, checklist)
    tag = classifier_digest(checklist)[: noted.TAG_CHARS]
    (match,) = [m for m in noted.noted_matches(notes(store, run)[ROOT + "b.html"] or "")]
    forged = noted.note(tag, [type(match)("budget.forged", 9, match.signals, "strong")])
    with store.db.conn:
        store.db.execute(
            "update pages set page_matches = ? where url = ?", [forged, ROOT + "c.html"]
        )
    classify_run(store, run, checklist)
    assert ("budget.forged", 9) in {(r[3], r[4]) for r in matches(store, run)}
    other = Checklist("t", "测试", items=checklist.items[2:])
    classify_run(store, run, other)
    assert "budget.forged" not in {r[3] for r in matches(store, run)}
    alone = Store(tmp_path / "b.db")
    plain = crawled_run(alone, None)
    classify_run(alone, plain, other)
    assert matches(store, run) == matches(alone, plain)


def test_a_column_read_after_its_page_was_stored_loses_its_note(classify_items, tmp_path) -> None:
    store = Store(tmp_path / "a.db")
    run = crawled_run(store, classify_items.CHECKLIST)
    listing = {"url": ROOT + "col/", "listing_dates": ["2014-11-19"], "text": "新列表"}
    store.write_batch(run, {LISTING_FACTS: [listing]})
    assert notes(store, run)[ROOT + "col/"] is None
    assert notes(store, run)[ROOT + "a.html"]
