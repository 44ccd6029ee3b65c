"""The cross-page comparison (footers, title templates) on a repeat: a site whose pages are
all the earlier run's (304 copies, or fetched with the same footer and <title>) takes that
run's rows without reading its pages; a site with one page changed is compared afresh.
Either way the rows are those a fresh comparison of the repeat writes."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest

from auditor.store import COPIED, Store
from auditor.tamper import footer_outliers
from auditor.tamper.crosspage import scan_crosspage
from auditor.tamper.title_scan import template_outliers

ROOTS = {"a": "http://127.0.0.1:8103/a/", "b": "http://127.0.0.1:8103/b/"}
RULE = "code-1"
FOOTER = "主办：南宁市良庆区人民政府 桂ICP备08000{}号"
SPAM = "主办：南宁市det365娱乐官网 桂ICP备08000837号"


def page(key: str, n: int, footer: str, title: str) -> dict[str, Any]:
    url = f"{ROOTS[key]}{n}.html"
    facts = {"footer": footer, "head_title": title, "text": "正文"}
    return {
        "site_key": key,
        "url": url,
        "final_url": url,
        "status": 200,
        "depth": 1,
        "title": title,
        "facts": facts,
        "fetched_at": "2014-11-20T09:00:00+08:00",
    }


def pages(spam_in: str = "a") -> list[dict[str, Any]]:
    """Per site five pages on the template and footer, one with a spam footer (site
    `spam_in` only) and one with a gambling title off the template."""
    out = []
    for key in ROOTS:
        out += [page(key, n, FOOTER.format(n), f"第{n}号通知_青岚县人民政府") for n in range(5)]
        out.append(page(key, 5, SPAM if key == spam_in else FOOTER.format(5), "鸿运体育"))
    return out


def run_with(store: Store, rows: dict[str, Any]) -> int:
    run = store.start_run("检查", "x.toml", {}, "liangqing-2014", "2014-11-20")
    store.add_sites(run, [{"key": k, "department": k, "url": u} for k, u in ROOTS.items()])
    store.write_batch(run, json.loads(json.dumps(rows)))
    return run


def copied_run(store: Store, first: int, fetched: list[dict[str, Any]]) -> int:
    """A repeat: `fetched` pages as fetched, every other page of `first` a 304's copy."""
    sql = "select url, site_key, depth from pages where run_id = ? order by id desc"
    own = {p["url"] for p in fetched}
    copies = [
        {"url": url, "site_key": key, "depth": depth, "from_run": first}
        for url, key, depth in store.db.execute(sql, [first]).fetchall()
        if url not in own
    ]
    return run_with(store, {COPIED: copies, "pages": fetched})


def rows(store: Store, run: int) -> list[tuple[Any, ...]]:
    sql = """select site_key, page, kind, technique, detail, snippet from tampering
             where run_id = ? order by rowid"""
    return store.db.execute(sql, [run]).fetchall()


def compared(store: Store, run: int, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Scan the run with RULE; the sites whose pages it read."""
    read: set[str] = set()
    original = Store.page_footers_and_titles

    def recording(self: Store, run_id: int, sites: Any = None) -> Any:
        for row in original(self, run_id, sites):
            read.add(row[0])
            yield row

    monkeypatch.setattr(Store, "page_footers_and_titles", recording)
    scan_crosspage(store, run, RULE)
    monkeypatch.undo()
    return read


def audited_first(store: Store, monkeypatch: pytest.MonkeyPatch) -> int:
    first = run_with(store, {"pages": pages()})
    assert compared(store, first, monkeypatch) == {"a", "b"}
    store.finish_run(first, "complete")
    return first


def fresh(store: Store, run: int) -> list[tuple[Any, ...]]:
    """The repeat's rows as compared afresh (no rule: no earlier run's rows taken)."""
    scan_crosspage(store, run)
    return rows(store, run)


def test_a_copied_repeat_takes_the_earlier_rows_unread(tmp_path, monkeypatch) -> None:
    store = Store(tmp_path / "a.db")
    first = audited_first(store, monkeypatch)
    expected = rows(store, first)
    assert [(r[0], r[2]) for r in expected] == [
        ("a", "footer_outlier"),
        ("a", "meta_spam"),
        ("b", "meta_spam"),
    ]
    repeat = copied_run(store, first, [])
    assert compared(store, repeat, monkeypatch) == set()
    assert rows(store, repeat) == expected
    assert fresh(store, repeat) == expected  # the copied title rows hide nothing


@pytest.mark.parametrize("change", ["footer", "title", "same"])
def test_a_refetched_page_is_compared_only_when_it_differs(tmp_path, monkeypatch, change) -> None:
    store = Store(tmp_path / "a.db")
    first = audited_first(store, monkeypatch)
    refetched = pages(spam_in="b") if change == "footer" else pages()
    if change == "title":
        refetched[-1] = {**refetched[-1], "facts": {**refetched[-1]["facts"], "head_title": "x"}}
    repeat = copied_run(store, first, [refetched[-1]])  # site b's sixth page fetched
    assert compared(store, repeat, monkeypatch) == (set() if change == "same" else {"b"})
    reused = rows(store, repeat)
    assert fresh(store, repeat) == reused
    footer_sites = {r[0] for r in reused if r[2] == "footer_outlier"}
    assert footer_sites == ({"a", "b"} if change == "footer" else {"a"})


def test_a_site_with_another_page_count_or_rule_is_compared(tmp_path, monkeypatch) -> None:
    store = Store(tmp_path / "a.db")
    first = audited_first(store, monkeypatch)
    repeat = copied_run(store, first, [page("a", 9, FOOTER.format(9), "新页_青岚县人民政府")])
    assert compared(store, repeat, monkeypatch) == {"a"}
    store.db.execute("update crosspage_sites set rule = 'old' where run_id = ?", [first])
    assert compared(store, copied_run(store, first, []), monkeypatch) == {"a", "b"}


def test_the_comparisons_do_not_depend_on_page_order() -> None:
    """Two footers (and two templates) tied: the first in URL order wins, however given."""
    footers = {
        "/1": "主办：甲县人民政府",
        "/2": "主办：甲县人民政府 x88威尼",
        "/3": "主办：甲县人民政府",
        "/4": "主办：甲县人民政府 x88威尼",
    }
    titles = {
        "/1": "通知_甲县人民政府",
        "/2": "鸿运体育_葡京",
        "/3": "公告_甲县人民政府",
        "/4": "鸿运彩票_葡京",
        "/5": "动态_甲县人民政府",
        "/6": "鸿运体育_葡京",
    }
    for order in itertools.permutations(sorted(footers)):
        assert footer_outliers({u: footers[u] for u in order}) == footer_outliers(footers)
    for order in itertools.permutations(sorted(titles)):
        assert template_outliers({u: titles[u] for u in order}) == template_outliers(titles)
    assert footer_outliers(footers) and template_outliers(titles)
