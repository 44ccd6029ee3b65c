"""The synthetic audit the report tests share (tests/support/reportworld.py, the
`reportworld` fixture) holds every status a report must show."""

from __future__ import annotations

from pathlib import Path


def test_world_has_every_status(reportworld, tmp_path: Path) -> None:
    store, run_id = reportworld.make_store(tmp_path)
    statuses = {row["status"] for row in store.iter_rows("findings", run_id)}
    assert statuses == {"present", "stale", "missing", "broken"}
