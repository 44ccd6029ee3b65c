"""The rows and documents that pass between stages, typed: what the store returns and takes.

Every stage reads the previous one's output through the store, so the store is where these
shapes are named.  They are TypedDicts, not dataclasses: the rows are built by SQLite
(`load_row` decodes the JSON columns) and travel on as plain dicts to the report and its JSON,
whose fields are a fixed contract (docs/report.md, "The report.json contract").  Narrow
reads return a subset of a table's columns, so row types are `total=False`: a key is typed
when present, and a stage reads only the keys its query selected.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict


class RunRow(TypedDict, total=False):
    """One audit run (`runs`): the inspection it read and how far it got."""

    id: int
    name: str
    inspection_path: str
    inspection: dict[str, Any]  # the inspection file as loaded, for the report's header
    checklist: str
    as_of: str
    started: str
    finished: str | None
    status: str  # running | crawled | complete | failed | interrupted
    sample_seed: int | None
    sample_size: int | None
    timings: dict[str, float] | None  # stage -> seconds of the run's last pass
    classifier: str | None  # digest of the matcher that wrote the run's matches


class SiteRow(TypedDict, total=False):
    """One inspected site of a run (`sites`)."""

    run_id: int
    key: str
    department: str
    url: str
    channel: str  # site | platform
    aliases: list[str]


class PageRow(TypedDict, total=False):
    """One fetched page (`pages`); `facts` is a PageFacts as a dict, or the narrow part of it
    a stage asked for (`narrow_facts`)."""

    id: int
    run_id: int
    site_key: str
    url: str
    final_url: str
    status: int
    content_type: str
    encoding: str
    title: str
    sha256: str
    size: int
    fetched_at: str
    elapsed_ms: int
    depth: int
    listing_date: str | None
    page_matches: str | None  # the crawl's noted matches (auditor/classify/noted.py)
    facts: dict[str, Any] | None
    etag: str | None
    last_modified: str | None


class FrontierEntry(TypedDict):
    """A link target a resumed crawl still has to visit (`frontier`)."""

    url: str
    tag: str | None
    depth: int
    listing_date: str | None
    referer: str | None


class Handoff(TypedDict):
    """A check one crawl process left to the process owning the host (`pending_handoffs`)."""

    url: str
    site_key: str
    referer: str | None
    depth: int


class PageText(TypedDict):
    """What a visitor reads of a fetched page: the serious-error and service-guide checks."""

    url: str
    title: str | None
    fetched_at: str
    published: str | None
    text: str | None
    column_name: str | None
    is_listing: int | bool | None


class CheckRow(TypedDict, total=False):
    """The verdict on one URL (`checks`): links, resources and non-HTML targets."""

    run_id: int
    site_key: str
    url: str
    status: int | None
    reason: str  # a reason code (auditor/net/reasons.py), never display text
    ok: int  # 1 reachable, 0 failed
    elapsed_ms: int
    content_type: str
    size: int
    final_url: str
    redirects: list[str]
    checked_at: str
    etag: str | None
    last_modified: str | None


class KeptChecks(TypedDict):
    """OK verdicts a repeat kept from an earlier run without asking again."""

    count: int
    oldest: str | None


class FailedLink(TypedDict):
    """A (source, target) link whose target failed its check (`failed_link_pairs`)."""

    site_key: str
    source: str
    target: str
    anchor: str | None
    status: int | None
    reason: str


class LinkRow(TypedDict, total=False):
    """One link found on a page (`links`), with its target's verdict when a query joined
    `checks` (check_status, check_reason, check_ok)."""

    run_id: int
    site_key: str
    source: str
    target: str
    anchor: str
    tag: str
    attr: str
    internal: int
    listing_date: str | None
    fragment: str
    via: str | None
    publisher: str | None
    check_status: int | None
    check_reason: str | None
    check_ok: int | None
    first: int  # rowid of the first such link (queries grouping links by target)
    pages: int  # number of pages linking to the target (unchecked_targets)


class SpeakingLink(LinkRow, total=False):
    """A link whose target may speak only through its anchor (`anchor_links`): whether the
    target is a stored page, its status, and its PageFacts.not_found as JSON text."""

    stored: int
    page_status: int | None
    not_found: str | None


class MatchRow(TypedDict, total=False):
    """One page (or link anchor) the classifier found to speak for a checklist item."""

    run_id: int
    url: str
    site_key: str | None
    source: str  # page | anchor
    item: str
    score: float
    reasons: list[str]  # Chinese, built from the typed columns, for display only
    strength: str  # strong | plain | weak | near | vetoed
    signals: list[dict[str, Any]]  # [{field, kind, phrase, weight}]
    anchor: str | None
    anchor_page: str | None
    listing_date: str | None
    publisher: str | None


class TamperingRow(TypedDict, total=False):
    """A tampering hit the page scan or the cross-page stage stored (`tampering`)."""

    run_id: int
    site_key: str
    page: str
    kind: str
    technique: str
    detail: str
    snippet: str
    location: str
    severity: str  # high | medium | low


class CutoffRow(TypedDict, total=False):
    """A URL the crawl limits kept it from visiting (`cutoffs`)."""

    run_id: int
    site_key: str
    url: str
    reason: str


class UnreadableRow(TypedDict, total=False):
    """A column page whose script-filled list was not read (`unreadable_listings`)."""

    run_id: int
    site_key: str
    page: str
    why: str


class SnapshotRow(TypedDict, total=False):
    """A page's body as fetched, gzip-compressed, kept as evidence (`snapshots`)."""

    run_id: int
    url: str
    sha256: str
    fetched_at: str
    status: int
    body: bytes


class SampleRow(TypedDict, total=False):
    """One page of a spot-check draw (`samples`)."""

    run_id: int
    site_key: str
    url: str
    title: str
    rank: int


class FindingRow(TypedDict, total=False):
    """One finding per (department, item) as the judge writes it and the report reads it;
    fields without a column of their own travel in `detail` and are merged back on reading."""

    run_id: int
    department: str
    area: str
    item: str
    status: str  # present | stale | missing | broken | manual ...
    evidence: list[dict[str, Any]]
    missing_channels: list[str]
    reason: str
    deduction: float
    deadline: str | None
    detail: dict[str, Any]


class ReportInspection(TypedDict, total=False):
    """The report's header: which inspection, checklist and run it reports on."""

    name: str
    run_id: int
    checklist: str
    checklist_title: str
    checklist_version: str
    basis: list[dict[str, Any]]  # [{name, number, date}] of the checklist's basis documents
    as_of: str | None
    started: str | None
    finished: str | None
    status: str | None
    tool_version: str


class ReportSite(TypedDict, total=False):
    """One inspected site in the report, with what the crawl saw of it."""

    key: str
    department: str
    url: str
    channel: str
    pages: int
    errors: int
    cutoffs: int
    reachable: bool
    root_reason: str  # Chinese, why the site could not be read ("" when it could)


class ReportLink(TypedDict, total=False):
    """A broken link (its target failed) or an unchecked one (never judged) in the report."""

    page: str
    url: str
    anchor: str
    site: str
    department: str
    internal: bool
    kind: str
    status: int | None  # broken links: the target's HTTP status
    reason: str  # a reason code
    reason_text: str  # Chinese, for display
    pages: int  # unchecked links: how many pages link to the target


class ReportTampering(TypedDict, total=False):
    """A tampering hit (a page's content altered by injected links or scripts)."""

    page: str
    kind: str
    detail: str
    technique: str
    snippet: str
    location: str
    severity: str
    kind_label: str
    technique_label: str
    site: str
    department: str


class UnreadableListing(TypedDict):
    """A column page whose script-filled list was not read (栏目无法读取)."""

    department: str
    page: str
    why: str
    site: str


class ReportCutoff(TypedDict):
    """A URL the crawl limits cut off, so a reader knows what was not seen."""

    site: str
    url: str
    reason: str


class ReportLimits(TypedDict):
    """The crawl limits in force and what they cut off."""

    settings: dict[str, Any]
    cutoffs_by_reason: dict[str, int]
    kept_checks: KeptChecks
    complete: bool


class Indicator(TypedDict):
    """One national site-health indicator of one site (auditor/health): its measure against
    the rule's threshold, and what it costs."""

    id: str
    name: str
    value: Any
    threshold: Any
    status: str  # ok | warn | fail | insufficient | absent ...
    veto: bool  # a failed single-veto (单项否决) rule
    detail: str  # Chinese
    deduction: float
    # what some indicators list for a reader to check
    hits: NotRequired[list[dict[str, Any]]]  # serious errors found
    guides: NotRequired[list[dict[str, Any]]]  # service guides lacking required parts
    messages: NotRequired[dict[str, list[dict[str, Any]]]]  # {unanswered, late} messages
    page: NotRequired[str | None]  # the annual report's page
    missing_sections: NotRequired[list[str]]  # the annual report's missing sections


class ReportDocument(TypedDict, total=False):
    """The report dict: the single input of every output format, and report.json's
    top-level fields (docs/report.md, "The report.json contract")."""

    inspection: ReportInspection
    pages_crawled: int
    sites: list[ReportSite]
    items: list[dict[str, Any]]
    departments: list[dict[str, Any]]
    broken_links: list[ReportLink]
    unchecked_links: list[ReportLink]
    tampering: list[ReportTampering]
    unreadable_listings: list[UnreadableListing]
    cutoffs: list[ReportCutoff]
    limits: ReportLimits
    scope: dict[str, Any]
    timings: dict[str, float]
    health: list[dict[str, Any]]
    national: dict[str, Any]
    changes: dict[str, Any]  # against the previous run of the same inspection
    sample: dict[str, Any]  # the spot-check draw, when one was made
