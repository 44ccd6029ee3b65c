"""The by-target readers give what the per-row SQL test (`runlinks.in_run`) gives, whichever
test they use (`anchor_links` asks once a (holder, source) in Python, `runlinks.tested`), on
a partly changed chain of repeats: pages copied for a 304 (one hop and two), pages fetched
again with other links, a page not reached again, sources with no page, copies an older
repeat made of the links, and anchors repeated on one page with other columns."""

from __future__ import annotations

from typing import Any

from auditor.store import COPIED, Store
from auditor.store.classify import _ANCHOR_LINKS
from auditor.store.runlinks import holders, holding

ROOT = "http://127.0.0.1:29002/"
PAGES = [ROOT + f"p{i}.html" for i in range(6)]
STYLE = ROOT + "s.css"
TARGETS = [ROOT + "gone.html", ROOT + "lost.png", PAGES[5], ROOT + "fine.html"]


def start(store: Store) -> int:
    run = store.start_run("检查", "x.toml", {}, "liangqing-2014", "2014-11-20")
    store.add_sites(run, [{"key": "s", "department": "s", "url": ROOT}])
    return run


def links(source: str, shift: int) -> list[dict[str, Any]]:
    """A page's links: each target twice with the same anchor (other listing dates), once
    with another anchor, and a blank anchor."""
    rows = []
    for n, target in enumerate(TARGETS):
        same = {"site_key": "s", "source": source, "target": target, "tag": "a"}
        anchor = f"链接{(n + shift) % 3}"
        rows += [
            {**same, "anchor": anchor, "listing_date": f"2014-0{shift % 9 + 1}-0{k + 1}"}
            for k in range(2)
        ]
        rows += [{**same, "anchor": f"其他{shift % 2}"}, {**same, "anchor": " "}]
    return rows


def checks() -> list[dict[str, Any]]:
    failed = [
        {"site_key": "s", "url": u, "status": 404, "reason": "http_404", "ok": 0}
        for u in TARGETS[:3]
    ]
    robots = {"site_key": "s", "url": TARGETS[3], "status": 0, "reason": "robots", "ok": 0}
    return [*failed, robots]


def fetch(store: Store, run: int, urls: list[str], shift: int, copies: dict[str, int]) -> None:
    """Fetch `urls` (their links shifted by `shift`), copy `copies` (url -> earlier run),
    and write a stylesheet's links (no page) and the checks."""
    rows: dict[str, list[dict[str, Any]]] = {"pages": [], "links": links(STYLE, shift)}
    for url in urls:
        status = 404 if url == PAGES[5] else 200
        rows["pages"].append({"site_key": "s", "url": url, "status": status, "facts": "{}"})
        rows["links"] += links(url, shift + len(url))
    rows[COPIED] = [
        {"url": u, "site_key": "s", "depth": 1, "from_run": r} for u, r in copies.items()
    ]
    rows["checks"] = checks()
    store.write_batch(run, rows)


def per_row(store: Store, run: int) -> dict[str, list[dict[str, Any]]]:
    """The three readers' answers as the per-row SQL test gave them."""
    store.find_unchanged_pages(run, None)
    held, member = holding(store.db.conn, run)
    anchors = _ANCHOR_LINKS.format(held=held, member=member)  # with in_run
    pairs = f"""
        select l.site_key, l.source, l.target, min(l.anchor) as anchor, c.status, c.reason
        from checks c cross join links l on l.run_id in {held} and l.target = c.url
        where c.run_id = :r and c.ok = 0 and {member}
        group by l.site_key, l.source, l.target order by l.source, l.target"""
    failed = f"""
        select l.*, c.status as check_status, c.reason as check_reason, c.ok as check_ok
        from checks c cross join links l on l.run_id in {held} and l.target = c.url
        where c.run_id = :r and c.ok = 0 and c.reason is not 'robots' and {member}
        order by l.target, coalesce(l.source, ''), l.run_id, l.rowid"""
    return {
        name: [dict(r) for r in store.db.query(sql, {"r": run})]
        for name, sql in (("anchors", anchors), ("pairs", pairs), ("failed", failed))
    }


def read(store: Store, run: int) -> dict[str, list[dict[str, Any]]]:
    store.find_unchanged_pages(run, None)
    return {
        "anchors": [dict(r) for r in store.anchor_links(run)],
        "pairs": [dict(r) for r in store.failed_link_pairs(run)],
        "failed": [dict(r) for r in store.run_failed_links(run, 1000) or []],
    }


def test_by_target_readers_answer_as_the_per_row_test(tmp_path) -> None:
    store = Store(tmp_path / "a.db")
    first = start(store)
    fetch(store, first, PAGES, 0, {})
    second = start(store)  # p0-p2 answer 304, p3 is fetched again, p4-p5 not reached
    fetch(store, second, PAGES[3:4], 1, {u: first for u in PAGES[:3]})
    third = start(store)  # p0 is a copy of a copy, p1 fetched again, p2 copied, p5 again
    fetch(
        store,
        third,
        [PAGES[1], PAGES[5]],
        2,
        {PAGES[0]: second, PAGES[2]: second, PAGES[3]: second},
    )
    assert holders(store.db.conn, third) == [first, second, third]
    for run in (first, second, third):
        expected = per_row(store, run)
        assert all(expected.values()), expected
        assert read(store, run) == expected
    old = per_row(store, third)
    columns = ", ".join(c for c in store.db["links"].columns_dict if c != "run_id")
    copy = f"""insert into links (run_id, {columns})
               select p.run_id, {", ".join("l." + c for c in columns.split(", "))}
               from pages p join links l on l.run_id = p.links_run and l.source = p.url
               where p.run_id = ? order by p.id, l.rowid"""
    with store.db.conn:  # the copies an older repeat made: not counted twice
        store.db.execute(copy, [third])
    assert per_row(store, third) == old
    assert read(store, third) == old
    assert store.run_failed_links(third, len(old["failed"]) - 1) is None
