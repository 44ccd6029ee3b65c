"""How much Chinese prose a piece of text holds, the weight the article-body search gives it.

Used while the page's text is read (`auditor/extract/text.py`: one walk gives both the lines
and these weights) and by the body search that ranks the blocks (`content.py`).
"""

from __future__ import annotations

import re

from lxml import etree

_NOT_PROSE = re.compile(r"[^\u4e00-\u9fff]+")  # prose is counted by deleting the rest
# ... or, 5x cheaper on a paragraph (a deletion per run between two punctuation marks costs
# more than the text), by counting UTF-8 lead bytes E5-E9 (U+5000-U+9FFF) and E4 (U+4000-
# U+4FFF) after checking no U+4000-U+4DFF (E4 80-B7) is there to be miscounted.
_PROSE_LEADS = bytes(b for b in range(256) if not 0xE4 <= b <= 0xE9)
_BELOW_PROSE = re.compile(rb"\xe4[\x80-\xb7]")
_PUNCT = "，。；、！？"
HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def weigh(weights: dict[etree._Element, float], holder: etree._Element, text: str) -> None:
    """Add the text's prose weight to its block holder's."""
    size = prose_size(text)
    if size:
        weights[holder] = weights.get(holder, 0) + _prose_weight(text, size)


def prose_size(text: str) -> int:
    """How many characters of the text are CJK ideographs (U+4E00-U+9FFF)."""
    data = text.encode("utf-8", "surrogatepass")
    if _BELOW_PROSE.search(data):
        return len(_NOT_PROSE.sub("", text))
    return len(data.translate(None, _PROSE_LEADS))


def _prose_weight(text: str, size: int) -> float:
    """Sentences weigh more than labels, menu items and catalogue values, which have no 。，."""
    punct = sum(map(text.count, _PUNCT))
    return size + 3 * punct if punct else size * 0.3
