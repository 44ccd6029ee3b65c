"""Visible text of a tree, as lines that keep the page's blocks and table cells apart.

Labels and values ("发布机构\t良庆区财政局") and info lines ("发布时间:… 来源:…") are found on these
lines, so block elements end a line and table cells are separated by a tab. Script, style and
comments are skipped. The walk is iterative: hostile pages nest thousands of unclosed tags.
"""

from __future__ import annotations

import re

from lxml import etree

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


def _pieces(root: etree._Element) -> list[str]:
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


def split_lines(raw: str) -> list[str]:
    """Non-empty lines of raw text; each line's space runs cleaned by two substitutions over
    the whole text, not two per line (profiled): neither pattern matches a newline."""
    raw = _GAPS.sub("\t", _SPACES.sub(lambda m: "\t" if len(m.group()) > 1 else " ", raw))
    lines = (line.strip(" \t") for line in raw.split("\n"))
    return [line for line in lines if line]


def text_lines(root: etree._Element) -> list[str]:
    """Non-empty visible lines; cells and wide gaps inside a line become one tab."""
    return split_lines("".join(_pieces(root)))


def visible_text(root: etree._Element) -> str:
    """The element's visible text with all whitespace folded to single spaces."""
    return fold("".join(_pieces(root)))
