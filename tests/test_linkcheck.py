"""Every link and resource gets a verdict with a reason: a real `auditor crawl` over crafted
loopback servers, asserted on the checks table and on what the servers received."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest

RESOURCES = [f"/r{n}.png" for n in range(1, 9)]


def external_routes(linkworld) -> dict[str, Any]:
    tries: list[int] = []

    def retry_then_ok(h: Any) -> None:
        tries.append(1)
        if len(tries) == 1:
            linkworld.send(h, 503, "busy", "text/plain", {"Retry-After": "1"})
        else:
            linkworld.send(h, 200, b"\xd0\xcf\x11\xe0data", "application/vnd.ms-excel")

    routes: dict[str, Any] = {path: linkworld.sleepy(0.3) for path in RESOURCES}
    routes.update(
        {
            "/retry.xls": retry_then_ok,
            "/deleted.html": linkworld.html(
                linkworld.not_found_page("对不起,您访问的页面不存在或已被删除!")
            ),
            "/closed.bin": linkworld.close_before_headers,
            "/mixed.png": linkworld.sleepy(0),
            "/page.html": linkworld.html(linkworld.page("外部页面")),
        }
    )
    return routes


def site_routes(linkworld, ext: str, refused: str, own: str) -> dict[str, Any]:
    home = linkworld.page(
        "城区财政局",
        "<h2 id='here'>本站</h2>"
        + linkworld.links(
            "/ok.html",
            "/ok.html#sec1",
            "/ok.html#sec2",
            "/ok.html#nosuch",
            "#here",
            "#top",
            "#absent",
            "/new.html",
            "/old.html",
            "/old-gone.html",
            "/gone.html",
            "/error.html",
            "/slow.html",
            "/reset.html",
            "/loop/a",
            "/chain/0",
            "/missing.html",
            "/files/report.pdf",
            "/files/empty.xls",
            "/files/budget.xls",
            "/private/secret.html",
            f"{refused}/x.html",
            "http://nowhere.invalid/page.html",
            own.replace("http://", "https://") + "/tls.html",
            f"{ext}/retry.xls",
            f"{ext}/deleted.html",
            f"{ext}/closed.bin",
        )
        + "".join(f"<img src='{ext}{path}' alt='图'>" for path in RESOURCES[:4])
        + "<script src='/app.js'></script>",
    )
    ok = linkworld.page(
        "正常页面",
        "<h2 id='sec1'>一</h2><a name='sec2'>二</a>"
        + linkworld.links("/files/budget.xls", "/new.html", "/gone.html", "/")
        + f"<img src='{ext}/r1.png'>",
    )
    routes: dict[str, Any] = {
        "/": linkworld.html(home),
        "/robots.txt": lambda h: linkworld.send(
            h, 200, "User-agent: *\nDisallow: /private/\n", "text/plain"
        ),
        "/ok.html": linkworld.html(ok),
        "/new.html": linkworld.html(linkworld.page("新页面", linkworld.links("/ok.html#sec1"))),
        "/old.html": linkworld.redirect("/new.html"),
        "/old-gone.html": linkworld.redirect("/gone.html", 302),
        "/gone.html": linkworld.html(linkworld.page("404"), 404),
        "/error.html": linkworld.html(linkworld.page("服务器错误"), 500),
        "/slow.html": linkworld.sleepy(2.5, "text/html", linkworld.page("慢").encode()),
        "/reset.html": linkworld.reset_mid_body,
        "/loop/a": linkworld.redirect("/loop/b"),
        "/loop/b": linkworld.redirect("/loop/a"),
        "/missing.html": linkworld.html(linkworld.not_found_page("页面不存在")),
        "/files/report.pdf": linkworld.html(linkworld.page("错误", "<p>文件下载出错</p>")),
        "/files/empty.xls": lambda h: linkworld.send(h, 200, b"", "application/vnd.ms-excel"),
        "/files/budget.xls": lambda h: linkworld.send(
            h, 200, b"\xd0\xcf\x11\xe0" * 64, "application/x-xls"
        ),
        "/private/secret.html": linkworld.html(linkworld.page("内部")),
        "/app.js": lambda h: linkworld.send(h, 200, "var a = 1;", "application/javascript"),
    }
    routes.update({f"/chain/{n}": linkworld.redirect(f"/chain/{n + 1}") for n in range(40)})
    return routes


def tls_site_routes(linkworld, ext: str, plain: str) -> dict[str, Any]:
    home = linkworld.page(
        "城区发改局",
        f"<img src='{ext}/mixed.png' alt='图'><script src='{plain}/app.js'></script>"
        f"<a href='{ext}/page.html'>外部页面</a><link rel='stylesheet' href='/style.css'>",
    )
    return {
        "/": linkworld.html(home),
        "/style.css": lambda h: linkworld.send(h, 200, "body{}", "text/css"),
    }


def platform_routes(linkworld, ext: str) -> dict[str, Any]:
    body = "".join(f"<img src='{ext}{path}' alt='图'>" for path in RESOURCES[4:])
    return {
        "/": linkworld.html(linkworld.page("统一平台", body + linkworld.links(f"{ext}/r1.png")))
    }


@pytest.fixture(scope="module")
def world(linkworld, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("linkcheck")
    w = linkworld.World()
    try:
        ext = w.serve("ext", external_routes(linkworld))
        refused = linkworld.refused_origin()
        site = w.serve("site", {})
        w.servers["site"].routes.update(site_routes(linkworld, ext, refused, site))
        tls = w.serve("tls", {}, linkworld.self_signed_context(tmp))
        w.servers["tls"].routes.update(tls_site_routes(linkworld, ext, site))
        platform = w.serve("platform", platform_routes(linkworld, ext))
        toml = linkworld.inspection_toml([("城区财政局", site), ("城区发改局", tls)], platform)
        db = linkworld.crawl(tmp, toml)
    finally:
        w.close()
    yield {"db": db, "world": w, "site": site, "ext": ext, "tls": tls, "refused": refused}
    db.close()


def check(world: dict[str, Any], url: str) -> sqlite3.Row:
    rows = world["db"].execute("select * from checks where url = ?", [url]).fetchall()
    assert len(rows) == 1, (url, [dict(r) for r in world["db"].execute("select url from checks")])
    return rows[0]


def reason(world: dict[str, Any], url: str) -> str:
    return check(world, url)["reason"]


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/", "ok"),
        ("/ok.html", "ok"),
        ("/files/budget.xls", "ok"),
        ("/gone.html", "http_404"),
        ("/error.html", "http_500"),
        ("/slow.html", "timeout"),
        ("/reset.html", "reset"),
        ("/loop/a", "redirect_loop"),
        ("/chain/0", "too_many_redirects"),
        ("/missing.html", "soft_404"),
        ("/files/report.pdf", "html_instead_of_attachment"),
        ("/files/empty.xls", "empty_attachment"),
        ("/private/secret.html", "robots"),
    ],
)
def test_site_link_reasons(world: dict[str, Any], path: str, expected: str) -> None:
    assert reason(world, world["site"] + path) == expected


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/retry.xls", "ok"),
        ("/deleted.html", "soft_404"),
        ("/closed.bin", "reset"),
        ("/page.html", "ok"),
        ("/mixed.png", "mixed_content"),
    ],
)
def test_external_link_reasons(world: dict[str, Any], path: str, expected: str) -> None:
    assert reason(world, world["ext"] + path) == expected


def test_network_failures(world: dict[str, Any]) -> None:
    assert reason(world, world["refused"] + "/x.html") == "refused"
    assert reason(world, "http://nowhere.invalid/page.html") == "dns"
    assert reason(world, world["site"].replace("http:", "https:") + "/tls.html") == "tls"


def test_redirects_record_the_chain(world: dict[str, Any]) -> None:
    site = world["site"]
    row = check(world, site + "/old.html")
    assert row["reason"] == "redirected" and row["ok"] == 1
    assert json.loads(row["redirects"]) == [site + "/old.html"]
    assert row["final_url"] == site + "/new.html"
    row = check(world, site + "/old-gone.html")  # a redirect to a 404 is the 404
    assert row["reason"] == "http_404" and row["ok"] == 0
    assert json.loads(row["redirects"]) == [site + "/old-gone.html"]
    loop = json.loads(check(world, site + "/loop/a")["redirects"])
    assert loop[:2] == [site + "/loop/a", site + "/loop/b"]


def test_mixed_content_only_for_resources_on_https_pages(world: dict[str, Any]) -> None:
    assert reason(world, world["site"] + "/app.js") == "mixed_content"
    assert reason(world, world["tls"] + "/style.css") == "ok"
    assert reason(world, world["tls"] + "/") == "ok"


def test_missing_anchors(world: dict[str, Any]) -> None:
    site = world["site"]
    assert reason(world, site + "/ok.html#nosuch") == "missing_anchor"
    assert reason(world, site + "/ok.html#sec1") == "ok"
    assert reason(world, site + "/ok.html#sec2") == "ok"  # <a name=…> counts
    assert reason(world, site + "/#absent") == "missing_anchor"
    assert reason(world, site + "/#here") == "ok"
    assert not world["db"].execute("select 1 from checks where url like '%#top'").fetchall()
    fragments = {
        r["fragment"]
        for r in world["db"].execute(
            "select fragment from links where source = ? and target = ?",
            [site + "/", site + "/ok.html"],
        )
    }
    assert fragments == {"sec1", "sec2", "nosuch"}


def test_robots_is_listed_not_broken(world: dict[str, Any]) -> None:
    row = check(world, world["site"] + "/private/secret.html")
    assert row["ok"] is None
    assert world["world"].count("site", "/private/secret.html") == 0


def test_each_url_is_requested_once(world: dict[str, Any]) -> None:
    w = world["world"]
    retried = {"/slow.html", "/reset.html", "/closed.bin", "/retry.xls", "/robots.txt"}
    counts: dict[tuple[str, str], int] = {}
    for server, path, _ in w.log:
        counts[server, path] = counts.get((server, path), 0) + 1
    twice = {key: n for key, n in counts.items() if n > 1 and key[1] not in retried}
    assert twice == {}
    for path in ("/new.html", "/gone.html", "/ok.html", "/files/budget.xls"):
        assert w.count("site", path) == 1, path
    assert w.count("ext", "/r1.png") == 1
    assert w.count("site", "/slow.html") == 2  # one retry after a timeout
    assert w.count("ext", "/closed.bin") == 2


def test_retry_after_is_honoured(world: dict[str, Any]) -> None:
    first, second = world["world"].starts("ext", "/retry.xls")
    assert second - first >= 0.9


def test_per_host_concurrency_holds_across_spiders(world: dict[str, Any]) -> None:
    ext = world["world"].servers["ext"]
    assert all(world["world"].count("ext", path) == 1 for path in RESOURCES)
    assert ext.max_inflight <= 2


def test_every_link_has_a_verdict(world: dict[str, Any]) -> None:
    db = world["db"]
    unjudged = db.execute(
        "select distinct target from links l where not exists "
        "(select 1 from checks c where c.url = l.target)"
    ).fetchall()
    assert [r["target"] for r in unjudged] == []
