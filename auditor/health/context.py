"""What every site of a run shares when its health is computed: the judging day, the audit's
start, the inspection's serious-error lists and answering limit, and this version of the code."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from auditor.codeversion import code_digest
from auditor.health.common import parse_date
from auditor.inspection.serious_rules import ANSWER_WITHIN_DAYS, SeriousRules, rules_from_run
from auditor.store import Store
from auditor.store.records import RunRow


@dataclass(frozen=True)
class RunContext:
    """What every site's indicators share: the judging day, the audit's start (the end of the
    availability week), the serious-error lists the audit ran with, the code's digest (part of
    a site's reuse key, auditor/health/reuse.py) and whether the run is complete (only a
    complete run's health is kept for a later repeat to reuse)."""

    as_of: dt.date
    started: dt.datetime | None
    serious: SeriousRules
    answer_within_days: int
    code: str
    complete: bool = False
    # the earlier run whose pages the classifier compared this run's with, and the sites
    # whose pages differ from it as site health reads them (auditor/health/reuse.py)
    compared: tuple[int, frozenset[str]] | None = None
    # that run when every link of this run is a copy of its links (Store.links_copied_from)
    links_from: int | None = None


def site_context(store: Store, run_id: int, as_of: dt.date | str) -> RunContext:
    """What every site of the run shares (see RunContext)."""
    day = parse_date(as_of)
    if day is None:
        raise ValueError(f"as_of is not a date: {as_of!r}")
    run = store.run(run_id) or {}
    stored = run.get("inspection")
    inspection: dict[str, Any] = stored if isinstance(stored, dict) else {}
    return RunContext(
        day,
        _started(run),
        rules_from_run(inspection),
        int(inspection.get("answer_within_days") or ANSWER_WITHIN_DAYS),
        code_digest(),
        run.get("status") == "complete",
    )


def _started(run: RunRow) -> dt.datetime | None:
    started = run.get("started")
    return dt.datetime.fromisoformat(started) if started else None
