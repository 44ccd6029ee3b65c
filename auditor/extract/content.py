"""The article body, the footer and the "page not found" notice of a page.

The body is the block that holds the most non-link prose (readability-style: each text block
scores itself, its parent and half its grandparent; sentence punctuation adds weight), so
navigation, link lists and footers lose to the article even when they carry more characters.
"""

from __future__ import annotations

import re

from lxml import etree

from auditor.extract.text import TextWalk, fold, read_text, visible_text

MAX_TEXT = 4000
_FOOTER_MARK = re.compile(r"foot|bottom|copyright|banquan|bqxx|bq_", re.I)
_FOOTER_WORDS = re.compile(r"版权所有|主办|承办|ICP|备案|网站标识码|技术支持|Copyright|©", re.I)
_NOT_FOUND = re.compile(
    r"页面不存在|页面已(?:被)?删除|(?:页面|网页|信息|文章|内容|文件|栏目)(?:不存在|已被?删除|已撤销|未找到)"
    r"|找不到(?:该|您[要所]?(?:访问|请求)?的)?(?:页面|网页|文件|信息)|页面未找到|无法找到(?:该)?页面"
    r"|404\s*(?:not found|错误|error|页面)|(?:错误|error)\s*(?:代码)?\s*[:：]?\s*404|not found"
    r"|页面走丢|访问的页面.{0,12}(?:不存在|删除|找不到)",
    re.I,
)
_SHORT_PAGE = 1500
_CANDIDATES = 8


def _best_block(body: etree._Element, walk: TextWalk) -> tuple[etree._Element, float]:
    scores: dict[etree._Element, float] = {}
    for holder, weight in walk.weights.items():
        scores[holder] = scores.get(holder, 0) + weight
        parent = holder.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + weight
            grand = parent.getparent()
            if grand is not None:
                scores[grand] = scores.get(grand, 0) + weight / 2
    if not scores:
        return body, 0.0
    inner = {el: s for el, s in scores.items() if el.tag not in ("body", "html") and s > 0}
    top = sorted((inner or scores).items(), key=lambda kv: kv[1], reverse=True)[:_CANDIDATES]
    ranked = [(score * (1 - _link_density(el)), _depth(el), el) for el, score in top]
    score, _, best = max(ranked, key=lambda r: (r[0], r[1]))
    return best, score


def _link_density(el: etree._Element) -> float:
    """Share of the element's text inside links: menus are nearly all link text."""
    total = len(el.text_content()) or 1
    linked = sum(len(a.text_content()) for a in el.iter("a"))
    return min(linked / total, 1.0)


def _depth(el: etree._Element) -> int:
    return sum(1 for _ in el.iterancestors())


def main_text(body: etree._Element, walk: TextWalk | None = None) -> tuple[str, float]:
    """(the article body's folded text, at most 4000 chars; its prose score).  `walk` is
    `read_text(body)` when the caller has it already."""
    walk = walk or read_text(body)
    block, score = _best_block(body, walk)
    return walk.visible(block)[:MAX_TEXT], score


def _outermost(elements: list[etree._Element]) -> list[etree._Element]:
    chosen: set[etree._Element] = set()
    out = []
    for el in elements:
        if not any(a in chosen for a in el.iterancestors()):
            chosen.add(el)
            out.append(el)
    return out


def footer_text(body: etree._Element, lines: list[str], walk: TextWalk | None = None) -> str:
    """The footer block (copyright, 主办, ICP) as folded text, for tamper comparison.
    `walk` is `read_text(body)` when the caller has it already."""
    visible = walk.visible if walk is not None else visible_text
    marked = [
        el
        for el in body.iter("div", "footer", "table", "td", "p", "section", "ul")
        if _FOOTER_MARK.search((el.get("class") or "") + " " + (el.get("id") or ""))
    ]
    for el in reversed(_outermost(marked)):
        text = visible(el)
        found = _FOOTER_WORDS.search(text)
        if found:
            return text[max(0, found.start() - 200) :][:1000]
    tail = [line for line in lines[-15:] if _FOOTER_WORDS.search(line)]
    return fold(" ".join(tail))[:1000]


def is_not_found(title: str, lines: list[str], text_size: int) -> bool:
    """The page says it does not exist (a soft 404) and carries little else."""
    if _NOT_FOUND.search(title) and text_size < _SHORT_PAGE * 2:
        return True
    return text_size < _SHORT_PAGE and any(_NOT_FOUND.search(line) for line in lines)
