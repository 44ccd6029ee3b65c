"""Hostile servers on 127.0.0.1: every case ends in a recorded verdict within its bound, no
local file is read, no private address is connected to, no credentials are sent, and the
crawl goes on with the other sites.  One crawl serves every route (docs/reliability.md)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

PRIVATE_NAME = "intranet.hostile.test"
RSS_LIMIT_KB = 1024 * 1024  # 1 GB
WALL_LIMIT = 120.0

# route -> the reason its URL must get (a verdict in `checks`)
EXPECTED = {
    "/trickle.html": "timeout",
    "/stall.html": "timeout",
    "/reset.html": "reset",
    "/liar.html": "reset",
    "/big.html": "too_large",  # declares 10 MiB: refused before the body
    "/bomb.html": "too_large",
    "/headers.html": "headers_too_large",
    "/to-file.html": "unsafe_scheme",
    "/to-fifo.html": "unsafe_scheme",
    "/to-ftp.html": "unsafe_scheme",
    "/to-data.html": "unsafe_scheme",
    "/loop.html": "redirect_loop",
    "/to-private.html": "private_address",
    "/badenc.html": "ok",
    "/links.html": "ok",
    "/deep.html": "ok",
    "/bomb.pdf": "ok",  # an attachment check reads the headers only
    "/bad-location.html": "invalid_url",
    "/bad-port.html": "invalid_url",
}
ANY_VERDICT = ["/badchunk.html", "/badlength.html"]  # broken framing: any recorded verdict
# an endless body meets the size cap or the time cap, whichever comes first on a busy machine
EITHER = {"/forever.html": {"too_large", "timeout"}}


def _routes(hostile, a: Any, b: Any, private: Any, tmp: Path) -> str:
    """Fill server a's routes; returns the marker text that must never reach the store."""
    marker = f"LOCAL-FILE-MARKER-{uuid.uuid4().hex}"
    secret = tmp / "marker.txt"
    secret.write_text(marker, encoding="utf-8")
    fifo = tmp / "pipe"
    os.mkfifo(fifo)
    long_url = f"{a.origin}/long/{'x' * 100_000}.html"
    creds = f"http://inspector:s3cr3t-pw@127.0.0.1:{a.port}/creds.html"
    literal = f"http://127.0.0.3:{private.port}/literal.html"  # not named by the inspection
    links = [f'<a href="{path}">{path}</a>' for path in [*EXPECTED, *ANY_VERDICT, *EITHER]]
    outside = f"{b.origin}/x/bomb-check.html"  # another host's HTML: a check, body sniffed
    links += [f'<a href="{url}">外链</a>' for url in (long_url, creds, literal, outside)]
    a.routes.update(
        {
            "/": hostile.answer(hostile.page("城区财政局", "".join(links))),
            "/robots.txt": hostile.answer(hostile.binary(19 << 20), kind=b"text/plain"),  # 19 MB
            "/stall.html": hostile.stall,
            "/trickle.html": hostile.trickle,
            "/reset.html": hostile.reset,
            "/liar.html": hostile.liar,
            "/forever.html": hostile.stream,
            "/big.html": hostile.answer(b"<p>x</p>").replace(b"Length: 8", b"Length: 10485760"),
            "/headers.html": hostile.header_flood,
            "/bomb.html": hostile.answer(hostile.gzip_bomb(200), Content_Encoding=b"gzip"),
            "/bomb.pdf": hostile.answer(hostile.gzip_bomb(200), kind=b"application/pdf", Content_Encoding=b"gzip"),
            "/badchunk.html": hostile.answer(b"", Transfer_Encoding=b"chunked").replace(
                b"Content-Length: 0\r\n", b""
            )
            + b"zz\r\nnot a chunk\r\n",
            "/badlength.html": hostile.answer(b"<p>x</p>").replace(b"Length: 8", b"Length: -8"),
            "/to-file.html": hostile.redirect(secret.as_uri()),
            "/to-fifo.html": hostile.redirect(fifo.as_uri()),
            "/to-ftp.html": hostile.redirect("ftp://127.0.0.1/etc/passwd"),
            "/to-data.html": hostile.redirect("data:text/html;base64,PGgxPmhpPC9oMT4="),
            "/loop.html": hostile.redirect(f"{b.origin}/loop.html"),
            "/bad-location.html": hostile.redirect("http://[oops"),
            "/bad-port.html": hostile.redirect("http://127.0.0.1:99999/x"),
            "/to-private.html": hostile.redirect(f"http://{PRIVATE_NAME}:{private.port}/admin.html"),
            "/badenc.html": hostile.answer(hostile.page("编码", "正文") + b"\xff\xfe\xed\xa0\x80\x81\x90" * 50),
            "/links.html": hostile.answer(hostile.page("链接", "".join(f"<a href=/n/{i}.png>{i}</a>" for i in range(100_000)))),
            "/deep.html": hostile.answer(hostile.page("嵌套", "<i>" * 100_000 + "深" + "</i>" * 100_000)),
            "/creds.html": hostile.answer(hostile.page("凭据", "无")),
        }
    )
    b.routes.update(_site_b_routes(hostile, a))
    return marker


def _site_b_routes(hostile, a: Any) -> dict[str, bytes]:
    """The other inspected site and the platform: crawled normally beside the hostile one."""
    return dict(
        {
            "/loop.html": hostile.redirect(f"{a.origin}/loop.html"),
            "/jyj/": hostile.answer(hostile.page("城区教育局", '<a href="/jyj/1.html">一</a><a href="/jyj/2.html">二</a>')),
            "/jyj/1.html": hostile.answer(hostile.page("城区教育局2014年部门预算", "正文")),
            "/jyj/2.html": hostile.answer(hostile.page("城区教育局2013年部门决算", "正文")),
            "/pt/": hostile.answer(hostile.page("统一平台", "平台")),
            "/robots.txt": hostile.answer(hostile.gzip_bomb(100), kind=b"text/plain", Content_Encoding=b"gzip"),
            "/x/bomb-check.html": hostile.answer(hostile.gzip_bomb(200), Content_Encoding=b"gzip"),
        }
    )


def _inspection(inspections: Any, path: Path, a: Any, b: Any) -> Path:
    sites = [("城区财政局", f"{a.origin}/"), ("城区教育局", f"{b.origin}/jyj/")]
    crawl = {"delay": 0.0, "autothrottle": False, "timeout": 5.0, "retries": 0}
    crawl |= {"concurrency_per_host": 8, "max_page_bytes": 4194304, "max_links_per_page": 50}
    text = inspections.inspection_toml(
        sites, f"{b.origin}/pt/", name="敌意站点检查", platform_name="统一平台", **crawl
    )
    path.write_text(text, encoding="utf-8")
    return path


def _crawl(
    project_root, spec: Path, db: Path
) -> tuple[subprocess.CompletedProcess[str], int, float]:
    """Run `auditor crawl` in a child and measure its peak RSS (KB) and wall time."""
    probe = (
        "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr);"
        "sys.exit(r.returncode)"
    )
    env = {**os.environ, "PYTHONPATH": str(project_root), "AUDITOR_RESOLVE": f"{PRIVATE_NAME}=127.0.0.2"}
    cmd = [sys.executable, "-c", probe, sys.executable, "-m", "auditor"]
    started = time.monotonic()
    result = subprocess.run(
        [*cmd, "crawl", str(spec), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=WALL_LIMIT + 60,
        env=env,
        cwd=project_root,
    )
    rss = int(result.stderr.strip().splitlines()[-1])
    return result, rss, time.monotonic() - started


@pytest.fixture(scope="module")
def hostile_crawl(
    hostile, inspections, project_root, tmp_path_factory: pytest.TempPathFactory
) -> dict:
    tmp = tmp_path_factory.mktemp("hostile")
    with (
        hostile.HostileServer() as a,
        hostile.HostileServer() as b,
        hostile.HostileServer("127.0.0.2") as private,
    ):
        private_port = private.port
        marker = _routes(hostile, a, b, private, tmp)
        spec = _inspection(inspections, tmp / "hostile.toml", a, b)
        db = tmp / "hostile.db"
        result, rss, wall = _crawl(project_root, spec, db)
        left = _processes_mentioning(str(spec))
        conn = sqlite3.connect(db)
        checks = dict(conn.execute("select url, reason from checks").fetchall())
        cutoffs = conn.execute("select url, reason from cutoffs").fetchall()
        pages = {row[0] for row in conn.execute("select url from pages")}
        conn.close()
        stored = b"".join(p.read_bytes() for p in tmp.glob("hostile.db*"))
        return {
            "result": result,
            "rss": rss,
            "wall": wall,
            "a": a.origin,
            "b": b.origin,
            "port": private_port,
            "checks": checks,
            "cutoffs": cutoffs,
            "pages": pages,
            "marker": marker,
            "stored": stored,
            "requests": a.requests + b.requests,
            "private_connections": private.connections,
            "left": left,
        }


def _processes_mentioning(text: str) -> list[str]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if text in args:
            found.append(args)
    return found


def test_crawl_finishes_within_bounds(hostile_crawl: dict) -> None:
    result = hostile_crawl["result"]
    assert result.returncode == 0, result.stderr[-2000:]
    print(f"hostile crawl: peak RSS {hostile_crawl['rss'] // 1024} MB, {hostile_crawl['wall']:.1f} s")
    assert hostile_crawl["rss"] <= RSS_LIMIT_KB, hostile_crawl["rss"]
    assert hostile_crawl["wall"] <= WALL_LIMIT
    assert hostile_crawl["left"] == []  # no process left running


@pytest.mark.parametrize("route", sorted(EITHER))
def test_endless_body_meets_a_cap(hostile_crawl: dict, route: str) -> None:
    assert hostile_crawl["checks"].get(hostile_crawl["a"] + route) in EITHER[route]


@pytest.mark.parametrize("route", ANY_VERDICT)
def test_broken_framing_gets_a_verdict(hostile_crawl: dict, route: str) -> None:
    assert hostile_crawl["checks"].get(hostile_crawl["a"] + route)


def test_a_checked_gzip_bomb_on_another_host_is_capped(hostile_crawl: dict) -> None:
    assert hostile_crawl["checks"].get(hostile_crawl["b"] + "/x/bomb-check.html") == "too_large"


@pytest.mark.parametrize("route", sorted(EXPECTED))
def test_each_hostile_route_gets_its_verdict(hostile_crawl: dict, route: str) -> None:
    url = hostile_crawl["a"] + route
    assert hostile_crawl["checks"].get(url) == EXPECTED[route], hostile_crawl["checks"].get(url)


def test_the_other_sites_are_crawled(hostile_crawl: dict) -> None:
    b = hostile_crawl["b"]
    assert {f"{b}/jyj/1.html", f"{b}/jyj/2.html", f"{b}/pt/"} <= hostile_crawl["pages"]


def test_no_local_file_reaches_the_store(hostile_crawl: dict) -> None:
    assert hostile_crawl["marker"].encode() not in hostile_crawl["stored"]
    assert not any(url.startswith("file:") for url in hostile_crawl["pages"])


def test_private_addresses_are_refused_before_connecting(hostile_crawl: dict) -> None:
    target = f"http://{PRIVATE_NAME}:{hostile_crawl['port']}/admin.html"
    assert hostile_crawl["checks"].get(target) == "private_address"
    literal = f"http://127.0.0.3:{hostile_crawl['port']}/literal.html"
    assert hostile_crawl["checks"].get(literal) == "private_address"
    assert hostile_crawl["private_connections"] == 0


def test_long_url_gets_a_verdict_and_is_never_requested(hostile_crawl: dict) -> None:
    reasons = [r for u, r in hostile_crawl["checks"].items() if len(u) > 100_000]
    assert reasons == ["url_too_long"]
    assert not any(len(raw) > 50_000 for raw in hostile_crawl["requests"])


def test_credentials_in_urls_are_never_sent(hostile_crawl: dict) -> None:
    sent = [raw for raw in hostile_crawl["requests"] if b"/creds.html" in raw]
    assert sent, "the page behind the credentials is still checked"
    assert not any(b"authorization" in raw.lower() for raw in sent)
    assert not any(b"s3cr3t" in raw for raw in hostile_crawl["requests"])


def test_caps_are_recorded(hostile_crawl: dict) -> None:
    reasons = {reason for _, reason in hostile_crawl["cutoffs"]}
    assert {"too_many_links", "robots_too_large"} <= reasons
