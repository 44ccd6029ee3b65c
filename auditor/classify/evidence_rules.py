"""The rules of the evidence model (docs/classification.md, section 1), applied to one
candidate's fields.  Kept apart from the Matcher that compiles the terms."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace

from auditor.classify.evidence import (
    ELEMENT_CAP,
    HEAD_CHARS,
    THRESHOLD,
    CompiledTerms,
    Fields,
    Match,
    Signal,
    bare,
    generic,
    generic_word,
)
from auditor.classify.phrases import EDGE

Hits = dict[int, dict[str, set[str]]]
NOTICE_OPENING = "关于"


def judge_fields(matcher: CompiledTerms, fields: Fields) -> list[Match]:
    """Proofs, near misses and vetoed matches of one candidate: items whose subject the
    identity names, or whose genre it names while the column names the subject; a title
    naming no subject is read through its body and attachment names.  The departments'
    own names are masked first (Matcher.unname)."""
    named = matcher.unname(fields.titles) if matcher.names is not None else fields.titles
    title, vetoes = _hits(matcher, matcher.found(named))
    if named != fields.titles:
        _lend_subjects(matcher, title, fields.titles)
        fields = replace(fields, titles=named)
    _lend_lead(matcher, title, fields.titles)
    context = _context(matcher, fields)
    found = []
    placed = {  # a genre any page may carry (公示) leaves the page to its body, not its column
        i
        for i, h in context.items()
        if "subject" in h and any(not generic_word(g) for g in title.get(i, {}).get("genre", ()))
    }
    for index in {i for i, h in title.items() if "subject" in h} | placed:
        match = _judge_item(matcher, index, fields, title.get(index, {}), context, vetoes)
        if match:
            found.append(match)
    if not any(m.titled or m.vetoed for m in found) and not vetoes:
        if generic(fields.titles):
            found += _generic_title(matcher, fields, title, from_body=True)
        elif not any("subject" in h for h in title.values()):
            found += _generic_title(matcher, fields, title, from_body=False)
    return _title_dominates(found)


def _lend_subjects(matcher: CompiledTerms, title: Hits, titles: str) -> None:
    """A publisher's name lends its subject to an item only when the rest of the title
    names one of the item's own specific genres: 食品药品监督管理局…行政处罚案件信息 is a food
    and drug penalty, while 征地拆迁办公室…招聘公告 takes nothing from 征地.  The name
    never lends a negative or a veto."""
    full, _ = _hits(matcher, matcher.found(titles))
    for index, hits in full.items():
        if "subject" not in hits or "subject" in title.get(index, {}):
            continue
        if any(not generic_word(g) for g in title.get(index, {}).get("genre", ())):
            title[index]["subject"] |= hits["subject"]


def _lend_lead(matcher: CompiledTerms, title: Hits, titles: str) -> None:
    """A title naming no subject of an item but one of its own specific genres, published
    by (and naming) the department the plan makes the item's lead, takes its subject from
    that name: 食药监局2014年5月监督检查结果公告 is a food and drug inspection result, while
    a generic or short genre (公告, 情况, 结果), another department's name, or a title that
    names some item's subject itself (…重点领域信息公开工作进展情况的报告) lends nothing."""
    if any("subject" in hits and "genre" in hits for hits in title.values()):
        return  # the title names what it is about itself
    for index, hits in list(title.items()):
        lead = matcher.leads[index]
        if "subject" in hits or lead is None:
            continue
        specific = any(
            len(g.strip(EDGE)) >= 4 and not generic_word(g) for g in hits.get("genre", ())
        )
        if specific and (found := lead.search(titles)):
            hits["subject"].add(found.group())


def _hits(matcher: CompiledTerms, phrases: set[str]) -> tuple[Hits, set[str]]:
    """Per item, the phrases of each kind; and the checklist's own non-proving genres."""
    per: Hits = defaultdict(lambda: defaultdict(set))
    vetoes = set()
    for phrase in phrases:
        for index, kind in matcher.uses.get(phrase, ()):
            if index < 0:
                vetoes.add(phrase)
            else:
                per[index][kind].add(phrase)
    return per, vetoes


def _context(matcher: CompiledTerms, fields: Fields) -> Hits:
    """Column and URL hints, and subject terms in the column (where the page sits)."""
    per: Hits = defaultdict(lambda: defaultdict(set))
    for field, kinds in (("columns", ("column", "subject")), ("urls", ("url",))):
        text = getattr(fields, field)
        for phrase in matcher.found(text) if field == "columns" else _url_terms(matcher, text):
            for index, kind in matcher.uses.get(phrase, ()):
                if index >= 0 and kind in kinds:
                    per[index]["column" if kind == "subject" else kind].add(phrase)
                    if kind == "subject":
                        per[index]["subject"].add(phrase)
    return per


def _url_terms(matcher: CompiledTerms, url: str) -> set[str]:
    return matcher.url_terms.found(url) if url else set()


def _judge_item(
    matcher: CompiledTerms,
    index: int,
    fields: Fields,
    title: dict[str, set[str]],
    context: Hits,
    vetoes: set[str],
) -> Match | None:
    item_id = matcher.items[index].id
    subject, genre = title.get("subject", set()), title.get("genre", set())
    veto = _vetoes(fields.titles, title, vetoes)
    genre = _closing(fields.titles, subject, genre)
    signals = [Signal("title", "subject", p, 2) for p in sorted(subject)]
    signals += [Signal("title", "genre", p, 1) for p in sorted(genre)]
    if veto:
        return Match(item_id, 0, tuple(signals + veto), "vetoed") if subject else None
    support = _support(matcher, index, fields, context.get(index, {}))
    elements = sum(1 for s in support if s.kind == "element")
    if subject and not genre and any(bare(fields.titles, p) for p in subject):
        signals.append(Signal("title", "bare", max(subject, key=len), 1))
        genre = {"bare"}
    if subject and genre:
        return _match(item_id, signals, support, "strong" if support else "plain")
    file_genre = any(s.field == "file" and s.kind == "genre" for s in support)
    placed = bool(context.get(index, {}).get("subject")) and bool(genre)
    if (subject and file_genre) or (placed and elements):
        return _match(item_id, signals, support, "weak")
    if (subject or placed) and support:
        return Match(item_id, min(len(support), THRESHOLD - 1), tuple(signals + support), "near")
    return None


def _vetoes(titles: str, title: dict[str, set[str]], vetoes: set[str]) -> list[Signal]:
    """The item's negatives, and the non-proving genres that are not part of the item's own
    matched terms nor overruled by a genre closing a notice (see _genre_closes)."""
    genres = title.get("genre", set())
    own = title.get("subject", set()) | genres
    plain = _REMARK.sub("", titles)  # an edition note (2014年调整) names no other item
    negatives = sorted(v for v in title.get("negative", set()) if v in plain)
    found = [Signal("title", "negative", v, 0) for v in negatives]
    for veto in sorted(vetoes | title.get("veto", set())):
        if not any(veto in p for p in own) and not _genre_closes(titles, veto, genres):
            found.append(Signal("title", "veto", veto, 0))
    return found


def _closing(titles: str, subject: set[str], genres: set[str]) -> set[str]:
    """Genres that end after a subject term begins: a Chinese title names its document
    type after its subject (征收土地公告), so 午间公告:某公司中标 is not a 中标公告.  The
    action a notice opens with counts too (关于调整…事项的公告: 调整), while a bracketed
    remark (2014年调整) is an edition note, never the document's type."""
    if not subject:
        return genres
    plain = _REMARK.sub("", titles)
    start = min(titles.find(s.split("*")[0]) for s in subject)
    return {
        g
        for g in genres
        if (g in plain and titles.rfind(g.rstrip(EDGE)) + len(g.rstrip(EDGE)) > start)
        or NOTICE_OPENING + g in titles
    }


_REMARK = re.compile(r"\([^()|]*\)")


def _genre_closes(titles: str, veto: str, genres: set[str]) -> bool:
    """A notice opening (关于做好…, 关于开展…) is decided by the document type that closes
    the title: 关于做好汛期安全工作的预警通知 is a warning (预警), while in
    关于做好部门预算公开工作的通知 nothing of the item's closes the title.  A bare 通知 (or
    …的通知) never decides, a qualified one (紧急通知) does, and news markers (召开, 签署)
    are never overruled."""
    if not veto.startswith(NOTICE_OPENING):
        return False
    for title in titles.split(EDGE):
        start = title.find(veto)
        for genre in genres if start >= 0 else ():
            if genre.rstrip(EDGE).endswith(("的通知", "关于")) or genre.rstrip(EDGE) == "通知":
                continue
            end = title.rfind(genre.rstrip(EDGE))
            if end > start + len(veto) - 1 and len(title) - end - len(genre.rstrip(EDGE)) <= 2:
                return True
    return False


def _support(matcher: CompiledTerms, index: int, fields: Fields, context: dict) -> list[Signal]:
    """Corroboration: elements in the body or attachment names, the item's subject and
    genre in attachment names, the column, the URL."""
    found = []
    for field, text in (("body", fields.body), ("file", fields.files)):
        hits = [p for p in matcher.elements[index] if p in text] if text else []
        found += [Signal(field, "element", p, 1) for p in hits[:ELEMENT_CAP]]
    if fields.files:
        named = {}
        for kind, term in matcher.named[index]:
            if kind not in named and term in fields.files:
                named[kind] = Signal("file", kind, term, 1)
        found += named.values()
    found += [Signal("column", "column", p, 1) for p in sorted(context.get("column", ()))[:1]]
    found += [Signal("url", "url", p, 1) for p in sorted(context.get("url", ()))[:1]]
    return found


def _match(item_id: str, signals: list[Signal], support: list[Signal], strength: str) -> Match:
    score = THRESHOLD + min(len(support), 3)
    return Match(item_id, score, tuple(signals + support), strength)


def _generic_title(
    matcher: CompiledTerms, fields: Fields, title: Hits, from_body: bool
) -> list[Match]:
    """A title that names no subject (公示, 2014年第3批, 附件; or 关于某村的公告) is read
    through its attachment names and the opening of its body: subject there, genre in the
    title (or, for a generic title, there too), and an element in the body, unless an
    attachment name alone holds both subject and genre."""
    if not from_body and not any("genre" in h for h in title.values()):
        return []
    in_files = matcher.found(fields.files)
    head, vetoes = _hits(matcher, in_files | matcher.found(fields.body[:HEAD_CHARS]))
    found = []
    for index, hits in head.items():
        subject = hits.get("subject", set())
        genre = title.get(index, {}).get("genre", set())
        genre |= hits.get("genre", set()) if from_body else (hits.get("genre", set()) & in_files)
        own = subject | genre  # as in the title: a veto inside the item's own term is not one
        if not subject or not genre or hits.get("negative"):
            continue
        if any(not any(v in p for p in own) for v in vetoes | hits.get("veto", set())):
            continue
        support = _support(matcher, index, fields, {})
        named = bool(subject & in_files) and bool(genre & in_files)
        if named or any(s.kind == "element" for s in support):
            field = "file" if named else "body"
            signals = [Signal(field, "subject", p, 2) for p in sorted(subject)]
            signals += [Signal(field, "genre", p, 1) for p in sorted(genre)]
            found.append(_match(matcher.items[index].id, signals, support, "weak"))
    return found


def _title_dominates(found: list[Match]) -> list[Match]:
    """When subject and genre agree in the title for some item, items found only through
    the body or the column are dropped: the title says what the page is."""
    if any(m.titled for m in found):
        return [m for m in found if m.titled or m.vetoed]
    return found
