"""Batched crawl writes: a page and its links always land in one transaction."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from auditor.store import Store


class BatchWriter:
    """Buffers crawl rows and writes them in one transaction every `size` rows or `seconds`."""

    def __init__(self, store: Store, run_id: int, size: int = 500, seconds: float = 2.0) -> None:
        self.store, self.run_id, self.size, self.seconds = store, run_id, size, seconds
        self.batch: dict[str, list[dict[str, Any]]] = {}
        self.count = 0
        self.last = time.monotonic()

    def add(self, group: dict[str, list[dict[str, Any]]]) -> None:
        """Add rows that belong together (a page and its links); a group never splits
        across transactions, so a crash never leaves a page without its links."""
        for table, rows in group.items():
            self.batch.setdefault(table, []).extend(rows)
            self.count += len(rows)
        if self.count >= self.size or time.monotonic() - self.last >= self.seconds:
            self.flush()

    def flush(self) -> None:
        if self.count:
            self.store.write_batch(self.run_id, self.batch)
        self.batch, self.count, self.last = {}, 0, time.monotonic()
