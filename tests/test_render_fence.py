"""The rendering fence, decided before the browser connects anywhere: which requests the
DevTools interception lets through, and which connections the refusing proxy catches."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.crawl.chromium import allowed, fence
from auditor.errors import InputError
from auditor.inspection.file import load_inspection

GOOD = """name = "渲染设置检查"
checklist = "liangqing-2014"
as_of = 2014-11-20
[platform]
name = "统一平台"
url = "http://127.0.0.1:9/"
[[sites]]
department = "城区审计局"
url = "http://127.0.0.1:9/bm/sjj/"
[crawl]
"""

HOSTS = {"127.0.0.1:8101", "www.example-district.invalid"}


def test_only_http_to_an_inspected_host_is_let_through() -> None:
    assert allowed("http://127.0.0.1:8101/api/list?page=2", HOSTS)
    assert allowed("https://www.example-district.invalid/xxgk/", HOSTS)
    assert allowed("data:image/png;base64,AAAA", HOSTS)
    assert not allowed("http://127.0.0.1:8102/beacon", HOSTS)  # another port
    assert not allowed("http://10.0.0.5/", HOSTS)  # an IP literal nobody inspects
    assert not allowed("http://cdn.example-district.invalid/x.js", HOSTS)
    assert not allowed("ws://127.0.0.1:8101/sock", HOSTS)  # not http(s)
    assert not allowed("file:///etc/passwd", HOSTS)
    assert not allowed("ftp://127.0.0.1:8101/list", HOSTS)


def test_everything_else_goes_to_the_refusing_proxy_loopback_included() -> None:
    flags = fence(40001, sorted(HOSTS))
    assert flags[0] == "--proxy-server=http://127.0.0.1:40001"
    bypass = flags[1].split("=", 1)[1].split(";")
    assert bypass[0] == "<-loopback>"
    assert sorted(bypass[1:]) == [
        "127.0.0.1:8101",
        "www.example-district.invalid:443",
        "www.example-district.invalid:80",
    ]


def test_rendering_is_off_unless_the_inspection_file_asks(tmp_path: Path) -> None:
    path = tmp_path / "inspection.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert load_inspection(path).crawl.render_listings is False
    path.write_text(GOOD + "render_listings = true\nrender_timeout = 5\n", encoding="utf-8")
    crawl = load_inspection(path).crawl
    assert crawl.render_listings is True and crawl.render_timeout == 5
    path.write_text(GOOD + 'render_listings = "yes"\n', encoding="utf-8")
    with pytest.raises(InputError, match="render_listings 的值无效"):
        load_inspection(path)
