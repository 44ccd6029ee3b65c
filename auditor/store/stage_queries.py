"""Narrow reads for the stages after the crawl (classify, judge, health, report)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from auditor.store.core import StoreCore
from auditor.store.schema import load_row


def narrow_facts(*fields: str, **expressions: str) -> str:
    """SQL for a `facts` column holding only the named PageFacts fields (plus computed ones):
    a stage reads what it needs, never a whole PageFacts with its text."""
    parts = [f"'{name}', json_extract(facts, '$.{name}')" for name in fields]
    parts += [f"'{name}', {sql}" for name, sql in expressions.items()]
    return f"case when json_valid(facts) then json_object({', '.join(parts)}) end as facts"


class StageQueries(StoreCore):
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
            yield load_row(row)

    def page_match_keys(self, run_id: int, threshold: float) -> set[tuple[str, str]]:
        """(url, item) of every page (not anchor) match scoring at least `threshold`."""
        sql = """select distinct url, item from matches
                 where run_id = ? and source = 'page' and score >= ?"""
        return {(r[0], r[1]) for r in self.db.execute(sql, [run_id, threshold]).fetchall()}

    def evidence_pages(self, run_id: int, urls: Iterable[str]) -> dict[str, dict[str, Any]]:
        """url -> the few fields the judge reads of a stored page: status, title,
        listing_date, and PageFacts narrowed to title, dates, attachments and publisher."""
        facts = narrow_facts(
            "title",
            "published",
            "edition_year",
            "not_found",
            "attachments",
            "agency",
            "breadcrumb",
            "column",
            catalog="json_object('agency', json_extract(facts, '$.catalog.agency'))",
            meta="json_object('ContentSource', json_extract(facts, '$.meta.ContentSource'))",
        )
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
                yield load_row(row)

    def page_addresses(self, run_id: int, site_key: str) -> Iterator[tuple[int, str, str]]:
        """(id, url, final_url) of a site's pages in stored order: enough to find its home."""
        sql = "select id, url, final_url from pages where run_id = ? and site_key = ? order by id"
        yield from self.db.execute(sql, [run_id, site_key])

    def page_by_id(self, page_id: int) -> dict[str, Any] | None:
        rows = list(self.db.query("select * from pages where id = ?", [page_id]))
        return load_row(rows[0]) if rows else None

    def health_pages(self, run_id: int, site_key: str) -> Iterator[dict[str, Any]]:
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
            yield load_row(row)

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
