"""A page a repeat copied for a 304 names the run whose `links` rows hold its links
(pages.links_run, docs/design-links-run.md): the run that fetched it, however long the chain
of repeats, NULL for a fetched page; the crawl reads a 304 page's targets from there."""

from __future__ import annotations

from typing import Any

import pytest

from auditor.errors import InternalError
from auditor.store import COPIED, LISTING_FACTS, Store, runlinks
from auditor.store.health import failed_targets_among
from auditor.store.records import FailedLink
from auditor.store.shards import merge_shard, merged_groups

ROOT = "http://127.0.0.1:29001/"
PAGES = [ROOT, ROOT + "a.html", ROOT.replace("http:", "https:") + "b.html"]
STYLE = ROOT + "s.css"  # a stylesheet check's links: no page row
GONE = ROOT + "gone.html"
BAD = (GONE, ROOT + "i.png")
OUTSIDE = "http://elsewhere.example/x"  # never checked
MENU = ROOT + "menu.html"


def start(store: Store) -> int:
    run = store.start_run("检查", "x.toml", {}, "liangqing-2014", "2014-11-20")
    store.add_sites(run, [{"key": "s", "department": "s", "url": ROOT}])
    return run


def fetched_run(store: Store, menu: bool = False) -> int:
    """Three pages each linking the other two (and a fragment row repeating one), with
    `menu` a menu link on each, plus a stylesheet's image link."""
    run = start(store)
    rows: dict[str, list[dict[str, Any]]] = {"pages": [], "links": []}
    for url in PAGES:
        rows["pages"].append({"site_key": "s", "url": url, "status": 200, "facts": "{}"})
        for target in PAGES:
            if target != url:
                link = {"site_key": "s", "source": url, "target": target, "tag": "a"}
                rows["links"].append({**link, "anchor": "页面"})
        rows["links"].append({**rows["links"][-1], "fragment": "top"})
        if menu:
            rows["links"].append({"site_key": "s", "source": url, "target": MENU, "tag": "a"})
    rows["links"].append({"site_key": "s", "source": STYLE, "target": ROOT + "i.png"})
    rows["links"].append({"site_key": "s", "source": PAGES[0], "target": GONE, "anchor": "旧"})
    outside = {"site_key": "s", "source": PAGES[1], "target": OUTSIDE, "internal": 0}
    rows["links"].append({**outside, "anchor": "外部", "tag": "a"})
    rows["checks"] = failed_checks() + ok_checks()
    store.write_batch(run, rows)
    return run


def ok_checks() -> list[dict[str, Any]]:
    """The http pages answered: an https page's links to them are insecure."""
    return [{"site_key": "s", "url": u, "status": 200, "reason": "ok", "ok": 1} for u in PAGES[:2]]


def failed_checks() -> list[dict[str, Any]]:
    return [{"site_key": "s", "url": u, "status": 404, "reason": "http_404", "ok": 0} for u in BAD]


def copied_run(store: Store, earlier: int) -> int:
    run = start(store)
    copies = [{"url": u, "site_key": "s", "depth": 1, "from_run": earlier} for u in PAGES]
    store.write_batch(run, {COPIED: copies})
    return run


def old_copy(store: Store, run: int) -> None:
    """Copy the run's held links under its own id, as a repeat did before the links stayed
    where they were fetched (a database written then): readers must not count them twice."""
    columns = ", ".join(c for c in store.db["links"].columns_dict if c != "run_id")
    sql = f"""insert into links (run_id, {columns})
              select p.run_id, {", ".join("l." + c for c in columns.split(", "))}
              from pages p join links l on l.run_id = p.links_run and l.source = p.url
              where p.run_id = ? order by p.id, l.rowid"""
    with store.db.conn:
        assert store.db.execute(sql, [run]).rowcount > 0


def holders(store: Store, run: int) -> dict[str, int | None]:
    sql = "select url, links_run from pages where run_id = ?"
    return dict(store.db.execute(sql, [run]).fetchall())


def test_a_copy_names_the_run_that_fetched_its_links_one_hop_away(tmp_path) -> None:
    store = Store(tmp_path / "a.db")
    first = fetched_run(store)
    second = copied_run(store, first)
    third = copied_run(store, second)
    assert set(holders(store, first).values()) == {None}
    assert set(holders(store, second).values()) == {first}
    assert set(holders(store, third).values()) == {first}  # not the copy in `second`
    assert runlinks.holders(store.db.conn, first) == [first]
    assert runlinks.holders(store.db.conn, third) == [first, third]


def borrowing(store: Store, run: int) -> list[str]:
    """Pages of the run that name a holding run yet have link rows of their own (what
    Invariant B forbids: a page's links half in one run, half in another)."""
    sql = """select distinct p.url from pages p join links l
             on l.run_id = p.run_id and l.source = p.url
             where p.run_id = ? and p.links_run is not null"""
    return [row[0] for row in store.db.execute(sql, [run])]


def page_links(store: Store, run: int, url: str) -> list[tuple[Any, ...]]:
    """A page's links as the crawl reads them from the holding run."""
    return [tuple(row) for row in store.stored_targets(run, url) or []]


def test_links_added_to_a_copied_page_make_it_hold_all_its_links(tmp_path) -> None:
    """Links written for a page the run copied (a listing walk's entries) first bring the
    page's held links into the run, which then holds them all, the held ones first: never
    rows of the page in the run while `links_run` names another.  A later repeat borrows
    from this run; facts alone leave the links where they are."""
    store = Store(tmp_path / "a.db")
    first = fetched_run(store)
    second = copied_run(store, first)
    held = page_links(store, second, PAGES[1])
    listing = {"url": PAGES[1], "listing_dates": ["2014-11-19"], "text": "新列表"}
    store.write_batch(second, {LISTING_FACTS: [listing]})
    assert holders(store, second)[PAGES[1]] == first
    assert page_links(store, second, PAGES[1]) == held
    entry = {"site_key": "s", "source": PAGES[1], "target": MENU, "tag": "a", "via": "x"}
    store.write_batch(second, {"links": [entry], LISTING_FACTS: [listing]})
    assert holders(store, second) == {PAGES[0]: first, PAGES[1]: None, PAGES[2]: first}
    assert page_links(store, second, PAGES[1]) == [*held, (MENU, "a", None, None)]
    assert borrowing(store, second) == []
    third = copied_run(store, second)
    assert holders(store, third) == {PAGES[0]: first, PAGES[1]: second, PAGES[2]: first}
    assert runlinks.holders(store.db.conn, third) == [first, second, third]
    assert page_links(store, third, PAGES[1]) == page_links(store, second, PAGES[1])


def test_a_page_fetched_with_its_links_holds_only_those(tmp_path) -> None:
    """A page stored in the same batch as its links is fetched: nothing is brought from
    the run a copy of it named."""
    store = Store(tmp_path / "a.db")
    second = copied_run(store, fetched_run(store))
    page = {"site_key": "s", "url": PAGES[2], "status": 200, "facts": "{}"}
    link = {"site_key": "s", "source": PAGES[2], "target": MENU, "tag": "a"}
    store.write_batch(second, {"pages": [page], "links": [link]})
    assert holders(store, second)[PAGES[2]] is None
    assert page_links(store, second, PAGES[2]) == [(MENU, "a", None, None)]
    assert borrowing(store, second) == []


def test_a_page_fetched_again_that_holds_its_links_elsewhere_owns_links_added_with_it(
    tmp_path,
) -> None:
    """A page fetched again with unchanged links names their holder (spiders/conditional.py
    `own_links`); when a listing walk's entry for it comes in the same batch, the held
    links are brought in first and the page holds them all itself."""
    store = Store(tmp_path / "a.db")
    first = fetched_run(store)
    second = copied_run(store, first)
    held = page_links(store, second, PAGES[1])
    page = {"site_key": "s", "url": PAGES[1], "status": 200, "facts": "{}", "links_run": first}
    entry = {"site_key": "s", "source": PAGES[1], "target": MENU, "tag": "a", "via": "x"}
    store.write_batch(second, {"pages": [page], "links": [entry]})
    assert holders(store, second)[PAGES[1]] is None
    assert page_links(store, second, PAGES[1]) == [*held, (MENU, "a", None, None)]
    assert borrowing(store, second) == []
    alone = {"site_key": "s", "url": PAGES[2], "status": 200, "links_run": first}
    store.write_batch(second, {"pages": [alone]})
    assert holders(store, second)[PAGES[2]] == first


def test_a_304_page_s_targets_are_read_from_the_holding_run(tmp_path) -> None:
    """The same targets from a copy as from the fetched page (a repeat no longer copies
    a 304 page's links), and still when a database has them copied (an older repeat)."""
    store = Store(tmp_path / "a.db")
    first = fetched_run(store)
    second = copied_run(store, first)
    expected = {url: store.stored_targets(first, url) for url in PAGES}
    assert all(expected.values())
    old_copy(store, second)
    assert {url: store.stored_targets(second, url) for url in PAGES} == expected
    assert store.stored_targets(second, STYLE) is None  # links, but no page: not a page
    assert store.stored_targets(second, ROOT + "none.html") is None


def test_an_older_database_gains_the_column_as_own_links(tmp_path) -> None:
    """A database written before `links_run` reads NULL (its copies copied the links), and
    a repeat against it names the old run."""
    store = Store(tmp_path / "a.db")
    first = fetched_run(store)
    store.db.execute("drop view run_links")
    store.db.execute("drop index idx_pages_run_id_links_run")
    store.db.execute("alter table pages drop column links_run")
    store.db.conn.close()
    store = Store(tmp_path / "a.db")
    assert set(holders(store, first).values()) == {None}
    assert set(holders(store, copied_run(store, first)).values()) == {first}


def pairs(store: Store, run: int) -> list[FailedLink]:
    """A run's failed (source, target) pairs, checked against its broken-link figure."""
    found = store.failed_link_pairs(run)
    assert store.run_figures(run)["broken_links"] == len(found)
    return found


def test_failed_pairs_of_copied_pages_are_read_from_the_holding_run(tmp_path) -> None:
    """A repeat whose pages are copies has the fetched run's failed pairs, with or without
    its own copies of their links; a page it fetched again has only its new links, and a
    stylesheet's links count only in the run that checked it."""
    store = Store(tmp_path / "a.db")
    first = fetched_run(store)
    expected = pairs(store, first)
    assert [(p["source"], p["target"]) for p in expected] == [(PAGES[0], GONE), (STYLE, BAD[1])]
    second = copied_run(store, first)
    store.write_batch(second, {"checks": failed_checks()})
    assert pairs(store, second) == expected[:1]  # the stylesheet was not checked again
    old_copy(store, second)
    assert pairs(store, second) == expected[:1]
    third = start(store)
    copies = [{"url": u, "site_key": "s", "depth": 1, "from_run": second} for u in PAGES[1:]]
    page = {"site_key": "s", "url": PAGES[0], "status": 200, "facts": "{}"}
    link = {"site_key": "s", "source": PAGES[0], "target": PAGES[1], "anchor": "页面"}
    rows: dict[str, list[dict[str, Any]]] = {COPIED: copies, "pages": [page], "links": [link]}
    rows["checks"] = failed_checks()
    store.write_batch(third, rows)
    assert runlinks.holders(store.db.conn, third) == [first, third]
    assert pairs(store, third) == []  # the fetched page no longer links the lost one


def read(store: Store, run: int) -> dict[str, list[dict[str, Any]]]:
    """What the report, classifier and crawl read of a run's links, without the row's run
    and rowid (where a link is stored)."""
    store.find_unchanged_pages(run, None)
    found: dict[str, list[Any]] = {
        "broken": list(store.broken_links_by_page(run)),
        "unchecked": list(store.unchecked_targets(run)),
        "insecure": list(store.insecure_links(run)),
        "anchors": list(store.anchor_links(run)),
    }
    hidden = ("run_id", "first")
    return {
        k: [{c: v for c, v in dict(r).items() if c not in hidden} for r in rows]
        for k, rows in found.items()
    }


def test_link_readers_give_a_copy_the_fetched_run_s_answers(tmp_path) -> None:
    """Broken and unchecked links, insecure links and anchors of a repeat whose pages are
    all copies: those of the fetched run (but the stylesheet, checked only there), with or
    without the copied rows an older repeat wrote."""
    store = Store(tmp_path / "a.db")
    first = fetched_run(store)
    before = read(store, first)
    assert all(before.values()), before
    second = copied_run(store, first)
    store.write_batch(second, {"checks": failed_checks() + ok_checks()})
    copied = read(store, second)
    old_copy(store, second)
    assert read(store, second) == copied
    style = [r for r in before["broken"] if r["source"] == STYLE]
    assert copied["broken"] == [r for r in before["broken"] if r not in style]
    assert {k: v for k, v in copied.items() if k != "broken"} == {
        k: v for k, v in before.items() if k != "broken"
    }


def test_a_resumed_copy_picks_up_the_fetched_run_s_frontier(tmp_path) -> None:
    """The targets a resume would fetch: the same from a run of copies as from the fetched
    run, with or without the copied rows an older repeat wrote."""
    store = Store(tmp_path / "a.db")
    first = fetched_run(store)
    frontier = list(store.frontier(first, "s"))
    assert [row["url"] for row in frontier] == [OUTSIDE]
    second = copied_run(store, first)
    store.write_batch(second, {"checks": failed_checks() + ok_checks()})
    depth = [{**row, "depth": 2} for row in frontier]  # the copies are at depth 1
    assert list(store.frontier(second, "s")) == depth
    old_copy(store, second)
    assert list(store.frontier(second, "s")) == depth


def test_a_run_of_copies_is_known_as_such_with_or_without_its_copied_links(tmp_path) -> None:
    """links_copied_from names the fetched run whether or not the copy of the links was
    made, and not when either run holds a link of no page (a stylesheet's)."""
    store = Store(tmp_path / "a.db")
    first = fetched_run(store)
    second = copied_run(store, first)
    store.find_unchanged_pages(second, first)
    assert store.links_copied_from(second) is None  # the fetched run's stylesheet link
    with store.db.conn:
        store.db.execute("delete from links where source = ?", [STYLE])
    store.find_unchanged_pages(second, first)
    assert store.links_copied_from(second) == first
    old_copy(store, second)
    store.find_unchanged_pages(second, first)
    assert store.links_copied_from(second) == first
    store.write_batch(second, {"links": [{"site_key": "s", "source": STYLE, "target": GONE}]})
    store.find_unchanged_pages(second, first)
    assert store.links_copied_from(second) is None


def test_anchors_are_the_earlier_run_s_only_when_the_same_urls_have_verdicts(tmp_path) -> None:
    """same_anchor_matches: the links are a copy, and the URLs with a verdict are the same
    in both runs; one more, one fewer or one other URL reads the anchors again."""
    store = Store(tmp_path / "a.db")
    first = fetched_run(store)
    with store.db.conn:
        store.db.execute("delete from links where source = ?", [STYLE])
    second = copied_run(store, first)
    verdicts = failed_checks() + ok_checks()
    store.write_batch(second, {"checks": verdicts[1:]})

    def same() -> bool:
        store.find_unchanged_pages(second, first)
        return store.same_anchor_matches(second, first)

    assert not same()  # one fewer
    store.write_batch(second, {"checks": verdicts[:1]})
    assert same()
    other = {**verdicts[0], "url": ROOT + "new.pdf"}
    store.write_batch(second, {"checks": [other]})
    assert not same()  # one more
    with store.db.conn:
        store.db.execute("delete from checks where run_id = ? and url = ?", [second, BAD[0]])
    assert not same()  # as many, one other


def health_reads(store: Store, run: int) -> tuple[Any, ...]:
    """What site health reads of a site's links, without the row's run: links on given
    pages, their keys, menu targets, and failed targets elsewhere (per site and run-wide)."""

    def rows(found: Any) -> list[dict[str, Any]]:
        return [{c: v for c, v in dict(row).items() if c != "run_id"} for row in found]

    keys = sorted(store.site_link_keys(run, "s", PAGES))
    common = store.common_targets(run, "s"), store._common_targets_sql(run, "s")
    failed = rows(store.site_failed_targets(run, "s", [ROOT]))
    assert failed == rows(failed_targets_among(store.run_failed_links(run, 100) or [], "s", [ROOT]))
    return rows(store.site_links_from(run, "s", PAGES)), keys, common, failed


def test_site_health_reads_a_copy_s_links_where_they_are_stored(tmp_path) -> None:
    """A site's links on given pages, their keys, its menu targets (in one pass and in
    SQL) and its failed targets off the home page: the fetched run's, with or without the
    copied rows an older repeat wrote."""
    store = Store(tmp_path / "a.db")
    first = fetched_run(store, menu=True)
    extra = [{"site_key": "s", "source": u, "target": BAD[1]} for u in (PAGES[2], PAGES[1])]
    store.write_batch(first, {"links": extra})  # also off the home page, in no URL order
    with store.db.conn:
        store.db.execute("delete from links where source = ?", [STYLE])
    before = health_reads(store, first)
    assert before[0] and before[1] and before[2] == ({MENU}, {MENU})
    assert [(r["source"], r["target"]) for r in before[3]] == [(PAGES[1], BAD[1])]
    second = copied_run(store, first)
    store.write_batch(second, {"checks": failed_checks() + ok_checks()})
    assert health_reads(store, second) == before
    old_copy(store, second)
    assert health_reads(store, second) == before
    third = start(store)
    copies = [{"url": u, "site_key": "s", "depth": 1, "from_run": first} for u in PAGES[1:]]
    page = {"site_key": "s", "url": PAGES[0], "status": 200, "facts": "{}"}
    link = {"site_key": "s", "source": PAGES[0], "target": PAGES[1], "tag": "a"}
    store.write_batch(third, {COPIED: copies, "pages": [page], "links": [link]})
    assert store.common_targets(third, "s") == store._common_targets_sql(third, "s") == set()


def test_readers_by_target_stay_on_the_target_index(tmp_path) -> None:
    """With two holding runs, the by-target readers search links(run_id, target) and build
    no automatic index (the holders are literals, not a subquery)."""
    store = Store(tmp_path / "a.db")
    second = copied_run(store, fetched_run(store))
    said: list[str] = []
    store.db.conn.set_trace_callback(said.append)
    store.find_unchanged_pages(second, None)
    list(store.broken_links_by_page(second))
    list(store.unchecked_targets(second))
    list(store.anchor_links(second))
    store.failed_link_pairs(second)
    store.run_figures(second)
    list(store.site_failed_targets(second, "s", [ROOT]))
    store.run_failed_links(second, 100)
    store.db.conn.set_trace_callback(None)
    asked = [sql for sql in said if "l.target = " in sql and "l.run_id in (" in sql]
    assert len(asked) == 7
    for sql in asked:
        plan = " ".join(row[3] for row in store.db.execute("explain query plan " + sql))
        assert "idx_links_run_id_target (run_id=? AND target=?)" in plan, plan
        assert "AUTOMATIC" not in plan, plan


def test_a_shard_whose_pages_borrow_links_is_not_merged(tmp_path) -> None:
    """A worker's shard is merged as fetched pages with their own links; one whose pages
    name a run holding their links would lose them, so it is refused, and nothing of it
    is merged."""
    shard = Store(tmp_path / "shard.db")
    copied_run(shard, fetched_run(shard))
    shard.db.conn.close()
    store = Store(tmp_path / "a.db")
    run = start(store)
    with pytest.raises(InternalError):
        merge_shard(store, run, tmp_path / "shard.db", 1, "job")
    assert store.db.execute("select count(*) from pages where run_id = ?", [run]).fetchone() == (0,)
    assert merged_groups(store, run) == set()
    single = Store(tmp_path / "single.db")
    fetched_run(single)
    single.db.conn.close()
    merge_shard(store, run, tmp_path / "single.db", 2, "job")
    assert store.db.execute("select count(*) from links where run_id = ?", [run]).fetchone()[0]


def seen(store: Store, run: int) -> list[tuple[Any, ...]]:
    """A run's links through the run_links view, without the run, sorted."""
    sql = "select * from run_links where run_id = ?"
    return sorted(tuple(map(str, row[1:])) for row in store.db.execute(sql, [run]))


def test_the_run_links_view_shows_a_run_its_links_wherever_they_are_stored(tmp_path) -> None:
    """Direct SQL (docs/browse.md): a run of copies sees the fetched run's page links with
    or without its own copied rows, once each; a page fetched again only its new links; a
    stylesheet's links only in the run that checked it."""
    store = Store(tmp_path / "a.db")
    first = fetched_run(store)
    mine = seen(store, first)
    assert len(mine) == store.db.execute("select count(*) from links").fetchone()[0]
    second = copied_run(store, first)
    style = [row for row in mine if row[1] == STYLE]
    assert style and seen(store, second) == [row for row in mine if row not in style]
    old_copy(store, second)
    assert seen(store, second) == [row for row in mine if row not in style]
    page = {"site_key": "s", "url": PAGES[2], "status": 200, "facts": "{}"}
    link = {"site_key": "s", "source": PAGES[2], "target": MENU, "tag": "a"}
    third = copied_run(store, first)
    store.write_batch(third, {"pages": [page], "links": [link]})
    again = [row for row in mine if row not in style and row[1] != PAGES[2]]
    new = tuple(map(str, ("s", PAGES[2], MENU, None, "a", None, None, None, None, None, None)))
    assert seen(store, third) == sorted([*again, new])
