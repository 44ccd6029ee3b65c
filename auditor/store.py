"""The SQLite store: the only module that writes SQL.

Every stage meets here: the crawl appends pages, links and checks in batches as they arrive,
so an interrupted crawl keeps what it saw; classify, judge and report read it back and can be
re-run on a stored crawl without fetching anything again.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, cast

import sqlite_utils

SCHEMA_VERSION = 1

_TABLES: dict[str, dict[str, Any]] = {
    "runs": {
        "columns": {
            "id": int,
            "name": str,
            "inspection_path": str,
            "inspection": str,
            "checklist": str,
            "as_of": str,
            "started": str,
            "finished": str,
            "status": str,
            "sample_seed": int,
            "sample_size": int,
        },
        "pk": "id",
    },
    "sites": {
        "columns": {
            "run_id": int,
            "key": str,
            "department": str,
            "url": str,
            "channel": str,
            "aliases": str,
        },
        "pk": ("run_id", "key"),
    },
    "pages": {
        "columns": {
            "id": int,
            "run_id": int,
            "site_key": str,
            "url": str,
            "final_url": str,
            "status": int,
            "content_type": str,
            "encoding": str,
            "title": str,
            "sha256": str,
            "size": int,
            "fetched_at": str,
            "elapsed_ms": int,
            "depth": int,
            "listing_date": str,
            "facts": str,
            "etag": str,
            "last_modified": str,
        },
        "pk": "id",
    },
    "links": {
        "columns": {
            "run_id": int,
            "site_key": str,
            "source": str,
            "target": str,
            "anchor": str,
            "tag": str,
            "internal": int,
            "listing_date": str,
            "fragment": str,  # the link's #fragment, without "#" ("" when none)
        },
    },
    "checks": {
        "columns": {
            "run_id": int,
            "site_key": str,
            "url": str,
            "status": int,
            "reason": str,
            "ok": int,
            "elapsed_ms": int,
            "content_type": str,
            "size": int,
            "final_url": str,
            "redirects": str,
            "checked_at": str,
            "etag": str,
            "last_modified": str,
        },
    },
    "cutoffs": {"columns": {"run_id": int, "site_key": str, "url": str, "reason": str}},
    "handoffs": {  # checks one crawl process left to the process (or sweep) owning the host
        "columns": {"run_id": int, "site_key": str, "url": str, "referer": str, "depth": int}
    },
    "tampering": {
        "columns": {
            "run_id": int,
            "site_key": str,
            "page": str,
            "kind": str,
            "technique": str,
            "detail": str,
            "snippet": str,
            "location": str,
            "severity": str,
        },
    },
    "snapshots": {
        "columns": {
            "run_id": int,
            "url": str,
            "sha256": str,
            "fetched_at": str,
            "status": int,
            "body": bytes,
        },
    },
    "samples": {
        "columns": {
            "run_id": int,
            "site_key": str,
            "url": str,
            "title": str,
            "rank": int,
        },
    },
    "matches": {
        "columns": {
            "run_id": int,
            "url": str,
            "site_key": str,
            "source": str,
            "item": str,
            "score": float,
            "reasons": str,
        },
    },
    "findings": {
        "columns": {
            "run_id": int,
            "department": str,
            "area": str,
            "item": str,
            "status": str,
            "evidence": str,
            "missing_channels": str,
            "reason": str,
            "deduction": float,
            "deadline": str,
            "detail": str,
        },
    },
}

_INDEXES: list[tuple[str, tuple[str, ...], bool]] = [
    ("pages", ("run_id", "url"), True),
    ("pages", ("run_id", "site_key"), False),
    ("links", ("run_id", "source"), False),
    ("links", ("run_id", "target"), False),
    ("links", ("run_id", "site_key"), False),
    ("cutoffs", ("run_id", "url"), False),
    ("checks", ("run_id", "url"), True),
    ("matches", ("run_id", "item"), False),
    ("findings", ("run_id", "department", "item"), True),
    ("snapshots", ("run_id", "url"), True),
]

JSON_COLUMNS = {
    "facts",
    "redirects",
    "reasons",
    "evidence",
    "missing_channels",
    "aliases",
    "inspection",
    "detail",
}


def now_iso() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


class Store:
    """A run-oriented view of one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite_utils.Database(self.path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
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
        for indexed, columns, unique in _INDEXES:
            self.db.table(indexed).create_index(columns, unique=unique, if_not_exists=True)
        self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        self.db.close()

    # runs --------------------------------------------------------------------------------
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

    def add_sites(self, run_id: int, sites: Iterable[dict[str, Any]]) -> None:
        rows = [{**s, "run_id": run_id, "aliases": _dump(s.get("aliases", []))} for s in sites]
        with self.db.conn:
            self.db.table("sites").insert_all(rows, replace=True)

    def finish_run(self, run_id: int, status: str) -> None:
        with self.db.conn:
            self.db.table("runs").update(run_id, {"finished": now_iso(), "status": status})

    def set_run_status(self, run_id: int, status: str) -> None:
        with self.db.conn:
            self.db.table("runs").update(run_id, {"status": status})

    def run(self, run_id: int) -> dict[str, Any] | None:
        rows = list(self.db.query("select * from runs where id = ?", [run_id]))
        return _load(rows[0]) if rows else None

    def runs(self) -> list[dict[str, Any]]:
        return [_load(r) for r in self.db.query("select * from runs order by id")]

    def latest_run(
        self, inspection_path: str | None = None, statuses: tuple[str, ...] | None = None
    ) -> dict[str, Any] | None:
        for run in reversed(self.runs()):
            if inspection_path and run["inspection_path"] != inspection_path:
                continue
            if statuses and run["status"] not in statuses:
                continue
            return run
        return None

    def sites(self, run_id: int) -> list[dict[str, Any]]:
        return [
            _load(r)
            for r in self.db.query("select * from sites where run_id = ? order by rowid", [run_id])
        ]

    # crawl writes ------------------------------------------------------------------------
    def write_batch(self, run_id: int, batch: dict[str, list[dict[str, Any]]]) -> None:
        """Write one batch of crawl rows (pages, links, checks, …) in a single transaction."""
        with self.db.conn:
            for table, rows in batch.items():
                if not rows:
                    continue
                prepared = [_prepare(row, run_id) for row in rows]
                unique = table in ("pages", "checks", "snapshots")
                self.db.table(table).insert_all(prepared, batch_size=500, replace=unique)

    # crawl reads -------------------------------------------------------------------------
    def fetched_urls(self, run_id: int) -> set[str]:
        """URLs the run already fetched (pages and checked resources): never fetched again."""
        sql = "select url from pages where run_id = ? union select url from checks where run_id = ?"
        return {r["url"] for r in self.db.query(sql, [run_id, run_id])}

    def page_urls(self, run_id: int, site_key: str) -> list[str]:
        sql = "select url from pages where run_id = ? and site_key = ?"
        return [r["url"] for r in self.db.query(sql, [run_id, site_key])]

    def frontier(self, run_id: int, site_key: str) -> Iterator[dict[str, Any]]:
        """Link targets found on a site's stored pages that were never fetched, checked or
        cut off: where a resumed crawl picks up.  Depth is the shallowest source's plus one."""
        sql = """
            select l.target as url, min(l.tag) as tag, min(p.depth) + 1 as depth,
                   max(l.listing_date) as listing_date, min(l.source) as referer
            from links l join pages p on p.run_id = l.run_id and p.url = l.source
            where l.run_id = ? and l.site_key = ?
              and not exists (select 1 from pages x where x.run_id = l.run_id and x.url = l.target)
              and not exists (select 1 from checks c where c.run_id = l.run_id and c.url = l.target)
              and not exists (select 1 from cutoffs k where k.run_id = l.run_id and k.url = l.target)
            group by l.target"""
        yield from self.db.query(sql, [run_id, site_key])

    # stage reads -------------------------------------------------------------------------
    def iter_pages(self, run_id: int, site_key: str | None = None) -> Iterator[dict[str, Any]]:
        sql, args = "select * from pages where run_id = ?", [cast(Any, run_id)]
        if site_key:
            sql, args = sql + " and site_key = ?", [*args, site_key]
        for row in self.db.query(sql + " order by id", args):
            yield _load(row)

    def count_pages(self, run_id: int) -> int:
        return self.db.execute("select count(*) from pages where run_id = ?", [run_id]).fetchone()[
            0
        ]

    def iter_links(self, run_id: int) -> Iterator[dict[str, Any]]:
        """Every link with the verdict on its target (from checks, or the crawled page)."""
        sql = """
            select l.*, c.status as check_status, c.reason as check_reason, c.ok as check_ok
            from links l left join checks c on c.run_id = l.run_id and c.url = l.target
            where l.run_id = ? order by l.rowid"""
        yield from self.db.query(sql, [run_id])

    def iter_checks(self, run_id: int) -> Iterator[dict[str, Any]]:
        for row in self.db.query("select * from checks where run_id = ?", [run_id]):
            yield _load(row)

    def check(self, run_id: int, url: str) -> dict[str, Any] | None:
        rows = list(
            self.db.query("select * from checks where run_id = ? and url = ?", [run_id, url])
        )
        return _load(rows[0]) if rows else None

    def iter_rows(self, table: str, run_id: int) -> Iterator[dict[str, Any]]:
        if table not in _TABLES:
            raise KeyError(table)
        for row in self.db.query(
            f"select * from {table} where run_id = ? order by rowid", [run_id]
        ):
            yield _load(row)

    # stage writes ------------------------------------------------------------------------
    def replace_rows(self, table: str, run_id: int, rows: Iterable[dict[str, Any]]) -> None:
        """Replace a derived stage's output for a run (matches, findings) atomically."""
        self.replace_rows_where(table, run_id, {}, rows)

    def replace_rows_where(
        self, table: str, run_id: int, where: dict[str, Any], rows: Iterable[dict[str, Any]]
    ) -> None:
        """Replace the rows of a run matching `where` (column = value) atomically."""
        if table not in _TABLES or not set(where) <= set(_TABLES[table]["columns"]):
            raise KeyError(table)
        clause = "".join(f" and {column} = ?" for column in where)
        with self.db.conn:
            self.db.execute(
                f"delete from {table} where run_id = ?{clause}", [run_id, *where.values()]
            )
            self.db.table(table).insert_all((_prepare(r, run_id) for r in rows), batch_size=1000)

    def site_stats(self, run_id: int) -> dict[str, dict[str, int]]:
        """Per site key: pages fetched, failed checks and cut-off URLs (for the report)."""
        sql = """
            select key, (select count(*) from pages p where p.run_id = s.run_id
                         and p.site_key = s.key) as pages,
                   (select count(*) from checks c where c.run_id = s.run_id
                         and c.site_key = s.key and c.ok = 0) as errors,
                   (select count(*) from cutoffs u where u.run_id = s.run_id
                         and u.site_key = s.key) as cutoffs
            from sites s where s.run_id = ?"""
        return {r.pop("key"): r for r in self.db.query(sql, [run_id])}

    # history, samples, evidence (auditor/history.py, sample.py, pack.py) -----------------
    def run_figures(self, run_id: int) -> dict[str, int]:
        """Headline figures of one run: pages, findings per status, broken links, tampering."""
        sql = """
            select (select count(*) from pages where run_id = :r) as pages,
                   (select count(*) from findings where run_id = :r and status = 'present')
                       as present,
                   (select count(*) from findings where run_id = :r and status = 'stale') as stale,
                   (select count(*) from findings where run_id = :r and status = 'missing')
                       as missing,
                   (select count(*) from findings where run_id = :r and status = 'broken')
                       as broken,
                   (select count(*) from (select distinct l.source, l.target from links l
                       join checks c on c.run_id = l.run_id and c.url = l.target
                       where l.run_id = :r and c.ok = 0)) as broken_links,
                   (select count(*) from tampering where run_id = :r) as tampering"""
        return dict(next(self.db.query(sql, {"r": run_id})))

    def broken_links(self, run_id: int) -> list[dict[str, Any]]:
        """Distinct (source, target) links whose target failed its check, with the reason."""
        sql = """
            select l.site_key, l.source, l.target, min(l.anchor) as anchor,
                   c.status, c.reason
            from links l join checks c on c.run_id = l.run_id and c.url = l.target
            where l.run_id = ? and c.ok = 0
            group by l.site_key, l.source, l.target order by l.source, l.target"""
        return list(self.db.query(sql, [run_id]))

    def sample_candidates(self, run_id: int) -> list[dict[str, Any]]:
        """Pages a reviewer can read: fetched with 200 and not a soft-404, in a stable order."""
        sql = """
            select p.site_key, p.url, p.title from pages p
            left join checks c on c.run_id = p.run_id and c.url = p.url
            where p.run_id = ? and p.status = 200 and coalesce(c.reason, 'ok') != 'soft_404'
            order by p.site_key, p.url"""
        return list(self.db.query(sql, [run_id]))

    def save_sample(
        self, run_id: int, seed: int, size: int, rows: Iterable[dict[str, Any]]
    ) -> None:
        """Record a spot-check draw and its seed, replacing an earlier draw of the run."""
        with self.db.conn:
            self.db.table("runs").update(run_id, {"sample_seed": seed, "sample_size": size})
            self.db.execute("delete from samples where run_id = ?", [run_id])
            self.db.table("samples").insert_all(_prepare(r, run_id) for r in rows)

    def page_records(self, run_id: int, urls: Iterable[str]) -> dict[str, dict[str, Any]]:
        """url -> fetch record (status, fetched_at, sha256, final_url) for the given pages."""
        wanted = list(dict.fromkeys(urls))
        out: dict[str, dict[str, Any]] = {}
        fields = "url, final_url, status, fetched_at, sha256, size, site_key, title"
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"select {fields} from pages where run_id = ? and url in ({marks})"
            out.update({r["url"]: r for r in self.db.query(sql, [run_id, *chunk])})
        return out

    # incremental crawls ------------------------------------------------------------------
    def previous_run(self, inspection_path: str, name: str, before: int) -> int | None:
        """The latest crawled or complete run of the same inspection (by path, else by
        name) before run `before`: the one a repeat audit revalidates against."""
        sql = """
            select id from runs where id < ? and status in ('crawled', 'complete')
              and (inspection_path = ? or name = ?)
            order by (inspection_path = ?) desc, id desc limit 1"""
        row = self.db.execute(sql, [before, inspection_path, name, inspection_path]).fetchone()
        return int(row[0]) if row else None

    def validators(self, run_id: int, url: str) -> tuple[str, str] | None:
        """(ETag, Last-Modified) stored for a URL fetched with 200 in a run, if it had any."""
        sql = """
            select etag, last_modified from pages where run_id = ? and url = ? and status = 200
            union all
            select etag, last_modified from checks where run_id = ? and url = ? and status = 200
            limit 1"""
        row = self.db.execute(sql, [run_id, url, run_id, url]).fetchone()
        if row is None or not (row[0] or row[1]):
            return None
        return row[0] or "", row[1] or ""

    def stored_fetch(self, run_id: int, url: str) -> dict[str, list[dict[str, Any]]]:
        """Every crawl row a run stored for one fetched URL (page, links, check, tampering,
        snapshot), raw and without run ids, ready to be written into another run."""
        queries = {
            "pages": "select * from pages where run_id = ? and url = ?",
            "links": "select * from links where run_id = ? and source = ? order by rowid",
            "checks": "select * from checks where run_id = ? and url = ?",
            "tampering": "select * from tampering where run_id = ? and page = ?",
            "snapshots": "select * from snapshots where run_id = ? and url = ?",
        }
        out: dict[str, list[dict[str, Any]]] = {}
        for table, sql in queries.items():
            rows = [dict(r) for r in self.db.query(sql, [run_id, url])]
            for row in rows:
                row.pop("run_id", None)
                row.pop("id", None)
            out[table] = rows
        return out

    def pending_handoffs(self, run_id: int) -> list[dict[str, Any]]:
        """Checks handed between crawl processes that no process has made yet."""
        sql = """
            select h.url, min(h.site_key) as site_key, min(h.referer) as referer,
                   min(h.depth) as depth
            from handoffs h where h.run_id = ?
              and not exists (select 1 from checks c where c.run_id = h.run_id and c.url = h.url)
              and not exists (select 1 from pages p where p.run_id = h.run_id and p.url = h.url)
            group by h.url order by h.url"""
        return list(self.db.query(sql, [run_id]))

    def tampered_pages(self, run_id: int, kind: str) -> set[str]:
        sql = "select distinct page from tampering where run_id = ? and kind = ?"
        return {r["page"] for r in self.db.query(sql, [run_id, kind])}

    def insecure_links(self, run_id: int) -> Iterator[dict[str, Any]]:
        """Links from https pages to http targets whose check found nothing wrong."""
        sql = """
            select l.source, l.target, l.tag from links l
            join checks c on c.run_id = l.run_id and c.url = l.target
            where l.run_id = ? and l.source like 'https:%' and l.target like 'http:%'
              and c.reason in ('ok', 'redirected')"""
        yield from self.db.query(sql, [run_id])

    def set_check_reason(self, run_id: int, urls: Iterable[str], reason: str, ok: int) -> None:
        with self.db.conn:
            self.db.conn.executemany(
                "update checks set reason = ?, ok = ? where run_id = ? and url = ?",
                [(reason, ok, run_id, url) for url in urls],
            )

    # narrow reads for the stages after the crawl (classify, judge, health, report) --------
    # Each asks for exactly the rows and facts fields it uses, so a stage's memory does not
    # grow with the crawl: nothing here returns a whole table or whole PageFacts.
    def anchor_links(self, run_id: int) -> Iterator[dict[str, Any]]:
        """Links with a non-blank anchor whose target failed, was checked, or is a stored
        page (its status and PageFacts.not_found as JSON text), grouped by target in
        link order: what the classifier reads anchors from."""
        sql = """
            select l.source, l.target, l.anchor, l.site_key, l.listing_date,
                   c.ok as check_ok, p.id is not null as stored, p.status as page_status,
                   case when json_valid(p.facts) then p.facts -> '$.not_found' end as not_found
            from links l
            left join checks c on c.run_id = l.run_id and c.url = l.target
            left join pages p on p.run_id = l.run_id and p.url = l.target
            where l.run_id = ? and trim(coalesce(l.anchor, '')) != ''
              and (c.ok is not null or p.id is not null)
            order by l.target, l.rowid"""
        yield from self.db.query(sql, [run_id])

    def strong_matches(self, run_id: int, threshold: float) -> Iterator[dict[str, Any]]:
        """Matches scoring at least `threshold`, grouped by URL and item in stored order."""
        sql = """
            select url, site_key, source, item, score, reasons from matches
            where run_id = ? and score >= ? order by url, item, rowid"""
        for row in self.db.query(sql, [run_id, threshold]):
            yield _load(row)

    def page_match_keys(self, run_id: int, threshold: float) -> set[tuple[str, str]]:
        """(url, item) of every page (not anchor) match scoring at least `threshold`."""
        sql = """select distinct url, item from matches
                 where run_id = ? and source = 'page' and score >= ?"""
        return {(r[0], r[1]) for r in self.db.execute(sql, [run_id, threshold]).fetchall()}

    def evidence_pages(self, run_id: int, urls: Iterable[str]) -> dict[str, dict[str, Any]]:
        """url -> the few fields the judge reads of a stored page: status, title,
        listing_date, and PageFacts narrowed to title, dates, attachments and publisher."""
        facts = """case when json_valid(facts) then json_object(
            'title', json_extract(facts, '$.title'),
            'published', json_extract(facts, '$.published'),
            'edition_year', json_extract(facts, '$.edition_year'),
            'not_found', json_extract(facts, '$.not_found'),
            'attachments', json_extract(facts, '$.attachments'),
            'agency', json_extract(facts, '$.agency'),
            'catalog', json_object('agency', json_extract(facts, '$.catalog.agency')),
            'meta', json_object('ContentSource', json_extract(facts, '$.meta.ContentSource')),
            'breadcrumb', json_extract(facts, '$.breadcrumb'),
            'column', json_extract(facts, '$.column')) end as facts"""
        fields = f"url, status, title, listing_date, {facts}"
        return {r["url"]: r for r in self._rows_for_urls("pages", fields, run_id, urls)}

    def failed_checks(self, run_id: int, urls: Iterable[str]) -> dict[str, dict[str, Any]]:
        """url -> status and reason of the given URLs whose check failed (ok = 0)."""
        rows = self._rows_for_urls("checks", "url, status, reason, ok", run_id, urls, "ok = 0")
        return {r["url"]: r for r in rows}

    def _rows_for_urls(
        self, table: str, fields: str, run_id: int, urls: Iterable[str], where: str = "1"
    ) -> Iterator[dict[str, Any]]:
        wanted = list(dict.fromkeys(urls))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"""select {fields} from {table}
                      where run_id = ? and url in ({marks}) and {where}"""
            for row in self.db.query(sql, [run_id, *chunk]):
                yield _load(row)

    def page_addresses(self, run_id: int, site_key: str) -> Iterator[tuple[int, str, str]]:
        """(id, url, final_url) of a site's pages in stored order: enough to find its home."""
        sql = "select id, url, final_url from pages where run_id = ? and site_key = ? order by id"
        yield from self.db.execute(sql, [run_id, site_key])

    def page_by_id(self, page_id: int) -> dict[str, Any] | None:
        rows = list(self.db.query("select * from pages where id = ?", [page_id]))
        return _load(rows[0]) if rows else None

    def health_pages(self, run_id: int, site_key: str) -> Iterator[dict[str, Any]]:
        """A site's pages with the PageFacts fields the health indicators read; the body
        text only for listing pages (where it may say the column is empty)."""
        facts = """case when json_valid(facts) then json_object(
            'is_listing', json_extract(facts, '$.is_listing'),
            'not_found', json_extract(facts, '$.not_found'),
            'meta', json_extract(facts, '$.meta'),
            'column', json_extract(facts, '$.column'),
            'breadcrumb', json_extract(facts, '$.breadcrumb'),
            'listing_dates', json_extract(facts, '$.listing_dates'),
            'text', case when coalesce(json_extract(facts, '$.is_listing'), 0) not in (0, '')
                         then json_extract(facts, '$.text') end) end as facts"""
        sql = f"""select url, final_url, status, depth, title, {facts}
                  from pages where run_id = ? and site_key = ? order by id"""
        for row in self.db.query(sql, [run_id, site_key]):
            yield _load(row)

    def site_links_from(
        self, run_id: int, site_key: str, sources: Iterable[str]
    ) -> Iterator[dict[str, Any]]:
        """A site's links found on the given pages, in stored order, with their verdicts."""
        wanted = list(dict.fromkeys(sources))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"""
                select l.*, c.status as check_status, c.reason as check_reason,
                       c.ok as check_ok
                from links l left join checks c on c.run_id = l.run_id and c.url = l.target
                where l.run_id = ? and l.site_key = ? and l.source in ({marks})
                order by l.rowid"""
            yield from self.db.query(sql, [run_id, site_key, *chunk])

    def common_targets(self, run_id: int, site_key: str) -> set[str]:
        """Targets linked from at least half of a site's linking pages (and from 3):
        menus and footers, not content."""
        sql = "select count(distinct source) from links where run_id = ? and site_key = ?"
        pages = self.db.execute(sql, [run_id, site_key]).fetchone()[0]
        sql = """select coalesce(target, '') from links where run_id = ? and site_key = ?
                 group by coalesce(target, '') having count(distinct source) >= ?"""
        rows = self.db.execute(sql, [run_id, site_key, max(3, pages / 2)]).fetchall()
        return {r[0] for r in rows}

    def failed_targets(
        self, run_id: int, site_key: str, except_on: Iterable[str]
    ) -> Iterator[dict[str, Any]]:
        """Distinct failed link targets (robots-forbidden ones left out) on a site's pages
        other than `except_on`, in order of first appearance, each with its first link and
        the verdict."""
        skipped = list(dict.fromkeys(except_on))
        marks = ",".join("?" * len(skipped))
        sql = f"""
            select l.*, c.status as check_status, c.reason as check_reason,
                   c.ok as check_ok, min(l.rowid) as first
            from links l join checks c on c.run_id = l.run_id and c.url = l.target
            where l.run_id = ? and l.site_key = ? and c.ok = 0
              and c.reason is not 'robots' and coalesce(l.source, '') not in ({marks})
            group by coalesce(l.target, '') order by first"""
        yield from self.db.query(sql, [run_id, site_key, *skipped])

    def report_broken_links(self, run_id: int) -> Iterator[dict[str, Any]]:
        """Distinct (source, target) links whose target failed (robots-forbidden ones are
        not failures), in order of first appearance, each with its first link's fields."""
        sql = """
            select l.*, c.status as check_status, c.reason as check_reason,
                   c.ok as check_ok, min(l.rowid) as first
            from links l join checks c on c.run_id = l.run_id and c.url = l.target
            where l.run_id = ? and c.ok = 0 and c.reason is not 'robots'
            group by l.source, l.target order by first"""
        yield from self.db.query(sql, [run_id])

    def report_unchecked_links(self, run_id: int) -> Iterator[dict[str, Any]]:
        """Targets never judged: robots-forbidden ones, and outside links with no verdict;
        one row per target (its first link) with the number of pages linking to it."""
        sql = """
            select l.*, c.status as check_status, c.reason as check_reason,
                   c.ok as check_ok, min(l.rowid) as first,
                   count(distinct l.source) as pages
            from links l left join checks c on c.run_id = l.run_id and c.url = l.target
            where l.run_id = ?
              and (c.reason = 'robots' or (c.ok is null and coalesce(l.internal, 0) = 0))
            group by l.target order by first"""
        yield from self.db.query(sql, [run_id])


def _prepare(row: dict[str, Any], run_id: int) -> dict[str, Any]:
    out: dict[str, Any] = {"run_id": run_id}
    for key, value in row.items():
        out[key] = _dump(value) if key in JSON_COLUMNS and not isinstance(value, str) else value
    return out


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _load(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for key in JSON_COLUMNS & out.keys():
        if isinstance(out[key], str) and out[key][:1] in "[{":
            out[key] = json.loads(out[key])
    return out


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
