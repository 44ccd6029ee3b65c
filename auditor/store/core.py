"""Opening the SQLite file, migrations, runs and sites, batch writes and generic reads."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal, cast, overload

import sqlite_utils

from auditor.store.batch import chunks, insert_rows
from auditor.store.failures import database_errors, db_wait_seconds
from auditor.store.records import (
    CheckRow,
    CutoffRow,
    FindingRow,
    MatchRow,
    RunRow,
    SampleRow,
    SiteRow,
    TamperingRow,
    UnreadableRow,
)
from auditor.store.schema import (
    _INDEXES,
    _TABLES,
    DEFERRED_INDEXES,
    PARTIAL_INDEXES,
    SCHEMA_VERSION,
    VIEWS,
    dump_json,
    index_name,
    load_row,
    now_iso,
)

CACHE_KIB = 32_000


def _known(table: str) -> str:
    if table not in _TABLES:
        raise KeyError(table)
    return table


def _reader(path: Path, immutable: bool) -> sqlite3.Connection:
    mode = "immutable=1" if immutable else "mode=ro"
    uri = f"{path.resolve().as_uri()}?{mode}"
    return sqlite3.connect(uri, uri=True, timeout=db_wait_seconds())


class StoreCore:
    """Opening the file, runs and sites, and the generic row reads and writes every stage
    shares; the stage-specific queries live in one module per asking stage."""

    def __init__(
        self,
        path: str | Path,
        *,
        read_only: bool = False,
        immutable: bool = False,
        migrated: bool = False,
    ) -> None:
        """`read_only` opens an existing file for reading (a worker process of a stage, see
        auditor/store/pool.py): no migration, no write; `immutable` also tells SQLite the
        file cannot change (a benchmark's archived database: no locks, no journal);
        `migrated` writes to a file the parent process opened (and migrated) already, as is:
        a crawl process, which must not build the indexes its parent deferred
        (`defer_indexes`)."""
        self.path = Path(path)
        self.read_only, self.immutable = read_only or immutable, immutable
        if self.read_only:
            self.db = sqlite_utils.Database(_reader(self.path, immutable))
            self.db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Another program (an sqlite3 shell in a transaction) may hold the write lock: wait a
        # bounded time for it (busy timeout), then say so clearly instead of failing at once.
        conn = sqlite3.connect(self.path, timeout=db_wait_seconds())
        self.db = sqlite_utils.Database(conn)
        with database_errors(self.path):
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            # A crawl inserts into three link indexes at random places: pages kept in
            # SQLite's own cache are not read back from the OS (2 MB by default; grows only
            # as used)
            self.db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            if not migrated:
                self._migrate()

    def _migrate(self) -> None:
        for name, spec in _TABLES.items():
            table = self.db.table(name)
            if not table.exists():
                table.create(spec["columns"], pk=spec.get("pk"))
            else:
                missing = {c: t for c, t in spec["columns"].items() if c not in table.columns_dict}
                for column, kind in missing.items():
                    table.add_column(column, kind)
        self.build_indexes()
        for sql in PARTIAL_INDEXES + VIEWS:
            self.db.execute(sql)
        self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def build_indexes(self) -> None:
        """Create the schema's indexes the file lacks: on opening, and after a first crawl
        those it deferred (`defer_indexes`)."""
        for indexed, columns, unique in _INDEXES:
            self.db.table(indexed).create_index(columns, unique=unique, if_not_exists=True)

    def defer_indexes(self) -> bool:
        """Drop DEFERRED_INDEXES (the `links` ones) when the file holds no link, i.e. before
        a first crawl into a new database; True when dropped.  Nothing reads links while a
        first crawl writes them, and one sorted build after it (`build_indexes`, the crawl's
        caller) costs far less than inserting each row into three indexes at random places
        (benchmarks/RESULTS.md, session 13, s13-writer).  Any later opening of the file
        builds them (`_migrate`), so a killed crawl's --resume finds them."""
        if self.db.execute("select 1 from links limit 1").fetchone() is not None:
            return False
        for indexed, columns, _unique in DEFERRED_INDEXES:
            self.db.execute(f"drop index if exists [{index_name(indexed, columns)}]")
        return True

    def close(self) -> None:
        self.db.close()

    def autocheckpoint(self, pages: int) -> int:
        """Set this connection's automatic WAL checkpoint interval (pages); returns the
        previous one, so a stage that writes in bulk can put it back."""
        previous = int(self.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
        self.db.execute(f"PRAGMA wal_autocheckpoint={int(pages)}")
        return previous

    def start_run(
        self,
        name: str,
        inspection_path: str,
        inspection: dict[str, Any],
        checklist: str,
        as_of: str,
    ) -> int:
        row = {
            "name": name,
            "inspection_path": inspection_path,
            "inspection": json.dumps(inspection, ensure_ascii=False, default=str),
            "checklist": checklist,
            "as_of": as_of,
            "started": now_iso(),
            "status": "running",
        }
        with self.db.conn:
            return int(self.db.table("runs").insert(row).last_pk or 0)

    def add_sites(self, run_id: int, sites: Iterable[SiteRow]) -> None:
        rows = [{**s, "run_id": run_id, "aliases": dump_json(s.get("aliases", []))} for s in sites]
        with self.db.conn:
            self.db.table("sites").insert_all(rows, replace=True)

    def finish_run(self, run_id: int, status: str) -> None:
        with self.db.conn:
            self.db.table("runs").update(run_id, {"finished": now_iso(), "status": status})

    def record_timings(self, run_id: int, timings: dict[str, float]) -> None:
        """Merge stage durations into the run's timings (a reused crawl keeps its crawl time)."""
        stored = (self.run(run_id) or {}).get("timings")
        merged = {**(stored if isinstance(stored, dict) else {}), **timings}
        with self.db.conn:
            self.db.table("runs").update(run_id, {"timings": dump_json(merged)})

    def set_run_status(self, run_id: int, status: str) -> None:
        with self.db.conn:
            self.db.table("runs").update(run_id, {"status": status})

    def run(self, run_id: int) -> RunRow | None:
        rows = list(self.db.query("select * from runs where id = ?", [run_id]))
        return cast(RunRow, load_row(rows[0])) if rows else None

    def runs(self) -> list[RunRow]:
        return [cast(RunRow, load_row(r)) for r in self.db.query("select * from runs order by id")]

    def latest_run(
        self, inspection_path: str | None = None, statuses: tuple[str, ...] | None = None
    ) -> RunRow | None:
        for run in reversed(self.runs()):
            if inspection_path and run["inspection_path"] != inspection_path:
                continue
            if statuses and run["status"] not in statuses:
                continue
            return run
        return None

    def pages_per_site(self, run_id: int) -> dict[str, int]:
        """How many pages each site had in a run: the size a repeat expects of each host
        group (auditor/crawl/parallel.py split), and what site health compares between two
        runs (HealthQueries.sites_with_changed_pages)."""
        sql = "select site_key, count(*) from pages where run_id = ? group by site_key"
        return {str(key): int(count) for key, count in self.db.execute(sql, [run_id])}

    def sites(self, run_id: int) -> list[SiteRow]:
        return [
            cast(SiteRow, load_row(r))
            for r in self.db.query("select * from sites where run_id = ? order by rowid", [run_id])
        ]

    def write_batch(self, run_id: int, batch: dict[str, list[dict[str, Any]]]) -> None:
        """Write one batch of crawl rows (pages, links, checks, …) in a single transaction."""
        with self.db.conn:
            for table, rows in batch.items():
                if not rows:
                    continue
                unique = table in ("pages", "checks", "snapshots")
                insert_rows(self.db.conn, _known(table), rows, run_id, unique)

    def check_of(self, run_id: int, url: str) -> CheckRow | None:
        """A run's verdict on one URL, if it checked it."""
        # a plain cursor: a repeat asks this once per 304 and once per kept verdict
        cursor = self.db.conn.execute(
            "select * from checks where run_id = ? and url = ?", (run_id, url)
        )
        row = cursor.fetchone()
        if row is None:
            return None
        names = [column[0] for column in cursor.description]
        return cast(CheckRow, load_row(dict(zip(names, row, strict=True))))

    # A run's rows of one table, typed by the table asked for.
    @overload
    def iter_rows(self, table: Literal["findings"], run_id: int) -> Iterator[FindingRow]: ...
    @overload
    def iter_rows(self, table: Literal["matches"], run_id: int) -> Iterator[MatchRow]: ...
    @overload
    def iter_rows(self, table: Literal["tampering"], run_id: int) -> Iterator[TamperingRow]: ...
    @overload
    def iter_rows(self, table: Literal["cutoffs"], run_id: int) -> Iterator[CutoffRow]: ...
    @overload
    def iter_rows(
        self, table: Literal["unreadable_listings"], run_id: int
    ) -> Iterator[UnreadableRow]: ...
    @overload
    def iter_rows(self, table: Literal["samples"], run_id: int) -> Iterator[SampleRow]: ...
    @overload
    def iter_rows(self, table: str, run_id: int) -> Iterator[Mapping[str, Any]]: ...
    def iter_rows(self, table: str, run_id: int) -> Iterator[Mapping[str, Any]]:
        if table not in _TABLES:
            raise KeyError(table)
        for row in self.db.query(
            f"select * from {table} where run_id = ? order by rowid", [run_id]
        ):
            yield load_row(row)

    def replace_rows(self, table: str, run_id: int, rows: Iterable[Mapping[str, Any]]) -> None:
        """Replace a derived stage's output for a run (matches, findings) atomically."""
        self.replace_rows_where(table, run_id, {}, rows)

    def replace_rows_where(
        self, table: str, run_id: int, where: dict[str, Any], rows: Iterable[Mapping[str, Any]]
    ) -> None:
        """Replace the rows of a run matching `where` (column = value) atomically."""
        if table not in _TABLES or not set(where) <= set(_TABLES[table]["columns"]):
            raise KeyError(table)
        clause = "".join(f" and {column} = ?" for column in where)
        with self.db.conn:
            self.db.execute(
                f"delete from {table} where run_id = ?{clause}", [run_id, *where.values()]
            )
            self.insert_stream(table, run_id, rows)

    def insert_stream(self, table: str, run_id: int, rows: Iterable[Mapping[str, Any]]) -> int:
        """Write a stream of a run's rows in bounded chunks (inside the caller's transaction);
        returns how many."""
        written = 0
        for chunk in chunks(rows, 1000):
            insert_rows(self.db.conn, _known(table), chunk, run_id)
            written += len(chunk)
        return written
