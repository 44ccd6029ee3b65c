"""Two sites' stored runs for the site-health reuse tests (tests/test_health_reuse.py,
tests/test_health_delta.py): a home page, a column page and four articles each, their links
and one verdict, written as complete runs (every other one in reverse, another crawl
order); edits of a copy of the rows; and repeats whose health is held to the health
computed afresh."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from auditor.health import site_health
from auditor.health.delta import UPDATED_FROM
from auditor.health.reuse import REUSE_ENV, REUSED_FROM
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
        monkeypatch.setattr(Store, "same_site_pages", not_asked)
    health = site_health(store, run, as_of)
    computed = kept(store, run)
    assert health == fresh(store, run, monkeypatch, as_of)
    return computed, health


def not_asked(*args: Any) -> bool:
    raise AssertionError("the classifier's comparison should have answered")


def edit_page(site: str, path: str, **changes: Any):
    def edit(rows: dict[str, Any]) -> None:
        page = next(p for p in rows["pages"] if p["url"] == ROOTS[site] + path)
        page.update({key: value for key, value in changes.items() if key != "facts"})
        page["facts"] = {**page["facts"], **changes.get("facts", {})}

    return edit


def updated(store: Store, run: int) -> dict[str, int]:
    """The sites whose page part the run updated, each with the run it updated from."""
    sql = f"""select site_key, reads ->> '$.{UPDATED_FROM}' from site_health
              where run_id = ? and reads ->> '$.{UPDATED_FROM}' is not null"""
    return {key: int(run) for key, run in store.db.execute(sql, [run])}


class Reads:
    """Which pages site health read of each run: (run, urls or None for every page)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.asked: list[tuple[int, str, list[str] | None]] = []
        original = Store.health_pages

        def health_pages(store: Store, run_id: int, site_key: str, urls: Any = None) -> Any:
            self.asked.append((run_id, site_key, None if urls is None else sorted(urls)))
            return original(store, run_id, site_key, urls)

        monkeypatch.setattr(Store, "health_pages", health_pages)
        self.menus: list[str] = []
        menus = Store.common_targets

        def common_targets(store: Store, run_id: int, site_key: str) -> set[str]:
            self.menus.append(site_key)
            return menus(store, run_id, site_key)

        monkeypatch.setattr(Store, "common_targets", common_targets)


class Repeat:
    """A first run, then a repeat of the world `edit` changed, its health computed while
    the pages read are recorded, and asserted equal to the health computed afresh: which
    sites the repeat computed (`kept`) and updated, from which run, and what it read."""

    def __init__(
        self,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        edit: Any,
        as_of: str = AS_OF,
        compared: bool | str = False,
        both: Any = None,
    ) -> None:
        self.store = store = Store(tmp_path / "a.db")
        rows = world()
        (both or _nothing)(rows)
        self.first = stored_run(store, rows)
        site_health(store, self.first, AS_OF)
        rows = world()
        (both or _nothing)(rows)
        edit(rows)
        if compared == "held":
            hold_links(rows, self.first)
        self.run = run = stored_run(store, rows, as_of)
        if compared:
            store.find_unchanged_pages(run, self.first)
        with monkeypatch.context() as patch:
            self.reads = Reads(patch)
            self.health = site_health(store, run, as_of)
        self.kept, self.updated = kept(store, run), updated(store, run)
        assert self.health == fresh(store, run, monkeypatch, as_of)


def _nothing(rows: dict[str, Any]) -> None:
    return None


def hold_links(rows: dict[str, Any], earlier: int) -> None:
    """The repeat's pages were fetched again with the same links, which stay where run
    `earlier` stored them: every link of the run is a copy of its links
    (Store.links_copied_from), so the columns' menus and counts need no reading."""
    for page in rows["pages"]:
        page["links_run"] = earlier
    rows["links"] = []


def add_page(url: str, title: str, text: str, **facts: Any):
    def edit(rows: dict[str, Any]) -> None:
        page = next(p for p in rows["pages"] if p["url"] == ROOTS["site2"] + "gzdt/a.html")
        new = {**page, "url": ROOTS["site2"] + url, "final_url": ROOTS["site2"] + url}
        new["title"] = title
        new["facts"] = {**page["facts"], "title": title, "text": text, **facts}
        rows["pages"].append(new)

    return edit


# Changes each page scan reads, one page of site2 each (tests/test_health_delta.py)
DELTA_EDITS = {
    "serious error": edit_page("site2", "gzdt/a.html", facts={"text": "北韩代表团来访。"}),
    "future date": edit_page("site2", "gzdt/b.html", facts={"published": "2014-12-30"}),
    "guide complete": edit_page(
        "site2",
        "gzdt/c.html",
        facts={"text": "事项名称 设定依据 申请条件 办理材料 办理地点 办理时间 联系电话 办理流程"},
    ),
    "not a guide": edit_page("site2", "gzdt/d.html", title="工作动态"),
    "message": add_page(
        "hd/1.html", "关于道路的咨询", "留言时间:2014-01-05 内容:路灯不亮", is_listing=False
    ),
    "annual report": add_page(
        "xxgk/nb.html", "2013年政府信息公开工作年度报告", "总体情况 主动公开政府信息情况"
    ),
    "column entries": edit_page(
        "site2", "gzdt/", facts={"listing_dates": ["2014-11-19", "2014-11-01"]}
    ),
    "column renamed": edit_page("site2", "gzdt/", facts={"column": "通知公告"}),
    "column empty": edit_page("site2", "gzdt/", facts={"text": "暂无信息"}),
    "listing gone": edit_page("site2", "gzdt/", status=404),
    "meta tags": edit_page(
        "site2", "gzdt/a.html", facts={"meta": {"SiteName": "财政局", "ArticleTitle": "标题"}}
    ),
    "article gone": lambda rows: rows["pages"].remove(
        next(p for p in rows["pages"] if p["url"] == ROOTS["site2"] + "gzdt/d.html")
    ),
    "home text": edit_page("site2", "", facts={"text": "首页 互动交流"}),
}


# Changes of an input of site2's page part (tests/test_health_reuse.py)
REUSE_EDITS = {
    "article text": edit_page("site2", "gzdt/a.html", facts={"text": "办理材料"}),
    "article title": edit_page("site2", "gzdt/a.html", title="新标题"),
    "listing depth": edit_page("site2", "gzdt/", depth=2),  # the column's URL
    "listing status": edit_page("site2", "gzdt/", status=404),
    "final url": edit_page("site2", "gzdt/b.html", final_url=ROOTS["site2"] + "gzdt/c.html"),
    "a page fewer": lambda rows: rows["pages"].pop(),
    "a page more": lambda rows: rows["pages"].append(
        {**rows["pages"][-1], "url": ROOTS["site2"] + "e"}
    ),
}


def second_column_page(rows: dict[str, Any]) -> None:
    """Site2's column gets a second page, whose entries are two more articles."""
    root = ROOTS["site2"]
    column = next(p for p in rows["pages"] if p["url"] == root + "gzdt/")
    url = root + "gzdt/index_1.html"
    rows["pages"].append({**column, "url": url, "final_url": url, "depth": 2})
    link = {"site_key": "site2", "source": url, "tag": "a", "internal": 1}
    for name in "bc":
        target = root + f"gzdt/{name}.html"
        rows["links"].append({**link, "target": target, "anchor": "又一篇文章的标题"})


def notice_column(rows: dict[str, Any]) -> None:
    """Site2 gets a second column (通知公告), one page whose entry is an article."""
    root = ROOTS["site2"]
    column = next(p for p in rows["pages"] if p["url"] == root + "gzdt/")
    url = root + "tzgg/"
    facts = {**column["facts"], "column": "通知公告"}
    rows["pages"].append({**column, "url": url, "final_url": url, "facts": facts})
    link = {"site_key": "site2", "source": url, "tag": "a", "internal": 1}
    rows["links"].append({**link, "target": root + "gzdt/d.html", "anchor": "一则通知的标题"})
