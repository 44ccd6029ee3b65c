"""Classify: which checklist items a stored page, or a link's anchor text, discloses.

Scoring is additive and explainable (docs/classification.md): a hint phrase in the title
(or 信息名称, or a link's anchor) scores 3, in the column/breadcrumb 2, in the URL 1, in the
main text or attachment names 1 each (at most 2).  A match needs 3.  A negative phrase in
the title vetoes the item, as do the generic meeting/news markers below, so "召开部门预算
公开工作部署会" never counts as publishing the budget.  All phrases are compiled into one
trie-shaped regex, scanned once over the short fields of each page; the long body text is
only searched for items that already scored elsewhere, since body words alone never reach
the threshold.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from auditor import attribution, coerce
from auditor.attribution import clean
from auditor.checklist import Checklist, Item
from auditor.coerce import as_dict, as_list

WEIGHTS = {"titles": 3, "columns": 2, "urls": 1, "body": 1}
BODY_CAP = 2
THRESHOLD = 3
BODY_CHARS = 4000
FIELD_WORDS = {"titles": "标题", "columns": "栏目", "urls": "网址", "body": "正文"}
# Words that mark meeting notices, training and news about disclosure work rather than the
# disclosure itself.  Kept narrow: 检查, 开展, 方案 and 公告 are legitimate disclosures.
GENERIC_NEGATIVES = (
    "召开",
    "部署会",
    "推进会",
    "动员会",
    "动员大会",
    "座谈会",
    "培训",
    "工作会议",
    "专题会议",
    "会议精神",
    "研讨会",
    "调研",
    "视察",
    "莅临",
    "宣传周",
    "宣传月",
    "宣传活动",
    "学习贯彻",
    "公开工作实施方案",
    "公开工作方案",
    "公开工作要点",
    "公开工作的通知",
    "公开工作会",
    "公开工作推进",
    "公开工作情况",
    "公开工作总结",
    "公开工作自查",
    "关于报送",
    "廉政",
    "警示教育",
    "主要职责",
    "主要职能",
    "机构职能",
    "内设机构",
    "领导班子",
)
_FULLWIDTH = {0xFF01 + n: 0x21 + n for n in range(94)}  # full-width ASCII forms
_HAS_FULLWIDTH = re.compile("[\uff01-\uff5e]")


def fold(text: str) -> str:
    """The form every phrase and field is compared in: no spaces or quotes, ASCII digits."""
    text = clean(text)
    if _HAS_FULLWIDTH.search(text):  # translate() is slow, and most text has none
        text = text.translate(_FULLWIDTH)
    return text.lower()


@dataclass(frozen=True)
class Fields:
    """The parts of one candidate that phrases are looked for in."""

    titles: str
    columns: str = ""
    urls: str = ""
    body: str = ""


@dataclass(frozen=True)
class Match:
    item: str
    score: int
    reasons: tuple[str, ...]
    vetoed: bool = False
    titled: bool = False  # a title phrase matched, not only column/body/URL context


class Matcher:
    """Every hint phrase of a checklist compiled into one regex, with a phrase → uses index."""

    def __init__(self, checklist: Checklist) -> None:
        self.items: tuple[Item, ...] = tuple(checklist.items)
        self.uses: dict[str, list[tuple[int, str]]] = {}
        for index, item in enumerate(self.items):
            self._index_item(index, item)
        for phrase in GENERIC_NEGATIVES:
            self.uses.setdefault(fold(phrase), []).append((-1, "generic"))
        self.inner = _contained(self.uses)
        self.regex = trie_regex(self.uses)

    def _index_item(self, index: int, item: Item) -> None:
        hints = item.hints
        for kind in ("titles", "columns", "urls", "body", "negative"):
            for phrase in getattr(hints, kind):
                if fold(phrase):
                    self.uses.setdefault(fold(phrase), []).append((index, kind))

    def found(self, text: str) -> set[str]:
        """Phrases present in an already folded text, overlapping ones included: the
        longest phrase at every start position (预算执行审计 inside 部门预算执行审计 as well
        as 部门预算), plus the phrases nested in each hit."""
        hits: set[str] = set()
        match = self.regex.search(text) if text else None
        while match:
            hits.add(match.group())
            hits.update(self.inner.get(match.group(), ()))
            match = self.regex.search(text, match.start() + 1)
        return hits

    def classify(self, fields: Fields) -> list[Match]:
        """Items this candidate discloses (score >= THRESHOLD), vetoed ones flagged."""
        scores: dict[int, dict[str, list[str]]] = {}
        vetoes: dict[int, list[str]] = {}
        generic = [p for p in self.found(fields.titles) if (-1, "generic") in self.uses[p]]
        for field in ("titles", "columns", "urls"):
            for phrase in self.found(getattr(fields, field)):
                self._credit(phrase, field, scores, vetoes)
        found = [
            m
            for i, hits in scores.items()
            if (m := self._finish(i, hits, fields, vetoes.get(i, []), generic))
        ]
        return _title_dominates(found)

    def _credit(self, phrase: str, field: str, scores: dict, vetoes: dict) -> None:
        for index, kind in self.uses[phrase]:
            if kind == field:
                scores.setdefault(index, {}).setdefault(field, []).append(phrase)
            elif kind == "negative" and field == "titles":
                vetoes.setdefault(index, []).append(phrase)

    def _finish(
        self,
        index: int,
        hits: dict[str, list[str]],
        fields: Fields,
        vetoes: list[str],
        generic: list[str],
    ) -> Match | None:
        score = sum(WEIGHTS[f] for f in hits)
        if score < THRESHOLD and fields.body:
            body = [p for p in self.items[index].hints.body if fold(p) and fold(p) in fields.body]
            if body:
                hits["body"] = [fold(p) for p in body[:BODY_CAP]]
                score += min(len(body), BODY_CAP) * WEIGHTS["body"]
        if score < THRESHOLD:
            return None
        reasons = [
            f"{FIELD_WORDS[f]}含“{p}”" for f, phrases in hits.items() for p in sorted(phrases)
        ]
        titles = hits.get("titles", [])
        vetoes = vetoes + [g for g in generic if not any(g in t for t in titles)]
        reasons += [f"否决:标题含“{v}”" for v in sorted(set(vetoes))]
        return Match(self.items[index].id, score, tuple(reasons), bool(vetoes), bool(titles))


def _title_dominates(found: list[Match]) -> list[Match]:
    """When the title names an item, items matched only by context (a shared column such as
    保障性住房 plus a body word) are dropped: the title says what the page is."""
    if any(m.titled and not m.vetoed for m in found):
        return [m for m in found if m.titled]
    return found


def _contained(uses: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    phrases = list(uses)
    return {p: inner for p in phrases if (inner := tuple(q for q in phrases if q != p and q in p))}


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


# ---- reading the store ------------------------------------------------------------------
def page_fields(page: dict[str, Any]) -> Fields:
    """Fields of a stored page; facts are hostile input, so every value is coerced."""
    facts = as_dict(page.get("facts"))
    catalog, meta = as_dict(facts.get("catalog")), as_dict(facts.get("meta"))
    titles = [
        facts.get("title") or page.get("title"),
        catalog.get("name"),
        meta.get("ArticleTitle"),
    ]
    columns = [facts.get("column"), meta.get("ColumnName"), *as_list(facts.get("breadcrumb"))]
    names = [as_dict(a).get("text") for a in as_list(facts.get("attachments"))]
    body = _join([str(facts.get("text") or "")[:BODY_CHARS], *names])
    return Fields(_join(titles), _join(columns), str(page.get("url") or "").lower(), body)


def _join(parts: Iterable[Any]) -> str:
    seen = dict.fromkeys(fold(str(p)) for p in parts if p)
    return "|".join(p for p in seen if p)


def anchor_reasons(anchor: str, source: str, listing_date: str | None) -> list[str]:
    """Context of an anchor candidate, kept in its reasons so the judge (and a reader)
    sees which link on which page named the item."""
    reasons = [f"链接文字“{anchor}”", f"所在页面 {source}"]
    return reasons + ([f"列表日期 {listing_date}"] if listing_date else [])


_ANCHOR_CONTEXT = re.compile(
    r"^(链接文字“(?P<anchor>.*)”|所在页面 (?P<source>\S+)|列表日期 (?P<date>\S+))$"
)


def anchor_context(reasons: Iterable[str]) -> dict[str, str]:
    """Read back what anchor_reasons wrote: anchor, source and date."""
    found: dict[str, str] = {}
    for reason in reasons:
        match = _ANCHOR_CONTEXT.match(reason)
        if match:
            found.update({k: v for k, v in match.groupdict().items() if v})
    return found


def classify_run(store: Any, run_id: int, checklist: Checklist) -> int:
    """Classify every stored page and every link anchor of a run; replaces its matches.
    A page whose classifier inputs equal those of the same URL in an earlier run classified
    by this same code and checklist keeps that run's matches (copied in SQL), so a repeat
    audit matches only what changed.  Rows stream into the matches table: memory stays flat."""
    matcher = Matcher(checklist)
    digest = classifier_digest(checklist)
    reuse = store.classified_run(run_id, digest)
    count = [0]

    def counted(rows: Iterable[dict]) -> Iterator[dict]:
        for row in rows:
            count[0] += 1
            yield row

    pages = _page_rows(store.changed_pages(run_id, reuse), matcher)
    rows = chain(pages, _anchor_rows(store, run_id, matcher))
    copied = store.replace_matches(run_id, counted(rows), digest, reuse)
    return copied + count[0]


def classifier_digest(checklist: Checklist) -> str:
    """What a page's matches depend on besides the page: this code (and the folding and
    coercion it uses) and the checklist's hints.  Equal digests give equal matches."""
    digest = hashlib.sha256()
    for module in (sys.modules[__name__], attribution, coerce):
        digest.update(Path(str(module.__file__)).read_bytes())
    digest.update(repr([(item.id, item.hints) for item in checklist.items]).encode())
    return digest.hexdigest()


def _page_rows(pages: Iterable[dict[str, Any]], matcher: Matcher) -> Iterator[dict]:
    for page in pages:
        facts = as_dict(page.get("facts"))
        bad = bool(facts.get("not_found")) or (page.get("status") or 0) >= 400
        if is_column_page(facts) and not bad:
            continue
        for match in matcher.classify(page_fields(page)):
            yield _row(page["url"], page.get("site_key"), "page", match, list(match.reasons))


def evidence_candidate(checklist: Checklist) -> Callable[[dict[str, Any]], bool]:
    """A crawl-time test of whether a page may become evidence, so that its body is kept as
    fetched for the evidence pack; the real classification runs after the crawl."""
    matcher = Matcher(checklist)

    def may_be_evidence(page: dict[str, Any]) -> bool:
        if is_column_page(as_dict(page.get("facts"))):
            return False
        return any(not m.vetoed for m in matcher.classify(page_fields(page)))

    return may_be_evidence


def is_column_page(facts: dict[str, Any]) -> bool:
    """A listing, or an undated page titled just like its column (a column index the
    extractor did not recognise): an empty 部门预决算 column discloses nothing."""
    if facts.get("is_listing"):
        return True
    title, column = fold(str(facts.get("title") or "")), fold(str(facts.get("column") or ""))
    return bool(title) and title == column and not facts.get("published")


def _anchor_rows(store: Any, run_id: int, matcher: Matcher) -> Iterator[dict]:
    """Anchors matter only where the page itself cannot speak: a broken target, a soft-404,
    or a non-HTML file (an .xls budget) that was checked but is not a stored page.  Links
    come grouped by target, so only one target's rows are held at a time."""
    rows: dict[tuple[str, str, str], dict] = {}
    known: dict[str, list[Match]] = {}  # menus repeat the same few anchors on every page
    current = None
    for link in store.anchor_links(run_id):
        target, anchor = link.get("target") or "", str(link.get("anchor") or "")
        if target != current:
            yield from rows.values()
            rows, current = {}, target
        if not anchor.strip() or not _anchor_target_speaks(link):
            continue
        if anchor not in known:
            known[anchor] = matcher.classify(Fields(_join([anchor])))
        for match in known[anchor]:
            key = (target, link.get("site_key") or "", match.item)
            if key not in rows or rows[key]["score"] < match.score:
                reasons = anchor_reasons(anchor.strip(), link["source"], link.get("listing_date"))
                rows[key] = _row(target, key[1], "anchor", match, reasons + list(match.reasons))
    yield from rows.values()


def _anchor_target_speaks(link: dict[str, Any]) -> bool:
    """A stored target page counts only when broken (status, or PageFacts.not_found);
    any other target only when it was checked."""
    if not link.get("stored"):
        return link.get("check_ok") is not None
    not_found = link.get("not_found")
    return (
        bool(json.loads(not_found) if not_found else None) or (link.get("page_status") or 0) >= 400
    )


def _row(url: str, site_key: str | None, source: str, match: Match, reasons: list[str]) -> dict:
    score = 0 if match.vetoed else match.score
    return {
        "url": url,
        "site_key": site_key,
        "source": source,
        "item": match.item,
        "score": score,
        "reasons": reasons,
    }
