"""The evidence model: whether a page (or a link's anchor) proves a checklist item.

What a page IS is read from its identity: the title, the catalogue's 信息名称, the document
number, or a link's anchor text.  It proves an item when that identity names one of the
item's subject terms and one of its genres (征收土地 + 公告), and no non-proving genre
(meeting, campaign, training, work plan, summary …) says it is something else.  The body,
the attachment names, the column and the URL only corroborate: they raise the score and
the confidence, never prove on their own.  A generic title (公示, 2014年第3批, 附件) is
read through its body and attachment names instead.  Every signal is kept as a typed row,
so a reviewer (and the judge) sees why, without parsing display text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

from auditor.checklist.model import Item
from auditor.classify.phrases import EDGE, PhraseSet, fold

THRESHOLD = 3  # the score of a proving match; below it a match is only a candidate
ELEMENT_CAP = 2
HEAD_CHARS = 300  # the opening of the body that names a generic title's document
_FILLER = re.compile(r"[0-9a-z._\-—/#]+|年度|年|月|日|第|批次|批|号|期|本级|全区|城区|的")
_YEAR = re.compile(r"(?:19|20)\d\d")
_NEUTRAL = re.compile(r"公开|信息|全文|及")  # words that leave a title bare
_GENERIC = re.compile(
    r"公示|公告|附件|通知|关于|信息|名单|一览表|表|情况|通告|下载|文件|公开|发布|公布"
)
NAME_MASK = "□"  # stands for a department's own name in a title (see Matcher.unname)
_AGENCY = re.compile(r"^[\u4e00-\u9fff□]{0,10}?(?:局|委员会|办公室|中心|政府|□)")
FIELD_WORDS = {"title": "标题", "file": "附件名", "body": "正文", "column": "栏目", "url": "网址"}
KIND_WORDS = {"subject": "主题", "genre": "文种", "element": "要素"}


class CompiledTerms(Protocol):
    """What the rules (auditor/classify/evidence_rules.py) read of a compiled checklist; the
    Matcher (auditor/classify/matcher.py) is one, and calls the rules, never the reverse."""

    items: tuple[Item, ...]
    uses: dict[str, list[tuple[int, str]]]
    elements: list[tuple[str, ...]]
    named: list[tuple[tuple[str, str], ...]]
    names: re.Pattern[str] | None
    leads: list[re.Pattern[str] | None]
    url_terms: PhraseSet

    def found(self, text: str) -> set[str]: ...

    def unname(self, titles: str) -> str: ...


@dataclass(frozen=True)
class Fields:
    """The parts of one candidate, folded; titles are EDGE-joined (see phrases.join_fields).
    The body alone is kept as read (`text`) and folded on first use (`body`): most pages'
    titles name no item, so their rules never read the body, and folding 4,000 characters
    was a quarter of a first audit's classify stage."""

    titles: str
    columns: str = ""
    urls: str = ""
    text: str = ""  # the body as read, not folded
    files: str = ""  # attachment names

    @cached_property
    def body(self) -> str:
        """The body, folded (once per Fields object)."""
        return fold(self.text)


@dataclass(frozen=True)
class Signal:
    """One reason a page is (or is not) the item: where, what kind, which phrase, weight."""

    field: str  # title | file | body | column | url
    kind: str  # subject | genre | bare | element | column | url | veto | negative
    phrase: str
    weight: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "kind": self.kind,
            "phrase": self.phrase,
            "weight": self.weight,
        }

    def text(self) -> str:
        """The signal as a reader sees it (display only: nothing reads it back)."""
        phrase = self.phrase.replace(EDGE, "")
        where = FIELD_WORDS.get(self.field, self.field)
        if self.kind == "bare":
            return f"标题就是“{phrase}”本身"
        if self.kind == "veto":
            return f"否决:标题含“{phrase}”(此类页面不能证明该事项)"
        if self.kind == "negative":
            return f"否决:标题含“{phrase}”(属于其他事项)"
        return f"{where}含{KIND_WORDS.get(self.kind, '')}“{phrase}”"


@dataclass(frozen=True)
class Match:
    item: str
    score: int  # >= THRESHOLD proves; 0 when vetoed
    signals: tuple[Signal, ...]
    strength: str  # strong | plain | weak | near | vetoed

    @property
    def vetoed(self) -> bool:
        return self.strength == "vetoed"

    @property
    def proves(self) -> bool:
        return self.score >= THRESHOLD

    @property
    def titled(self) -> bool:
        """Subject and genre agree in what the page is (not only body or column)."""
        return self.strength in ("strong", "plain")

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(s.text() for s in self.signals)


def signals_from(rows: Any) -> tuple[Signal, ...]:
    """Signals back from their stored JSON rows (typed columns, not display text)."""
    out = []
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict):
            field, kind, phrase = (str(row.get(k, "")) for k in ("field", "kind", "phrase"))
            weight = row.get("weight")
            out.append(Signal(field, kind, phrase, weight if isinstance(weight, int) else 0))
    return tuple(out)


def why(signals: tuple[Signal, ...] | list[Signal], what: str = "页面") -> str:
    """A short Chinese sentence saying why the evidence proves the item."""
    by = defaultdict(list)
    for s in signals:
        by[(s.field, s.kind)].append(s.phrase.replace(EDGE, ""))
    subject = by[("title", "subject")] or by[("file", "subject")] or by[("body", "subject")]
    genre = by[("title", "genre")] or by[("file", "genre")] or by[("body", "genre")]
    parts = []
    if subject:
        kind = "文种“" + "、".join(genre[:2]) + "”" if genre else "标题即带年度的事项名称"
        parts.append(f"{what}的主题“{subject[0]}”、{kind}")
    if elements := by[("body", "element")] + by[("file", "element")]:
        parts.append("正文有“" + "”“".join(elements[:3]) + "”")
    if columns := by[("column", "column")]:
        parts.append(f"位于“{columns[0]}”栏目")
    return ",".join(parts) or "；".join(s.text() for s in signals[:2])


def bare(titles: str, phrase: str) -> bool:
    """A title that is the subject's name, an edition year and little else (城区财政局2014年
    部门预算); the subject alone (政府信息公开) is a column's name, not a document."""
    for title in titles.split(EDGE):
        if phrase in title and _YEAR.search(title):
            rest = _FILLER.sub("", title.replace(phrase, "", 1))
            rest = _AGENCY.sub("", _unplace(rest))
            if not _NEUTRAL.sub("", rest):
                return True
    return False


def _unplace(rest: str) -> str:
    """What is left of a bare title without the place it opens with (南宁市良庆区) and the
    level word a place leaves behind (区本级 -> 区)."""
    from auditor.classify.attribution import leading_places

    places = sorted(leading_places(rest), key=len, reverse=True)
    rest = rest.removeprefix(places[0]) if places else rest
    return rest.removeprefix("区").removeprefix("县").removeprefix("市")


def generic_word(term: str) -> bool:
    """A genre any document may carry (公告, 公示, 信息公开, 情况表): it says nothing of which
    item a page is."""
    return not _GENERIC.sub("", term.strip(EDGE))


def generic(titles: str) -> bool:
    """A title that says nothing of its subject (公示, 2014年第3批, 附件)."""
    first = next((t for t in titles.split(EDGE) if t), "")
    return bool(first) and not _GENERIC.sub("", _FILLER.sub("", first))
