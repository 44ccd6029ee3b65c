"""The demo district's generator, servers and ground truth (the crawl itself is tested elsewhere)."""

from __future__ import annotations

import http.client
import socket
import urllib.error
import urllib.request
from collections import Counter
from urllib.parse import urlsplit

import pytest

from auditor.crawl.scope import url_shape
from auditor.demo import DemoServer, load_truth, write_inspection
from auditor.demo.layout import ARTICLES
from auditor.demo.truth import PLACEHOLDER_ORIGINS, compute_truth, evidence_state
from auditor.demo.world import World
from auditor.inspection.file import load_inspection

DEPARTMENTS = ("城区财政局", "城区教育局", "城区住建局", "城区环保局", "城区食药局", "城区发改局")


@pytest.fixture(scope="module")
def server():
    with DemoServer() as running:
        yield running


@pytest.fixture(scope="module")
def truth():
    return load_truth()


def fetch(url: str, method: str = "GET", headers: dict | None = None, timeout: float = 5):
    parts = urlsplit(url)
    assert parts.hostname is not None, url
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    conn.request(method, target, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def placed_url(server, url: str) -> str:
    origins = {**server.origins, "closed": f"http://127.0.0.1:{server.closed_port}"}
    for host, origin in origins.items():
        url = url.replace("{" + host + "}", origin)
    return url


def test_every_reachable_page_is_served_as_html(server, truth):
    for key, site in truth["pages"].items():
        origin = server.origins[site["host"]]
        for path in site["reach"]:
            response, body = fetch(origin + path)
            assert response.status == 200, (key, path)
            assert response.getheader("Content-Type").startswith("text/html"), (key, path)
            assert response.getheader("ETag") and response.getheader("Last-Modified")
            assert b"</html>" in body


def test_world_size_and_urls_stay_on_loopback_or_invalid(truth):
    total = sum(len(site["reach"]) for site in truth["pages"].values())
    assert 120 <= total <= 250
    world = World(PLACEHOLDER_ORIGINS, PLACEHOLDER_ORIGINS["closed"])
    for pages in world.static.values():
        for resource in pages.values():
            for url in _absolute_links(resource.body):
                host = urlsplit(url).hostname or ""
                assert host.endswith(".invalid") or host == "www.w3.org", url


def _absolute_links(body: bytes) -> list[str]:
    import re

    return [m.decode() for m in re.findall(rb"(?:href|src)=\"(https?://[^\"]+)\"", body)]


def test_generation_is_deterministic():
    first = World(PLACEHOLDER_ORIGINS, PLACEHOLDER_ORIGINS["closed"])
    second = World(PLACEHOLDER_ORIGINS, PLACEHOLDER_ORIGINS["closed"])
    assert first.static == second.static


def test_committed_truth_matches_the_generated_world(truth):
    assert compute_truth() == truth


def test_truth_covers_each_required_item_once(truth):
    keys = [(i["department"], i["item"]) for i in truth["items"]]
    assert len(keys) == len(set(keys)) == 45
    assert {d for d, _ in keys} == set(DEPARTMENTS)
    statuses = Counter(i["status"] for i in truth["items"])
    assert statuses == {"present": 32, "missing": 6, "stale": 5, "broken": 2}


def test_truth_items_follow_the_checklist():
    checklist = pytest.importorskip("auditor.checklist.load").load_checklist("liangqing-2014")
    expected = {}
    for item in checklist.items:
        for department in checklist.responsible(item, list(DEPARTMENTS)):
            expected[(department, item.id)] = (str(item.freshness), tuple(item.channels))
    found = {
        (i["department"], i["item"]): (i["freshness"], tuple(i["channels"]))
        for i in _with_channels(load_truth()["items"])
    }
    assert found == expected


def _with_channels(items):
    for item in items:
        channels = ("platform",) if item["item"] == "progress.report" else ("site", "platform")
        yield {**item, "channels": channels}


@pytest.mark.parametrize(
    "article",
    [a for a in ARTICLES if a.evidence and a.evidence.state != "broken"],
    ids=lambda a: a.title,
)
def test_planted_evidence_state_follows_the_freshness_rules(article, truth):
    freshness = next(
        i["freshness"]
        for i in truth["items"]
        if (i["department"], i["item"]) == (article.evidence.department, article.evidence.item)
    )
    assert evidence_state(freshness, article.published, article.title) == article.evidence.state


@pytest.mark.parametrize(
    "case",
    [
        (
            "budget.department-budget",
            "城区财政局",
            "present",
            ["platform"],
        ),  # 邕宁区 does not count
        ("budget.department-budget", "城区住建局", "broken", ["site", "platform"]),
        ("progress.report", "城区住建局", "stale", ["platform"]),
        ("progress.report", "城区教育局", "missing", ["platform"]),
        ("environment.emission-reduction", "城区环保局", "present", ["site"]),
        ("food-drug.incidents", "城区食药局", "missing", ["site", "platform"]),
    ],
)
def test_key_planted_findings(case, truth):
    item, department, status, missing = case
    finding = next(i for i in truth["items"] if (i["item"], i["department"]) == (item, department))
    assert (finding["status"], finding["missing_channels"]) == (status, missing)


def test_every_broken_reason_is_planted_and_answers_as_promised(server, truth):
    reasons = {b["reason"] for b in truth["broken_links"]}
    assert reasons == {
        "http_404",
        "http_500",
        "timeout",
        "refused",
        "redirect_loop",
        "soft_404",
        "html_instead_of_attachment",
    }
    for link in truth["broken_links"]:
        if link["reason"] in ("http_404", "http_500", "soft_404", "html_instead_of_attachment"):
            response, body = fetch(placed_url(server, link["url"]))
            assert response.status == link["status"]
            assert response.getheader("Content-Type").startswith("text/html")


def test_soft_404_says_not_found_with_status_200(server):
    response, body = fetch(server.urls["syj"] + "zt/no-such-topic/")
    assert response.status == 200
    assert "您访问的页面不存在或已被删除" in body.decode("utf-8")


def test_redirect_loop_and_refused_port(server):
    response, _ = fetch(server.urls["fgj"] + "dczj/index.jhtml")
    assert response.status == 302 and response.getheader("Location") == "/dczj/"
    response, _ = fetch(server.urls["fgj"] + "dczj/")
    assert response.getheader("Location") == "/dczj/index.jhtml"
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", server.closed_port), timeout=2)


def test_slow_page_outlasts_the_demo_timeout(server):
    with pytest.raises((TimeoutError, socket.timeout)):
        fetch(server.urls["fgj"] + "xf/index.jhtml", method="HEAD", timeout=1)


def test_conditional_requests_answer_304(server):
    url = server.urls["czj"]
    response, body = fetch(url)
    tag, modified = response.getheader("ETag"), response.getheader("Last-Modified")
    assert fetch(url, headers={"If-None-Match": tag})[0].status == 304
    assert fetch(url, headers={"If-Modified-Since": modified})[0].status == 304
    assert fetch(url, headers={"If-None-Match": '"stale"'})[0].status == 200


def test_head_has_headers_but_no_body(server):
    response, body = fetch(server.urls["zjj"], method="HEAD")
    assert response.status == 200 and body == b""
    assert int(response.getheader("Content-Length")) > 1000


def test_requests_are_logged_per_host(server):
    before = len(server.requests)
    fetch(server.urls["hbj"] + "robots.txt")
    assert server.requests[before:] == [("hbj", "GET", "/robots.txt")]


def test_robots_disallow_a_page_that_exists(server, truth):
    robots = [row for row in truth["must_not_fetch"] if row["why"] == "robots"]
    assert len(robots) == 6
    for row in robots:
        url = placed_url(server, row["url"])
        response, _ = fetch(url)
        assert response.status == 200
        rules = urllib.request.urlopen(urljoin_root(url) + "robots.txt").read().decode()
        assert any(
            urlsplit(url).path.startswith(line.split(": ")[1])
            for line in rules.splitlines()
            if line.startswith("Disallow: /")
        )


def urljoin_root(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def test_gbk_site_encodings(server, truth):
    cases = {case["header"] for case in truth["encodings"]}
    assert cases == {"text/html", "text/html; charset=gbk", "text/html; charset=iso-8859-1"}
    for case in truth["encodings"]:
        response, body = fetch(server.urls["hbj"].rstrip("/") + case["path"])
        assert response.getheader("Content-Type") == case["header"]
        assert case["marker"] in body.decode("gbk")
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")
    marked = [c for c in truth["encodings"] if "iso-8859-1" in c["header"]][0]
    _, body = fetch(server.urls["hbj"].rstrip("/") + marked["path"])
    assert truth["gbk_marker"] in body.decode("gbk")


def test_traps_are_endless(server):
    _, body = fetch(server.urls["fgj"] + "hdrl/index.jhtml?date=2031-01-01")
    assert "2031-01-02" in body.decode()
    _, body = fetch(server.urls["zjj"] + "col/col1452/index.html?page=500")
    assert "page=501" in body.decode()
    response, _ = fetch(server.urls["syj"] + "ztzl/" * 9)
    assert response.status == 200


def test_reachable_pages_fit_the_demo_crawl_limits(truth):
    shapes = Counter(url_shape("http://h" + p) for s in truth["pages"].values() for p in s["reach"])
    shapes.pop(None, None)
    assert max(shapes.values()) < 30


def test_tampered_page_carries_footer_brand_and_hidden_links(server, truth):
    page = truth["tampering"][0]
    _, body = fetch(server.urls[page["site"]].rstrip("/") + page["page"])
    text = body.decode()
    assert 'style="display:none"' in text and "娱乐官网主办" in text


def test_written_inspection_loads(server, tmp_path):
    path = write_inspection(server, tmp_path / "demo.toml")
    inspection = load_inspection(path)
    assert [s.department for s in inspection.sites] == list(DEPARTMENTS)
    assert inspection.sites[0].url == server.urls["czj"]
    assert inspection.crawl.delay == 0 and inspection.crawl.timeout == 3
    assert str(inspection.as_of) == "2014-11-20"


def test_unknown_paths_are_404_except_on_the_soft_404_site(server):
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(server.urls["zjj"] + "no/such/page.html")
    assert error.value.code == 404
