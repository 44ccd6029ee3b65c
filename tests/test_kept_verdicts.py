"""A repeat keeps the previous run's young plain OK verdict on a link without asking again
(spiders/conditional.py keep_verdict): which verdicts are kept, decided from one read of the
previous run; the kept row as the store copies it (original checked_at, the new run's site
key); the counts a written verdict adds; a walk waiting on the URL still released."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from auditor.crawl.linkbook import Waiter
from auditor.spiders.conditional import Revalidation
from auditor.spiders.context import CrawlContext
from auditor.spiders.previous import Previous
from auditor.spiders.verdicts import Verdicts
from auditor.store import BatchWriter, Store

BASE = "http://127.0.0.1:9/"


def _stamp(hours_ago: float) -> str:
    return (dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours_ago)).isoformat(timespec="seconds")


def _check(name: str, reason: str = "ok", hours_ago: float = 1, **extra: Any) -> dict[str, Any]:
    ok = 1 if reason == "ok" else 0
    return {
        "site_key": "old",
        "url": BASE + name,
        "status": 200 if ok else 404,
        "ok": ok,
        "reason": reason,
        "elapsed_ms": 7,
        "content_type": "application/pdf",
        "size": 99,
        "final_url": BASE + name,
        "redirects": [],
        "checked_at": _stamp(hours_ago),
        "etag": '"e"',
        "last_modified": "Mon, 01 Dec 2026 00:00:00 GMT",
        **extra,
    }


FIRST = [
    _check("young.pdf"),
    _check("naive.pdf", checked_at=dt.datetime.now().isoformat(timespec="seconds")),
    {k: v for k, v in _check("no-chain.pdf").items() if k != "redirects"},  # NULL
    _check("old.pdf", hours_ago=30),
    _check("future.pdf", hours_ago=-1),
    _check("moved.pdf", redirects=[BASE + "young.pdf"]),
    _check("broken.pdf", "http_404"),
    _check("unreadable.pdf", checked_at="yesterday"),
]
KEPT = {"young.pdf", "naive.pdf", "no-chain.pdf"}


def _repeat(tmp_path: Path) -> tuple[Store, Revalidation, int]:
    store = Store(tmp_path / "kept.db")
    first = store.start_run("复查", "x.toml", {}, "c", "2014-06-30")
    store.write_batch(first, {"checks": FIRST})
    run = store.start_run("复查", "x.toml", {}, "c", "2014-06-30")
    inspection = SimpleNamespace(crawl=SimpleNamespace(max_redirects=10))
    ctx = CrawlContext(inspection, run, BatchWriter(store, run), scope=None)  # type: ignore[arg-type]
    ctx.previous = Previous(store, first, keep_ok_hours=24)
    verdicts = Verdicts(ctx, {})
    return store, Revalidation(ctx, verdicts, None, None), run


def _rows(store: Store, run: int) -> dict[str, dict[str, Any]]:
    sql = "select * from checks where run_id = ?"
    return {row["url"][len(BASE) :]: row for row in store.db.query(sql, [run])}


def test_only_young_plain_ok_verdicts_are_kept_each_copied_as_it_was(tmp_path: Path) -> None:
    store, revalidation, run = _repeat(tmp_path)
    site = SimpleNamespace(key="new")
    kept = {c["url"][len(BASE) :] for c in FIRST if revalidation.keep_verdict(c["url"], site)}  # type: ignore[arg-type]
    assert kept == KEPT
    assert not revalidation.keep_verdict(BASE + "never.pdf", site)  # type: ignore[arg-type]
    revalidation.ctx.writer.flush()
    first, rows = _rows(store, run - 1), _rows(store, run)
    assert set(rows) == KEPT
    for name, row in rows.items():
        # checked_at as stored; a NULL chain is read and written back, as JSON null
        rewritten = {"redirects": "null"} if name == "no-chain.pdf" else {}
        assert row == {**first[name], "run_id": run, "site_key": "new", **rewritten}
    stats = revalidation.ctx.site_stats("new")
    assert (stats.kept, stats.checks, stats.errors) == (3, 3, 0)
    assert revalidation.ctx.reasons == {"ok": 3}
    store.close()


def test_nothing_is_kept_with_a_window_of_zero(tmp_path: Path) -> None:
    store, revalidation, _ = _repeat(tmp_path)
    previous = revalidation.ctx.previous
    assert previous is not None
    revalidation.ctx.previous = Previous(previous.store, previous.run_id, keep_ok_hours=0)
    assert not revalidation.keep_verdict(BASE + "young.pdf", SimpleNamespace(key="new"))  # type: ignore[arg-type]
    store.close()


def test_a_walk_waiting_on_a_kept_url_gets_its_verdict(tmp_path: Path) -> None:
    store, revalidation, run = _repeat(tmp_path)
    hop = BASE + "hop.pdf"
    revalidation.ctx.links.waiters[BASE + "young.pdf"].append(Waiter("new", [(hop, [hop])]))
    assert revalidation.keep_verdict(BASE + "young.pdf", SimpleNamespace(key="new"))  # type: ignore[arg-type]
    revalidation.ctx.writer.flush()
    rows = _rows(store, run)
    assert rows["young.pdf"]["checked_at"] == _rows(store, run - 1)["young.pdf"]["checked_at"]
    assert rows["hop.pdf"]["reason"] == "redirected"
    assert revalidation.ctx.site_stats("new").kept == 1
    assert not revalidation.ctx.links.waiters
    store.close()


def test_a_304_pages_verdict_is_copied_checked_now(tmp_path: Path) -> None:
    store, revalidation, run = _repeat(tmp_path)
    pages = [
        {"site_key": "old", "url": BASE + n, "status": 200} for n in ("young.pdf", "moved.pdf")
    ]
    store.write_batch(run - 1, {"pages": pages})
    site = SimpleNamespace(key="new")
    for name in ("young.pdf", "moved.pdf"):  # copied by the store; read and written back
        answer = SimpleNamespace(meta={"origin": BASE + name, "crawl_depth": 1})
        assert list(revalidation.reuse(answer, site)) == []  # type: ignore[arg-type]
    revalidation.ctx.writer.flush()
    first, rows = _rows(store, run - 1), _rows(store, run)
    assert set(rows) == {"young.pdf", "moved.pdf"}
    for name, row in rows.items():
        assert row["checked_at"] > first[name]["checked_at"]
        assert row == {
            **first[name],
            "run_id": run,
            "site_key": "new",
            "checked_at": row["checked_at"],
        }
    stats = revalidation.ctx.site_stats("new")
    assert (stats.reused, stats.pages, stats.checks, stats.kept) == (2, 2, 2, 0)
    store.close()


def test_a_walk_joining_a_copied_verdict_gets_its_fields(tmp_path: Path) -> None:
    store, revalidation, _ = _repeat(tmp_path)
    links = revalidation.ctx.links
    links.earlier = lambda url: store.check_for_reuse(revalidation.ctx.previous.run_id, url)  # type: ignore[union-attr]
    assert revalidation.keep_verdict(BASE + "young.pdf", SimpleNamespace(key="new"))  # type: ignore[arg-type]
    stored = FIRST[0]
    assert links.verdict(BASE + "young.pdf") == {
        **{k: stored[k] for k in ("status", "elapsed_ms", "content_type", "size", "final_url")},
        "redirects": [],
        "reason": "ok",
        "url": BASE + "young.pdf",
        "site_key": "new",
        "checked_at": stored["checked_at"],
    }
    store.close()
