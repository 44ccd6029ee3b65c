"""The link-check bookkeeping without a crawl: fragments, anchors, mixed content, composed
redirect verdicts, loops across walks, reserved names and the shared host gate."""

from __future__ import annotations

from auditor.crawl.linkbook import (
    MAX_REDIRECTS,
    LinkState,
    Waiter,
    anchor_names,
    compose,
    fragment_links,
    has_anchor,
    is_mixed_content,
)
from auditor.extract import parse_document
from auditor.net.reasons import ok_value
from auditor.spiders.hostgate import HostGate
from auditor.spiders.resolver import is_reserved_name

PAGE = "http://127.0.0.1:8101/a/page.html"


def doc(html: str):
    return parse_document(html.encode(), PAGE, "utf-8")


def test_fragment_links_keep_what_the_canonical_url_drops() -> None:
    found = fragment_links(
        doc(
            "<a href='other.html#sec'>x</a><a href='#top'>t</a><a href='#!/route'>r</a>"
            "<a href='#here'>h</a><a href='other.html#sec'>dup</a><a href='#'>e</a>"
            "<area href='/b.html#%E4%B8%80'>"
        )
    )
    assert [(f.url, f.fragment) for f in found] == [
        ("http://127.0.0.1:8101/a/other.html", "sec"),
        (PAGE, "here"),
        ("http://127.0.0.1:8101/b.html", "%E4%B8%80"),
    ]


def test_anchor_names_are_ids_and_a_names_percent_decoded() -> None:
    names = anchor_names(doc("<h2 id='sec'>s</h2><a name='二'>n</a><div name='not'>d</div>"))
    assert has_anchor(names, "sec") and has_anchor(names, "二")
    assert has_anchor(names, "%E4%BA%8C")
    assert not has_anchor(names, "not") and not has_anchor(names, "Sec")


def test_mixed_content_is_an_embedded_http_resource_on_https() -> None:
    https, http = "https://127.0.0.1/p.html", "http://127.0.0.1/"
    assert is_mixed_content(https, http + "x.png", "img")
    assert is_mixed_content(https, http + "x.js", "script")
    assert is_mixed_content(https, http + "s.css", "link")
    assert not is_mixed_content(https, http + "page.html", "a")  # navigation, not loaded
    assert not is_mixed_content(https, http + "feed", "link")  # rel=alternate and the like
    assert not is_mixed_content(http + "p.html", http + "x.png", "img")


def final(reason: str, redirects: list[str] | None = None) -> dict:
    return {"url": "T", "site_key": "site1", "reason": reason, "redirects": redirects or []}


def test_compose_carries_the_chain_and_the_final_reason() -> None:
    row = compose("A", ["A", "B"], final("ok"), "site2")
    assert (row["reason"], row["redirects"], row["site_key"]) == ("redirected", ["A", "B"], "site2")
    assert compose("A", ["A"], final("http_404"), "s")["reason"] == "http_404"
    assert compose("A", ["A"], final("redirected", ["T", "U"]), "s")["redirects"] == ["A", "T", "U"]
    long = compose("A", ["A"], final("ok", [str(n) for n in range(MAX_REDIRECTS)]), "s")
    assert long["reason"] == "too_many_redirects"


def test_a_walk_waits_for_a_claimed_url_and_gets_its_verdict() -> None:
    state = LinkState()
    assert state.wait("T", Waiter("site1", [("A", ["A"])]))
    waiting = state.remember(final("ok"))
    assert [w.members for w in waiting] == [[("A", ["A"])]]
    verdict = state.verdict("T")
    assert verdict is not None and verdict["reason"] == "ok" and not state.waits


def test_waiting_in_a_circle_is_a_redirect_loop() -> None:
    state = LinkState()
    assert state.wait("B", Waiter("site1", [("A", ["A"])]))  # A -> B, B pending
    assert state.wait("C", Waiter("site1", [("B", ["B"])]))  # B -> C, C pending
    assert not state.wait("A", Waiter("site1", [("C", ["C"])]))  # C -> A closes the circle


def test_fragments_are_judged_once_the_page_is_parsed() -> None:
    state = LinkState()
    page = doc("<p id='x'>x</p>")
    for link in fragment_links(doc("<a href='page.html#x'>1</a><a href='page.html#y'>2</a>")):
        state.want(link, "site1")
    assert state.fragment_rows(PAGE, "now") == []  # not parsed yet
    state.learn(PAGE, anchor_names(page))
    rows = {r["url"]: r["reason"] for r in state.fragment_rows(PAGE, "now")}
    assert rows == {PAGE + "#x": "ok", PAGE + "#y": "missing_anchor"}
    assert state.fragment_rows(PAGE, "now") == []  # judged once


def test_robots_is_neither_ok_nor_broken() -> None:
    assert ok_value("robots") is None
    assert ok_value("ok") == 1 and ok_value("redirected") == 1
    assert ok_value("missing_anchor") == 0 and ok_value("mixed_content") == 0


def test_reserved_names_never_resolve() -> None:
    assert is_reserved_name("nowhere.invalid") and is_reserved_name("A.INVALID.")
    assert not is_reserved_name("invalid.example") and not is_reserved_name("127.0.0.1")


def test_host_gate_passes_places_on_in_order() -> None:
    gate, order = HostGate(), []
    assert gate.acquire("h", 1) is None
    second = gate.acquire("h", 1)
    assert second is not None and gate.acquire("other", 1) is None
    second.addCallback(lambda _: order.append("second"))
    gate.release("h")
    assert order == ["second"] and gate.active["h"] == 1
    gate.release("h")
    assert gate.active["h"] == 0


def test_a_joined_chain_past_the_inspections_redirect_cap_is_too_many_redirects() -> None:
    from auditor.crawl.linkbook import compose

    final = {"reason": "ok", "redirects": ["http://h/b", "http://h/c"], "status": 200}
    assert compose("http://h/a", ["http://h/a"], final, "site1", max_redirects=3)["reason"] == (
        "redirected"
    )
    assert compose("http://h/a", ["http://h/a"], final, "site1", max_redirects=2)["reason"] == (
        "too_many_redirects"
    )
