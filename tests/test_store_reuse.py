"""What a 304 answer reads of the previous run (spiders/conditional.py): a stored page's
link targets in page order, one per target and tag, and None for a URL the run stored no
page for, even when it has links (a stylesheet check's)."""

from __future__ import annotations

from pathlib import Path

from auditor.store import Store

PAGE = "http://127.0.0.1:9/zwgk/index.html"
BARE = "http://127.0.0.1:9/zwgk/empty.html"
SHEET = "http://127.0.0.1:9/css/site.css"


def _link(source: str, target: str, tag: str = "a", fragment: str = "") -> dict[str, str]:
    return {"site_key": "tjj", "source": source, "target": target, "tag": tag,
            "anchor": f"{target[-6:]}#{fragment}", "fragment": fragment}


def _stored(tmp_path: Path) -> tuple[Store, int]:
    store = Store(tmp_path / "reuse.db")
    run = store.start_run("复查", "x.toml", {}, "c", "2014-06-30")
    store.write_batch(run, {
        "pages": [{"site_key": "tjj", "url": PAGE, "status": 200},
                  {"site_key": "tjj", "url": BARE, "status": 200}],
        "links": [
            _link(PAGE, "http://127.0.0.1:9/b.html"),
            _link(PAGE, "http://127.0.0.1:9/a.html"),
            _link(PAGE, "http://127.0.0.1:9/b.html", fragment="top"),  # a fragment row
            _link(PAGE, "http://127.0.0.1:9/a.html", tag="img"),
            _link(SHEET, "http://127.0.0.1:9/bg.png", tag="img"),
        ],
    })
    return store, run


def test_a_stored_page_gives_its_targets_once_each_in_page_order(tmp_path: Path) -> None:
    store, run = _stored(tmp_path)
    targets = store.stored_targets(run, PAGE)
    assert targets is not None
    assert [(t[0][-6:], t[1], t[3]) for t in targets] == [
        ("b.html", "a", "b.html#"), ("a.html", "a", "a.html#"), ("a.html", "img", "a.html#")
    ]
    assert store.stored_targets(run, BARE) == []
    store.close()


def test_a_url_without_a_stored_page_gives_none_even_with_links(tmp_path: Path) -> None:
    store, run = _stored(tmp_path)
    assert store.stored_targets(run, SHEET) is None
    assert store.stored_targets(run, "http://127.0.0.1:9/never.html") is None
    assert store.stored_targets(run + 1, PAGE) is None  # another run's page
    store.close()


def test_without_links_only_whether_the_page_is_stored_is_asked(tmp_path: Path) -> None:
    store, run = _stored(tmp_path)
    assert store.stored_targets(run, PAGE, links=False) == []
    assert store.stored_targets(run, SHEET, links=False) is None
    store.close()
