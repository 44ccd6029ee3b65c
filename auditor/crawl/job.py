"""What one crawl process is given: its sites, its store and, in a parallel crawl, its share.

Below both the driver (run.py, parallel.py) and the process (process.py), so each can name it
without importing the other.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from auditor.inspection.file import Inspection
from auditor.net.urls import split_url


class Share(Protocol):
    """Which link checks fall to this crawl: a Partition between local processes, or the
    distributed crawl's claims in Redis (auditor/distributed/gate.py RedisClaims)."""

    def owns(self, url: str) -> bool: ...


@dataclass(frozen=True)
class Partition:
    """Which process checks which host."""

    index: int
    count: int
    hosts: dict[str, int]  # crawled host -> process index

    def owner(self, url: str) -> int:
        host = split_url(url).netloc.lower()
        found = self.hosts.get(host)
        return found if found is not None else zlib.crc32(host.encode()) % self.count

    def owns(self, url: str) -> bool:
        return self.owner(url) == self.index


@dataclass(frozen=True)
class Job:
    """What one crawl process needs; picklable, since processes are spawned."""

    inspection: Inspection
    db: str
    run_id: int
    resuming: bool
    previous: int | None
    groups: list[list[str]]  # site keys per spider
    partition: Share | None
    log_file: str | None
    sweep: bool = False
    # pages whose body is kept as fetched for the evidence pack (see classify.evidence_candidate)
    keep_body: Callable[[dict[str, Any]], bool] | None = None
