"""Visible text of a tree, as lines that keep the page's blocks and table cells apart.

Labels and values ("发布机构\t良庆区财政局") and info lines ("发布时间:… 来源:…") are found on these
lines, so block elements end a line and table cells are separated by a tab. Script, style and
comments are skipped. The walk is iterative: hostile pages nest thousands of unclosed tags.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from lxml import etree

from auditor.extract.prose import HIDDEN, weigh

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "option",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    ]
)
CELL_TAGS = frozenset({"td", "th"})
_HOLDERS = BLOCK_TAGS | CELL_TAGS | {"body"}  # the blocks whose prose is weighed
# <title> inside <body> comes from templates that include whole pages; it is not content.
SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "noframes", "iframe", "template", "head", "title", "textarea"}
    | {"select"}
)

_SPACES = re.compile(r"[ \u00a0\u2002\u2003\u2009\u3000\r\f\v]+")
# A run of spaces and tabs holding a tab, or of two spaces or more, becomes one tab.  Written
# to start with a tab or a space followed by another: a pattern that may start with `[ \t]*`
# has no first character for the regex engine to scan for, and was tried at every
# character of the page (~100 us a page against ~17; tests/test_walk_shortcuts.py holds
# it to the plain pattern).
_GAPS = re.compile(r"(?:\t| (?=[ \t]))[ \t]*")


def fold(text: str) -> str:
    """All whitespace runs (full-width and no-break spaces too) as one space.
    `str.split` splits on exactly the characters `\\s` matches (every `str.isspace`
    character, U+3000 included), at a fraction of a regular expression's cost (profiled)."""
    return " ".join(text.split())


class TextWalk(NamedTuple):
    """What one walk of an element's subtree gives: its visible text as pieces; where each
    element's own pieces lie, so a block's text is a slice and not another walk; and the
    Chinese prose each block holds outside links and hidden subtrees, by which
    `content.py` ranks the blocks.  One walk, not three (the page's lines, the prose
    weights, the article's text each walked the body: profiled, ~5 % of a page's scan)."""

    pieces: list[str]
    spans: dict[etree._Element, tuple[int, int]]
    weights: dict[etree._Element, float]

    def visible(self, el: etree._Element) -> str:
        """`visible_text(el)`, sliced from the walk when it went through `el`."""
        span = self.spans.get(el)
        if span is None:  # outside the walk (or in a subtree it skipped)
            return visible_text(el)
        return fold("".join(self.pieces[span[0] : span[1]]))

    def lines(self) -> list[str]:
        """`text_lines` of the walked element."""
        return split_lines("".join(self.pieces))


def read_text(root: etree._Element) -> TextWalk:
    """The pieces of visible text (block ends as newlines, cells as tabs; script, style and
    comments skipped), each element's span of them, and the blocks' prose weights (text in
    links, in SKIP_TAGS and in inline-hidden subtrees weighs nothing; a comment's tail is
    not weighed, as the prose count never saw comments)."""
    out: list[str] = []
    spans: dict = {}
    weights: dict[etree._Element, float] = {}
    holders, links, muted = [root], 0, 0
    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        tag = el.tag
        low = tag.lower() if isinstance(tag, str) else ""
        if event == "start":
            spans[el] = len(out)
            if low in SKIP_TAGS:
                walker.skip_subtree()
            elif el.text:
                out.append(el.text)
            if muted:  # inside a subtree the prose count skips
                muted += 1
            elif tag in SKIP_TAGS or not isinstance(tag, str) or _hidden(el):
                muted = 1
            else:
                links += tag == "a"
                holders.append(el if tag in _HOLDERS else holders[-1])
                text = el.text
                if text and not links and not text.isascii():
                    weigh(weights, holders[-1], text)
            continue
        if low in BLOCK_TAGS:
            out.append("\n")
        elif low in CELL_TAGS:
            out.append("\t")
        tail = el.tail if el is not root else None
        if event == "end":
            spans[el] = (spans[el], len(out))
        if tail:
            out.append(tail)
        if event != "end":  # a comment or processing instruction
            continue
        if muted:
            muted -= 1
            if muted:
                continue
        else:
            holders.pop()
        links -= tag == "a"  # a hidden <a> too, as the prose count always did
        if tail and not links and not tail.isascii():
            weigh(weights, holders[-1], tail)
    return TextWalk(out, spans, weights)


def _hidden(el: etree._Element) -> bool:
    style = el.get("style")
    return bool(style and HIDDEN.search(style))


def split_lines(raw: str) -> list[str]:
    """Non-empty lines of raw text; each line's space runs cleaned by two substitutions over
    the whole text, not two per line (profiled): neither pattern matches a newline."""
    raw = _GAPS.sub("\t", _SPACES.sub(lambda m: "\t" if len(m.group()) > 1 else " ", raw))
    lines = (line.strip(" \t") for line in raw.split("\n"))
    return [line for line in lines if line]


def text_lines(root: etree._Element) -> list[str]:
    """Non-empty visible lines; cells and wide gaps inside a line become one tab."""
    return read_text(root).lines()


def visible_text(root: etree._Element) -> str:
    """The element's visible text with all whitespace folded to single spaces."""
    return fold("".join(read_text(root).pieces))
