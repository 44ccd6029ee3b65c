"""The SQLite store: the only package that writes SQL.

Every stage meets here: the crawl appends pages, links and checks in batches as they arrive,
so an interrupted crawl keeps what it saw; classify, judge and report read it back and can be
re-run on a stored crawl without fetching anything again.  `Store` is one class assembled from
the core (file, runs, sites, generic rows) and one module per asking stage, so a stage's
queries are found in the module named after it: crawl, tamper, classify, judge, health,
report, workflows (history, samples, evidence packs).  The rows and documents passed between
stages are typed in `auditor.store.records`.
"""

from __future__ import annotations

from auditor.store.batch import BatchWriter
from auditor.store.classify import ClassifyQueries
from auditor.store.crawl import COPIED, KEPT, LISTING_FACTS, CrawlQueries
from auditor.store.health import HealthQueries
from auditor.store.judge import JudgeQueries
from auditor.store.report import ReportQueries
from auditor.store.scanstate import ScanStateQueries
from auditor.store.schema import JSON_COLUMNS, SCHEMA_VERSION, now_iso
from auditor.store.tamper import TamperQueries
from auditor.store.workflows import WorkflowQueries


class Store(
    CrawlQueries,
    TamperQueries,
    ClassifyQueries,
    JudgeQueries,
    HealthQueries,
    ScanStateQueries,
    ReportQueries,
    WorkflowQueries,
):
    """A run-oriented view of one SQLite file."""


__all__ = [
    "COPIED",
    "JSON_COLUMNS",
    "KEPT",
    "LISTING_FACTS",
    "SCHEMA_VERSION",
    "BatchWriter",
    "Store",
    "now_iso",
]
