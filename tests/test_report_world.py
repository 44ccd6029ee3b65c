"""A small synthetic audit stored in a real Store, shared by the report tests.

Four departments and the platform, every status, broken links, links robots.txt forbids and
outside links never checked, a cut-off, tampering, and hostile crawled text (markup in titles, javascript: URLs) where a real crawl could put it.
"""

from __future__ import annotations

from pathlib import Path


def test_world_has_every_status(reportworld, tmp_path: Path) -> None:
    store, run_id = reportworld.make_store(tmp_path)
    statuses = {row["status"] for row in store.iter_rows("findings", run_id)}
    assert statuses == {"present", "stale", "missing", "broken"}
