"""`external_links = "skip"`: outside links are listed in the links table but never fetched."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="module")
def skipped(linkworld, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("skip")
    w = linkworld.World()
    try:
        ext = w.serve(
            "ext",
            {
                "/a.html": linkworld.html(linkworld.page("外部")),
                "/b.png": lambda h: linkworld.send(h, 200),
            },
        )
        home = linkworld.page(
            "城区财政局", linkworld.links("/in.html", f"{ext}/a.html") + f"<img src='{ext}/b.png'>"
        )
        site = w.serve(
            "site", {"/": linkworld.html(home), "/in.html": linkworld.html(linkworld.page("内部"))}
        )
        platform = w.serve("platform", {"/": linkworld.html(linkworld.page("统一平台"))})
        toml = linkworld.inspection_toml([("城区财政局", site)], platform, external_links="skip")
        db = linkworld.crawl(tmp, toml)
    finally:
        w.close()
    yield {"db": db, "world": w, "site": site, "ext": ext}
    db.close()


def test_external_links_are_listed_not_checked(skipped: dict[str, Any]) -> None:
    db, ext = skipped["db"], skipped["ext"]
    listed = {r[0] for r in db.execute("select target from links where internal = 0")}
    assert {f"{ext}/a.html", f"{ext}/b.png"} <= listed
    assert not db.execute("select 1 from checks where url like ?", [ext + "%"]).fetchall()
    assert skipped["world"].count("ext", "/a.html") == 0
    assert skipped["world"].count("ext", "/b.png") == 0


def test_internal_links_are_still_checked(skipped: dict[str, Any]) -> None:
    row = (
        skipped["db"]
        .execute("select reason from checks where url = ?", [skipped["site"] + "/in.html"])
        .fetchone()
    )
    assert tuple(row) == ("ok",)
