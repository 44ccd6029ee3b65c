"""One finding from its evidence: status by precedence, reason, deduction.

The precedence is docs/classification.md's (present > broken > stale > missing).

The judge (auditor/judge/verdict.py) streams candidates into a Slot per (department, item), which
keeps only the best MAX_EVIDENCE and the counts the finding reports, then calls judge_item.
"""

from __future__ import annotations

import datetime as dt
from bisect import insort
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from auditor.checklist.model import Item
from auditor.judge.freshness import days_left
from auditor.store import Store
from auditor.store.records import FindingRow

STATUS_ORDER = ("missing", "broken", "stale", "present")  # worst first
MAX_EVIDENCE = 10
MAX_CANDIDATES = 5
STATE_RANK = {"valid": 0, "broken": 1, "stale": 2}
STATUS_STATE = {"present": "valid", "broken": "broken", "stale": "stale"}
STRENGTH_RANK = {"strong": 0, "plain": 1, "weak": 2}  # best evidence first within a state
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
    strength: str = "plain"  # of the match (auditor/classify/evidence.py): weak needs a reviewer
    proves: str = ""  # Chinese: why this page proves the item, from the match's signals

    def as_dict(self) -> dict[str, Any]:
        return {
            "why": self.proves,
            "strength": self.strength,
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
        strength = STRENGTH_RANK.get(self.strength, 1)
        return (
            STATE_RANK[self.state],
            strength,
            -newest[0],
            _negate(newest[1]),
            self.channel,
            self.url,
        )


@lru_cache(maxsize=4096)  # a few dates, compared many times while sorting evidence
def _negate(text: str) -> str:
    return "".join(chr(0x10FFFF - ord(c)) for c in text)


@dataclass
class Slot:
    """The evidence of one (department, item): the best MAX_EVIDENCE in order, and what the
    finding needs of the rest (how many, on which channels valid), so that memory does not
    grow with the number of candidates."""

    kept: list[Evidence] = field(default_factory=list)  # `best` without its `proves` texts
    total: int = 0
    valid_channels: set[str] = field(default_factory=set)
    candidates: list[dict[str, str]] = field(default_factory=list)  # near misses {url, why}
    # id of a kept Evidence -> what makes its `proves` text: made only for the evidence still
    # among the best when they are read (matches come in URL order, so most evidence that
    # enters the best is pushed out again by a better one later)
    _proves: dict[int, Callable[[], str]] = field(default_factory=dict, repr=False)

    @property
    def best(self) -> list[Evidence]:
        """The best evidence in order, each with its `proves` text."""
        if self._proves:
            self.kept = [self._proven(e) for e in self.kept]
        return self.kept

    def _proven(self, evidence: Evidence) -> Evidence:
        proves = self._proves.pop(id(evidence), None)
        return evidence if proves is None else replace(evidence, proves=proves())

    def consider(self, candidate: dict[str, str]) -> None:
        """A page that almost proved the item: kept (a few) for the reviewer."""
        if len(self.candidates) < MAX_CANDIDATES and candidate not in self.candidates:
            self.candidates.append(candidate)

    def add(self, evidence: Evidence, proves: Callable[[], str] | None = None) -> None:
        """Count the evidence and keep it among the best; `proves`, when given, makes its
        `proves` text, and is called only for evidence still kept when `best` is read (the
        text is not in the order)."""
        self.total += 1
        if evidence.state == "valid":
            self.valid_channels.add(evidence.channel)
        if len(self.kept) < MAX_EVIDENCE or evidence.sort_key() < self.kept[-1].sort_key():
            if proves is not None:
                self._proves[id(evidence)] = proves
            insort(self.kept, evidence, key=Evidence.sort_key)
            for dropped in self.kept[MAX_EVIDENCE:]:
                self._proves.pop(id(dropped), None)
            del self.kept[MAX_EVIDENCE:]


# ---- one finding ------------------------------------------------------------------------
def judge_item(
    item: Item,
    department: str,
    evidence: list[Evidence],
    as_of: dt.date,
    has_site: bool = True,
    total: int | None = None,
    valid_channels: set[str] | None = None,
    candidates: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """The finding for one department and item from its sorted evidence; `evidence` may be
    only the best MAX_EVIDENCE when `total` and `valid_channels` say what the rest held."""
    required = [c for c in item.channels if c != "site" or has_site]
    status = _status({e.state for e in evidence})
    if valid_channels is None:
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
        "evidence_total": len(evidence) if total is None else total,
        "missing_channels": missing_channels,
        "reason": _reason(item, status, evidence, missing_channels, valid_channels, as_of),
        "deduction": float(deduction),
        "deadline": item.freshness.due,
        "freshness": str(item.freshness),
        **_review(status, evidence, candidates or []),
    }


def _status(states: set[str]) -> str:
    """Precedence (docs/classification.md): present, else broken, else stale, else missing."""
    return next((s for s, st in STATUS_STATE.items() if st in states), "missing")


def _review(status: str, evidence: list[Evidence], near: list[dict[str, str]]) -> dict[str, Any]:
    """needs_review when the evidence the status rests on is weak (subject or genre only
    from the body or column), or when nothing proved the item but pages almost did."""
    deciding = next((e for e in evidence if STATUS_STATE.get(status) == e.state), None)
    weak = [e for e in evidence if e.strength == "weak"][:MAX_CANDIDATES]
    candidates = [{"url": e.url, "why": "证据较弱:" + (e.proves or "")} for e in weak]
    candidates += [c for c in near if c["url"] not in {w.url for w in weak}]
    needs = bool(deciding and deciding.strength == "weak") or (status == "missing" and bool(near))
    return {"needs_review": needs, "candidates": candidates[:MAX_CANDIDATES] if needs else []}


def _reason(
    item: Item,
    status: str,
    evidence: list[Evidence],
    missing: list[str],
    valid_channels: set[str],
    as_of: dt.date,
) -> str:
    """Present says where the item was found valid (whether that channel is required or
    not) and which required channel lacks it: never a channel in both halves."""
    if status == "present":
        done = [c for c in CHANNEL_WORDS if c in valid_channels]
        text = f"已在{_channels(done)}公开"
        return text + (f",{_channels(missing)}未发布" if missing else "")
    if status in ("broken", "stale"):
        best = next(e for e in evidence if e.state == status)
        return best.why
    return _missing_reason(item, missing, as_of)  # nothing valid: every required channel


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


_FINDING_COLUMNS = frozenset(FindingRow.__annotations__) - {"run_id", "detail"}


def finding_row(finding: dict[str, Any]) -> FindingRow:
    """A Finding dict as a `findings` row; fields without a column go to `detail`."""
    return {
        "department": finding["department"],
        "area": finding["area"],
        "item": finding["item"],
        "status": finding["status"],
        "evidence": finding["evidence"],
        "missing_channels": finding["missing_channels"],
        "reason": finding["reason"],
        "deduction": finding["deduction"],
        "deadline": finding["deadline"],
        "detail": {k: v for k, v in finding.items() if k not in _FINDING_COLUMNS},
    }


def load_findings(store: Store, run_id: int) -> list[dict[str, Any]]:
    """Findings of a run back as Finding dicts (the report's input)."""
    findings = []
    for row in store.iter_rows("findings", run_id):
        detail = row.pop("detail", None)
        extra = detail if isinstance(detail, dict) else {}
        findings.append({**{k: v for k, v in row.items() if k != "run_id"}, **extra})
    return findings
