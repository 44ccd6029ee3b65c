"""A page a repeat fetched again in full (its text changed, or its server sends no
validators) whose links are those of the earlier run's page keeps them where that run holds
them (pages.links_run, spiders/conditional.py `own_links`): none is written again, and
classify takes the earlier run's anchor matches instead of reading every speaking link.  A
page whose links changed, or that now fails with the same links, is read again, and the
repeat's anchor matches and findings are those of a first audit of the same world."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from auditor.store import Store

ANCHORS = """select url, site_key, item, anchor, anchor_page from matches
             where run_id = ? and source = 'anchor' order by 1, 2, 3, 4, 5"""
FINDINGS = "select department, item, status from findings where run_id = ? order by 1, 2"


def article(linkworld: Any, extra: str = "") -> str:
    body = "<a href='/budget.xls'>2014年部门预算表</a> <a href='/c.html'>说明</a>"
    return linkworld.page("2014年部门预算公开", body + extra)


def notice(linkworld: Any, extra: str = "") -> str:
    body = "<a href='/fees.xls'>行政事业性收费目录清单</a>"
    return linkworld.page("通知公告", body + extra)


@pytest.fixture(scope="module")
def runs(linkworld, run_cli, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Four audits of one district: the first; one after an article's text changed; one
    after a page began to say it does not exist (a soft 404) with the same links; one after a
    page gained a link.  Then a
    first audit of the final world in a database of its own."""
    tmp = tmp_path_factory.mktemp("samelinks")
    world = linkworld.World()
    html = linkworld.html
    menu = "<a href='/a.html'>预算</a> <a href='/b.html'>通知</a> <a href='/rules.xls'>收费</a>"
    home = linkworld.page("首页", menu)
    links = "<a href='/a.html'>预算</a> <a href='/rules.xls'>收费</a>"
    explained = linkworld.page("说明", links)
    gone = f"<html><head><title>提示信息</title></head><body><p>对不起,您访问的页面不存在或已被删除。</p>{links}</body></html>"
    routes = {
        "/": html(home),
        "/a.html": html(article(linkworld)),
        "/b.html": html(notice(linkworld)),
        "/c.html": html(explained),
    }
    steps = [
        lambda: None,
        lambda: routes.update({"/a.html": html(article(linkworld, "<p>更正说明:已修订。</p>"))}),
        lambda: routes.update({"/c.html": html(gone)}),
        lambda: routes.update(
            {"/b.html": html(notice(linkworld, "<a href='/price.xls'>收费标准目录</a>"))}
        ),
    ]
    try:
        site, inspection = linkworld.one_site_district(world, routes, tmp)

        def audit(db: Path, name: str) -> None:
            result = run_cli("audit", str(inspection), "--out", str(tmp / name), "--db", str(db))
            assert result.returncode in (0, 1), result.stderr
            assert "Traceback" not in result.stderr

        for n, step in enumerate(steps, start=1):
            step()
            audit(tmp / "a.db", f"run{n}")
        audit(tmp / "fresh.db", "fresh")
        yield {"db": tmp / "a.db", "fresh": tmp / "fresh.db", "site": site}
    finally:
        world.close()


def rows(db: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


def holders(db: Path, run: int) -> dict[str, int | None]:
    sql = "select url, links_run from pages where run_id = ? and from_run is null"
    return dict(rows(db, sql, run))


def own_rows(db: Path, run: int) -> dict[str, int]:
    sql = "select source, count(*) from links where run_id = ? group by source"
    return dict(rows(db, sql, run))


def same_anchors(db: Path, run: int) -> bool:
    store = Store(db)
    try:
        store.find_unchanged_pages(run, run - 1)
        return store.same_anchor_matches(run, run - 1)
    finally:
        store.close()


def test_pages_fetched_again_with_the_same_links_write_none(runs: dict[str, Any]) -> None:
    db, site = runs["db"], runs["site"]
    fetched = holders(db, 2)  # the test server sends no validators: every page comes again
    assert set(fetched) >= {f"{site}/", f"{site}/a.html"}
    assert set(fetched.values()) == {1}
    assert not set(own_rows(db, 2)) & set(fetched)
    assert rows(db, ANCHORS, 2) == rows(db, ANCHORS, 1)
    assert same_anchors(db, 2)


def test_a_page_that_says_it_is_gone_with_the_same_links_reads_the_anchors_again(
    runs: dict[str, Any],
) -> None:
    db, site = runs["db"], runs["site"]
    sql = "select links_run from pages where run_id = 3 and url = ?"
    assert rows(db, sql, f"{site}/c.html") == [(1,)]  # its links are still the earlier run's
    soft = "select url from soft404_pages where run_id = 3"
    assert rows(db, soft) == [(f"{site}/c.html",)]
    assert not same_anchors(db, 3)


def test_a_page_whose_links_changed_holds_its_own(runs: dict[str, Any]) -> None:
    db, site = runs["db"], runs["site"]
    changed = f"{site}/b.html"
    assert holders(db, 4)[changed] is None
    assert own_rows(db, 4)[changed] == 2
    assert {url: run for url, run in holders(db, 4).items() if url != changed}
    assert all(run == 1 for url, run in holders(db, 4).items() if url != changed)
    assert not same_anchors(db, 4)


def test_the_repeat_matches_a_first_audit_of_the_same_world(runs: dict[str, Any]) -> None:
    db, fresh = runs["db"], runs["fresh"]
    anchors = rows(db, ANCHORS, 4)
    assert any("price.xls" in row[0] for row in anchors)
    assert anchors == rows(fresh, ANCHORS, 1)
    assert rows(db, FINDINGS, 4) == rows(fresh, FINDINGS, 1)
