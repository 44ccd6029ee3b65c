"""Classify: which checklist items a stored page, or a link's anchor text, proves.

The evidence model (auditor/classify/evidence.py, docs/classification.md): what a page IS (title,
信息名称, document number, or a link's anchor) must name an item's subject and genre, and no
non-proving genre (meeting, campaign, work plan …); body, attachments, column and URL only
corroborate.  Each match is written with its typed signals, anchor, anchor page and listing
date as columns of their own; the Chinese reasons are built from them for display only.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any

from auditor.checklist.model import Checklist
from auditor.classify import attribution, evidence, evidence_rules, noted, phrases
from auditor.classify.evidence import THRESHOLD, Fields, Match
from auditor.classify.matcher import Matcher
from auditor.classify.phrases import fold, join_fields, title_fields
from auditor.store import Store, coerce
from auditor.store import classify as queries
from auditor.store.coerce import as_dict, as_list
from auditor.store.pool import pool_workers, start_in_order, worker_store
from auditor.store.records import MatchRow, PageRow, SpeakingLink

__all__ = ["THRESHOLD", "Fields", "Matcher", "classify_run", "fold", "page_items"]
BODY_CHARS = 4000
_MATCHERS: dict[int, tuple[Checklist, Matcher]] = {}


def matcher_for(checklist: Checklist) -> Matcher:
    """The compiled matcher of a checklist object (kept while the object lives)."""
    known = _MATCHERS.get(id(checklist))
    if known is None or known[0] is not checklist:
        _MATCHERS.clear()
        known = _MATCHERS[id(checklist)] = (checklist, Matcher(checklist))
    return known[1]


def page_items(
    checklist: Checklist,
    *,
    title: str,
    column: str = "",
    url: str = "",
    text: str = "",
    attachments: Iterable[str] = (),
    doc_no: str = "",
    catalog_name: str = "",
) -> set[str]:
    """The item ids a page proves (not vetoed, at or above the threshold), before
    attribution: the stable entry point of labelled-set evaluations."""
    fields = Fields(
        title_fields([title, catalog_name, doc_no]),
        join_fields([column]),
        url.lower(),
        text[:BODY_CHARS],
        join_fields(attachments),
    )
    return {m.item for m in matcher_for(checklist).classify(fields) if m.proves}


# ---- reading the store ------------------------------------------------------------------
def page_fields(page: Mapping[str, Any]) -> Fields:
    """Fields of a stored page; facts are hostile input, so every value is coerced."""
    facts = as_dict(page.get("facts"))
    catalog, meta = as_dict(facts.get("catalog")), as_dict(facts.get("meta"))
    titles = [
        facts.get("title") or page.get("title"),
        catalog.get("name"),
        meta.get("ArticleTitle"),
        catalog.get("doc_no"),
    ]
    columns = [facts.get("column"), meta.get("ColumnName"), *as_list(facts.get("breadcrumb"))]
    names = [as_dict(a).get("text") for a in as_list(facts.get("attachments"))]
    body = str(facts.get("text") or "")[:BODY_CHARS]
    url = str(page.get("url") or "").lower()
    return Fields(title_fields(titles), join_fields(columns), url, body, join_fields(names))


def classify_run(store: Store, run_id: int, checklist: Checklist) -> int:
    """Classify every stored page and every link anchor of a run; replaces its matches.
    A page whose classifier inputs equal those of the same URL in an earlier run classified
    by this same code and checklist keeps that run's matches (copied in SQL), so a repeat
    audit matches only what changed.  Rows stream into the matches table: memory stays flat."""
    matcher = matcher_for(checklist)
    digest = classifier_digest(checklist)
    reuse = store.classified_run(run_id, digest)
    store.find_unchanged_pages(run_id, reuse)
    tag = noted.prefix(digest[: noted.TAG_CHARS])
    # asked once: none at all in an unchanged repeat, nor in a first audit whose crawl noted
    # every page's matches
    ids = store.changed_page_ids(run_id, tag)
    matched = _changed_page_rows(store, ids, checklist, digest)
    same_anchors = store.same_anchor_matches(run_id, reuse)  # then copied, not read
    anchors: Iterable[MatchRow] = () if same_anchors else _anchor_rows(store, run_id, matcher)
    if matched is not None:  # the workers match the pages while this process reads anchors
        anchors = list(anchors)
    else:
        matched = _page_groups(store.pages_by_ids(ids), matcher)
    by_page = heapq.merge(_noted_groups(store.noted_pages(run_id, tag)), matched, key=_first)
    pages = chain.from_iterable(rows for _, rows in by_page)
    rows = chain(pages, anchors)
    return store.replace_matches(run_id, rows, digest, reuse, same_anchors)


def classifier_digest(checklist: Checklist) -> str:
    """What a page's matches depend on besides the page: this code (and the folding and
    coercion it uses, and the store's classify queries, which also write the notes a repeat
    reuses) and the checklist's hints.  Equal digests give equal matches."""
    digest = hashlib.sha256()
    for module in (
        sys.modules[__name__],
        attribution,
        coerce,
        evidence,
        evidence_rules,
        noted,
        phrases,
        queries,
    ):
        digest.update(Path(str(module.__file__)).read_bytes())
    model = [(i.id, i.subject, i.genre, i.not_genre, i.elements, i.hints) for i in checklist.items]
    names = [(d.name, d.aliases) for d in checklist.departments]  # masked in titles
    digest.update(repr((model, checklist.not_genre, names)).encode())
    return digest.hexdigest()


PageGroup = tuple[int, list[MatchRow]]  # a page's id and its rows: merged in id order


def _changed_page_rows(
    store: Store, ids: list[int], checklist: Checklist, digest: str
) -> Iterator[PageGroup] | None:
    """The changed pages' (`ids`, ascending) matches computed by worker processes, one slice
    of pages each (auditor/store/pool.py), and yielded in page order, so the one writer (this
    process) writes the same rows in the same order as one process would; None when a pool
    does not pay (one core, a small run, or a repeat with few changed pages)."""
    workers = pool_workers(len(ids), len(ids))
    if workers == 1:
        return None
    size = max(1, -(-len(ids) // (workers * SLICES_PER_WORKER)))
    tasks = [(tuple(ids[i : i + size]), digest, checklist) for i in range(0, len(ids), size)]
    slices = start_in_order(store, _slice_rows, tasks, [0] * len(tasks), workers, "分类页面")
    return chain.from_iterable(slices)


SLICES_PER_WORKER = 4  # equal slices, a few per worker, so none waits long for the last
_BY_DIGEST: dict[str, Matcher] = {}  # a worker's matcher, compiled once for all its slices


def _slice_rows(ids: tuple[int, ...], digest: str, checklist: Checklist) -> list[PageGroup]:
    """One slice of pages matched in a worker, read from the worker's read-only store."""
    if digest not in _BY_DIGEST:
        _BY_DIGEST[digest] = Matcher(checklist)
    return list(_page_groups(worker_store().pages_by_ids(ids), _BY_DIGEST[digest]))


def _page_groups(pages: Iterable[PageRow], matcher: Matcher) -> Iterator[PageGroup]:
    for page in pages:
        _, matches = _matches(matcher, page)
        yield page["id"], [_row(page["url"], page.get("site_key"), "page", m) for m in matches]


def _noted_groups(pages: Iterable[tuple[int, str, str, str]]) -> Iterator[PageGroup]:
    """The rows of pages whose matches the crawl noted (auditor/classify/noted.py)."""
    for page_id, url, site_key, note in pages:
        yield page_id, [_row(url, site_key, "page", m) for m in noted.noted_matches(note)]


def _first(group: PageGroup) -> int:
    return group[0]


def _matches(matcher: Matcher, page: Mapping[str, Any]) -> tuple[bool, list[Match]]:
    """Whether the page is a column page, and its matches: none for a column page that is
    not broken (a column index is never evidence, but a broken one still says what it was
    meant to be)."""
    facts = as_dict(page.get("facts"))
    column = is_column_page(facts, str(page.get("url") or ""))
    if column and not (bool(facts.get("not_found")) or (page.get("status") or 0) >= 400):
        return column, []
    return column, matcher.classify(page_fields(page))


def evidence_candidate(checklist: Checklist) -> Callable[[dict[str, Any]], bool]:
    """A crawl-time test of whether a page may become evidence, so that its body is kept as
    fetched for the evidence pack; the real classification runs after the crawl, and copies
    the matches the test notes in the page row (auditor/classify/noted.py).  The caller hands
    it to the crawl (which never imports the classifier); picklable, since a parallel crawl's
    processes are spawned."""
    tag = classifier_digest(checklist)[: noted.TAG_CHARS]
    return partial(_may_be_evidence, matcher_for(checklist), tag)


def _may_be_evidence(matcher: Matcher, tag: str, page: dict[str, Any]) -> bool:
    """Whether the page (a row about to be stored) may be evidence; notes its matches in it."""
    column, matches = _matches(matcher, page)
    page["page_matches"] = noted.note(tag, matches)
    return not column and any(m.proves for m in matches)


def is_column_page(facts: dict[str, Any], url: str = "") -> bool:
    """A listing, or a page titled just like its column (a column index the extractor did
    not recognise): undated, or at a directory or index address, or titled 栏目-站点名
    (食品安全-某局). An empty 部门预决算 column discloses nothing, and a column index is
    never evidence whatever the entries it lists."""
    if facts.get("is_listing"):
        return True
    column = fold(str(facts.get("column") or ""))
    raw = str(facts.get("title") or "")
    parts = [fold(p) for p in _TITLE_PARTS.split(raw) if p.strip()]
    if not column or column not in parts:
        return False
    index = _INDEX_URL.search(url.split("?")[0]) is not None
    return len(parts) > 1 or index or not facts.get("published")


_TITLE_PARTS = re.compile(r"\s+[-_|—–]+\s+|\s*[_|—–]+\s*|-")  # 栏目-站点名, 栏目_站点名
_INDEX_URL = re.compile(r"(?:/|/index(?:_\d+)?\.[a-z]+)$", re.IGNORECASE)


def _anchor_rows(store: Store, run_id: int, matcher: Matcher) -> Iterator[MatchRow]:
    """Anchors matter only where the page itself cannot speak: a broken target, a soft-404,
    or a non-HTML file (an .xls budget) that was checked but is not a stored page.  Links
    come grouped by target, so only one target's rows are held at a time."""
    rows: dict[tuple[str, str, str], MatchRow] = {}
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
            known[anchor] = matcher.classify(Fields(title_fields([anchor])))
        for match in known[anchor]:
            key = (target, link.get("site_key") or "", match.item)
            if key not in rows or rows[key]["score"] < match.score:
                rows[key] = _row(target, key[1], "anchor", match, link)
    yield from rows.values()


def _anchor_target_speaks(link: SpeakingLink) -> bool:
    """A stored target page counts only when broken (status, or PageFacts.not_found);
    any other target only when it was checked."""
    if not link.get("stored"):
        return link.get("check_ok") is not None
    not_found = link.get("not_found")
    return (
        bool(json.loads(not_found) if not_found else None) or (link.get("page_status") or 0) >= 400
    )


def _row(
    url: str, site_key: str | None, source: str, match: Match, link: SpeakingLink | None = None
) -> MatchRow:
    """A matches row: typed columns for the judge, reasons built from them for display."""
    link = link or {}
    context = []
    if link:
        context = [
            f"链接文字“{str(link.get('anchor') or '').strip()}”",
            f"所在页面 {link['source']}",
        ]
    return {
        "url": url,
        "site_key": site_key,
        "source": source,
        "item": match.item,
        "score": match.score,
        "strength": match.strength,
        "signals": [s.as_dict() for s in match.signals],
        "anchor": str(link.get("anchor") or "").strip() or None,
        "anchor_page": link.get("source"),
        "listing_date": link.get("listing_date"),
        "publisher": str(link.get("publisher") or "").strip() or None,
        "reasons": context + list(match.reasons),
    }
