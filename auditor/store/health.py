"""What the site-health indicators ask the store: one site's pages, links and failed
targets, read a site at a time, and the availability probes' visits."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import cast

from auditor.store.core import StoreCore
from auditor.store.records import LinkRow, PageRow, PageText
from auditor.store.schema import load_row, narrow_facts


class HealthQueries(StoreCore):
    def site_page_addresses(self, run_id: int, site_key: str) -> Iterator[tuple[int, str, str]]:
        """(id, url, final_url) of a site's pages in stored order: enough to find its home."""
        sql = "select id, url, final_url from pages where run_id = ? and site_key = ? order by id"
        yield from self.db.execute(sql, [run_id, site_key])

    def page_by_id(self, page_id: int) -> PageRow | None:
        rows = list(self.db.query("select * from pages where id = ?", [page_id]))
        return cast(PageRow, load_row(rows[0])) if rows else None

    def health_pages(self, run_id: int, site_key: str) -> Iterator[PageRow]:
        """A site's pages with the PageFacts fields the health indicators read; the body
        text only for listing pages (where it may say the column is empty)."""
        facts = narrow_facts(
            "is_listing",
            "not_found",
            "meta",
            "column",
            "breadcrumb",
            "listing_dates",
            text="case when coalesce(json_extract(facts, '$.is_listing'), 0) not in (0, '') "
            "then json_extract(facts, '$.text') end",
        )
        sql = f"""select url, final_url, status, depth, title, {facts}
                  from pages where run_id = ? and site_key = ? order by id"""
        for row in self.db.query(sql, [run_id, site_key]):
            yield cast(PageRow, load_row(row))

    def site_page_texts(self, run_id: int, site_key: str) -> Iterator[PageText]:
        """A site's fetched pages with title, publication date and main text, one at a time
        (the serious-error and service-guide checks read what a visitor reads)."""
        sql = """select url, title, fetched_at, json_extract(facts, '$.published') as published,
                         json_extract(facts, '$.text') as text,
                         json_extract(facts, '$.column') as column_name,
                         json_extract(facts, '$.is_listing') as is_listing
                  from pages where run_id = ? and site_key = ? and status < 400 and json_valid(facts)
                  order by id"""
        for row in self.db.query(sql, [run_id, site_key]):
            yield cast(PageText, dict(row))

    def site_links_from(
        self, run_id: int, site_key: str, sources: Iterable[str]
    ) -> Iterator[LinkRow]:
        """A site's links found on the given pages, in stored order, with their verdicts
        (`+l.site_key` keeps SQLite on the source index instead of walking the whole site)."""
        wanted = list(dict.fromkeys(sources))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"""
                select l.*, c.status as check_status, c.reason as check_reason,
                       c.ok as check_ok
                from links l left join checks c on c.run_id = l.run_id and c.url = l.target
                where l.run_id = ? and +l.site_key = ? and l.source in ({marks})
                order by l.rowid"""
            for row in self.db.query(sql, [run_id, site_key, *chunk]):
                yield cast(LinkRow, row)

    def common_targets(self, run_id: int, site_key: str) -> set[str]:
        """Targets linked from at least half of a site's linking pages (and from 3):
        menus and footers, not content."""
        sql = "select count(distinct source) from links where run_id = ? and site_key = ?"
        pages = self.db.execute(sql, [run_id, site_key]).fetchone()[0]
        sql = """select coalesce(target, '') from links where run_id = ? and site_key = ?
                 group by coalesce(target, '') having count(distinct source) >= ?"""
        rows = self.db.execute(sql, [run_id, site_key, max(3, pages / 2)]).fetchall()
        return {r[0] for r in rows}

    def site_failed_targets(
        self, run_id: int, site_key: str, except_on: Iterable[str]
    ) -> Iterator[LinkRow]:
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
        for row in self.db.query(sql, [run_id, site_key, *skipped]):
            yield cast(LinkRow, row)

    def probe_visits(self, url: str, since: str, until: str) -> list[tuple[str, int]]:
        """(at, ok) of every stored visit of one home page in (since, until]."""
        sql = "select at, ok from probes where url = ? and at > ? and at <= ? order by at"
        return [(r["at"], int(r["ok"] or 0)) for r in self.db.query(sql, [url, since, until])]
