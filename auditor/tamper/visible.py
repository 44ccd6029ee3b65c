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
    groups: dict[object, tuple[bool, list[TermHit]]] = {}
    for term in find_terms(page.text):
        owner, hidden = page.at(term.start)
        if hidden is not None or term.strength == "weak":
            continue
        line = _line(page.text, term.start, term.end)
        footer = bool(FOOTER_TEXT_RE.search(line)) or in_footer_container(owner)
        if not is_excused(term, page.text, in_footer=footer):
            block = _block(owner)
            groups.setdefault(block, (footer, []))[1].append(term)
    return [_hit(block, footer, terms, page.text) for block, (footer, terms) in groups.items()]


def _hit(block, footer: bool, terms: list[TermHit], text: str) -> TamperHit:
    line = _line(text, terms[0].start, terms[0].end)
    if footer:
        kind, detail, severity = "hijacked_footer", f"页脚中出现{describe(terms)}", "high"
    else:
        kind, detail = "injected_text", f"页面正文中出现{describe(terms)}"
        severity = "high" if terms[0].category in HIGH_CATEGORIES else "medium"
    return TamperHit(kind, "visible-text", detail, truncate(line), element_path(block), severity)
