"""Folding and fast phrase search: the text form every checklist term and page field is
compared in, and one trie-shaped regex that finds hundreds of terms in one scan."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from auditor.classify.attribution import clean, without_column_prefix

_FULLWIDTH = {0xFF01 + n: 0x21 + n for n in range(94)}  # full-width ASCII forms
_HAS_FULLWIDTH = re.compile("[\uff01-\uff5e]")
EDGE = "|"  # joins the titles of one page: a term ending in EDGE is at the end of a title


def fold(text: str) -> str:
    """The form every phrase and field is compared in: no spaces or quotes, ASCII digits."""
    text = clean(text)
    if _HAS_FULLWIDTH.search(text):  # translate() is slow, and most text has none
        text = text.translate(_FULLWIDTH)
    return text.lower()


def fold_term(term: str) -> str:
    """A checklist term in folded form; a trailing $ (end of a title) becomes EDGE."""
    if term.endswith("$"):
        return fold(term[:-1]) + EDGE
    return fold(term)


def join_fields(parts: Iterable[Any]) -> str:
    """Folded, de-duplicated parts joined by EDGE, with EDGE at both ends."""
    seen = dict.fromkeys(fold(str(p)) for p in parts if p)
    inner = EDGE.join(p for p in seen if p)
    return f"{EDGE}{inner}{EDGE}" if inner else ""


# What trails a document's name without being part of it: a listing date, a remark in
# brackets (经区人大批准, 2014年调整), a site or publisher name after a dash.  Read on the
# raw title: folding drops ASCII brackets but keeps full-width ones.
_TRAILER = re.compile(
    r"\s*(?:(?:19|20)\d\d[-./年]\d{1,2}[-./月]\d{1,2}日?"
    r"|[(（][^()（）]{1,16}[)）]|(?:——|--|_|\s[-—]\s)[^—_]{2,20})\s*$"
)
_BRACKETS = str.maketrans("()", "（）")  # folded alike: a remark stays a remark
_EDITION = re.compile(r"(?:19|20)\d\d\s*年度?")


def title_fields(parts: Iterable[Any]) -> str:
    """Titles joined as join_fields does, without a CMS column prefix (【征地拆迁】, the
    column's name, not the page's), each followed by its bare forms: without what
    trails the name (a date, a bracketed remark, ——publisher), and also without the
    edition year, so 区本级2013年决算(经人大批准) also reads 区本级决算, and a genre that
    must close the title (预算$) still closes it.  The originals stay: forms only add."""
    forms = []
    for raw in (str(p).translate(_BRACKETS) for p in parts if p):
        title = raw if len(bare := without_column_prefix(raw).strip()) < 4 else bare
        trimmed = title
        while (cut := _TRAILER.sub("", trimmed)) != trimmed and len(cut) >= 4:
            trimmed = cut
        forms += [fold(title), fold(trimmed), fold(_EDITION.sub("", trimmed))]
    inner = EDGE.join(f for f in dict.fromkeys(forms) if f)
    return f"{EDGE}{inner}{EDGE}" if inner else ""


def contained(phrases: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """phrase -> the other phrases inside it (预算 inside 部门预算)."""
    known = list(phrases)
    return {p: inner for p in known if (inner := tuple(q for q in known if q != p and q in p))}


def trie_regex(phrases: Iterable[str]) -> re.Pattern[str]:
    """One alternation shaped as a trie (longest phrase wins at a position): far faster
    than a flat alternation of hundreds of phrases."""
    root: dict[str, dict] = {}
    for phrase in phrases:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return re.compile(_trie_pattern(root) or r"(?!x)x")


def _trie_pattern(node: dict[str, dict]) -> str:
    branches = [re.escape(c) + _trie_pattern(child) for c, child in sorted(node.items()) if c]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


class PhraseSet:
    """Terms compiled once; `found` gives every term present in a folded text, overlapping
    ones included (预算执行审计 inside 部门预算执行审计 as well as 部门预算).  A term with *
    allows a short insertion (征收*土地 finds 征收集体土地)."""

    GAP_CHARS = 4

    def __init__(self, terms: Iterable[str]) -> None:
        terms = set(terms)
        plain = {t for t in terms if "*" not in t}
        self.inner = contained(plain)
        self.regex = trie_regex(plain)
        self.gaps = [
            (t, re.compile(f"[^{EDGE}]{{0,{self.GAP_CHARS}}}".join(map(re.escape, t.split("*")))))
            for t in sorted(terms - plain)
        ]

    def found(self, text: str) -> set[str]:
        hits: set[str] = set()
        match = self.regex.search(text) if text else None
        while match:
            hits.add(match.group())
            hits.update(self.inner.get(match.group(), ()))
            match = self.regex.search(text, match.start() + 1)
        hits.update(term for term, gap in self.gaps if text and gap.search(text))
        return hits
