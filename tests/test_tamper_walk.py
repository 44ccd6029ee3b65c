"""The tamper scan's body walk on lxml's `iterwalk` gives what its hand-kept stack gave.

Over generated markup (hidden subtrees by style rule, inline style, attribute and colour,
links and frames inside them, comments, tails), the text, each piece's offset, owner and
hidden block, and the hidden links and frames are compared with the walk it replaced.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.extract.document import parse_document
from auditor.tamper.scan import _styles, style_texts
from auditor.tamper.walk import INLINE, Inherited, _Walker, page_background, walk_body


def _body(markup: str):
    doc = parse_document(f"<html><body>{markup}</body></html>".encode(), "http://127.0.0.1/")
    body = doc.tree.find("body")
    return body if body is not None else doc.tree


def _plain_tamper_walk(body, styles):
    """The tamper scan's body walk as it was: a hand-kept stack of (node, inherited, own)."""
    walker = _Walker(styles)
    todo: list[tuple[Any, Inherited, Inherited | None]] = [
        (body, Inherited(None, None, page_background(body)), None)
    ]
    while todo:
        el, parent, own = todo.pop()
        if own is not None or not isinstance(el.tag, str):
            if own is not None and el.tag not in INLINE:
                walker.pieces.append(("\n", el, own.hidden))
            if el.tail:
                walker.pieces.append((el.tail, el.getparent(), parent.hidden))
        else:
            own = walker.start(el, parent)
            todo.append((el, parent, own))
            todo += [(child, own, None) for child in reversed(el)]
    return walker.finish()


TAMPER_MARKUP = st.sampled_from(
    [
        "<style>.h{display:none} #g a{color:#fff}</style>", "<div class='h'>", "<p id='g'>",
        "<font color='#ffffff'>", "</font>", "<div hidden>", "<marquee>", "</marquee>",
        "<a href='http://127.0.0.2/bet'>", "<iframe src='/f'></iframe>", "<img src='/i'>",
        "<div style='position:absolute;left:-9999px'>", "<span style='color:#fff'>",
        "<div style='display:none'>", "<span style='visibility:hidden'>", "<td bgcolor='#fff'>",
        "</div>", "</span>", "</a>", "</p>", "</td>", "<br/>", "<b>", "</b>", "<!-- 注释 -->",
        "<?pi x?>", "&nbsp;", "&unknown;", "真人百家乐", "通知，", "tail", " ", "\n",
        "<a href='/x'>", "<script>x=1</script>",
    ]
)  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(TAMPER_MARKUP, max_size=40).map("".join))
def test_tamper_walk_is_the_stack_walk(markup: str) -> None:
    body = _body(markup)
    root = body.getroottree().getroot()
    styles = _styles(style_texts(root), root)
    got, want = walk_body(body, styles), _plain_tamper_walk(body, styles)
    assert (got.text, got.offsets, got.owners) == (want.text, want.offsets, want.owners)
    assert [(h.root, h.technique, h.rule) if h else None for h in got.hidden] == [
        (h.root, h.technique, h.rule) if h else None for h in want.hidden
    ]
    assert got.links == want.links and got.iframes == want.iframes
