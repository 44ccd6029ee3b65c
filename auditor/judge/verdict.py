"""Judge: one finding per (department, item) from the classifier's matches.

Each match becomes a piece of evidence with a state (valid, broken, stale) decided by the
page's reachability, its attachments and the item's freshness rule at as_of; the finding's
status follows the precedence of docs/classification.md: present > broken > stale > missing.
A candidate is only called broken when fixing the link would satisfy the rule: a dead link to
last year's budget is stale, not broken.  Re-running on a stored crawl replaces the run's
findings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from auditor.checklist.model import Checklist
from auditor.classify.attribution import Attributor, attributor_for
from auditor.classify.evidence import THRESHOLD, signals_from, why
from auditor.codeversion import code_digest
from auditor.inspection.file import Inspection
from auditor.judge.finding import (
    MAX_CANDIDATES,
    Evidence,
    Slot,
    finding_row,
    judge_item,
    load_findings,
)
from auditor.judge.freshness import assess, edition_year
from auditor.net.reasons import describe
from auditor.store import Store
from auditor.store.batch import chunks
from auditor.store.coerce import as_dict, as_list
from auditor.store.records import CheckRow, MatchRow, PageRow, SiteRow

__all__ = ["finding_row", "judge_item", "judge_run", "load_findings"]  # the judge's public API
CHUNK = 500  # matches judged per read of their pages and checks
NEAR = 1  # near misses (score 1-2) are read too: the candidates a reviewer should look at


@dataclass(frozen=True)
class Candidate:
    """A match with what the judge needs to know about it, before freshness."""

    url: str
    item: str
    department: str
    channel: str
    title: str
    published: str | None
    facts_year: int | None
    broken: str  # Chinese reason when the page/target or an attachment is broken, else ""
    reasons: tuple[str, ...]
    strength: str = (
        "plain"  # of the match: strong | plain | weak | near (auditor/classify/evidence.py)
    )
    signals: Any = None  # the match's stored signals (JSON text or rows), for `why`
    what: str = "页面"  # what `why` says proves the item: the page, or the link's text

    def why(self) -> str:
        """Chinese: why the page proves the item, built from the match's signals.  Built
        only for what a finding shows (a slot keeps 10 evidence and 5 near misses of the
        ~40k matches judged at 100k pages)."""
        signals = json.loads(self.signals) if isinstance(self.signals, str) else self.signals
        return why(signals_from(signals), self.what)


@dataclass
class Judging:
    checklist: Checklist
    as_of: dt.date
    attributor: Attributor
    sites: dict[str, SiteRow]
    # the pages and failed checks of the matches being judged (one chunk at a time)
    checks: dict[str, CheckRow] = field(default_factory=dict)
    pages: dict[str, PageRow] = field(default_factory=dict)
    owners: dict[str, str | None] = field(default_factory=dict)  # platform page -> department
    owed: dict[str, tuple[str, ...]] = field(default_factory=dict)  # item -> who owes it


def judge_run(
    store: Store, run_id: int, checklist: Checklist, inspection: Inspection
) -> list[dict[str, Any]]:
    """Judge a classified run; writes and returns its findings (Finding dicts).  A repeat
    whose every input equals an earlier run's takes that run's findings (`_reusable`)."""
    digest = judge_digest(checklist, inspection)
    earlier = _reusable(store, run_id, digest)
    if earlier is not None:
        store.copy_judgement(run_id, earlier, digest)
        return load_findings(store, run_id)
    findings = _judged(store, run_id, checklist, inspection)
    store.note_judge(run_id, digest)
    return findings


def judge_digest(checklist: Checklist, inspection: Inspection) -> str:
    """The judge's inputs that are not the run's rows: this code (every source file of the
    package), the checklist and the inspection (its day, departments, sites and settings)."""
    parts = repr((code_digest(), checklist, inspection))
    return hashlib.sha256(parts.encode()).hexdigest()


def _reusable(store: Store, run_id: int, digest: str) -> int | None:
    """The earlier run whose findings are this run's: the classifier compared this run's
    pages with it and copied all of its matches, it was judged with the same digest, and its
    pages (as the judge reads them), failed verdicts and sites are this run's.  A repeat in
    which nothing the judge reads changed (every page 304, or fetched again the same) then
    copies ~520 findings instead of judging ~60k matches (2.5 s at 100,000 pages)."""
    earlier = store.matches_copied_from(run_id)
    if earlier is None or store.unchanged_since(run_id) != earlier:
        return None
    if store.judged_with(earlier) != digest or not store.same_judge_inputs(run_id, earlier):
        return None
    return earlier


def _judged(
    store: Store, run_id: int, checklist: Checklist, inspection: Inspection
) -> list[dict[str, Any]]:
    judging = _context(store, run_id, checklist, inspection)
    slots = _evidence(store, run_id, judging)
    findings = []
    for item in checklist.items:
        for department in checklist.responsible(item, inspection.department_names()):
            has_site = any(
                s["department"] == department
                for s in judging.sites.values()
                if s["channel"] == "site"
            )
            slot = slots.get((department, item.id), Slot())
            findings.append(
                judge_item(
                    item,
                    department,
                    slot.best,
                    judging.as_of,
                    has_site,
                    total=slot.total,
                    valid_channels=slot.valid_channels,
                    candidates=slot.candidates,
                )
            )
    store.replace_rows("findings", run_id, [finding_row(f) for f in findings])
    return findings


def _context(store: Store, run_id: int, checklist: Checklist, inspection: Inspection) -> Judging:
    sites = {s["key"]: s for s in store.sites(run_id)}
    for site in inspection.all_sites:
        sites.setdefault(
            site.key, {"key": site.key, "department": site.department, "channel": site.channel}
        )
    names = inspection.department_names()
    owed = {item.id: tuple(checklist.responsible(item, names)) for item in checklist.items}
    judging = Judging(checklist, inspection.as_of, attributor_for(checklist, inspection), sites)
    judging.owed = owed
    return judging


def _evidence(store: Store, run_id: int, judging: Judging) -> dict[tuple[str, str], Slot]:
    """Matches stream in (url, item) order: all candidates for one URL and item, the only
    ones that can stand for the same evidence, are deduplicated together and then added to
    their slot; pages and checks are read for one chunk of matches at a time.  Near misses
    become the slot's candidates (pages a reviewer should look at), never evidence."""
    known = {item.id for item in judging.checklist.items}  # matches may predate a checklist edit
    own = store.page_match_keys(run_id, THRESHOLD)
    matches = (
        m
        for m in store.strong_matches(run_id, NEAR)
        if m["item"] in known and not _own_attachment(m, own)
    )
    slots: dict[tuple[str, str], Slot] = {}
    group: dict[tuple[str, str], tuple[Evidence, Candidate]] = {}
    current: tuple[str, str] | None = None
    store.begin_evidence(run_id)
    reuse = store.unchanged_since(run_id)  # pages the classifier found unchanged since
    for chunk in chunks(matches, CHUNK):
        _load_chunk(store, run_id, chunk, judging, reuse)
        for match in chunk:
            if (match["url"], match["item"]) != current:
                _flush(group, current, slots)
                group, current = {}, (match["url"], match["item"])
            _consider(match, judging, group, slots)
    _flush(group, current, slots)
    return slots


def _consider(
    match: MatchRow,
    judging: Judging,
    group: dict[tuple[str, str], tuple[Evidence, Candidate]],
    slots: dict[tuple[str, str], Slot],
) -> None:
    candidate = _candidate(match, judging)
    if candidate is None:
        return
    if match["score"] < THRESHOLD:
        slot = slots.setdefault((candidate.department, candidate.item), Slot())
        if len(slot.candidates) < MAX_CANDIDATES:  # else `consider` keeps nothing
            slot.consider({"url": candidate.url, "why": "可能相关:" + candidate.why()})
        return
    evidence = _assess(candidate, judging)
    key = (candidate.department, candidate.channel)
    if key not in group or evidence.sort_key() < group[key][0].sort_key():
        group[key] = (evidence, candidate)


def _flush(
    group: dict[tuple[str, str], tuple[Evidence, Candidate]],
    current: tuple[str, str] | None,
    slots: dict[tuple[str, str], Slot],
) -> None:
    for (department, _channel), (evidence, candidate) in group.items():
        slot = slots.setdefault((department, current[1] if current else ""), Slot())
        slot.add(evidence, candidate.why)


def _load_chunk(
    store: Store, run_id: int, chunk: list[MatchRow], judging: Judging, reuse: int | None
) -> None:
    """The pages (matched, and anchors' source pages) and failed checks (of matched URLs
    and of those pages' attachments) a chunk of matches needs; the previous chunk's go.
    Pages unchanged since run `reuse` come from what the judge noted of them then."""
    urls = {m["url"] for m in chunk} | _anchor_sources(chunk)
    judging.pages = store.evidence_pages(run_id, urls, reuse)
    attachments = {
        url
        for page in judging.pages.values()
        for a in as_list(as_dict(page.get("facts")).get("attachments"))
        if isinstance(url := as_dict(a).get("url"), str)
    }
    judging.checks = store.failed_checks_among(run_id, {m["url"] for m in chunk} | attachments)
    judging.owners = {}


def _own_attachment(match: MatchRow, pages: set[tuple[str, str]]) -> bool:
    """An anchor found on a page that itself discloses the item is that page's attachment
    or an internal link: the page is the evidence (its broken attachments make it broken)."""
    if match["source"] == "page":
        return False
    return (match.get("anchor_page"), match["item"]) in pages


def _anchor_sources(matches: Iterable[MatchRow]) -> set[str]:
    return {m.get("anchor_page") or "" for m in matches if m["source"] == "anchor"}


def _candidate(match: MatchRow, judging: Judging) -> Candidate | None:
    site = judging.sites.get(match.get("site_key") or "")
    if site is None:
        return None
    if match["source"] == "anchor":
        return _anchor_candidate(match, site, judging)
    page = judging.pages.get(match["url"])
    if page is None:
        return None
    facts = as_dict(page.get("facts"))
    title = str(facts.get("title") or page.get("title") or "")
    department = _owner(page, site, judging)
    if department is None or judging.attributor.is_foreign(title):
        return None
    return Candidate(
        match["url"],
        match["item"],
        department,
        site["channel"],
        title,
        _published(facts, page),
        facts.get("edition_year"),
        _page_broken(page, judging) or _attachment_broken(facts, judging),
        tuple(match["reasons"] or []),
        match.get("strength") or "plain",
        match.get("signals"),
    )


def _anchor_candidate(match: MatchRow, site: SiteRow, judging: Judging) -> Candidate | None:
    anchor = str(match.get("anchor") or "")
    department = (
        site["department"] if site["channel"] == "site" else _anchor_owner(match, site, judging)
    )
    if department is None or judging.attributor.is_foreign(anchor):
        return None
    page = judging.pages.get(match["url"])
    broken = _page_broken(page, judging) if page else _check_broken(match["url"], judging)
    if broken:
        broken = f"链接“{anchor}”指向的{broken}"
    return Candidate(
        match["url"],
        match["item"],
        department,
        site["channel"],
        anchor,
        match.get("listing_date"),
        None,
        broken,
        tuple(match["reasons"] or []),
        match.get("strength") or "plain",
        match.get("signals"),
        f"链接“{anchor}”",
    )


def _anchor_owner(match: MatchRow, site: SiteRow, judging: Judging) -> str | None:
    """Whose a platform link is: the department its text names, else the 发布机构 its
    listing row states (one naming another body makes it nobody's), else the owner of the
    page it sits on, else the one inspected department that owes the item (a dead link to
    the district's 本级财政预算 on the district's platform can be nobody else's)."""
    named = judging.attributor.department_in(str(match.get("anchor") or ""))
    if named:
        return named
    publisher = str(match.get("publisher") or "").strip()
    if publisher:
        return judging.attributor.department(publisher)
    owner = _source_owner(match, site, judging)
    if owner:
        return owner
    owed = judging.owed.get(match["item"], ())
    return owed[0] if len(owed) == 1 else None


def _source_owner(match: MatchRow, site: SiteRow, judging: Judging) -> str | None:
    source = judging.pages.get(match.get("anchor_page") or "")
    return _owner(source, site, judging) if source else None


def _owner(page: PageRow, site: SiteRow, judging: Judging) -> str | None:
    """A site page belongs to the site's department; a platform page to its 发布机构."""
    if site["channel"] != "platform":
        return site["department"]
    url = page["url"]
    if url not in judging.owners:
        judging.owners[url] = judging.attributor.owner_of(as_dict(page.get("facts")))
    return judging.owners[url]


def _published(facts: dict[str, Any], page: PageRow) -> str | None:
    value = facts.get("published") or page.get("listing_date")
    return str(value)[:10] if value else None


def _page_broken(page: PageRow, judging: Judging) -> str:
    facts = as_dict(page.get("facts"))
    check = judging.checks.get(page["url"])
    if facts.get("not_found"):
        return "页面显示“不存在”(软404)"
    if (page.get("status") or 0) >= 400 or (check and check.get("ok") == 0):
        return "页面无法访问" + _code(check, page.get("status"))
    return ""


def _check_broken(url: str, judging: Judging) -> str:
    check = judging.checks.get(url)
    if check is None or check.get("ok") != 0:
        return ""
    return "页面无法访问" + _code(check, check.get("status"))


def _attachment_broken(facts: dict[str, Any], judging: Judging) -> str:
    for attachment in as_list(facts.get("attachments")):
        url = as_dict(attachment).get("url")
        check = judging.checks.get(url) if isinstance(url, str) else None
        if check and check.get("ok") == 0:
            name = as_dict(attachment).get("text") or url
            return f"附件“{name}”无法下载" + _code(check, check.get("status"))
    return ""


def _code(check: CheckRow | None, status: Any) -> str:
    if isinstance(status, int) and status >= 400:
        return f"({status})"
    reason = (check or {}).get("reason") or ""
    return f"({describe(reason)})" if reason else ""


def _assess(candidate: Candidate, judging: Judging) -> Evidence:
    item = judging.checklist.item(candidate.item)
    year = edition_year(
        candidate.title, candidate.facts_year, candidate.published, judging.as_of.year + 1
    )
    verdict = assess(item.freshness, candidate.published, year, judging.as_of)
    if candidate.broken and (verdict.fresh or not verdict.known):
        state, why = "broken", candidate.broken
    elif not verdict.fresh:
        state, why = "stale", verdict.why
    else:
        state, why = "valid", ""
    return Evidence(
        candidate.url,
        candidate.title,
        candidate.published,
        candidate.channel,
        year,
        state,
        candidate.reasons,
        why,
        candidate.strength,
    )
