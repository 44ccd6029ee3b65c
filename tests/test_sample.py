"""Spot-check sampling: N pages per site, fair and reproducible from the recorded seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.judge.sample import draw, sample_run, stored_sample
from auditor.store import Store


@pytest.fixture
def store(tmp_path: Path) -> tuple[Store, int]:
    """A stored run with 30 pages on site1, 3 on site2, one soft-404 and one 404."""
    store = Store(tmp_path / "auditor.db")
    run_id = store.start_run("抽查", "x.toml", {}, "liangqing-2014", "2014-11-20")
    pages = [_page("site1", f"http://127.0.0.1:9/a/{n}.html") for n in range(30)]
    pages += [_page("site2", f"http://127.0.0.1:9/b/{n}.html") for n in range(3)]
    pages += [
        _page("site2", "http://127.0.0.1:9/b/soft.html"),
        _page("site2", "http://127.0.0.1:9/b/gone.html", 404),
    ]
    checks = [
        {
            "site_key": "site2",
            "url": "http://127.0.0.1:9/b/soft.html",
            "reason": "soft_404",
            "ok": 0,
        }
    ]
    store.write_batch(run_id, {"pages": pages, "checks": checks})
    return store, run_id


def _page(site: str, url: str, status: int = 200) -> dict:
    return {"site_key": site, "url": url, "status": status, "title": url.rsplit("/", 1)[1]}


def test_same_seed_same_pages(store: tuple[Store, int]) -> None:
    db, run_id = store
    candidates = db.sample_candidates(run_id)
    assert draw(candidates, 5, 123) == draw(list(reversed(candidates)), 5, 123)
    assert draw(candidates, 5, 123) != draw(candidates, 5, 124)


def test_n_pages_per_site_and_never_an_error_page(store: tuple[Store, int]) -> None:
    db, run_id = store
    pages = draw(db.sample_candidates(run_id), 5, 7)
    assert sum(p.site_key == "site1" for p in pages) == 5
    site2 = sorted(p.url.rsplit("/", 1)[1] for p in pages if p.site_key == "site2")
    assert site2 == ["0.html", "1.html", "2.html"]  # fewer than N: all readable pages


def test_seed_is_recorded_and_the_draw_can_be_redone(store: tuple[Store, int]) -> None:
    db, run_id = store
    seed = sample_run(db, run_id, 4)
    first = stored_sample(db, run_id)
    assert first is not None and first["seed"] == seed and first["per_site"] == 4
    sample_run(db, run_id, 4, seed=seed)
    assert stored_sample(db, run_id) == first
    assert len(first["pages"]) == 4 + 3


def test_no_sample_when_none_was_drawn(store: tuple[Store, int]) -> None:
    db, run_id = store
    assert stored_sample(db, run_id) is None
