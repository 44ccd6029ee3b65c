"""A repeat inspection keeps a young OK link verdict without asking the server again, and
always asks again about a broken link (so a fixed attachment shows as fixed) and about pages;
[crawl] recheck_ok_links_after_hours = 0 asks again about everything."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from auditor.errors import InputError
from auditor.inspection.file import load_inspection
from auditor.report import build_report
from auditor.store import Store

PDF = b"%PDF-1.4 fixture"


def pdf(linkworld: Any) -> Any:
    """The route answering the PDF."""
    return lambda h: linkworld.send(h, 200, PDF, "application/pdf")


@pytest.fixture(scope="module")
def repeats(linkworld, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Three crawls of one inspection: first, a repeat after the broken attachment was
    fixed, and a repeat with the window set to 0."""
    tmp = tmp_path_factory.mktemp("keep")
    world = linkworld.World()
    routes = {
        "/": linkworld.html(
            linkworld.page("首页", linkworld.links("/ok.pdf", "/fixed.pdf", "/moved.pdf"))
        ),
        "/ok.pdf": pdf(linkworld),
        "/moved.pdf": lambda h: linkworld.send(h, 301, "", headers={"Location": "/ok.pdf"}),
    }
    try:
        site = world.serve("site", routes)
        platform = world.serve("platform", {"/": linkworld.html(linkworld.page("平台"))})
        sites = [("城区财政局", site)]
        out: dict[str, Any] = {"world": world, "db": tmp / "a.db", "counts": []}
        for window, fix in ((24, False), (24, True), (0, False)):
            if fix:
                routes["/fixed.pdf"] = pdf(linkworld)
                time.sleep(1.1)  # checked_at has whole seconds: a kept verdict must predate it
            linkworld.crawl(
                tmp, linkworld.inspection_toml(sites, platform, recheck_ok_links_after_hours=window)
            )
            out["counts"].append({p: world.count("site", p) for p in ("/", *_files())})
        yield out
    finally:
        world.close()


def _files() -> tuple[str, ...]:
    return ("/ok.pdf", "/fixed.pdf", "/moved.pdf")


def check(db: Path, run_id: int, path: str) -> sqlite3.Row:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        sql = "select * from checks where run_id = ? and url like ?"
        return conn.execute(sql, [run_id, "%" + path]).fetchone()


def test_repeat_within_the_window_does_not_ask_about_an_ok_link(
    repeats: dict[str, Any],
) -> None:
    first, second, _ = repeats["counts"]
    assert first["/ok.pdf"] == second["/ok.pdf"] == 1
    kept, original = check(repeats["db"], 2, "/ok.pdf"), check(repeats["db"], 1, "/ok.pdf")
    assert kept["reason"] == "ok" and kept["checked_at"] == original["checked_at"]


def test_repeat_asks_again_about_broken_links_redirects_and_pages(
    repeats: dict[str, Any],
) -> None:
    first, second, _ = repeats["counts"]
    assert second["/fixed.pdf"] == first["/fixed.pdf"] + 1
    assert second["/moved.pdf"] == first["/moved.pdf"] + 1
    assert second["/"] == first["/"] + 1


def test_a_fixed_attachment_shows_as_fixed_on_the_repeat(repeats: dict[str, Any]) -> None:
    assert check(repeats["db"], 1, "/fixed.pdf")["reason"] == "http_404"
    fixed = check(repeats["db"], 2, "/fixed.pdf")
    assert fixed["reason"] == "ok" and fixed["ok"] == 1


def test_window_zero_asks_again_about_everything(repeats: dict[str, Any]) -> None:
    _, second, third = repeats["counts"]
    assert all(third[path] > second[path] for path in ("/", *_files()))
    assert (
        check(repeats["db"], 3, "/ok.pdf")["checked_at"]
        >= check(repeats["db"], 2, "/ok.pdf")["checked_at"]
    )


def test_repeat_keeps_every_check_row(repeats: dict[str, Any]) -> None:
    with sqlite3.connect(repeats["db"]) as conn:
        sql = "select url from checks where run_id = ? order by url"
        runs = [[u for (u,) in conn.execute(sql, [run])] for run in (1, 2, 3)]
    assert runs[0] and runs[0] == runs[1] == runs[2]


@pytest.mark.parametrize(("value", "expected"), [("-1", "不能为负数"), ('"1天"', "的值无效")])
def test_window_setting_is_validated(linkworld, tmp_path: Path, value: str, expected: str) -> None:
    text = linkworld.inspection_toml([("城区财政局", "http://127.0.0.1:9")], "http://127.0.0.1:9")
    path = tmp_path / "i.toml"
    path.write_text(text + f"recheck_ok_links_after_hours = {value}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_inspection(path)
    assert (
        "recheck_ok_links_after_hours" in caught.value.message and expected in caught.value.message
    )


def test_window_defaults_to_a_day(linkworld, tmp_path: Path) -> None:
    path = tmp_path / "i.toml"
    path.write_text(
        linkworld.inspection_toml([("城区财政局", "http://127.0.0.1:9")], "http://127.0.0.1:9")
    )
    assert load_inspection(path).crawl.recheck_ok_links_after_hours == 24


def test_the_report_says_which_ok_links_were_not_asked_again(repeats: dict[str, Any]) -> None:
    store = Store(repeats["db"])
    try:
        kept = [build_report(store, run)["limits"]["kept_checks"]["count"] for run in (1, 2, 3)]
    finally:
        store.close()
    assert kept == [0, 1, 0]  # only /ok.pdf, only within the window
