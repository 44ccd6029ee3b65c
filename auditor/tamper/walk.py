"""One pass over the page body: text with offsets, and what is hidden by which ancestor."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

from lxml import etree
from lxml.html import HtmlElement

from auditor.tamper.colors import TRANSPARENT
from auditor.tamper.css import StyleIndex, parse_declarations
from auditor.tamper.hiding import (
    TEXT_ONLY,
    box_technique,
    invisible_text,
    own_background,
    own_color,
    undoes,
)

WHITE = (255, 255, 255)
INLINE = {
    "a", "span", "font", "b", "strong", "i", "em", "u", "small", "big", "sub", "sup", "label",
    "abbr", "s", "strike", "code", "tt", "cite", "q", "ins", "del", "mark", "img", "nobr",
}  # fmt: skip
ATTRIBUTE_TAGS = {"marquee", "font"}
SKIP_TEXT = {"script", "style", "textarea", "template"}


@dataclass(frozen=True)
class Hidden:
    """A hidden subtree: its topmost element, the technique, and the `<style>` rule if any."""

    root: HtmlElement
    technique: str
    rule: str | None = None

    @property
    def label(self) -> str:
        if self.rule and self.rule.startswith("script:"):
            return f"script-style {self.rule[len('script:') :]}"
        if self.rule and self.rule.startswith("linked:"):
            return f"linked-style {self.rule[len('linked:') :]}"
        return f"style-rule {self.rule}" if self.rule else self.technique


@dataclass(frozen=True)
class Inherited:
    hidden: Hidden | None
    color: tuple | None
    background: tuple | None


@dataclass
class PageWalk:
    text: str = ""
    offsets: list[int] = field(default_factory=list)
    owners: list[HtmlElement] = field(default_factory=list)
    hidden: list[Hidden | None] = field(default_factory=list)
    links: list[tuple[HtmlElement, Hidden]] = field(default_factory=list)
    iframes: list[tuple[HtmlElement, Hidden | None]] = field(default_factory=list)
    _segments: dict[int, list[int]] | None = field(default=None, repr=False)

    def at(self, offset: int) -> tuple[HtmlElement, Hidden | None]:
        """Element owning the text at `offset`, and the hidden block it sits in."""
        i = max(0, bisect_right(self.offsets, offset) - 1)
        return self.owners[i], self.hidden[i]

    def hidden_text(self, block: Hidden) -> str:
        if self._segments is None:  # one pass for all blocks, not one pass per block
            self._segments = {}
            for i, hidden in enumerate(self.hidden):
                if hidden is not None:
                    self._segments.setdefault(id(hidden), []).append(i)
        found = self._segments.get(id(block), [])
        return "".join(self.text[self.offsets[i] : self._end(i)] for i in found)

    def _end(self, i: int) -> int:
        return self.offsets[i + 1] if i + 1 < len(self.offsets) else len(self.text)


class _Walker:
    def __init__(self, styles: StyleIndex) -> None:
        self.styles = styles
        self.page = PageWalk()
        self.pieces: list[tuple[str, HtmlElement, Hidden | None]] = []

    def finish(self) -> PageWalk:
        """The page's text, and each piece's offset, owner and hidden block, as lists."""
        page = self.page
        if self.pieces:
            texts, owners, hidden = zip(*self.pieces, strict=True)
            page.text = "".join(texts)
            page.offsets = list(accumulate(map(len, texts[:-1]), initial=0))
            page.owners, page.hidden = list(owners), list(hidden)
        return page

    def inherit(self, el, inherited: Inherited) -> Inherited:
        decls, rule = self.styles.declarations(el)
        if not decls and el.tag not in ATTRIBUTE_TAGS and not _styled_by_attributes(el):
            return inherited
        known, background = own_background(el, decls)
        background = background if known else inherited.background
        color = own_color(el, decls)
        hidden = inherited.hidden
        if hidden and (undoes(hidden.technique, decls) or _recolored(hidden, color, known)):
            hidden = None
        if hidden is None:
            hidden = _own_hidden(el, decls, rule, color, background)
        return Inherited(hidden, color or inherited.color, background)

    def start(self, el, inherited: Inherited) -> Inherited:
        """Called for every element: its pieces are appended here (one tuple each, split up
        in `finish`) and `_record` is asked only of the tags it records (profiled: a call a
        piece and a `_record` call an element were a fifth of the walk)."""
        new = self.inherit(el, inherited)
        tag = el.tag  # lxml builds a new string on every read of .tag
        pieces, hidden = self.pieces, new.hidden
        if tag not in INLINE:
            pieces.append(("\n", el, hidden))
        if tag == "br":
            pieces.append(("\n", el, hidden))
        if tag not in SKIP_TEXT:
            text = el.text
            if text:
                pieces.append((text, el, hidden))
        if tag in _RECORDED:
            self._record(el, tag, hidden)
        return new

    def _record(self, el, tag: str, hidden: Hidden | None) -> None:
        if tag == "a" and hidden and el.get("href"):
            if hidden.technique not in TEXT_ONLY or el.find(".//img") is None:
                self.page.links.append((el, hidden))
        elif tag in ("iframe", "frame"):
            self.page.iframes.append((el, hidden))


_RECORDED = frozenset({"a", "iframe", "frame"})  # the tags `_record` keeps


def _styled_by_attributes(el) -> bool:
    return el.get("hidden") is not None or el.get("bgcolor") is not None


def _recolored(hidden: Hidden, color, background_known: bool) -> bool:
    return hidden.technique == "same-color" and (color is not None or background_known)


def _own_hidden(el, decls, rule, color, background) -> Hidden | None:
    technique = box_technique(el, decls)
    if technique is None and color is not None and invisible_text(color, background):
        technique = "same-color"
    if technique is None:
        return None
    inline_only = box_technique(el, _inline(el)) == technique or technique == "same-color"
    return Hidden(el, technique, None if inline_only or rule is None else rule.text)


def _inline(el) -> dict[str, str]:
    return parse_declarations(el.get("style") or "")


def page_background(body) -> tuple:
    known, color = own_background(body, {})
    return color if known and color and color != TRANSPARENT else WHITE


def walk_body(body, styles: StyleIndex) -> PageWalk:
    """Depth-first, iterative (hostile pages nest deeper than Python's recursion limit): lxml's
    `iterwalk` gives the order, a stack holds what each open element passes down.  It
    replaced a hand-kept stack of (node, inherited, own) tuples, two per node (profiled: the
    walk's own loop was its largest cost); tests/test_tamper_walk.py holds it to that walk."""
    walker = _Walker(styles)
    start, pieces = walker.start, walker.pieces
    stack = [Inherited(None, None, page_background(body))]
    for event, el in etree.iterwalk(body, events=("start", "end", "comment", "pi")):
        if event == "start":
            stack.append(start(el, stack[-1]))
            continue
        if event == "end":  # else a comment or processing instruction: its tail only
            own = stack.pop()
            if el.tag not in INLINE:
                pieces.append(("\n", el, own.hidden))
        tail = el.tail
        if tail:  # most elements have none: no parent proxy to build for them
            pieces.append((tail, el.getparent(), stack[-1].hidden))
    return walker.finish()


def cascade(chain: list, styles: StyleIndex) -> Hidden | None:
    """Whether the last element of `chain` (root first) is hidden, following only that chain:
    enough to judge one link against a stylesheet fetched after its page was parsed."""
    walker = _Walker(styles)
    inherited = Inherited(None, None, WHITE)
    for el in chain:
        inherited = walker.inherit(el, inherited)
    return inherited.hidden
