"""A repeat whose site changed updates the site's page part by the pages that changed, from
the page scans an earlier complete run kept (auditor/health/delta.py), and gets exactly the
health computed afresh: for a change each scan reads (a serious error, a guide, a message, an
annual report, a column's entries and name, a page's meta tags, status or absence), another
judging day, changed links, and with or without the classifier's comparison."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from auditor.health import site_health
from auditor.store import Store


@pytest.mark.parametrize("compared", [False, True, "held"])
def test_a_changed_page_updates_its_site_from_the_earlier_scans(
    healthworld, tmp_path, monkeypatch, delta_edit, compared
) -> None:
    change = healthworld.DELTA_EDITS[delta_edit]
    done = healthworld.Repeat(tmp_path, monkeypatch, change, compared=compared)
    assert done.kept == {"site2"} and done.updated == {"site2": done.first}
    whole = [(r, key) for r, key, urls in done.reads.asked if urls is None]
    assert whole == [], "no site read whole"
    changed = {url for r, key, urls in done.reads.asked if r == done.run for url in urls or ()}
    assert 1 <= len(changed) <= 2 and all(
        url.startswith(healthworld.ROOTS["site2"]) for url in changed
    )
    count = done.store.pages_per_site
    same_pages = count(done.run) == count(done.first)
    links_copied = compared == "held" and same_pages
    assert ("site2" in done.reads.menus) is not links_copied


@pytest.mark.parametrize("compared", [False, True, "held"])
def test_a_column_losing_a_page_counts_its_entries_again(
    healthworld, tmp_path, monkeypatch, compared
) -> None:
    """The failed second page is still a listing page but no longer the column's: the
    column's count of linked entries is read again, though every link is the same."""
    failed = healthworld.edit_page("site2", "gzdt/index_1.html", status=500)
    done = healthworld.Repeat(
        tmp_path, monkeypatch, failed, compared=compared, both=healthworld.second_column_page
    )
    assert done.updated == {"site2": done.first}
    assert [c["entries"] for c in done.health[1]["columns"]] == [1]
    first = site_health(done.store, done.first, healthworld.AS_OF)
    assert [c["entries"] for c in first[1]["columns"]] == [3]


@pytest.mark.parametrize("other_column", [False, True])
def test_an_updated_part_keeps_the_links_it_read_for_the_next_repeat(
    healthworld, tmp_path, monkeypatch, other_column
):
    """A column page answering again joins its column (links all copied, so the part is
    updated without reading them): the part kept names that page among the links it read,
    so a later change of a link on it computes the site again instead of reusing the part.
    With another column, unchanged, that column keeps its count and the links are asked."""

    def site(rows: dict[str, Any]) -> dict[str, Any]:
        healthworld.second_column_page(rows)
        if other_column:
            healthworld.notice_column(rows)
        return rows

    store = Store(tmp_path / "a.db")
    rows = site(healthworld.world())
    healthworld.edit_page("site2", "gzdt/index_1.html", status=500)(rows)
    first = healthworld.stored_run(store, rows)
    site_health(store, first, healthworld.AS_OF)
    rows = site(healthworld.world())
    healthworld.hold_links(rows, first)
    second = healthworld.stored_run(store, rows)
    store.find_unchanged_pages(second, first)
    entries = {
        c["name"]: c["entries"] for c in site_health(store, second, healthworld.AS_OF)[1]["columns"]
    }
    assert entries == ({"工作动态": 3, "通知公告": 1} if other_column else {"工作动态": 3})
    assert healthworld.updated(store, second) == {"site2": first}
    rows = site(healthworld.world())
    link = next(r for r in rows["links"] if r["source"].endswith("index_1.html"))
    link["anchor"] = "更多"  # no longer an entry
    third = healthworld.stored_run(store, rows)
    health = site_health(store, third, healthworld.AS_OF)
    assert "site2" in healthworld.kept(store, third)
    assert health == healthworld.fresh(store, third, monkeypatch)
    assert {c["name"]: c["entries"] for c in health[1]["columns"]}["工作动态"] == 2


def test_the_updated_scans_serve_the_next_repeat(healthworld, tmp_path, monkeypatch) -> None:
    """A second change after an updated run updates from that run's scans, and a repeat
    that reused a site's part carries its scans over, so a third run updates from it."""
    store = Store(tmp_path / "a.db")
    first = healthworld.stored_run(store, healthworld.world())
    site_health(store, first, healthworld.AS_OF)
    rows = healthworld.world()
    healthworld.DELTA_EDITS["serious error"](rows)
    second = healthworld.stored_run(store, rows)
    site_health(store, second, healthworld.AS_OF)
    carried = "select site_key from site_scans where run_id = ?"
    assert {r[0] for r in store.db.execute(carried, [second])} == set(healthworld.ROOTS)
    assert healthworld.updated(store, second) == {"site2": first} and healthworld.kept(
        store, second
    ) == {"site2"}
    healthworld.DELTA_EDITS["meta tags"](rows)
    healthworld.edit_page("site1", "gzdt/b.html", title="另一个标题")(rows)
    third = healthworld.stored_run(store, rows)
    health = site_health(store, third, healthworld.AS_OF)
    assert healthworld.updated(store, third) == dict.fromkeys(healthworld.ROOTS, second)
    assert health == healthworld.fresh(store, third, monkeypatch)


def test_another_judging_day_updates_with_no_page_read(healthworld, tmp_path, monkeypatch) -> None:
    """The scans do not depend on the day: the columns' ages are judged again from them."""
    done = healthworld.Repeat(tmp_path, monkeypatch, lambda rows: None, as_of="2015-03-20")
    assert done.updated == dict.fromkeys(healthworld.ROOTS, done.first)
    assert all(urls == [] for _, _, urls in done.reads.asked)
    columns = done.health[1]["columns"]
    assert [c["status"] for c in columns] == ["stale"]


def test_changed_links_read_the_menus_and_columns_again(healthworld, tmp_path, monkeypatch) -> None:
    """A new menu target empties the column while no page of the site changed."""

    def edit(rows: dict[str, Any]) -> None:
        root = healthworld.ROOTS["site1"]
        for name in "bcd":
            link = {"site_key": "site1", "source": root + f"gzdt/{name}.html", "tag": "a"}
            rows["links"].append({**link, "target": root + "gzdt/a.html", "anchor": "相关文章链接"})
        healthworld.edit_page("site1", "gzdt/b.html", title="新标题")(rows)

    done = healthworld.Repeat(tmp_path, monkeypatch, edit)
    assert done.updated == {"site1": done.first}
    columns = done.health[0]["columns"]
    assert [c["status"] for c in columns] == ["empty"]


def test_a_site_mostly_changed_or_with_another_home_is_computed_whole(
    healthworld, tmp_path, monkeypatch
) -> None:
    def edit(rows: dict[str, Any]) -> None:
        for name in "abcd":
            healthworld.edit_page("site1", f"gzdt/{name}.html", title=f"新标题{name}")(rows)
        healthworld.edit_page("site2", "", final_url=healthworld.ROOTS["site2"] + "index.html")(
            rows
        )

    done = healthworld.Repeat(tmp_path, monkeypatch, edit)
    assert done.kept == set(healthworld.ROOTS) and done.updated == {}
    assert sorted(key for r, key, urls in done.reads.asked if urls is None) == sorted(
        healthworld.ROOTS
    )


def test_a_database_without_kept_scans_computes_whole(healthworld, tmp_path, monkeypatch) -> None:
    store = Store(tmp_path / "a.db")
    first = healthworld.stored_run(store, healthworld.world())
    site_health(store, first, healthworld.AS_OF)
    with store.db.conn:
        store.db.execute("delete from site_scans")
    rows = healthworld.world()
    healthworld.DELTA_EDITS["serious error"](rows)
    run = healthworld.stored_run(store, rows)
    health = site_health(store, run, healthworld.AS_OF)
    assert healthworld.kept(store, run) == {"site2"} and healthworld.updated(store, run) == {}
    assert health == healthworld.fresh(store, run, monkeypatch)
    store.close()
    with sqlite3.connect(tmp_path / "a.db") as conn:
        conn.execute("drop table site_scans")
    old = Store(tmp_path / "a.db", read_only=True)
    assert site_health(old, run, healthworld.AS_OF) == healthworld.fresh(old, run, monkeypatch)
