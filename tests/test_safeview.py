"""The evidence pack's reading copy of a hostile page runs nothing and loads nothing.

Each copy is re-read with lxml (another parser, as a browser is) to check what is left, over
hand-written hostile pages, hypothesis-made tag soup, a real frameset page of the extract
goldens, and once in headless Chromium against a 127.0.0.1 server that counts every request
the page makes (the raw page, as the control, must make some).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.crawl.chromium import chromium_command, find_chromium
from auditor.report.safeview import POLICY, safe_view

PAGE = "http://site.test/bm/czj/a.html"
LOADING = {"src", "srcset", "poster", "background", "data", "action", "formaction", "srcdoc"}
HOSTILE = """<!DOCTYPE html><html><head>
<meta http-equiv="refresh" content="0;url=http://evil.test/"><meta charset="gbk">
<base href="http://evil.test/"><link rel=stylesheet href="http://evil.test/a.css">
<script src="http://evil.test/x.js"></script><title>预算公开 <img src=x onerror=alert(1)></title>
<style>body{background:url(http://evil.test/bg.png)} @import "http://evil.test/i.css";</style>
</head><body onload="alert(1)">
<div style="display:none"><a href="http://casino.test/">澳门赌场</a>
<a href="javascript:alert(1)" onclick="x()">点击</a></div>
<p title="x><b onmouseover=alert(1)>">正文 <b>未闭合 <i>标签
<img src="/logo.png" srcset="/a.png 2x"><svg onload=alert(1)><a xlink:href="javascript:alert(1)">
<circle r=5 /></a><use href="http://evil.test/s.svg#x"/></svg>
<iframe src="http://evil.test/f" style="display:none"></iframe><object data="x.swf"></object>
<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>
<form action="http://evil.test/post"><button formaction="javascript:alert(1)">提交</button></form>
<a href="../rel/p.html">相对链接</a> <a href='mailto:a@b'>信箱</a> <div style="width:1px
"""


def reread(view: bytes) -> Any:
    """The copy as lxml's HTML parser (libxml2, a browser-like repairer) reads it."""
    return lxml.html.document_fromstring(view.decode("utf-8"))


def assert_inert(view: bytes) -> None:
    """No script, handler, loaded address, non-web link, CSS load; the policy first in head."""
    tree = reread(view)
    assert not tree.xpath("//script|//iframe|//frame|//object|//embed|//base|//link")
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue  # a comment or processing instruction has no attributes
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (name, value)
            assert name.lower() not in LOADING, (name, value)
            if name.lower().endswith("href") and not name.startswith("data-"):
                assert re.match(r"https?://", value), value
            if name.lower() == "style":
                assert not re.search(r"url\s*\(|@import|expression\s*\(", value, re.I)
    for style in tree.xpath("//style"):
        assert not re.search(r"url\s*\(|@import", style.text_content(), re.I)
    metas = tree.xpath("//head/meta")
    assert metas[0].get("charset") == "utf-8" and metas[1].get("content") == POLICY
    assert not tree.xpath("//meta[@http-equiv and @http-equiv!='Content-Security-Policy']")


def test_a_hostile_page_is_cleaned_and_what_it_hid_stays_hidden() -> None:
    view = safe_view(HOSTILE.encode("gbk"), PAGE, "0001-abc.html", "2014-11-20T10:00:00")
    assert_inert(view)
    tree = reread(view)
    hidden = tree.xpath("//div[contains(@style, 'display:none')]")[0]
    assert hidden.xpath(".//a/@href") == ["http://casino.test/"]  # the evidence, unchanged
    assert "澳门赌场" in hidden.text_content()  # decoded from GBK
    assert tree.xpath("//a[. = '相对链接']/@href") == ["http://site.test/bm/rel/p.html"]
    assert tree.xpath("//img/@data-auditor-src") == ["/logo.png"]  # kept as text
    frame = tree.xpath("//span[@data-auditor-removed='iframe']")[0]
    assert frame.get("style") == "display:none" and "evil.test/f" in frame.text_content()
    note = tree.xpath("//body/div[@data-auditor-note]")[0].text_content()
    assert PAGE in note and "0001-abc.html" in note and "2014-11-20T10:00:00" in note


def test_a_closing_tag_inside_an_attribute_stays_text() -> None:
    """The noscript/title trick: markup inside a quoted attribute must not become elements
    when a browser, which parses <noscript> as raw text, reads the copy."""
    view = safe_view(HOSTILE.encode("utf-8"), PAGE, "0001.html").decode("utf-8")
    assert '<p title="&lt;/noscript&gt;&lt;img src=x onerror=alert(1)&gt;">' in view
    assert "onerror" not in re.sub(r'"[^"]*"', '""', view)  # only inside escaped values


HOSTILE_BITS = [
    "<script>alert(1)</script>",
    "<script",
    "</script>",
    "<img src=http://evil.test/i onerror=alert(1)>",
    '<a href="javascript:alert(1)">',
    "<a href=//evil.test/x>",
    "<iframe src=http://evil.test/>",
    "<svg><set attributeName=onload to=alert(1)>",
    "<div style='background:url(http://evil.test/b)'>",
    "<style>@import 'http://evil.test/s.css';</style>",
    '<p title="',
    "'",
    '"',
    "<!--",
    "-->",
    "<noscript>",
    "</noscript>",
    "<meta http-equiv=refresh content='0;url=http://evil.test/'>",
    "<base href=http://evil.test/>",
    "<form action=http://evil.test/>",
    "<![CDATA[",
    "<tExTaReA>",
    "<html>",
    "<head>",
    "<body>",
    "<!DOCTYPE html>",
    "公开",
    "&lt;",
    " ",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(HOSTILE_BITS), max_size=25))
def test_any_tag_soup_of_hostile_bits_comes_out_inert(bits: list[str]) -> None:
    assert_inert(safe_view("".join(bits).encode("utf-8"), PAGE, "0001.html"))


def test_a_frameset_page_reads_as_notes_naming_its_frames() -> None:
    page = Path(__file__).parent / "golden" / "extract" / "frameset_refresh.html"
    view = safe_view(page.read_bytes(), "http://site.test/", "0002.html")
    assert_inert(view)
    notes = reread(view).xpath("//span[@data-auditor-removed='frame']")
    assert notes and all("http://site.test/" in n.text_content() for n in notes)


class Counter(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        Counter.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return


@pytest.fixture()
def counter() -> Iterator[str]:
    """A 127.0.0.1 server recording every path asked of it."""
    Counter.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_in_chromium_the_copy_runs_no_script_and_loads_nothing(
    counter: str, tmp_path: Path
) -> None:
    chromium = find_chromium()
    if chromium is None:
        message = "needs Debian's chromium (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # No alert (it would hold headless Chromium) and no instant refresh (the control page
    # would leave itself): the script marks the title instead.
    page = HOSTILE.replace("http://evil.test", counter).replace("alert(1)", "document.title='RAN'")
    page = page.replace('content="0;url=', 'content="60;url=') + (
        f'<script>document.title = "RAN"; fetch("{counter}/fetched")</script>'
        f'<img src="{counter}/pixel.png">'
    )
    raw = tmp_path / "raw.html"
    raw.write_text(page, encoding="utf-8")
    view = tmp_path / "view.html"
    view.write_bytes(safe_view(page.encode("utf-8"), PAGE, raw.name))
    assert "<title>RAN</title>" in _dump_dom(chromium, raw, tmp_path)  # the control
    assert Counter.requests, "the raw page should have asked the server for something"
    Counter.requests = []
    dom = _dump_dom(chromium, view, tmp_path)
    assert "<title>RAN</title>" not in dom and "<title>预算公开" in dom and "澳门赌场" in dom
    assert Counter.requests == []


def _dump_dom(chromium: str, page: Path, tmp: Path) -> str:
    profile = tmp / f"profile-{page.stem}"
    command = chromium_command(chromium, profile, "--virtual-time-budget=3000", "--dump-dom")
    shutil.rmtree(profile, ignore_errors=True)
    done = subprocess.run(
        [*command, page.as_uri()], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout
