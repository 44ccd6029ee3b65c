"""A district whose listings are published by TRS pagers, jpage proxies and JSON APIs is
audited like the same district published with plain anchors: every article reached, each
proxy group and API page asked once, the same findings."""

from __future__ import annotations

import json
import sqlite3
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest


def audit(run_cli, world: Any, tmp: Path, name: str) -> tuple[dict[str, Any], Path, float]:
    out, db = tmp / name, tmp / f"{name}.db"
    inspection = world.inspection(tmp / f"{name}.toml")
    started = time.monotonic()
    result = run_cli("audit", str(inspection), "--out", str(out), "--db", str(db))
    elapsed = time.monotonic() - started
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return json.loads((out / "report.json").read_text(encoding="utf-8")), db, elapsed


def fetched_paths(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select url from pages where status = 200").fetchall()
    return {urlsplit(url).path for (url,) in rows}


def statuses(report: dict[str, Any]) -> list[tuple[str, str, str]]:
    return sorted((i["department"], i["item"], i["status"]) for i in report["items"])


@pytest.fixture(scope="module")
def audits(cmsworld, run_cli, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("listings")
    out: dict[str, Any] = {}
    for plain in (False, True):
        with cmsworld.CmsWorld(plain=plain) as world:
            report, db, elapsed = audit(run_cli, world, tmp, "plain" if plain else "cms")
            out["plain" if plain else "cms"] = (report, db, elapsed, list(world.log))
    return out


def test_every_article_is_reached(cmsworld, audits: dict[str, Any]) -> None:
    for variant in ("cms", "plain"):
        missed = cmsworld.expected_articles() - fetched_paths(audits[variant][1])
        assert not missed, (variant, sorted(missed))


def test_each_proxy_group_and_api_page_is_asked_once(cmsworld, audits: dict[str, Any]) -> None:
    log = audits["cms"][3]
    asked = Counter((method, target, body) for method, target, body in log)
    repeated = [key for key, count in asked.items() if count > 1]
    assert not repeated
    posts = [(t, b) for m, t, b in log if m == "POST"]
    assert all(urlsplit(t).path == cmsworld.PROXY for t, _ in posts)
    api = [t for m, t, _ in log if "/api/list" in t]
    for column in cmsworld.columns():
        if column.mechanism == "jpage":
            groups = [t for t, b in posts if f"columnid={column.column_id}" in b]
            # the page embeds records 1-6; the rest come in groups of 6 up to the total
            want = -(-(len(column.arts) - 6) // 6)
            assert len(groups) == want, (column.path, groups)
        if column.mechanism == "json":
            pages = [t for t in api if f"columnId={column.column_id}" in t]
            assert len(pages) == -(-len(column.arts) // 4), (column.path, pages)


def test_findings_equal_the_plain_anchor_district(audits: dict[str, Any]) -> None:
    cms, plain = audits["cms"][0], audits["plain"][0]
    assert statuses(cms) == statuses(plain)
    assert {s for _, _, s in statuses(cms)} >= {"present"}


def test_an_unreadable_column_is_reported(audits: dict[str, Any]) -> None:
    for variant in ("cms", "plain"):
        rows = audits[variant][0]["unreadable_listings"]
        assert [(r["department"], urlsplit(r["page"]).path) for r in rows] == [
            ("城区财政局", "/czj/gsgg/index.html")
        ]
        assert "5" in rows[0]["why"]
        # its department's missing items rest on a column nobody read: a person should look
        flagged = {(i["department"], i["status"], bool(i.get("needs_review")))
                   for i in audits[variant][0]["items"]}  # fmt: skip
        assert ("城区财政局", "missing", True) in flagged
        assert ("城区财政局", "missing", False) not in flagged
        assert ("城区发改局", "missing", True) not in flagged
        html = (audits[variant][1].parent / variant / "report.html").read_text(encoding="utf-8")
        assert "栏目无法读取" in html and "/czj/gsgg/index.html" in html


def test_api_entries_keep_their_publisher_and_source(audits: dict[str, Any]) -> None:
    with sqlite3.connect(audits["cms"][1]) as conn:
        rows = conn.execute(
            "select source, via, publisher, listing_date from links where via like '%/api/list%'"
        ).fetchall()
    assert rows
    assert all(urlsplit(src).path.endswith("index.html") for src, _, _, _ in rows)
    assert all(pub and date for _, _, pub, date in rows)


def health(report: dict[str, Any]) -> dict[tuple[str, str], Any]:
    return {
        (site["department"], indicator["id"]): (indicator["status"], indicator["value"])
        for site in report.get("health", [])
        for indicator in site["indicators"]
        if indicator["id"] != "home.load_time"  # a timing, not a fact of the district
    }


def test_script_filled_columns_are_columns_with_their_dates(audits: dict[str, Any]) -> None:
    """A JSON or jpage column is judged by the dates it lists, as its plain twin is."""
    assert health(audits["cms"][0]) == health(audits["plain"][0])
    with sqlite3.connect(audits["cms"][1]) as conn:
        sql = "select facts ->> '$.is_listing', facts -> '$.listing_dates' from pages where url like ?"
        listed, dates = conn.execute(sql, ["%/fgj/zcwj/index.html"]).fetchone()
    assert listed == 1 and len(json.loads(dates)) == 7
