"""Style rules naming ids or classes the page lacks are skipped unparsed: nothing else changes."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from auditor.tamper import scan_html
from auditor.tamper.css import may_match, parse_declarations, parse_stylesheet
from auditor.tamper.scan import page_names

URL = "http://www.lq.gov.cn.invalid/zwgk/1.html"
SPAM = '<a href="http://www.spam.invalid/">真人百家乐</a><a href="http://www.spam.invalid/2">六合彩</a>'
FILLER = "".join(f".c{i} {{font-size:12px}}" for i in range(50))


def page(css: str, body: str) -> str:
    return f"<html><head><style>{css}</style></head><body><p>正文</p>{body}</body></html>"


@pytest.mark.parametrize(
    ("css", "body"),
    [
        (".x .hide{display:none}", f'<div class="x"><div class="hide y">{SPAM}</div></div>'),
        ("div#bad.a.b{display:none}", f'<div id="bad" class="b a">{SPAM}</div>'),
        ("ul>li.k, .absent{font-size:0}", f'<ul><li class="k">{SPAM}</li></ul>'),
        ("@media screen{.m{visibility:hidden}}", f'<div class="m">{SPAM}</div>'),
        ("*{}.z{display:none}", f'<p class="z">{SPAM}</p>'),
    ],
)
def test_rules_naming_the_page_still_hide(css: str, body: str) -> None:
    hits = scan_html(page(FILLER + css + FILLER, body), URL)
    assert [h.kind for h in hits] == ["hidden_link"]
    assert hits[0].technique.startswith("style-rule ")


def test_a_rule_for_an_absent_class_hides_nothing() -> None:
    hits = scan_html(page(".gone{display:none}", f'<div class="here">{SPAM}</div>'), URL)
    assert [h.technique for h in hits] == ["visible-text"]  # seen, but not as hidden


def test_page_names_lists_ids_and_every_class() -> None:
    root = lxml_html.document_fromstring('<div id="a" class=" b  c"><p class="d">x</p></div>')
    assert page_names(root) == {"#a", ".b", ".c", ".d"}


def test_only_the_subject_of_a_selector_must_be_on_the_page() -> None:
    names = {".x", "#y"}
    assert may_match(".absent .x", names)
    assert may_match("li#y.x", names)
    assert not may_match(".x .absent", names)
    assert not may_match("li#y.x.absent", names)
    assert may_match("li", names) and may_match("*", names)


def test_pruned_parse_keeps_order_and_text_of_the_rules_left() -> None:
    css = ".a{display:none} .b{color:red} .c, .a p{font-size:0}"
    kept = parse_stylesheet(css, 3, {".a", ".c"})
    assert [r.text for r in kept] == [".a", ".c", ".a p"]
    assert [r.order for r in kept] == [3, 4, 5]
    assert [r.text for r in parse_stylesheet(css)] == [".a", ".b", ".c", ".a p"]


def test_declarations_are_fresh_dicts() -> None:
    first = parse_declarations("display:none")
    first["display"] = "block"
    assert parse_declarations("display:none") == {"display": "none"}
