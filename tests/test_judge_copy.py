"""A repeat in which nothing the judge reads changed takes the earlier run's findings instead
of judging its matches again (auditor/judge/verdict.py `_reusable`): the same code, checklist
and inspection (runs.judge), every match a copy, every page unchanged, the same failed
verdicts and sites.  Anything else is judged afresh."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from auditor.checklist.load import load_checklist
from auditor.classify.classifier import classify_run
from auditor.inspection.file import load_inspection
from auditor.judge import verdict
from auditor.store import Store

FINDINGS = "select department, item, status, evidence from findings where run_id = ? order by 1, 2"


@pytest.fixture(scope="module")
def audited(linkworld, run_cli, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A district audited twice, nothing changed in between: a database of two runs."""
    tmp = tmp_path_factory.mktemp("judgecopy")
    world = linkworld.World()
    html = linkworld.html
    body = "<a href='/budget.xls'>2014年部门预算表</a> <a href='/gone.pdf'>收费目录</a>"
    routes = {
        "/": html(linkworld.page("首页", "<a href='/a.html'>预算</a>")),
        "/a.html": html(linkworld.page("2014年部门预算公开", body)),
        "/budget.xls": lambda h: linkworld.send(h, 200, b"xls", "application/vnd.ms-excel"),
    }
    try:
        _, inspection = linkworld.one_site_district(world, routes, tmp)
        for name in ("first", "repeat"):
            args = ("audit", str(inspection), "--out", str(tmp / name), "--db", str(tmp / "a.db"))
            result = run_cli(*args)
            assert result.returncode in (0, 1), result.stderr
    finally:
        world.close()
    return {"db": tmp / "a.db", "inspection": load_inspection(inspection)}


def rows(db: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


@pytest.fixture
def judged(
    audited: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Store, list[int]]]:
    """A copy of the database with run 2 classified again in this process (so the store
    knows what the classifier compared), and a list counting fresh judgements."""
    db = tmp_path / "copy.db"
    shutil.copy(audited["db"], db)
    store = Store(db)
    inspection = audited["inspection"]
    classify_run(store, 2, load_checklist(inspection.checklist))
    calls: list[int] = []
    judged = verdict._judged

    def counted(store: Store, run_id: int, *args: Any) -> list[dict[str, Any]]:
        calls.append(run_id)
        return judged(store, run_id, *args)

    monkeypatch.setattr(verdict, "_judged", counted)
    try:
        yield store, calls
    finally:
        store.close()


def judge(store: Store, inspection: Any) -> list[dict[str, Any]]:
    return verdict.judge_run(store, 2, load_checklist(inspection.checklist), inspection)


def test_both_audits_were_judged_with_the_same_inputs(audited: dict[str, Any]) -> None:
    db = audited["db"]
    assert rows(db, FINDINGS, 2) == rows(db, FINDINGS, 1)
    digests = rows(db, "select judge from runs order by id")
    assert len(digests) == 2 and digests[0] == digests[1] and digests[0][0]


def test_nothing_changed_copies_the_findings(audited, judged) -> None:
    store, calls = judged
    findings = judge(store, audited["inspection"])
    assert calls == []
    assert findings and rows(store.path, FINDINGS, 2) == rows(store.path, FINDINGS, 1)


def test_a_failed_verdict_that_changed_is_judged_again(audited, judged) -> None:
    store, calls = judged
    with store.db.conn:
        changed = store.db.execute(
            "update checks set status = 500, reason = 'http_500' where run_id = 2 and ok = 0"
        ).rowcount
    assert changed
    judge(store, audited["inspection"])
    assert calls == [2]


def test_another_judging_day_is_judged_again(audited, judged) -> None:
    store, calls = judged
    inspection = audited["inspection"]
    later = dataclasses.replace(inspection, as_of=inspection.as_of + dt.timedelta(days=400))
    judge(store, later)
    assert calls == [2]


def test_a_page_gone_since_is_judged_again(audited, judged) -> None:
    store, calls = judged
    with store.db.conn:
        store.db.execute("delete from pages where run_id = 2 and url like '%/a.html'")
    inspection = audited["inspection"]
    classify_run(store, 2, load_checklist(inspection.checklist))
    judge(store, inspection)
    assert calls == [2]


def _fetched_again_with_another_listing_date(store: Store, published: str | None) -> None:
    """Run 2's article as a page fetched again (not a 304's copy) that a listing with another
    date reached first, its facts (equal in both runs) with or without a date of their own."""
    with store.db.conn:
        for run_id, listed in ((1, "2014-04-04"), (2, "2014-05-05")):
            store.db.execute(
                """update pages set listing_date = ?, facts = json_set(facts, '$.published', ?),
                   from_run = case when run_id = 2 then null else from_run end
                   where run_id = ? and url like '%/a.html'""",
                [listed, published, run_id],
            )


def test_a_listing_date_the_judge_does_not_read_is_copied(audited, judged) -> None:
    """The article's facts carry its own date: the date beside the link is never read."""
    store, calls = judged
    _fetched_again_with_another_listing_date(store, "2014-03-01")
    inspection = audited["inspection"]
    classify_run(store, 2, load_checklist(inspection.checklist))
    judge(store, inspection)
    assert calls == []


def test_a_listing_date_the_judge_reads_is_judged_again(audited, judged) -> None:
    """No date in the facts: the page's publication date is the listing's, which differs."""
    store, calls = judged
    _fetched_again_with_another_listing_date(store, None)
    inspection = audited["inspection"]
    classify_run(store, 2, load_checklist(inspection.checklist))
    judge(store, inspection)
    assert calls == [2]
