"""A repeat's site health reuses an earlier complete run's page part of a site whose inputs
are unchanged (auditor/health/reuse.py), and is exactly the health computed afresh: a changed
page, a changed link on a column page, a listing page's depth or the judging day make that
site compute again; a link verdict or a tampering hit changes only the parts always computed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import auditor
from auditor.codeversion import code_digest, tree_digest
from auditor.health import site_health
from auditor.health.reuse import REUSE_ENV, REUSED_FROM, links_digest
from auditor.store import Store

AS_OF = "2014-11-20"
ROOTS = {"site1": "http://127.0.0.1:8101/bm/czj/", "site2": "http://127.0.0.1:8101/bm/fgj/"}
FOOTER = "主办单位:城区财政局 联系电话:0771-1234567 网站标识码:4501080001"


def pages(site: str) -> list[dict[str, Any]]:
    root = ROOTS[site]
    home: dict[str, Any] = {
        "is_listing": True,
        "listing_dates": ["2014-11-18"],
        "footer": FOOTER,
        "text": "首页",
    }
    column: dict[str, Any] = {
        "is_listing": True,
        "column": "工作动态",
        "text": "undated: entries are its links",
    }
    article: dict[str, Any] = {
        "title": "办事指南",
        "published": "2014-10-01",
        "text": "办理材料 联系电话",
    }
    rows = [(root, 0, home), (root + "gzdt/", 1, column)]
    rows += [(root + f"gzdt/{name}.html", 2, article) for name in "abcd"]
    return [
        {
            "site_key": site,
            "url": url,
            "final_url": url,
            "status": 200,
            "depth": depth,
            "title": facts.get("title", "页面"),
            "fetched_at": "2014-11-20T10:00:00+08:00",
            "elapsed_ms": 300,
            "facts": facts,
        }
        for url, depth, facts in rows
    ]


def links(site: str) -> list[dict[str, Any]]:
    root = ROOTS[site]
    pairs = [
        (root, root + "gzdt/", "工作动态"),
        (root, root + "xxgk/", "信息公开"),
        (root + "gzdt/", root + "gzdt/a.html", "一篇文章的标题"),
        *((root + f"gzdt/{name}.html", root, "首页") for name in "abcd"),
    ]
    return [
        {"site_key": site, "source": s, "target": t, "anchor": a, "tag": "a", "internal": 1}
        for s, t, a in pairs
    ]


def world() -> dict[str, Any]:
    """Both sites' rows; a test edits a copy before it stores a run of it."""
    rows: dict[str, list[dict[str, Any]]] = {
        "pages": [],
        "links": [],
        "checks": [],
        "tampering": [],
    }
    for site in ROOTS:
        rows["pages"] += pages(site)
        rows["links"] += links(site)
        rows["checks"].append(
            {"site_key": site, "url": ROOTS[site] + "xxgk/", "status": 200, "ok": 1, "reason": "ok"}
        )
    return rows


def stored_run(store: Store, rows: dict[str, Any], as_of: str = AS_OF) -> int:
    """A complete run of the two sites, its pages written in reverse (another crawl order)."""
    run = store.start_run("检查", "x.toml", {}, "liangqing-2014", as_of)
    sites: list[Any] = [
        {"key": key, "department": f"部门{key}", "url": url, "channel": "site"}
        for key, url in ROOTS.items()
    ]
    store.add_sites(run, sites)
    order = -1 if run % 2 == 0 else 1
    batch = {table: list(rows[table])[::order] for table in rows}
    store.write_batch(run, json.loads(json.dumps(batch)))
    store.finish_run(run, "complete")
    return run


def kept(store: Store, run: int) -> set[str]:
    """The sites whose page part the run computed (a reused one is kept marked as such)."""
    sql = f"""select site_key from site_health where run_id = ?
              and reads ->> '$.{REUSED_FROM}' is null"""
    return {r[0] for r in store.db.execute(sql, [run])}


def fresh(store: Store, run: int, monkeypatch: pytest.MonkeyPatch, as_of: str = AS_OF) -> list:
    with monkeypatch.context() as patch:
        patch.setenv(REUSE_ENV, "0")
        return site_health(store, run, as_of)


def repeat(
    tmp_path: Path,
    monkeypatch,
    edit,
    as_of: str = AS_OF,
    compared: bool = False,
    both: Any = None,
) -> tuple[set[str], list]:
    """A first run, then a repeat of the world `edit` changed: the sites the repeat
    computed, and its health (asserted equal to the health computed without reuse).
    `compared`: the classifier compared the repeat's pages with the first run's first, so
    site health takes the sites whose pages changed from that comparison (RunContext.compared)
    and never compares a site's pages on its own.  `both`: an edit of both runs' world."""
    store = Store(tmp_path / "a.db")
    first_rows = world()
    if both is not None:
        both(first_rows)
    first = stored_run(store, first_rows)
    site_health(store, first, AS_OF)
    assert kept(store, first) == set(ROOTS)
    rows = world()
    if both is not None:
        both(rows)
    edit(rows)
    run = stored_run(store, rows, as_of)
    if compared:
        store.find_unchanged_pages(run, first)
        monkeypatch.setattr(Store, "same_site_pages", _not_asked)
    health = site_health(store, run, as_of)
    computed = kept(store, run)
    assert health == fresh(store, run, monkeypatch, as_of)
    return computed, health


def _not_asked(*args: Any) -> bool:
    raise AssertionError("the classifier's comparison should have answered")


@pytest.mark.parametrize("compared", [False, True])
def test_an_unchanged_repeat_reuses_every_site(tmp_path, monkeypatch, compared) -> None:
    computed, health = repeat(tmp_path, monkeypatch, lambda rows: None, compared=compared)
    assert computed == set() and len(health) == 2


def test_the_links_read_once_are_the_ones_a_repeat_compares(tmp_path) -> None:
    """A first run digests the links its column scan read and the home page's links it
    holds, reading none again; a repeat asks the store for the links on the same pages."""
    store = Store(tmp_path / "a.db")
    run = stored_run(store, world())
    site_health(store, run, AS_OF)
    sql = "select site_key, reads from site_health where run_id = ?"
    for key, text in store.db.execute(sql, [run]).fetchall():
        reads = json.loads(text)
        assert {ROOTS[key], ROOTS[key] + "gzdt/"} <= set(reads["sources"])
        asked = store.site_link_keys(run, key, reads["sources"])
        assert reads["links"] == links_digest(asked)


def test_the_reused_part_is_the_stored_one(tmp_path, monkeypatch) -> None:
    """A marker written into the first run's stored part shows in the repeat's health."""
    store = Store(tmp_path / "a.db")
    first = stored_run(store, world())
    site_health(store, first, AS_OF)
    (stored,) = store.db.execute(
        "select health from site_health where run_id = ? and site_key = 'site2'", [first]
    ).fetchone()
    part = json.loads(stored)
    part["columns"][0]["name"] = "标记栏目"
    with store.db.conn:
        store.db.execute(
            "update site_health set health = ? where run_id = ? and site_key = 'site2'",
            [json.dumps(part, ensure_ascii=False), first],
        )
    site1, site2 = site_health(store, stored_run(store, world()), AS_OF)
    assert site2["columns"][0]["name"] == "标记栏目"
    assert site1["columns"][0]["name"] == "工作动态"


def edit_page(site: str, path: str, **changes: Any):
    def edit(rows: dict[str, Any]) -> None:
        page = next(p for p in rows["pages"] if p["url"] == ROOTS[site] + path)
        page.update({key: value for key, value in changes.items() if key != "facts"})
        page["facts"] = {**page["facts"], **changes.get("facts", {})}

    return edit


@pytest.mark.parametrize(
    "edit",
    [
        edit_page("site2", "gzdt/a.html", facts={"text": "办理材料"}),  # an article's text
        edit_page("site2", "gzdt/a.html", title="新标题"),
        edit_page("site2", "gzdt/", depth=2),  # a listing page's depth: the column's URL
        edit_page("site2", "gzdt/", status=404),
        edit_page("site2", "gzdt/b.html", final_url=ROOTS["site2"] + "gzdt/c.html"),
        lambda rows: rows["pages"].pop(),  # a page fewer
        lambda rows: rows["pages"].append({**rows["pages"][-1], "url": ROOTS["site2"] + "e"}),
    ],
)
@pytest.mark.parametrize("compared", [False, True])
def test_a_changed_input_recomputes_that_site_only(tmp_path, monkeypatch, edit, compared) -> None:
    computed, _ = repeat(tmp_path, monkeypatch, edit, compared=compared)
    assert computed == {"site2"}


@pytest.mark.parametrize("compared", [False, True])
def test_what_the_page_part_does_not_read_keeps_it(tmp_path, monkeypatch, compared) -> None:
    """An article's depth and the time (not the day) it was fetched are not read."""

    def edit(rows: dict[str, Any]) -> None:
        edit_page("site2", "gzdt/a.html", depth=5, fetched_at="2014-11-20T23:59:00+08:00")(rows)

    computed, _ = repeat(tmp_path, monkeypatch, edit, compared=compared)
    assert computed == set()


@pytest.mark.parametrize(
    ("published", "recomputed"),
    [
        (None, False),
        ("2014-10-01", False),  # before both days
        ("2014-11-20", False),  # the first day: after neither
        ("2014-11-21", True),  # a future date on the first day only
        ("2014-11-30", True),  # a future date on both days, whose message names the day
    ],
)
@pytest.mark.parametrize("compared", [False, True])
def test_the_day_of_fetch_counts_beside_a_later_publication_date_only(
    tmp_path, monkeypatch, compared, published, recomputed
) -> None:
    """A page fetched again another day (a weekly repeat of a re-published page, its text
    the same) keeps its site's page part unless its publication date is after one of the
    two days: the "future date" error then differs (serious.py `date_hits`)."""
    dated = edit_page("site2", "gzdt/a.html", facts={"published": published})
    again = edit_page("site2", "gzdt/a.html", fetched_at="2014-11-27T09:00:00+08:00")
    computed, _ = repeat(tmp_path, monkeypatch, again, compared=compared, both=dated)
    assert computed == ({"site2"} if recomputed else set())


def test_a_comparison_with_another_run_is_not_taken(tmp_path, monkeypatch) -> None:
    """The classifier compared the repeat with a run other than the one whose page part
    would be reused: each site's pages are compared on their own."""
    store = Store(tmp_path / "a.db")
    first = stored_run(store, world())
    site_health(store, first, AS_OF)
    rows = world()
    edit_page("site2", "gzdt/a.html", title="新标题")(rows)
    run = stored_run(store, rows)
    store.find_unchanged_pages(run, run)  # every page "unchanged", but not since `first`
    assert kept_after(store, run) == {"site2"}


def kept_after(store: Store, run: int) -> set[str]:
    site_health(store, run, AS_OF)
    return kept(store, run)


def test_a_link_on_a_column_page_recomputes_its_site(tmp_path, monkeypatch) -> None:
    def edit(rows: dict[str, Any]) -> None:
        link = next(r for r in rows["links"] if r["source"] == ROOTS["site1"] + "gzdt/")
        link["anchor"] = "另一篇文章的标题"

    computed, _ = repeat(tmp_path, monkeypatch, edit)
    assert computed == {"site1"}


def test_a_new_menu_target_recomputes_its_site(tmp_path, monkeypatch) -> None:
    """The column's only entry, linked from three more articles (not from a column or the
    home page), becomes a menu target (Store.common_targets): the column turns empty."""

    def edit(rows: dict[str, Any]) -> None:
        root = ROOTS["site1"]
        for name in "bcd":
            link = {"site_key": "site1", "source": root + f"gzdt/{name}.html", "tag": "a"}
            rows["links"].append({**link, "target": root + "gzdt/a.html", "anchor": "相关文章链接"})

    computed, health = repeat(tmp_path, monkeypatch, edit)
    assert computed == {"site1"}
    assert [c["status"] for c in health[0]["columns"]] == ["empty"]
    assert [c["status"] for c in health[1]["columns"]] == ["stale"]


def test_a_link_verdict_changes_the_health_without_recomputing_pages(tmp_path, monkeypatch) -> None:
    def edit(rows: dict[str, Any]) -> None:
        rows["checks"][0].update(status=404, ok=0, reason="http_404")

    computed, health = repeat(tmp_path, monkeypatch, edit)
    assert computed == set()
    home = next(i for i in health[0]["indicators"] if i["id"] == "links.home_broken")
    assert home["value"] == 1 and health[0]["score"] < 100


def test_a_tampering_hit_keeps_the_page_part(tmp_path, monkeypatch) -> None:
    def edit(rows: dict[str, Any]) -> None:
        hit = {"site_key": "site1", "page": ROOTS["site1"], "kind": "gambling", "detail": "x"}
        rows["tampering"].append(hit)

    computed, _ = repeat(tmp_path, monkeypatch, edit)
    assert computed == set()


def test_another_judging_day_recomputes_every_site(tmp_path, monkeypatch) -> None:
    computed, _ = repeat(tmp_path, monkeypatch, lambda rows: None, as_of="2014-12-20")
    assert computed == set(ROOTS)


def test_an_unfinished_run_keeps_nothing(tmp_path) -> None:
    store = Store(tmp_path / "a.db")
    run = stored_run(store, world())
    store.set_run_status(run, "crawled")
    site_health(store, run, AS_OF)
    assert kept(store, run) == set()


def test_an_old_database_opened_read_only_computes_everything(tmp_path, monkeypatch) -> None:
    store = Store(tmp_path / "a.db")
    run = stored_run(store, world())
    expected = fresh(store, run, monkeypatch)
    store.close()
    with sqlite3.connect(tmp_path / "a.db") as conn:
        conn.execute("drop table site_health")
    old = Store(tmp_path / "a.db", read_only=True)
    assert site_health(old, run, AS_OF) == expected


def test_the_code_digest_changes_with_any_source_file(tmp_path) -> None:
    """The reuse key's code part (read once by the process that computes the run's context,
    which hands it to its health workers) changes when any source file does."""
    package = tmp_path / "package"
    (package / "sub").mkdir(parents=True)
    (package / "a.py").write_text("A = 1\n", encoding="utf-8")
    (package / "sub" / "b.py").write_text("B = 1\n", encoding="utf-8")
    before = tree_digest(package)
    (package / "sub" / "b.py").write_text("B = 2\n", encoding="utf-8")
    assert tree_digest(package) != before
    (package / "sub" / "b.py").write_text("B = 1\n", encoding="utf-8")
    assert tree_digest(package) == before
    (package / "c.py").write_text("", encoding="utf-8")
    assert tree_digest(package) != before
    assert code_digest() == tree_digest(Path(auditor.__file__).resolve().parent)


def test_a_second_repeat_reuses_from_the_first_repeat(tmp_path, monkeypatch) -> None:
    """An unchanged repeat keeps the parts it reused, so the next repeat reuses them from it
    (the run the classifier compared with): a page changed in that next repeat recomputes
    its site, the other site comes from the first repeat's kept part."""
    store = Store(tmp_path / "a.db")
    first = stored_run(store, world())
    site_health(store, first, AS_OF)
    second = stored_run(store, world())
    store.find_unchanged_pages(second, first)
    site_health(store, second, AS_OF)
    reused = "select site_key, reads ->> '$.reused_from' from site_health where run_id = ?"
    assert dict(store.db.execute(reused, [second]).fetchall()) == dict.fromkeys(ROOTS, first)
    rows = world()
    edit_page("site2", "gzdt/a.html", title="新标题")(rows)
    third = stored_run(store, rows)
    store.find_unchanged_pages(third, second)
    monkeypatch.setattr(Store, "same_site_pages", _not_asked)
    health = site_health(store, third, AS_OF)
    assert kept(store, third) == {"site2"}
    assert dict(store.db.execute(reused, [third]).fetchall())["site1"] == second
    assert health == fresh(store, third, monkeypatch)
