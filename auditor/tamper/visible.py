"""Spam words in visible text: hijacked footers and text injected into the page body.

Only strong and brand terms count here (weak words like 办证 or 棋牌 are everyday government
language). A hit is a hijacked footer when its element sits in a footer container or its line
reads like a footer (版权所有, 主办, ICP备 …); brand terms are never excused in a footer.
"""

from __future__ import annotations

import re

from auditor.tamper.hit import TamperHit, element_path, truncate
from auditor.tamper.vocab import TermHit, describe, find_terms, is_excused
from auditor.tamper.walk import INLINE, PageWalk

FOOTER_ATTR_RE = re.compile(r"foot|bottom|copyright|banquan|dibu|^bq$|^db$", re.I)
FOOTER_TEXT_RE = re.compile(
    r"版权所有|主办|承办|ICP备|ICP证|Copyright|©|公网安备|网站标识码|技术支持", re.I
)
HIGH_CATEGORIES = {"gambling", "porn"}


def _line(text: str, start: int, end: int) -> str:
    return text[text.rfind("\n", 0, start) + 1 : (text.find("\n", end) + 1 or len(text) + 1) - 1]


def in_footer_container(el) -> bool:
    for node in [el, *el.iterancestors()]:
        if node.tag == "footer":
            return True
        names = [node.get("id") or "", *(node.get("class") or "").split()]
        if any(FOOTER_ATTR_RE.search(n) for n in names if n):
            return True
    return False


def _block(el):
    while el.tag in INLINE and el.getparent() is not None:
        el = el.getparent()
    return el


def visible_hits(page: PageWalk) -> list[TamperHit]:
    """Injected text per block; all footer hits of a page merge into one hijacked footer."""
    groups: dict[object, list[TermHit]] = {}
    footer_terms: list[TermHit] = []
    footer_block = None
    for term in find_terms(page.text):
        owner, hidden = page.at(term.start)
        if hidden is not None or term.strength == "weak":
            continue
        line = _line(page.text, term.start, term.end)
        footer = bool(FOOTER_TEXT_RE.search(line)) or in_footer_container(owner)
        if is_excused(term, page.text, in_footer=footer):
            continue
        if footer:
            footer_terms.append(term)
            footer_block = footer_block if footer_block is not None else _block(owner)
        else:
            groups.setdefault(_block(owner), []).append(term)
    hits = [_text_hit(block, terms, page.text) for block, terms in groups.items()]
    if footer_terms:
        hits.insert(0, _footer_hit(footer_block, footer_terms, page.text))
    return hits


def _lines(text: str, terms: list[TermHit]) -> str:
    return " / ".join(dict.fromkeys(_line(text, t.start, t.end).strip() for t in terms))


def _footer_hit(block, terms: list[TermHit], text: str) -> TamperHit:
    detail = f"页脚中出现{describe(terms)}"
    snippet = truncate(_lines(text, terms))
    return TamperHit(
        "hijacked_footer", "visible-text", detail, snippet, element_path(block), "high"
    )


def _text_hit(block, terms: list[TermHit], text: str) -> TamperHit:
    severity = "high" if terms[0].category in HIGH_CATEGORIES else "medium"
    detail = f"页面正文中出现{describe(terms)}"
    snippet = truncate(_lines(text, terms))
    return TamperHit(
        "injected_text", "visible-text", detail, snippet, element_path(block), severity
    )
