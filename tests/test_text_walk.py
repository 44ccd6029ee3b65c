"""One walk of the body gives what three walks gave: the visible text's pieces, the blocks'
prose weights and every block's visible text (`auditor/extract/text.py: read_text`).

The plain definitions below are the walks it replaced, kept here as the reference.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from auditor.extract.content import main_text
from auditor.extract.document import parse_document
from auditor.extract.prose import HIDDEN, weigh
from auditor.extract.text import BLOCK_TAGS, CELL_TAGS, SKIP_TAGS, fold, read_text

_HOLDERS = BLOCK_TAGS | CELL_TAGS | {"body"}


def _plain_pieces(root) -> list[str]:
    out: list[str] = []
    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        tag = el.tag
        tag = tag.lower() if isinstance(tag, str) else ""
        if event == "start":
            if tag in SKIP_TAGS:
                walker.skip_subtree()
            elif el.text:
                out.append(el.text)
            continue
        if tag in BLOCK_TAGS:
            out.append("\n")
        elif tag in CELL_TAGS:
            out.append("\t")
        if el.tail and el is not root:
            out.append(el.tail)
    return out


def _plain_block_lengths(body) -> dict:
    weights: dict = {}
    holders = [body]
    links = 0
    walker = etree.iterwalk(body, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if event == "start":
            style = el.get("style")
            if tag in SKIP_TAGS or not isinstance(tag, str) or (style and HIDDEN.search(style)):
                walker.skip_subtree()
                holders.append(holders[-1])
                continue
            links += tag == "a"
            holders.append(el if tag in _HOLDERS else holders[-1])
            text = el.text
        else:
            holders.pop()
            links -= tag == "a"
            text = el.tail if el is not body else None
        if text and not links and not text.isascii():
            weigh(weights, holders[-1], text)
    return weights


BODY_PIECES = st.sampled_from(
    ["<p>", "</p>", "<div>", "</div>", "<span>", "</span>", "<a href='/x'>", "</a>"]
    + ["<td>", "</td>", "<tr>", "<table>", "</table>", "<br>", "<li>", "<script>x", "</script>"]
    + ["<div style='display:none'>", "<a style='visibility: hidden' href='/h'>", "<!--c-->"]
    + ["<?pi x?>", "<style>p{}</style>", "<noscript>", "</noscript>", " ", "\t", "\u3000"]
    + ["通知公告", "本局依法公开，现予公布。", "abc", "2014-08-05", "<B>", "</B>", "&amp;"]
)


@settings(max_examples=1500)
@given(st.lists(BODY_PIECES, max_size=40).map("".join))
def test_one_walk_is_the_three_walks(markup: str) -> None:
    doc = parse_document(f"<html><body>{markup}</body></html>".encode(), "http://h/")
    body = doc.tree.find("body")
    walk = read_text(body)
    assert walk.pieces == _plain_pieces(body)
    assert walk.weights == _plain_block_lengths(body)
    for el in [doc.tree, *body.iter()]:
        if isinstance(el.tag, str):
            assert walk.visible(el) == fold("".join(_plain_pieces(el)))


def test_a_hidden_link_mutes_the_prose_after_it_as_before() -> None:
    """The prose count never counted a hidden <a> in, but counted it out: what follows it
    in the page weighs nothing.  Kept as it was (the outputs must not change)."""
    markup = "<div><a style='display:none' href='/h'>x</a></div><p>本局依法公开，现予公布。</p>"
    doc = parse_document(f"<html><body>{markup}</body></html>".encode(), "http://h/")
    body = doc.tree.find("body")
    assert read_text(body).weights == _plain_block_lengths(body) == {}
    assert main_text(body) == ("x 本局依法公开，现予公布。", 0.0)
