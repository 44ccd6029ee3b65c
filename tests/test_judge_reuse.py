"""A repeat's judge takes what it read of an unchanged evidence page from the earlier run's
note (judged_pages) instead of reading the page's facts again, and its findings are exactly
those of the run judged alone: a changed page, or a changed check, changes its finding only."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

from auditor.classify.classifier import classify_run
from auditor.judge.verdict import judge_run
from auditor.store import Store

BUDGET, ACCOUNTS = "budget.department-budget", "budget.department-accounts"
SITE1 = "http://127.0.0.1:9000/site1/"
SITE2 = "http://127.0.0.1:9000/site2/"
PAGES = {
    SITE1 + "budget.html": ("site1", "良庆区财政局2014年部门预算", "2014-03-01"),
    SITE1 + "accounts.html": ("site1", "2013年度部门决算", "2014-08-01"),
    SITE2 + "budget.html": ("site2", "2014年部门预算", "2014-03-02"),
    SITE2 + "accounts.html": ("site2", "2013年度部门决算", "2014-08-02"),
}
TABLE = SITE2 + "accounts.xls"  # the attachment of site2's accounts page


def crawled_run(store: Store, kit: ModuleType, pages: dict, table_ok: bool = True) -> int:
    run = store.start_run("t", "i.toml", {}, "t", "2014-11-20")
    sites = (*kit.SITES, kit.PLATFORM)
    store.add_sites(
        run,
        [
            {"key": s.key, "department": s.department, "url": s.url, "channel": s.channel}
            for s in sites
        ],
    )
    rows = []
    for url, (site, title, published) in pages.items():
        facts: dict[str, Any] = {"title": title, "published": published}
        if url.endswith("accounts.html") and site == "site2":
            facts["attachments"] = [{"url": TABLE, "text": "决算表"}]
        rows.append({"site_key": site, "url": url, "status": 200, "title": title, "facts": facts})
    checks = [{"url": url, "status": 200, "ok": 1, "reason": "ok"} for url in pages]
    status = 200 if table_ok else 404
    checks.append({"url": TABLE, "status": status, "ok": int(table_ok), "reason": "x"})
    store.write_batch(run, {"pages": rows, "links": [], "checks": checks})
    return run


def audited(store: Store, kit: ModuleType, run: int) -> dict[tuple[str, str], dict]:
    """Classify and judge a run, as the audit does after the crawl; the run is complete."""
    classify_run(store, run, kit.CHECKLIST)
    findings = judge_run(store, run, kit.CHECKLIST, kit.INSPECTION)
    store.finish_run(run, "complete")
    return {(f["department"], f["item"]): f for f in findings}


def alone(tmp_path: Path, kit: ModuleType, pages: dict, table_ok: bool = True) -> dict:
    store = Store(tmp_path / "alone.db")
    return audited(store, kit, crawled_run(store, kit, pages, table_ok))


def changed_keys(before: dict, after: dict) -> set[tuple[str, str]]:
    return {key for key in before if before[key] != after[key]}


def test_a_changed_page_changes_its_finding_only(judgeworld, tmp_path: Path) -> None:
    store = Store(tmp_path / "a.db")
    first = audited(store, judgeworld, crawled_run(store, judgeworld, PAGES))
    assert first[(judgeworld.DEV, BUDGET)]["status"] == "present"
    pages = {**PAGES, SITE2 + "budget.html": ("site2", "2013年部门预算", "2013-03-02")}
    repeat = audited(store, judgeworld, crawled_run(store, judgeworld, pages))
    assert repeat == alone(tmp_path, judgeworld, pages)
    assert changed_keys(first, repeat) == {(judgeworld.DEV, BUDGET)}
    assert repeat[(judgeworld.DEV, BUDGET)]["status"] == "stale"


def test_a_failed_attachment_of_an_unchanged_page_changes_its_finding_only(
    judgeworld, tmp_path: Path
) -> None:
    """The page is the same, so what the judge read of it is reused; its attachment's check
    is read afresh, so the finding turns broken."""
    store = Store(tmp_path / "a.db")
    first = audited(store, judgeworld, crawled_run(store, judgeworld, PAGES))
    repeat = audited(store, judgeworld, crawled_run(store, judgeworld, PAGES, table_ok=False))
    assert repeat == alone(tmp_path, judgeworld, PAGES, table_ok=False)
    assert changed_keys(first, repeat) == {(judgeworld.DEV, ACCOUNTS)}
    assert repeat[(judgeworld.DEV, ACCOUNTS)]["status"] == "broken"


def test_an_unchanged_page_is_read_from_the_earlier_runs_note(judgeworld, tmp_path: Path) -> None:
    """A marker written into the first run's note of an unchanged page shows up in the
    repeat's finding (reused, not read again); the changed page's note is not used."""
    store = Store(tmp_path / "a.db")
    run = crawled_run(store, judgeworld, PAGES)
    audited(store, judgeworld, run)
    notes = dict(store.db.execute("select url, facts from judged_pages where run_id = ?", [run]))
    assert set(notes) == set(PAGES)
    for url in (SITE1 + "budget.html", SITE2 + "budget.html"):
        marked = {**json.loads(notes[url]), "published": "2013-01-05", "title": "2013年部门预算"}
        with store.db.conn:
            store.db.execute(
                "update judged_pages set facts = ? where run_id = ? and url = ?",
                [json.dumps(marked, ensure_ascii=False), run, url],
            )
    pages = {**PAGES, SITE2 + "budget.html": ("site2", "2014年部门预算", "2014-03-09")}
    repeat = audited(store, judgeworld, crawled_run(store, judgeworld, pages))
    assert repeat[(judgeworld.FIN, BUDGET)]["status"] == "stale"  # the marked note, reused
    assert repeat[(judgeworld.DEV, BUDGET)]["status"] == "present"  # changed: read afresh
