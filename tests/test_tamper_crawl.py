"""Every hiding technique of the labelled tamper set, served over HTTP and found by a real
crawl; the clean cases (lottery news, anti-gambling campaigns, legal clauses) stay clean."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = [
    json.loads(line)
    for line in (ROOT / "benchmarks" / "tamper_set" / "cases.jsonl").read_text("utf-8").splitlines()
    if line.strip()
]


def case_page(linkworld, case: dict[str, Any]) -> str:
    """The case's markup in an ordinary government page, where the case says it sits."""
    body = linkworld.page(f"测试页面{case['id']}")
    if case["html"].startswith("<title>"):  # a hijacked title replaces the page's own
        return re.sub(r"<title>.*?</title>", case["html"], body, count=1)
    if case["position"] == "head":
        return body.replace("</head>", case["html"] + "</head>")
    if case["position"] == "body_top":
        return body.replace("<body>", "<body>" + case["html"])
    if case["position"] == "footer":
        return body.replace("</body>", f"<div class='footer'>{case['html']}</div></body>")
    return body.replace("</body>", case["html"] + "</body>")


@pytest.fixture(scope="module")
def crawled(linkworld, tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    tmp = tmp_path_factory.mktemp("tamper")
    routes = {f"/t/{c['id']}.html": linkworld.html(case_page(linkworld, c)) for c in CASES}
    index = "".join(f"<li><a href='/t/{c['id']}.html'>页面{c['id']}</a></li>" for c in CASES)
    routes["/"] = linkworld.html(linkworld.page("城区财政局", f"<ul>{index}</ul>"))
    world = linkworld.World()
    try:
        site = world.serve("site", routes)
        platform = world.serve("platform", {"/": linkworld.html(linkworld.page("统一平台"))})
        # External links are skipped: the cases link to reserved names that must never be
        # looked up.
        toml = linkworld.inspection_toml([("城区财政局", site)], platform, external_links="skip")
        db = linkworld.crawl(tmp, toml)
    finally:
        world.close()
    yield db
    db.close()


def hits(db: sqlite3.Connection, case: dict[str, Any]) -> list[sqlite3.Row]:
    sql = "select kind, technique from tampering where page like ?"
    return db.execute(sql, [f"%/t/{case['id']}.html"]).fetchall()


def test_every_case_page_was_crawled(crawled: sqlite3.Connection) -> None:
    stored = crawled.execute("select count(*) from pages where url like '%/t/%'").fetchone()[0]
    assert stored == len(CASES)


@pytest.mark.parametrize(
    "case", [c for c in CASES if c["label"] == "tampered"], ids=lambda c: c["id"]
)
def test_tampered_page_is_flagged(crawled: sqlite3.Connection, case: dict[str, Any]) -> None:
    found = hits(crawled, case)
    assert found, case["note"]
    assert crawled.execute(
        "select 1 from snapshots where url like ?", [f"%/t/{case['id']}.html"]
    ).fetchone()


def test_clean_pages_are_not_flagged(crawled: sqlite3.Connection) -> None:
    flagged = {c["id"]: hits(crawled, c) for c in CASES if c["label"] == "clean"}
    assert {k: [tuple(r) for r in v] for k, v in flagged.items() if v} == {}
