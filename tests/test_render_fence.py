"""The rendering fence, decided before the browser connects anywhere: which requests the
DevTools interception lets through, and which connections the refusing proxy catches."""

from __future__ import annotations

from auditor.render import allowed, fence

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
