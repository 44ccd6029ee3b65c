"""A page a repeat copied for a 304 names the run it was copied from (pages.from_run): the
classifier then takes it as unchanged without comparing its facts; when the whole run is
such copies (Store.links_copied_from), site health reads none of its links and the
classifier copies the earlier run's anchor matches.  Whatever they skip, the results equal
those computed without the shortcut."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from auditor.classify.classifier import classify_run
from auditor.health import site_health
from auditor.health.context import site_context
from auditor.health.reuse import REUSE_ENV, REUSED_FROM, all_reused, comparisons
from auditor.store import COPIED, LISTING_FACTS, Store

AS_OF = "2014-11-20"
ROOTS = {"a": "http://127.0.0.1:8102/a/", "b": "http://127.0.0.1:8102/b/"}


def world() -> dict[str, list[dict[str, Any]]]:
    """Per site a home page (a listing), a column and three articles, each article linking
    home, the home page the column and the column its first article."""
    rows: dict[str, list[dict[str, Any]]] = {"pages": [], "links": [], "checks": []}
    for key, root in ROOTS.items():
        column: dict[str, Any] = {"is_listing": True, "column": "通知公告", "text": "列表"}
        article: dict[str, Any] = {"title": "通知", "published": "2014-11-01", "text": "办理"}
        pages: list[tuple[str, int, dict[str, Any]]] = [
            (root, 0, {"is_listing": True, "text": "首页"}),
            (root + "tzgg/", 1, column),
        ]
        pages += [(root + f"tzgg/{n}.html", 2, article) for n in range(3)]
        for url, depth, facts in pages:
            page = {"site_key": key, "url": url, "final_url": url, "status": 200, "depth": depth}
            page |= {"title": facts.get("title", "页面"), "facts": facts}
            rows["pages"].append({**page, "fetched_at": "2014-11-20T09:00:00+08:00"})
        pairs = [(root, root + "tzgg/"), (root + "tzgg/", root + "tzgg/0.html")]
        pairs += [(url, root) for url, depth, _ in pages if depth == 2]
        rows["links"] += [
            {"site_key": key, "source": s, "target": t, "anchor": "通知", "tag": "a"}
            for s, t in pairs
        ]
        # an attachment that speaks for itself only through its link's anchor
        link = {"site_key": key, "source": root + "tzgg/0.html", "target": root + "x.xls"}
        rows["links"].append({**link, "anchor": "三公经费表", "tag": "a"})
        rows["checks"].append({"site_key": key, "url": root + "x.xls", "status": 200, "ok": 1})
    return rows


def stored_run(store: Store, rows: dict[str, Any]) -> int:
    run = store.start_run("检查", "x.toml", {}, "liangqing-2014", AS_OF)
    store.add_sites(run, [{"key": k, "department": k, "url": u} for k, u in ROOTS.items()])
    store.write_batch(run, json.loads(json.dumps(rows)))
    store.finish_run(run, "complete")
    return run


def kept(store: Store, run: int) -> set[str]:
    """The sites whose page part the run computed rather than reused."""
    sql = (
        f"select site_key from site_health where run_id = ? and reads ->> '$.{REUSED_FROM}' is null"
    )
    return {r[0] for r in store.db.execute(sql, [run])}


def copied_run(store: Store, first: int, extra: dict[str, list[Any]] | None = None) -> int:
    """A complete repeat whose every page answered 304 (copied from `first` by the store,
    as the crawl's batches copy them), with `extra` crawl rows written beside."""
    run = store.start_run("检查", "x.toml", {}, "liangqing-2014", AS_OF)
    store.add_sites(run, [{"key": k, "department": k, "url": u} for k, u in ROOTS.items()])
    sql = "select url, site_key, depth from pages where run_id = ? order by id desc"
    copies = [
        {"url": url, "site_key": key, "depth": depth, "from_run": first}
        for url, key, depth in store.db.execute(sql, [first]).fetchall()
    ]
    store.write_batch(run, {COPIED: copies, **json.loads(json.dumps(extra or {}))})
    store.finish_run(run, "complete")
    return run


def from_runs(store: Store, run: int) -> dict[str, int | None]:
    sql = "select url, from_run from pages where run_id = ?"
    return dict(store.db.execute(sql, [run]).fetchall())


def test_a_copied_page_names_its_run_and_a_fetched_one_none(tmp_path) -> None:
    store = Store(tmp_path / "a.db")
    first = stored_run(store, world())
    run = copied_run(store, first)
    assert set(from_runs(store, first).values()) == {None}
    assert set(from_runs(store, run).values()) == {first}
    # a column's listing read after its page was stored changes its facts: no longer a copy
    column = ROOTS["a"] + "tzgg/"
    listing = {"url": column, "listing_dates": ["2014-11-19"], "text": "新列表"}
    store.write_batch(run, {LISTING_FACTS: [listing]})
    assert from_runs(store, run)[column] is None


@pytest.mark.parametrize("listing", [False, True])
def test_copied_pages_are_unchanged_to_the_classifier(tmp_path, listing) -> None:
    """The same pages noted unchanged (and the same to site health) with or without
    `from_run`; a copied page whose listing was read again is compared as before."""
    store = Store(tmp_path / "a.db")
    first = stored_run(store, world())
    run = copied_run(store, first)
    if listing:
        row = {"url": ROOTS["b"] + "tzgg/", "listing_dates": ["2014-11-19"], "text": "x"}
        store.write_batch(run, {LISTING_FACTS: [row]})
    noted = _unchanged(store, run, first)
    with store.db.conn:
        store.db.execute("update pages set from_run = null where run_id = ?", [run])
    assert noted == _unchanged(store, run, first)
    assert len(noted) == 10 - listing


def _unchanged(store: Store, run: int, first: int) -> set[tuple[Any, ...]]:
    store.find_unchanged_pages(run, first)
    return set(store.db.execute("select * from temp.unchanged_pages").fetchall())


def test_a_whole_copied_run_reuses_health_without_reading_links(tmp_path, monkeypatch) -> None:
    store = Store(tmp_path / "a.db")
    first = stored_run(store, world())
    site_health(store, first, AS_OF)
    run = copied_run(store, first)
    assert copied_from(store, run, first) == first
    monkeypatch.setattr(Store, "common_targets", _not_asked)
    monkeypatch.setattr(Store, "site_link_keys", _not_asked)
    health = site_health(store, run, AS_OF)
    assert kept(store, run) == set()
    monkeypatch.undo()
    monkeypatch.setenv(REUSE_ENV, "0")
    assert health == site_health(store, run, AS_OF)


def copied_from(store: Store, run: int, first: int) -> int | None:
    store.find_unchanged_pages(run, first)
    return store.links_copied_from(run)


def _not_asked(*args: Any) -> Any:
    raise AssertionError("the links of a copied run should not be read")


@pytest.mark.parametrize(
    "extra",
    [
        # a link more (a stylesheet's, not on any page) makes the counts differ
        {"links": [{"site_key": "a", "source": "s.css", "target": "a.png", "tag": "css"}]},
        # a page fetched again (not copied) replaces its copy
        {"pages": [{**world()["pages"][0]}]},
    ],
)
def test_a_run_not_all_copied_reads_its_links(tmp_path, extra) -> None:
    store = Store(tmp_path / "a.db")
    first = stored_run(store, world())
    site_health(store, first, AS_OF)
    run = copied_run(store, first, extra)
    assert copied_from(store, run, first) is None


def test_an_earlier_run_with_links_off_its_pages_is_not_taken(tmp_path) -> None:
    """Links of the earlier run not on any of its pages (a stylesheet's) are not copied by a
    304: the repeat has fewer, and even as many (one more elsewhere) is not taken."""
    store = Store(tmp_path / "a.db")
    rows = world()
    rows["links"].append({"site_key": "a", "source": "s.css", "target": "a.png"})
    first = stored_run(store, rows)
    fewer = copied_run(store, first)
    assert copied_from(store, fewer, first) is None
    other = {"site_key": "a", "source": "t.css", "target": "b.png"}
    same_count = copied_run(store, first, {"links": [other]})
    assert copied_from(store, same_count, first) is None


def matches(store: Store, run: int) -> list[tuple[Any, ...]]:
    sql = """select url, site_key, source, item, score, reasons, strength, signals, anchor,
             anchor_page, listing_date, publisher from matches where run_id = ?"""
    return sorted(store.db.execute(sql, [run]).fetchall())


@pytest.mark.parametrize("verdicts", ["same", "one fewer"])
def test_a_copied_run_copies_the_anchor_matches(
    tmp_path, monkeypatch, classify_items, verdicts
) -> None:
    """All pages and links copied and the same URLs judged: the earlier run's anchor
    matches are copied, the anchors not read; one verdict fewer: read, as a run classified
    alone gives them."""
    checklist = classify_items.CHECKLIST
    store = Store(tmp_path / "a.db")
    first = stored_run(store, world())
    classify_run(store, first, checklist)
    checks = world()["checks"][1 if verdicts == "one fewer" else 0 :]
    run = copied_run(store, first, {"checks": checks})
    if verdicts == "same":
        monkeypatch.setattr(Store, "anchor_links", _not_asked)
    classify_run(store, run, checklist)
    monkeypatch.undo()
    alone = Store(tmp_path / "b.db")
    fresh = stored_run(alone, {**world(), "checks": checks})
    classify_run(alone, fresh, checklist)
    assert matches(store, run) == matches(alone, fresh)
    assert sum(row[2] == "anchor" for row in matches(store, run)) == 1 + (verdicts == "same")


@pytest.mark.parametrize("case", ["copied", "not kept", "another day", "a page fetched"])
def test_health_needs_no_workers_only_when_every_part_is_reused(tmp_path, case) -> None:
    """A copied run whose every site's part the compared run kept for the same inputs is
    computed in the report's process (`all_reused`); a part not kept, another judging day
    or a fetched page (links not all copies) keep the workers."""
    store = Store(tmp_path / "a.db")
    first = stored_run(store, world())
    if case != "not kept":
        site_health(store, first, AS_OF)
    extra = {"pages": [world()["pages"][0]]} if case == "a page fetched" else None
    run = copied_run(store, first, extra)
    store.find_unchanged_pages(run, first)
    day = "2014-11-21" if case == "another day" else AS_OF
    context = site_context(store, run, day)
    context = dataclasses.replace(context, **comparisons(store, run))
    assert all_reused(store, run, store.sites(run), context) == (case == "copied")
