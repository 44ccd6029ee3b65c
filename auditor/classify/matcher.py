"""The Matcher: every term of a checklist compiled once, applied to a candidate's fields by
the rules of auditor/classify/evidence_rules.py.  Apart from auditor/classify/evidence.py (the signals and
matches both build on), so the rules never import the module that calls them.
"""

from __future__ import annotations

import re
from collections import defaultdict

from auditor.checklist.model import Checklist, Item
from auditor.classify.evidence import NAME_MASK, Fields, Match
from auditor.classify.evidence_rules import judge_fields
from auditor.classify.phrases import EDGE, PhraseSet, fold, fold_term


class Matcher:
    """Every term of a checklist compiled into one PhraseSet, with a term -> uses index."""

    def __init__(self, checklist: Checklist) -> None:
        self.items: tuple[Item, ...] = tuple(checklist.items)
        self.uses: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for index, item in enumerate(self.items):
            self._index_item(index, item)
        for term in checklist.not_genre:
            self.uses[fold_term(term)].append((-1, "veto"))
        self.elements = [
            tuple(dict.fromkeys(t for p in (*i.elements, *i.hints.body) if (t := fold(p))))
            for i in self.items
        ]
        self.named = [  # subject and genre terms as attachment names are searched for them
            tuple((kind, t) for kind in ("subject", "genre") for t in _plain(getattr(i, kind)))
            for i in self.items
        ]
        self.terms = PhraseSet(t for t in self.uses if t.strip(EDGE))
        self.names = _telling_names(checklist, self.terms)
        self.leads = _lead_spellings(checklist, self.items)
        self.url_terms = PhraseSet(u.lower() for i in self.items for u in i.hints.urls)

    def _index_item(self, index: int, item: Item) -> None:
        kinds = {
            "subject": item.subject,
            "genre": item.genre,
            "veto": item.not_genre,
            "negative": item.hints.negative,
            "column": item.hints.columns,
            "url": item.hints.urls,
        }
        for kind, terms in kinds.items():
            for term in terms:
                self.uses[fold_term(term) if kind != "url" else term.lower()].append((index, kind))

    def found(self, text: str) -> set[str]:
        return self.terms.found(text)

    def unname(self, titles: str) -> str:
        """Titles with the departments' own names masked where a name holds a term
        (城区征地拆迁办 holds 征地, 审计局 holds 审计): the publisher's name says who wrote
        the page, not what it is, so it must neither prove nor veto an item."""
        return self.names.sub(NAME_MASK, titles) if self.names else titles

    def classify(self, fields: Fields) -> list[Match]:
        """Items this candidate proves (score >= THRESHOLD), near misses and vetoed ones."""
        return judge_fields(self, fields)


def _telling_names(checklist: Checklist, terms: PhraseSet) -> re.Pattern[str] | None:
    """One regex of the departments' names (without their place prefix) that contain a
    checklist term, longest first; None when no name does.  A name the checklist itself
    gives as a subject (应急管理局 for its penalty decisions) is kept: there the publisher
    does say what the page is about."""
    from auditor.classify.attribution import leading_places

    subjects = {fold(t) for item in checklist.items for t in item.subject}
    names = set()
    for department in getattr(checklist, "departments", ()):
        for spelling in (department.name, *department.aliases):
            folded = fold(spelling)
            for place in sorted(leading_places(folded), key=len, reverse=True):
                folded = folded.removeprefix(place)
            for local in ("城区", "本区", "区"):
                folded = folded.removeprefix(local)
            if len(folded) > 2 and terms.found(folded) and folded not in subjects:
                names.add(folded)
    if not names:
        return None
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))


def _lead_spellings(checklist: Checklist, items: tuple[Item, ...]) -> list[re.Pattern[str] | None]:
    """Per item, one regex of the spellings (without their place prefix) of the departments
    the plan names as its lead, when that department leads items of this one area only (a
    财政局 or 发改局 serves many): 食药监局 says the page is about food and drugs when the rest
    of the title names one of the item's own specific genres (see _lend_lead)."""
    from auditor.classify.attribution import leading_places

    spellings: dict[str, set[str]] = defaultdict(set)
    for department in getattr(checklist, "departments", ()):
        for spelling in (department.name, *department.aliases):
            folded = fold(spelling)
            for place in sorted(leading_places(folded), key=len, reverse=True):
                folded = folded.removeprefix(place)
            folded = folded.removeprefix("城区").removeprefix("区")
            if len(folded) > 2:
                spellings[department.name].add(folded)
    areas: dict[str, set[str]] = defaultdict(set)  # a department leading one area only
    for item in items:
        for department in item.lead:
            areas[department].add(item.area)
    out: list[re.Pattern[str] | None] = []
    for item in items:
        leads = [d for d in item.lead if len(areas[d]) == 1]
        names = sorted({s for d in leads for s in spellings.get(d, ())}, key=len, reverse=True)
        out.append(re.compile("|".join(map(re.escape, names))) if names else None)
    return out


def _plain(terms: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f for t in terms if "*" not in t and (f := fold(t.rstrip("$"))))
