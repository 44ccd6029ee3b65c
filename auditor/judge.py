"""Judge: one finding per (department, item) from the classifier's matches.

Each match becomes a piece of evidence with a state (valid, broken, stale) decided by the
page's reachability, its attachments and the item's freshness rule at as_of; the finding's
status follows DESIGN.md's precedence present > broken > stale > missing.  A candidate is
only called broken when fixing the link would satisfy the rule: a dead link to last year's
budget is stale, not broken.  Re-running on a stored crawl replaces the run's findings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from auditor.attribution import Attributor, attributor_for
from auditor.checklist import Checklist, Item
from auditor.classify import THRESHOLD, anchor_context
from auditor.coerce import as_dict, as_list
from auditor.freshness import assess, days_left, edition_year

MAX_EVIDENCE = 10
STATE_RANK = {"valid": 0, "broken": 1, "stale": 2}
CHANNEL_WORDS = {"site": "部门网站", "platform": "统一平台"}


@dataclass(frozen=True)
class Evidence:
    url: str
    title: str
    published: str | None
    channel: str
    edition_year: int | None
    state: str
    reasons: tuple[str, ...]
    why: str = ""  # Chinese: why stale or broken

    def as_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "title": self.title,
            "published": self.published,
            "channel": self.channel,
            "edition_year": self.edition_year,
            "state": self.state,
            "reasons": [*self.reasons, *([self.why] if self.why else [])],
        }

    def sort_key(self) -> tuple:
        newest = (self.edition_year or 0, self.published or "")
        return (STATE_RANK[self.state], -newest[0], _negate(newest[1]), self.channel, self.url)


def _negate(text: str) -> str:
    return "".join(chr(0x10FFFF - ord(c)) for c in text)


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


@dataclass
class Context:
    checklist: Checklist
    as_of: dt.date
    attributor: Attributor
    sites: dict[str, dict[str, Any]]
    checks: dict[str, dict[str, Any]] = field(default_factory=dict)
    pages: dict[str, dict[str, Any]] = field(default_factory=dict)
    owners: dict[str, str | None] = field(default_factory=dict)  # platform page -> department


def judge_run(store: Any, run_id: int, checklist: Checklist, inspection: Any) -> list[dict]:
    """Judge a classified run; writes and returns its findings (Finding dicts)."""
    ctx = _context(store, run_id, checklist, inspection)
    grouped = _evidence(store, run_id, ctx)
    findings = []
    for item in checklist.items:
        for department in checklist.responsible(item, inspection.department_names()):
            has_site = any(
                s["department"] == department for s in ctx.sites.values() if s["channel"] == "site"
            )
            found = grouped.get((department, item.id), [])
            findings.append(judge_item(item, department, found, ctx.as_of, has_site))
    store.replace_rows("findings", run_id, [finding_row(f) for f in findings])
    return findings


def _context(store: Any, run_id: int, checklist: Checklist, inspection: Any) -> Context:
    sites = {s["key"]: s for s in store.sites(run_id)}
    for site in inspection.all_sites:
        sites.setdefault(
            site.key, {"key": site.key, "department": site.department, "channel": site.channel}
        )
    ctx = Context(checklist, inspection.as_of, attributor_for(checklist, inspection), sites)
    ctx.checks = {c["url"]: c for c in store.iter_checks(run_id)}
    return ctx


def _evidence(store: Any, run_id: int, ctx: Context) -> dict[tuple[str, str], list[Evidence]]:
    known = {item.id for item in ctx.checklist.items}  # matches may predate a checklist edit
    matches = [
        m
        for m in store.iter_rows("matches", run_id)
        if (m["score"] or 0) >= THRESHOLD and m["item"] in known
    ]
    wanted = {m["url"] for m in matches} | _anchor_sources(matches)
    for page in store.iter_pages(run_id):
        if page["url"] in wanted:
            ctx.pages[page["url"]] = page
    grouped: dict[tuple[str, str], dict[str, Evidence]] = {}
    for match in _without_own_attachments(matches):
        candidate = _candidate(match, ctx)
        if candidate is None:
            continue
        evidence = _assess(candidate, ctx)
        slot = grouped.setdefault((candidate.department, candidate.item), {})
        key = f"{candidate.channel} {candidate.url}"
        if key not in slot or evidence.sort_key() < slot[key].sort_key():
            slot[key] = evidence
    return {k: sorted(v.values(), key=Evidence.sort_key) for k, v in grouped.items()}


def _without_own_attachments(matches: list[dict]) -> list[dict]:
    """An anchor found on a page that itself discloses the item is that page's attachment
    or an internal link: the page is the evidence (its broken attachments make it broken)."""
    pages = {(m["url"], m["item"]) for m in matches if m["source"] == "page"}
    return [
        m
        for m in matches
        if m["source"] == "page"
        or (anchor_context(m["reasons"] or []).get("source"), m["item"]) not in pages
    ]


def _anchor_sources(matches: Iterable[dict]) -> set[str]:
    return {
        anchor_context(m["reasons"] or []).get("source", "")
        for m in matches
        if m["source"] == "anchor"
    }


def _candidate(match: dict, ctx: Context) -> Candidate | None:
    site = ctx.sites.get(match.get("site_key") or "")
    if site is None:
        return None
    if match["source"] == "anchor":
        return _anchor_candidate(match, site, ctx)
    page = ctx.pages.get(match["url"])
    if page is None:
        return None
    facts = as_dict(page.get("facts"))
    title = str(facts.get("title") or page.get("title") or "")
    department = _owner(page, site, ctx)
    if department is None or ctx.attributor.is_foreign(title):
        return None
    return Candidate(
        match["url"],
        match["item"],
        department,
        site["channel"],
        title,
        _published(facts, page),
        facts.get("edition_year"),
        _page_broken(page, ctx) or _attachment_broken(facts, ctx),
        tuple(match["reasons"] or []),
    )


def _anchor_candidate(match: dict, site: dict, ctx: Context) -> Candidate | None:
    context = anchor_context(match["reasons"] or [])
    anchor = context.get("anchor", "")
    department = (
        site["department"]
        if site["channel"] == "site"
        else (ctx.attributor.department_in(anchor) or _source_owner(context, site, ctx))
    )
    if department is None or ctx.attributor.is_foreign(anchor):
        return None
    page = ctx.pages.get(match["url"])
    broken = _page_broken(page, ctx) if page else _check_broken(match["url"], ctx)
    if broken:
        broken = f"链接“{anchor}”指向的{broken}"
    return Candidate(
        match["url"],
        match["item"],
        department,
        site["channel"],
        anchor,
        context.get("date"),
        None,
        broken,
        tuple(match["reasons"] or []),
    )


def _source_owner(context: dict[str, str], site: dict, ctx: Context) -> str | None:
    source = ctx.pages.get(context.get("source", ""))
    return _owner(source, site, ctx) if source else None


def _owner(page: dict, site: dict, ctx: Context) -> str | None:
    """A site page belongs to the site's department; a platform page to its 发布机构."""
    if site["channel"] != "platform":
        return site["department"]
    url = page["url"]
    if url not in ctx.owners:
        ctx.owners[url] = ctx.attributor.owner_of(as_dict(page.get("facts")))
    return ctx.owners[url]


def _published(facts: dict[str, Any], page: dict[str, Any]) -> str | None:
    value = facts.get("published") or page.get("listing_date")
    return str(value)[:10] if value else None


def _page_broken(page: dict[str, Any], ctx: Context) -> str:
    facts = as_dict(page.get("facts"))
    check = ctx.checks.get(page["url"])
    if facts.get("not_found"):
        return "页面显示“不存在”(软404)"
    if (page.get("status") or 0) >= 400 or (check and check.get("ok") == 0):
        return "页面无法访问" + _code(check, page.get("status"))
    return ""


def _check_broken(url: str, ctx: Context) -> str:
    check = ctx.checks.get(url)
    if check is None or check.get("ok") != 0:
        return ""
    return "页面无法访问" + _code(check, check.get("status"))


def _attachment_broken(facts: dict[str, Any], ctx: Context) -> str:
    for attachment in as_list(facts.get("attachments")):
        url = as_dict(attachment).get("url")
        check = ctx.checks.get(url) if isinstance(url, str) else None
        if check and check.get("ok") == 0:
            name = as_dict(attachment).get("text") or url
            return f"附件“{name}”无法下载" + _code(check, check.get("status"))
    return ""


def _code(check: dict | None, status: Any) -> str:
    if isinstance(status, int) and status >= 400:
        return f"({status})"
    reason = (check or {}).get("reason") or ""
    return f"({_describe(reason)})" if reason else ""


def _describe(reason: str) -> str:
    try:
        from auditor.reasons import describe
    except ImportError:  # pragma: no cover - the fetch vocabulary module is optional here
        return reason
    return describe(reason)


def _assess(candidate: Candidate, ctx: Context) -> Evidence:
    item = ctx.checklist.item(candidate.item)
    year = edition_year(
        candidate.title, candidate.facts_year, candidate.published, ctx.as_of.year + 1
    )
    verdict = assess(item.freshness, candidate.published, year, ctx.as_of)
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
    )


# ---- one finding ------------------------------------------------------------------------
def judge_item(
    item: Item, department: str, evidence: list[Evidence], as_of: dt.date, has_site: bool = True
) -> dict[str, Any]:
    """The finding for one department and item from its sorted evidence."""
    required = [c for c in item.channels if c != "site" or has_site]
    states = {e.state for e in evidence}
    status = next(
        (
            s
            for s, st in (("present", "valid"), ("broken", "broken"), ("stale", "stale"))
            if st in states
        ),
        "missing",
    )
    valid_channels = {e.channel for e in evidence if e.state == "valid"}
    missing_channels = [c for c in required if c not in valid_channels]
    not_due = item.freshness.kind == "due" and (days_left(item.freshness.due, as_of) or 0) >= 0
    deduction = 0.0 if (not_due and status == "missing") else item.deductions.get(status, 0.0)
    return {
        "department": department,
        "area": item.area,
        "item": item.id,
        "item_name": item.name,
        "status": status,
        "evidence": [e.as_dict() for e in evidence[:MAX_EVIDENCE]],
        "evidence_total": len(evidence),
        "missing_channels": missing_channels,
        "reason": _reason(item, status, evidence, missing_channels, required, as_of),
        "deduction": float(deduction),
        "deadline": item.freshness.due,
        "freshness": str(item.freshness),
    }


def _reason(
    item: Item,
    status: str,
    evidence: list[Evidence],
    missing: list[str],
    required: list[str],
    as_of: dt.date,
) -> str:
    if status == "present":
        done = [c for c in required if c not in missing] or ["site", "platform"]
        text = f"已在{_channels(done)}公开"
        return text + (f",{_channels(missing)}未发布" if missing else "")
    if status in ("broken", "stale"):
        best = next(e for e in evidence if e.state == status)
        return best.why
    return _missing_reason(item, required, as_of)


def _missing_reason(item: Item, required: list[str], as_of: dt.date) -> str:
    where = _channels(required) + ("均" if len(required) > 1 else "")
    if item.freshness.kind == "event":
        return f"{where}未发现相关信息(仅在发生相关事件时需公开)"
    left = days_left(item.freshness.due, as_of)
    if left is not None and left >= 0:
        return f"{where}尚未发布,截止日期为{item.freshness.due}(还剩{left}天)"
    return f"{where}未发布"


def _channels(channels: Iterable[str]) -> str:
    return "和".join(CHANNEL_WORDS.get(c, c) for c in channels)


def finding_row(finding: dict[str, Any]) -> dict[str, Any]:
    """A Finding dict as a `findings` row; fields without a column go to `detail`."""
    columns = (
        "department",
        "area",
        "item",
        "status",
        "evidence",
        "missing_channels",
        "reason",
        "deduction",
        "deadline",
    )
    row = {k: finding[k] for k in columns}
    row["detail"] = {k: v for k, v in finding.items() if k not in columns}
    return row


def load_findings(store: Any, run_id: int) -> list[dict[str, Any]]:
    """Findings of a run back as Finding dicts (the report's input)."""
    findings = []
    for row in store.iter_rows("findings", run_id):
        detail = row.pop("detail", None)
        extra = detail if isinstance(detail, dict) else {}
        findings.append({**{k: v for k, v in row.items() if k != "run_id"}, **extra})
    return findings
