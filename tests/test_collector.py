"""Every auditor process tunes Python's garbage collector (auditor/collector.py): a crawl
spent 11 % of its CPU in collections under CPython's defaults.  Checked in a fresh
interpreter, so the test process keeps its own collector settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = (
    "import gc, json; from auditor.collector import tune_collector; tune_collector(); "
    "print(json.dumps([gc.get_threshold(), gc.get_freeze_count()]))"
)


def probe(**env: str) -> tuple[list[int], int]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    thresholds, frozen = json.loads(result.stdout)
    return thresholds, frozen


def test_a_process_collects_rarely_and_never_walks_its_start_up_objects() -> None:
    thresholds, frozen = probe()
    assert thresholds[0] >= 10_000  # CPython's default is 700
    assert frozen > 1000  # the interpreter's and auditor's start-up objects


def test_auditor_gc_default_keeps_cpython_s_collector() -> None:
    default = json.loads(
        subprocess.run(
            [sys.executable, "-c", "import gc, json; print(json.dumps(gc.get_threshold()))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    thresholds, frozen = probe(AUDITOR_GC="default")
    assert thresholds == default
    assert frozen == 0
