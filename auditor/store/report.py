"""What the report asks the store: the run's totals and its broken and unchecked links."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

from auditor.store.core import StoreCore
from auditor.store.records import KeptChecks, LinkRow
from auditor.store.runlinks import holding


class ReportQueries(StoreCore):
    def count_pages(self, run_id: int) -> int:
        return self.db.execute("select count(*) from pages where run_id = ?", [run_id]).fetchone()[
            0
        ]

    def site_totals(self, run_id: int) -> dict[str, dict[str, int]]:
        """Per site key: pages fetched, failed checks and cut-off URLs (for the report)."""
        sql = """
            with p as (select site_key, count(*) as n from pages where run_id = :r
                       group by site_key),
                 c as (select site_key, count(*) as n from checks where run_id = :r and ok = 0
                       group by site_key),
                 u as (select site_key, count(*) as n from cutoffs where run_id = :r
                       group by site_key)
            select s.key, coalesce(p.n, 0) as pages, coalesce(c.n, 0) as errors,
                   coalesce(u.n, 0) as cutoffs
            from sites s left join p on p.site_key = s.key left join c on c.site_key = s.key
                 left join u on u.site_key = s.key
            where s.run_id = :r"""  # one pass per table, not one scan of checks per site
        return {r.pop("key"): r for r in self.db.query(sql, {"r": run_id})}

    def kept_checks(self, run_id: int) -> KeptChecks:
        """OK verdicts a repeat kept from an earlier run without a request: their checked_at
        is older than the run's start, so a reader knows which links were not asked again."""
        sql = """
            select count(*) as count, min(c.checked_at) as oldest
            from checks c join runs r on r.id = c.run_id
            where c.run_id = ? and c.checked_at < r.started"""
        return cast(KeptChecks, dict(next(self.db.query(sql, [run_id]))))

    def broken_links_by_page(self, run_id: int) -> Iterator[LinkRow]:
        """Distinct (source, target) links whose target failed (robots-forbidden ones are
        not failures), by page and target URL, each with the fields of its first link on
        that page.  URL order, not crawl order: two crawls of one site list them alike.
        A link of a page a 304 copied is read where it is stored (auditor/store/runlinks.py):
        its `run_id` is that run's, and all of a page's links share it."""
        held, member = holding(self.db.conn, run_id)
        sql = f"""
            select l.*, c.status as check_status, c.reason as check_reason,
                   c.ok as check_ok, min(l.rowid) as first
            from checks c cross join links l on l.run_id in {held} and l.target = c.url
            where c.run_id = :r and c.ok = 0 and c.reason is not 'robots' and {member}
            group by l.source, l.target order by l.source, l.target"""
        for row in self.db.query(sql, {"r": run_id}):
            yield cast(LinkRow, row)

    def unchecked_targets(self, run_id: int) -> Iterator[LinkRow]:
        """Targets never judged: robots-forbidden ones, and outside links with no verdict;
        one row per target, in target URL order, with the number of pages linking to it.
        The row is the target's first link on the smallest linking page URL (SQLite takes a
        `min()` row's bare columns from that row), not its first link crawled: two crawls
        of one district, however ordered or split between processes, list them alike.

        The run's distinct targets come from the (run_id, target) index alone and meet
        `checks` once each; only the few unjudged targets then read their link rows (joining
        every link row to its check cost 4 s on a 4.7M-link run).  The scheme test runs on
        the distinct targets, not on every link (`materialized` keeps SQLite from pushing it
        back into the scan): 0.18 → 0.14 CPU-s on a 943k-link run.  The targets are those
        of every run holding the run's links (auditor/store/runlinks.py), a superset: a
        target only on pages the run fetched again has no link of the run and drops out."""
        held, member = holding(self.db.conn, run_id)
        sql = f"""
            with d as materialized (select distinct target from links
                                    where run_id in {held}),
                 t as (select target from d
                       where target like 'http://%' or target like 'https://%'),
                 u as (select t.target from t left join checks c
                         on c.run_id = :r and c.url = t.target
                       where c.reason = 'robots' or c.ok is null)
            select l.*, min(l.source) as first, c.status as check_status,
                   c.reason as check_reason, c.ok as check_ok,
                   count(distinct l.source) as pages
            from u cross join links l on l.run_id in {held} and l.target = u.target
                 left join checks c on c.run_id = :r and c.url = l.target
            where (c.reason = 'robots' or (c.ok is null and coalesce(l.internal, 0) = 0))
              and {member}
            group by l.target order by l.target"""
        for row in self.db.query(sql, {"r": run_id}):
            yield cast(LinkRow, row)
