"""`[crawl] render_listings`: a column whose list only the page's script builds is read by
headless Chromium, fenced to the inspected hosts, with a per-page time cap.

The audit runs through the real CLI against 127.0.0.1 servers started here; a second
server (another port, not in the inspection) stands for a host the page's script calls.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from auditor.crawl.chromium import find_chromium, render

pytestmark = pytest.mark.skipif(
    find_chromium() is None, reason="Chromium 未安装(/usr/bin/chromium):渲染回退无法测试"
)

HTML = {"Content-Type": "text/html; charset=utf-8"}
ARTS = [
    ("/wsj/yjgl/2023/dq1.html", "水库防汛应急演练情况通报", "2023-06-12"),
    ("/wsj/yjgl/2023/dq2.html", "高温天气中暑防治提示", "2023-07-03"),
    ("/wsj/yjgl/2023/dq3.html", "秋冬季流感疫苗接种安排", "2023-09-21"),
]


def column(other: str) -> str:
    """Entries kept in a script array and turned into <li> by DOM calls: no anchor, no
    pager, no URL-like literal a static mechanism could follow; the script also calls a
    host that is not inspected (an image, a fetch, a WebSocket)."""
    rows = json.dumps([[p.rsplit("/", 1)[1].split(".")[0], t, d] for p, t, d in ARTS])
    script = f"""var rows = {rows};
var box = document.getElementById('yj-list');
rows.forEach(function (r) {{
  var li = document.createElement('li'), a = document.createElement('a');
  a.setAttribute('href', ['2023', r[0] + '.html'].join('/'));
  a.textContent = r[1];
  var s = document.createElement('span'); s.textContent = r[2];
  li.appendChild(a); li.appendChild(s); box.appendChild(li);
}});
var far = ['http:', '', '{other}', 'beacon'].join('/');
new Image().src = far + '?img=1';
fetch(far + '?fetch=1').catch(function () {{}});
try {{ new WebSocket(far.replace('http:', 'ws:') + '?ws=1'); }} catch (e) {{}}"""
    return page("应急管理", f'<ul id="yj-list"></ul><script>{script}</script>')


def stalled() -> str:
    """A script-filled column whose image never finishes loading: the load event never comes."""
    script = """var img = new Image(); document.body.appendChild(img);
img.src = ['', 'wsj', 'st' + 'all', 'pic'].join('/');
document.getElementById('tz-list').innerHTML = '';"""
    return page("通知", f'<ul id="tz-list"></ul><script>{script}</script>')


def page(title: str, body: str) -> str:
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><h1>{title}</h1>{body}</body></html>")  # fmt: skip


def serve(page_server: Any, pages: dict[str, str]) -> Any:
    """Serves `pages`; /wsj/stall/pic never answers (until the server stops); every request
    is logged."""
    server = page_server({path: (200, HTML, body) for path, body in pages.items()})

    def stall(request: Any) -> None:
        server.stopping.wait(30)  # then the missing page's 404, if anyone still listens

    server.pages["/wsj/stall/pic"] = stall
    return server


@pytest.fixture(scope="module")
def servers(page_server, tinyworld) -> Iterator[tuple[Any, Any]]:
    other = serve(page_server, {"/beacon": "<p>ok</p>"})
    pages = {p: tinyworld.article(t, "城区卫生局", d).body for p, t, d in ARTS}
    pages["/wsj/yjgl/index.html"] = column(other.netloc)
    pages["/wsj/tzgg/index.html"] = stalled()
    nav = '<a href="/wsj/yjgl/index.html">应急管理</a> <a href="/wsj/tzgg/index.html">通知</a>'
    pages["/wsj/"] = page("城区卫生局", nav)
    site = serve(page_server, pages)
    yield site, other
    site.stop()
    other.stop()


def audit(
    run_cli, inspections, site: Any, tmp: Path, render: bool
) -> tuple[dict[str, Any], Path]:
    name = "on" if render else "off"
    origin, crawl = f"http://{site.netloc}", inspections.OWN_SERVER
    text = inspections.one_site(
        origin, "城区卫生局", "/wsj/", name="城区渲染检查", as_of="2024-03-01", **crawl,
        render_listings=render, render_timeout=4.0,
    )  # fmt: skip
    inspection = tmp / f"{name}.toml"
    inspection.write_text(text, encoding="utf-8")
    out, db = tmp / name, tmp / f"{name}.db"
    result = run_cli("audit", str(inspection), "--out", str(out), "--db", str(db))
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return json.loads((out / "report.json").read_text(encoding="utf-8")), db


def fetched(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select url from pages where status = 200").fetchall()
    return {urlsplit(url).path for (url,) in rows}


def unreadable(report: dict[str, Any]) -> dict[str, str]:
    return {urlsplit(r["page"]).path: r["why"] for r in report["unreadable_listings"]}


def test_script_built_list_is_read_only_when_rendering_is_on(
    run_cli, inspections, servers: tuple[Any, Any], tmp_path: Path
) -> None:
    site, other = servers
    articles = {p for p, _, _ in ARTS}
    report, db = audit(run_cli, inspections, site, tmp_path, render=False)
    assert not articles & fetched(db)
    assert "/wsj/yjgl/index.html" in unreadable(report)

    report, db = audit(run_cli, inspections, site, tmp_path, render=True)
    assert articles <= fetched(db), (unreadable(report), site.paths)
    assert "/wsj/yjgl/index.html" not in unreadable(report)
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select target, anchor, via from links where via = 'render'")
        got = {(urlsplit(t).path, a) for t, a, _ in rows.fetchall()}
    assert got == {(p, t) for p, t, _ in ARTS}
    # the page's script called a host that is not inspected: the browser sent nothing there
    assert other.log == []
    # the column whose page never finished loading was ended by the time cap, and says so
    assert "时限" in unreadable(report)["/wsj/tzgg/index.html"]


def test_a_page_that_keeps_polling_is_read_when_the_time_cap_ends(
    page_server, tmp_path: Path
) -> None:
    """Loaded, but its script asks its own host again and again: the DOM it shows at the cap
    is read rather than thrown away."""
    script = """var box = document.getElementById('hb-list');
box.innerHTML = '<li><a href="/hb/2022/k1.html">排污许可证核发公示</a></li>';
setInterval(function () { fetch('/hb/ping?' + Math.random()); }, 150);"""
    server = serve(page_server, {"/hb/list.html": page("环境公示", f'<ul id="hb-list"></ul><script>{script}</script>')})
    try:
        got = render(f"http://{server.netloc}/hb/list.html", {server.netloc}, timeout=3)
    finally:
        server.stop()
    assert got.why is None and got.html is not None
    assert 'href="/hb/2022/k1.html"' in got.html
    assert sum(path.startswith("/hb/ping") for path in server.paths) > 3
