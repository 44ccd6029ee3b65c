"""Narrow reads for the stages after the crawl (classify, judge, health, report)."""

from __future__ import annotations

import json
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


# What the classifier reads of a page: when all of it is equal, so are the page's matches.
_SAME_PAGE = """q.site_key is p.site_key and q.status is p.status and q.title is p.title
                and q.facts is p.facts"""
_COPY_MATCHES = f"""
    insert into matches (run_id, url, site_key, source, item, score, reasons, strength, signals)
    select :r, m.url, m.site_key, m.source, m.item, m.score, m.reasons, m.strength, m.signals
    from matches m join pages q on q.run_id = m.run_id and q.url = m.url
    join pages p on p.run_id = :r and p.url = m.url
    where m.run_id = :q and m.source = 'page' and {_SAME_PAGE}
    order by p.id, m.rowid"""


class StageQueries(StoreCore):
    # narrow reads for the stages after the crawl (classify, judge, health, report) --------
    # Each asks for exactly the rows and facts fields it uses, so a stage's memory does not
    # grow with the crawl: nothing here returns a whole table or whole PageFacts.  Queries
    # of failed links start from the few failed checks (CROSS JOIN fixes the join order).
    def anchor_links(self, run_id: int) -> Iterator[dict[str, Any]]:
        """Links with a non-blank anchor whose target may speak for itself only through the
        anchor: a checked URL that is not a stored page, or a stored page that failed or says
        it does not exist (its status and PageFacts.not_found as JSON text).  Grouped by
        target in link order: what the classifier reads anchors from.  The few such targets
        drive the query, so the run's other links are never read."""
        sql = """
            with speaking as (
                select c.url as target, c.ok as check_ok, 0 as stored,
                       null as page_status, null as not_found
                from checks c where c.run_id = :r and c.ok is not null
                  and not exists (select 1 from pages p where p.run_id = :r and p.url = c.url)
                union all
                select p.url, (select c.ok from checks c where c.run_id = :r and c.url = p.url),
                       1, p.status, case when json_valid(p.facts) then p.facts -> '$.not_found' end
                from pages p where p.run_id = :r and (p.status >= 400 or (json_valid(p.facts)
                  and p.facts -> '$.not_found' not in ('false', 'null', '0', '""', '[]', '{}')))
            )
            select l.source, l.target, l.anchor, l.site_key, l.listing_date, l.publisher,
                   s.check_ok, s.stored, s.page_status, s.not_found
            from speaking s join links l on l.run_id = :r and l.target = s.target
            where trim(coalesce(l.anchor, '')) != ''
            order by l.target, l.rowid"""
        yield from self.db.query(sql, {"r": run_id})

    # classify reuse: a page whose classifier inputs did not change keeps its matches -----
    def classified_run(self, run_id: int, classifier: str) -> int | None:
        """The latest other complete run whose matches this same classifier wrote (a complete
        run never gets more pages, so its matches cover all of them), if any."""
        sql = """select max(id) from runs
                 where id != ? and classifier = ? and status = 'complete'"""
        found = self.db.execute(sql, [run_id, classifier]).fetchone()[0]
        return int(found) if found is not None else None

    def replace_matches(
        self, run_id: int, rows: Iterable[dict[str, Any]], classifier: str, reuse: int | None
    ) -> int:
        """Replace a run's matches atomically: page matches copied from run `reuse` for pages
        unchanged since, then `rows`; the run is marked as classified by `classifier`.
        Returns the number of rows copied."""
        with self.db.conn:
            self.db.execute("delete from matches where run_id = ?", [run_id])
            copied = self.db.execute(_COPY_MATCHES, {"r": run_id, "q": reuse}).rowcount
            self.insert_stream("matches", run_id, rows)
            self.db.execute("update runs set classifier = ? where id = ?", [classifier, run_id])
        return max(copied, 0)

    def changed_pages(self, run_id: int, reuse: int | None) -> Iterator[dict[str, Any]]:
        """The run's pages (in stored order) whose classifier inputs differ from the same
        URL's in run `reuse`: every page when there is nothing to reuse."""
        sql = f"""select p.url, p.site_key, p.status, p.title, p.facts from pages p
                  where p.run_id = :r and not exists (
                      select 1 from pages q where q.run_id = :q and q.url = p.url
                      and {_SAME_PAGE}) order by p.id"""
        for row in self.db.query(sql, {"r": run_id, "q": reuse}):
            yield load_row(row)

    def page_footers(self, run_id: int) -> Iterator[tuple[str, str, Any]]:
        """(site key, url, PageFacts.footer) of every page in stored order: the footer
        alone is read out of the facts."""
        sql = """select site_key, url, facts -> '$.footer' from pages
                 where run_id = ? and json_valid(facts) order by id"""
        for site_key, url, footer in self.db.execute(sql, [run_id]):
            yield site_key, url, json.loads(footer) if footer is not None else None

    def page_head_titles(self, run_id: int) -> Iterator[tuple[str, str, str]]:
        """(site key, url, <title> as written) of every page: the tamper stage learns each
        site's title template from them."""
        sql = """select site_key, url, facts ->> '$.head_title' from pages
                 where run_id = ? and json_valid(facts) order by id"""
        for site_key, url, title in self.db.execute(sql, [run_id]):
            yield site_key, url, title or ""

    def strong_matches(self, run_id: int, threshold: float) -> Iterator[dict[str, Any]]:
        """Matches scoring at least `threshold` (proofs, and near misses when it is below the
        proving score), grouped by URL and item in stored order, with their typed columns."""
        sql = """
            select url, site_key, source, item, score, reasons, strength, signals, anchor,
                   anchor_page, listing_date, publisher from matches
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

    def page_texts(self, run_id: int, site_key: str) -> Iterator[dict[str, Any]]:
        """A site's fetched pages with title, publication date and main text, one at a time
        (the serious-error and service-guide checks read what a visitor reads)."""
        sql = """select url, title, fetched_at, json_extract(facts, '$.published') as published,
                         json_extract(facts, '$.text') as text,
                         json_extract(facts, '$.column') as column_name,
                         json_extract(facts, '$.is_listing') as is_listing
                  from pages where run_id = ? and site_key = ? and status < 400 and json_valid(facts)
                  order by id"""
        for row in self.db.query(sql, [run_id, site_key]):
            yield dict(row)

    def site_links_from(
        self, run_id: int, site_key: str, sources: Iterable[str]
    ) -> Iterator[dict[str, Any]]:
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
            from checks c cross join links l on l.run_id = c.run_id and l.target = c.url
            where c.run_id = ? and c.ok = 0 and c.reason is not 'robots'
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
              and (l.target like 'http://%' or l.target like 'https://%')
              and (c.reason = 'robots' or (c.ok is null and coalesce(l.internal, 0) = 0))
            group by l.target order by first"""
        yield from self.db.query(sql, [run_id])
