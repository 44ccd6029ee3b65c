"""Folding and fast phrase search: the text form every checklist term and page field is
compared in, and one trie-shaped regex that finds hundreds of terms in one scan."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from auditor.attribution import clean

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
