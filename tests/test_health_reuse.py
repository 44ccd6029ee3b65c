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
from auditor.health.reuse import links_digest
from auditor.store import Store


@pytest.mark.parametrize("compared", [False, True])
def test_an_unchanged_repeat_reuses_every_site(
    healthworld, tmp_path, monkeypatch, compared
) -> None:
    computed, health = healthworld.repeat(
        tmp_path, monkeypatch, lambda rows: None, compared=compared
    )
    assert computed == set() and len(health) == 2


def test_the_links_read_once_are_the_ones_a_repeat_compares(healthworld, tmp_path) -> None:
    """A first run digests the links its column scan read and the home page's links it
    holds, reading none again; a repeat asks the store for the links on the same pages."""
    store = Store(tmp_path / "a.db")
    run = healthworld.stored_run(store, healthworld.world())
    site_health(store, run, healthworld.AS_OF)
    sql = "select site_key, reads from site_health where run_id = ?"
    for key, text in store.db.execute(sql, [run]).fetchall():
        reads = json.loads(text)
        assert {healthworld.ROOTS[key], healthworld.ROOTS[key] + "gzdt/"} <= set(reads["sources"])
        asked = store.site_link_keys(run, key, reads["sources"])
        assert reads["links"] == links_digest(asked)


def test_the_reused_part_is_the_stored_one(healthworld, tmp_path, monkeypatch) -> None:
    """A marker written into the first run's stored part shows in the repeat's health."""
    store = Store(tmp_path / "a.db")
    first = healthworld.stored_run(store, healthworld.world())
    site_health(store, first, healthworld.AS_OF)
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
    site1, site2 = site_health(
        store, healthworld.stored_run(store, healthworld.world()), healthworld.AS_OF
    )
    assert site2["columns"][0]["name"] == "标记栏目"
    assert site1["columns"][0]["name"] == "工作动态"


@pytest.mark.parametrize("compared", [False, True])
def test_a_changed_input_recomputes_that_site_only(
    healthworld, tmp_path, monkeypatch, reuse_edit, compared
) -> None:
    change = healthworld.REUSE_EDITS[reuse_edit]
    computed, _ = healthworld.repeat(tmp_path, monkeypatch, change, compared=compared)
    assert computed == {"site2"}


@pytest.mark.parametrize("compared", [False, True])
def test_what_the_page_part_does_not_read_keeps_it(
    healthworld, tmp_path, monkeypatch, compared
) -> None:
    """An article's depth and the time (not the day) it was fetched are not read."""

    def edit(rows: dict[str, Any]) -> None:
        healthworld.edit_page(
            "site2", "gzdt/a.html", depth=5, fetched_at="2014-11-20T23:59:00+08:00"
        )(rows)

    computed, _ = healthworld.repeat(tmp_path, monkeypatch, edit, compared=compared)
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
    healthworld, tmp_path, monkeypatch, compared, published, recomputed
) -> None:
    """A page fetched again another day (a weekly repeat of a re-published page, its text
    the same) keeps its site's page part unless its publication date is after one of the
    two days: the "future date" error then differs (serious.py `date_hits`)."""
    dated = healthworld.edit_page("site2", "gzdt/a.html", facts={"published": published})
    again = healthworld.edit_page("site2", "gzdt/a.html", fetched_at="2014-11-27T09:00:00+08:00")
    computed, _ = healthworld.repeat(tmp_path, monkeypatch, again, compared=compared, both=dated)
    assert computed == ({"site2"} if recomputed else set())


def test_a_comparison_with_another_run_is_not_taken(healthworld, tmp_path, monkeypatch) -> None:
    """The classifier compared the repeat with a run other than the one whose page part
    would be reused: each site's pages are compared on their own."""
    store = Store(tmp_path / "a.db")
    first = healthworld.stored_run(store, healthworld.world())
    site_health(store, first, healthworld.AS_OF)
    rows = healthworld.world()
    healthworld.edit_page("site2", "gzdt/a.html", title="新标题")(rows)
    run = healthworld.stored_run(store, rows)
    store.find_unchanged_pages(run, run)  # every page "unchanged", but not since `first`
    assert kept_after(healthworld, store, run) == {"site2"}


def kept_after(healthworld, store: Store, run: int) -> set[str]:
    site_health(store, run, healthworld.AS_OF)
    return healthworld.kept(store, run)


def test_a_link_on_a_column_page_recomputes_its_site(healthworld, tmp_path, monkeypatch) -> None:
    def edit(rows: dict[str, Any]) -> None:
        link = next(r for r in rows["links"] if r["source"] == healthworld.ROOTS["site1"] + "gzdt/")
        link["anchor"] = "另一篇文章的标题"

    computed, _ = healthworld.repeat(tmp_path, monkeypatch, edit)
    assert computed == {"site1"}


def test_a_new_menu_target_recomputes_its_site(healthworld, tmp_path, monkeypatch) -> None:
    """The column's only entry, linked from three more articles (not from a column or the
    home page), becomes a menu target (Store.common_targets): the column turns empty."""

    def edit(rows: dict[str, Any]) -> None:
        root = healthworld.ROOTS["site1"]
        for name in "bcd":
            link = {"site_key": "site1", "source": root + f"gzdt/{name}.html", "tag": "a"}
            rows["links"].append({**link, "target": root + "gzdt/a.html", "anchor": "相关文章链接"})

    computed, health = healthworld.repeat(tmp_path, monkeypatch, edit)
    assert computed == {"site1"}
    assert [c["status"] for c in health[0]["columns"]] == ["empty"]
    assert [c["status"] for c in health[1]["columns"]] == ["stale"]


def test_a_link_verdict_changes_the_health_without_recomputing_pages(
    healthworld, tmp_path, monkeypatch
) -> None:
    def edit(rows: dict[str, Any]) -> None:
        rows["checks"][0].update(status=404, ok=0, reason="http_404")

    computed, health = healthworld.repeat(tmp_path, monkeypatch, edit)
    assert computed == set()
    home = next(i for i in health[0]["indicators"] if i["id"] == "links.home_broken")
    assert home["value"] == 1 and health[0]["score"] < 100


def test_a_tampering_hit_keeps_the_page_part(healthworld, tmp_path, monkeypatch) -> None:
    def edit(rows: dict[str, Any]) -> None:
        hit = {
            "site_key": "site1",
            "page": healthworld.ROOTS["site1"],
            "kind": "gambling",
            "detail": "x",
        }
        rows["tampering"].append(hit)

    computed, _ = healthworld.repeat(tmp_path, monkeypatch, edit)
    assert computed == set()


def test_another_judging_day_recomputes_every_site(healthworld, tmp_path, monkeypatch) -> None:
    computed, _ = healthworld.repeat(tmp_path, monkeypatch, lambda rows: None, as_of="2014-12-20")
    assert computed == set(healthworld.ROOTS)


def test_an_unfinished_run_keeps_nothing(healthworld, tmp_path) -> None:
    store = Store(tmp_path / "a.db")
    run = healthworld.stored_run(store, healthworld.world())
    store.set_run_status(run, "crawled")
    site_health(store, run, healthworld.AS_OF)
    assert healthworld.kept(store, run) == set()


def test_an_old_database_opened_read_only_computes_everything(
    healthworld, tmp_path, monkeypatch
) -> None:
    store = Store(tmp_path / "a.db")
    run = healthworld.stored_run(store, healthworld.world())
    expected = healthworld.fresh(store, run, monkeypatch)
    store.close()
    with sqlite3.connect(tmp_path / "a.db") as conn:
        conn.execute("drop table site_health")
    old = Store(tmp_path / "a.db", read_only=True)
    assert site_health(old, run, healthworld.AS_OF) == expected


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


def test_a_second_repeat_reuses_from_the_first_repeat(healthworld, tmp_path, monkeypatch) -> None:
    """An unchanged repeat keeps the parts it reused, so the next repeat reuses them from it
    (the run the classifier compared with): a page changed in that next repeat recomputes
    its site, the other site comes from the first repeat's kept part."""
    store = Store(tmp_path / "a.db")
    first = healthworld.stored_run(store, healthworld.world())
    site_health(store, first, healthworld.AS_OF)
    second = healthworld.stored_run(store, healthworld.world())
    store.find_unchanged_pages(second, first)
    site_health(store, second, healthworld.AS_OF)
    reused = "select site_key, reads ->> '$.reused_from' from site_health where run_id = ?"
    assert dict(store.db.execute(reused, [second]).fetchall()) == dict.fromkeys(
        healthworld.ROOTS, first
    )
    rows = healthworld.world()
    healthworld.edit_page("site2", "gzdt/a.html", title="新标题")(rows)
    third = healthworld.stored_run(store, rows)
    store.find_unchanged_pages(third, second)
    monkeypatch.setattr(Store, "same_site_pages", healthworld.not_asked)
    health = site_health(store, third, healthworld.AS_OF)
    assert healthworld.kept(store, third) == {"site2"}
    assert dict(store.db.execute(reused, [third]).fetchall())["site1"] == second
    assert health == healthworld.fresh(store, third, monkeypatch)
