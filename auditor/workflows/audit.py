"""The whole audit, chained: crawl → store → classify → judge → report.

Each stage reads and writes the store only, so `reuse_run` can re-judge a stored crawl after
the checklist changed, without fetching anything again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.checklist.model import Checklist
from auditor.classify.classifier import classify_run, evidence_candidate
from auditor.codeversion import code_digest
from auditor.crawl.run import INTERRUPTED, run_crawl
from auditor.errors import InputError
from auditor.inspection.file import Inspection
from auditor.judge.sample import sample_run
from auditor.judge.verdict import judge_run
from auditor.report import report_files
from auditor.report.broken import link_lists_started
from auditor.store import Store
from auditor.store.pool import stop_started
from auditor.store.records import ReportDocument
from auditor.tamper.crosspage import scan_crosspage


@dataclass(frozen=True)
class AuditResult:
    run_id: int
    report: ReportDocument
    files: list[Path]
    complete: bool = True  # False when the crawl was interrupted: the report is partial


def run_audit(
    inspection: Inspection,
    checklist: Checklist,
    store: Store,
    out_dir: Path,
    resume: bool = False,
    reuse_run: int | None = None,
    department: str | None = None,
    quiet: bool = False,
    sample: int = 0,
    seed: int | None = None,
    crawl: Callable[..., int] = run_crawl,
) -> AuditResult:
    """`crawl` is run_crawl, or the distributed crawl (auditor/distributed/) bound to Redis."""
    clock = _StageClock()
    if reuse_run is None:
        with clock("crawl"):
            run_id = crawl(
                inspection,
                store,
                resume=resume,
                log_file=out_dir / "crawl.log",
                quiet=quiet,
                keep_body=evidence_candidate(checklist),
            )
    else:
        run_id = _stored_run(store, reuse_run)
    # the report's link lists depend on the crawl alone: on a large run a worker reads them
    # while this process runs the stages below
    links = link_lists_started(store, run_id)
    try:
        with clock("footers"):
            scan_crosspage(store, run_id, code_digest())
        with clock("classify"):
            classify_run(store, run_id, checklist)
        with clock("judge"):
            judge_run(store, run_id, checklist, inspection)
        if sample:
            with clock("sample"):
                sample_run(store, run_id, sample, seed)
        store.record_timings(run_id, clock.seconds)
        with clock("report"):
            # An interrupted crawl keeps its status, so `--resume` continues it and history
            # never takes a partial run for the last inspection.
            complete = (store.run(run_id) or {}).get("status") != INTERRUPTED
            store.finish_run(run_id, "complete" if complete else INTERRUPTED)
            report, files = report_files(store, run_id, out_dir, checklist, department, links)
    except BaseException:
        stop_started(links)
        raise
    store.record_timings(run_id, clock.seconds)
    return AuditResult(run_id, report, files, complete)


class _StageClock:
    """Wall seconds per stage, kept in the run so a slow stage shows in the report and in
    benchmarks (the report itself lists the stages finished before it was built)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = round(time.perf_counter() - start, 3)


def _stored_run(store: Store, run_id: int) -> int:
    if store.run(run_id) is None:
        known = ", ".join(str(r["id"]) for r in store.runs()) or "无"
        raise InputError(
            f"数据库 {store.path} 中没有编号为 {run_id} 的抓取记录", f"已有的记录编号:{known}。"
        )
    return run_id


def gaps(report: ReportDocument, statuses: set[str]) -> list[dict[str, Any]]:
    """Findings whose status is one the user gates on (--fail-on)."""
    return [item for item in report["items"] if item["status"] in statuses]
