"""Each site's page scans kept by a complete run (auditor/health/pagescans.py), and which of
a site's pages changed since such a run: what a repeat needs to update a site's page part by
the pages that changed instead of reading every page again (auditor/health/delta.py)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from auditor.store.core import StoreCore
from auditor.store.health import same_to_health
from auditor.store.schema import dump_json


class ScanStateQueries(StoreCore):
    def keep_scans(self, run_id: int, site_key: str, inputs: str, scans: dict[str, Any]) -> None:
        """Keep a site's page scans for a later repeat."""
        row = [run_id, site_key, inputs, dump_json(scans)]
        with self.db.conn:
            self.db.execute(_KEEP, row)

    def carry_scans(self, run_id: int, site_key: str, inputs: str, earlier: int) -> None:
        """Keep for `run_id` the page scans run `earlier` kept for the site with the same
        `inputs`: the run reused that run's page part, so its pages scan alike (nothing is
        kept when that run kept none, as a database older than the scans)."""
        with self.db.conn:
            self.db.execute(_CARRY, [run_id, site_key, inputs, earlier])

    def stored_scans(
        self, run_id: int, site_key: str, inputs: str
    ) -> tuple[int, dict[str, Any]] | None:
        """(run, scans) of the latest earlier run that kept the site's page scans computed
        with the same `inputs`; None when none did, or the store has no such table (an older
        database opened read-only)."""
        try:
            row = self.db.execute(_STORED, [site_key, inputs, run_id]).fetchone()
        except sqlite3.OperationalError:  # no site_scans table
            return None
        return (int(row[0]), json.loads(row[1])) if row else None

    def changed_site_urls(self, run_id: int, other: int, site_key: str) -> list[str]:
        """The URLs of a site whose pages differ between the two runs as site health reads
        them (HealthQueries.same_site_pages' test), or which only one run has: compared in
        SQL, no facts parsed."""
        args = {"r": run_id, "q": other, "s": site_key}
        return [str(row[0]) for row in self.db.execute(_CHANGED_URLS, args)]


_KEEP = """insert or replace into site_scans (run_id, site_key, inputs, scans)
           values (?, ?, ?, ?)"""
_CARRY = """insert or replace into site_scans (run_id, site_key, inputs, scans)
            select ?1, site_key, inputs, scans from site_scans
            where site_key = ?2 and inputs = ?3 and run_id = ?4"""
_STORED = """select run_id, scans from site_scans
             where site_key = ? and inputs = ? and run_id < ? order by run_id desc limit 1"""
_CHANGED_URLS = f"""
    select p.url from pages p where p.run_id = :r and p.site_key = :s
      and not {same_to_health("p", "x")}
    union
    select q.url from pages q where q.run_id = :q and q.site_key = :s and not exists (
        select 1 from pages n where n.run_id = :r and n.url = q.url and n.site_key = :s)"""
