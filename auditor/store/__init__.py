"""The SQLite store: the only package that writes SQL.

Every stage meets here: the crawl appends pages, links and checks in batches as they arrive,
so an interrupted crawl keeps what it saw; classify, judge and report read it back and can be
re-run on a stored crawl without fetching anything again.  `Store` is one class assembled from
one module per client (core, crawl, workflows, stages) so that no module grows past reading.
"""

from __future__ import annotations

from auditor.store.batch import BatchWriter
from auditor.store.crawl_queries import CrawlQueries
from auditor.store.schema import JSON_COLUMNS, SCHEMA_VERSION, now_iso
from auditor.store.stage_queries import StageQueries
from auditor.store.workflow_queries import WorkflowQueries


class Store(CrawlQueries, WorkflowQueries, StageQueries):
    """A run-oriented view of one SQLite file."""


__all__ = ["JSON_COLUMNS", "SCHEMA_VERSION", "BatchWriter", "Store", "now_iso"]
