"""Checks that need only the headers keep their connection: a small declared body is read
to its end (and dropped), a big one is still cut off after the headers, and what the checks
record is the same either way."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

SMALL = [f"/files/form{n}.xls" for n in range(10)]


def keep_alive(server: Any) -> dict[str, int]:
    """Make a linkworld server speak HTTP/1.1 (persistent connections) and count them."""
    counts = {"connections": 0}
    lock = threading.Lock()
    base = server.RequestHandlerClass

    class Persistent(base):  # type: ignore[misc, valid-type]
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            with lock:
                counts["connections"] += 1
            super().setup()

    server.RequestHandlerClass = Persistent
    return counts


@pytest.fixture(scope="module")
def crawled(linkworld, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("keepalive")
    w = linkworld.World()
    xls = b"\xd0\xcf\x11\xe0" * 30
    try:
        routes: dict[str, Any] = {
            path: (lambda h: linkworld.send(h, 200, xls, "application/vnd.ms-excel"))
            for path in SMALL
        }
        routes["/files/big.pdf"] = lambda h: linkworld.send(
            h, 200, b"%PDF" * 50_000, "application/pdf"
        )
        routes["/files/bare.doc"] = lambda h: linkworld.send(h, 200, b"<html>x</html>", "")
        site = w.serve("site", routes)
        counts = keep_alive(w.servers["site"])
        files = [*SMALL, "/files/big.pdf", "/files/bare.doc"]
        home = linkworld.page("城区审计局", linkworld.links(*files))
        routes["/"] = linkworld.html(home)
        platform = w.serve("platform", {"/": linkworld.html(linkworld.page("统一平台"))})
        db = linkworld.crawl(tmp, linkworld.inspection_toml([("城区审计局", site)], platform))
    finally:
        w.close()
    yield {"db": db, "site": site, "connections": counts["connections"], "world": w}
    db.close()


def test_small_checked_files_share_connections(crawled: dict[str, Any]) -> None:
    requests = sum(1 for server, _, _ in crawled["world"].log if server == "site")
    assert requests >= len(SMALL) + 3  # probe, robots.txt, home, the files
    # each stopped download would close its connection: at least one per small file
    assert crawled["connections"] < len(SMALL) // 2


def test_checks_record_the_headers_only(crawled: dict[str, Any]) -> None:
    db, site = crawled["db"], crawled["site"]
    rows = {
        r["url"].removeprefix(site): dict(r)
        for r in db.execute("select url, reason, status, size, content_type from checks")
    }
    for path in SMALL:
        row = rows[path]
        assert (row["reason"], row["status"], row["size"]) == ("ok", 200, 120)
        assert row["content_type"] == "application/vnd.ms-excel"
    assert rows["/files/big.pdf"]["size"] == 200_000
    assert rows["/files/big.pdf"]["reason"] == "ok"
    # no Content-Type: the body is not sniffed (it was never read), as before
    assert rows["/files/bare.doc"]["reason"] == "ok"
