"""A generated district kept apart from the demo, for measuring item judgement.

`serve_world(seed, out_dir)` builds a district from a seed (departments, layout, templates,
encodings, and a truth status per owed (department, item): present, stale, missing or
broken, with hard negatives about the same subjects), serves it on 127.0.0.1 and writes
inspection.toml and truth.json. See benchmarks/status_confusion.py for the measurement.
"""

from benchmarks.altworld.server import Served, build_world, serve_world

__all__ = ["Served", "build_world", "serve_world"]
