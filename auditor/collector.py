"""Python's cyclic garbage collector, tuned for auditor's long-running processes.

A crawl allocates millions of short-lived objects (requests, responses, parsed trees, row
dicts), and reference counting frees almost all of them.  With CPython's default thresholds
(a collection every 700 net allocations) a crawl process still ran about 5,500 collections
on a 20,000-page audit, and each older-generation collection walked every live object: the
URL sets, the scope, Scrapy's and Twisted's modules.  That was 11 % of a first audit's crawl
CPU (benchmarks/RESULTS.md, "Eighth round").  So every auditor process, once its modules are
loaded, moves what it holds to the collector's permanent generation (`gc.freeze`, which the
Python documentation recommends after start-up) and collects the young generation every
50,000 net allocations: a few collections a crawl, and cyclic garbage still freed well
before it adds up (the measured peak memory did not change).

AUDITOR_GC=default keeps CPython's defaults (to compare, or if memory ever grows).
"""

from __future__ import annotations

import gc
import os

GC_ENV = "AUDITOR_GC"
THRESHOLDS = (50_000, 20, 100)


def tune_collector() -> None:
    """Freeze what the process holds now and raise the collection thresholds; call once
    the process's modules are imported, and again after more start-up work if any."""
    if os.environ.get(GC_ENV, "").strip().lower() == "default":
        return
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
