"""Batched crawl writes: a page and its links always land in one transaction."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain, islice
from typing import TYPE_CHECKING, Any

from sqlite_utils.db import jsonify_if_needed

from auditor.store.schema import JSON_COLUMNS, dump_json

if TYPE_CHECKING:
    from auditor.store import Store

# A crawl's batch: at most this many rows or seconds between transactions.  Each commit
# writes every page it dirtied to the WAL, and a crawl's link rows land all over three
# indexes: fewer, larger transactions write a page touched by many pages' links once.
# Replayed writes of a 20,202-page first audit (10,000 pages): 2,000 rows 6.3-7.8 CPU-s,
# 20,000 rows 5.1-5.2 (benchmarks/RESULTS.md, session 11, s11-fcpu).  A crash loses at
# most one batch either way, and a resume fetches it again.
BATCH_ROWS = 20_000
BATCH_SECONDS = 10.0
_PLAIN = frozenset({str, int, float, bytes, type(None)})  # bound by sqlite3 as they are


def chunks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Bounded lists of a stream of rows, so a stage's output is never all in memory."""
    stream = iter(rows)
    while chunk := list(islice(stream, size)):
        yield chunk


IN_LIST = 500  # values bound in one `in (...)`: far below SQLite's limit on variables


def in_chunks(values: Iterable[Any]) -> Iterator[tuple[list[Any], str]]:
    """`values` in bounded lists, each with its placeholders for `... in ({marks})`."""
    for chunk in chunks(values, IN_LIST):
        yield chunk, ",".join("?" * len(chunk))


def insert_rows(
    conn: sqlite3.Connection,
    table: str,
    rows: Sequence[Mapping[str, Any]],
    run_id: int,
    replace: bool = False,
) -> None:
    """Insert dict rows of a run with one executemany: what sqlite_utils' insert_all stored
    (a missing key is NULL, JSON columns and other lists and dicts become JSON, the row's own
    run_id wins), without its per-value work (profiled at 1 ms a page) or a copy of each row.
    `table` must come from the schema, never from input."""
    columns = list({"run_id": None, **dict.fromkeys(chain.from_iterable(rows))})
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    names = ", ".join(f"[{column}]" for column in columns)
    sql = f"{verb} INTO [{table}] ({names}) VALUES ({', '.join('?' * len(columns))})"
    as_json = [(i, column) for i, column in enumerate(columns) if column in JSON_COLUMNS]
    conn.executemany(sql, (_prepared(row, columns, as_json, run_id) for row in rows))


def _prepared(
    row: Mapping[str, Any], columns: list[str], as_json: list[tuple[int, str]], run_id: int
) -> list[Any]:
    """One row's values in column order (run_id first).  The per-value checks run in C
    (map, issuperset): a crawl writes ~50 link rows a page."""
    values = list(map(row.get, columns))
    if "run_id" not in row:
        values[0] = run_id
    for i, column in as_json:
        if not isinstance(values[i], str) and column in row:
            values[i] = dump_json(values[i])
    if not _PLAIN.issuperset(map(type, values)):
        values = [v if v.__class__ in _PLAIN else jsonify_if_needed(v) for v in values]
    return values


class BatchWriter:
    """Buffers crawl rows and writes them in one transaction every `size` rows or `seconds`."""

    def __init__(
        self, store: Store, run_id: int, size: int = BATCH_ROWS, seconds: float = BATCH_SECONDS
    ) -> None:
        self.store, self.run_id, self.size, self.seconds = store, run_id, size, seconds
        self.batch: dict[str, list[dict[str, Any]]] = {}
        self.count = 0
        self.last = time.monotonic()
        # Told once when a write fails (a full disk): the crawl stops fetching what it could
        # not store; the batch is kept, so the final flush reports the error.
        self.on_error: Callable[[sqlite3.Error], object] | None = None

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
            try:
                self.store.write_batch(self.run_id, self.batch)
            except sqlite3.Error as error:
                warn, self.on_error = self.on_error, None
                if warn is not None:
                    warn(error)
                raise
        self.batch, self.count, self.last = {}, 0, time.monotonic()
