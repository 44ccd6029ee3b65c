"""What the site-health indicators ask the store: one site's pages, links and failed
targets, read a site at a time, and the availability probes' visits."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any, cast

from auditor.store.batch import in_chunks
from auditor.store.core import StoreCore
from auditor.store.records import LinkRow, PageRow, PageText
from auditor.store.runlinks import holders, holding, member_of
from auditor.store.schema import dump_json, load_row, narrow_facts, undated
from auditor.store.texts import text_sql, with_text


class HealthQueries(StoreCore):
    def site_page_addresses(self, run_id: int, site_key: str) -> Iterator[tuple[int, str, str]]:
        """(id, url, final_url) of a site's pages in stored order: enough to find its home."""
        sql = "select id, url, final_url from pages where run_id = ? and site_key = ? order by id"
        yield from self.db.execute(sql, [run_id, site_key])

    def page_by_id(self, page_id: int) -> PageRow | None:
        sql = f"select *, {text_sql('pages')} as text from pages where id = ?"
        rows = list(self.db.query(sql, [page_id]))
        return cast(PageRow, with_text(load_row(rows[0]))) if rows else None

    def health_pages(
        self, run_id: int, site_key: str, urls: Iterable[str] | None = None
    ) -> Iterator[tuple[PageRow, PageText | None]]:
        """A site's pages in stored order (only those of `urls` when given: the pages a
        repeat found changed, auditor/health/delta.py), each read once for both page passes of health: the
        page with the PageFacts fields the column and meta scans read (the body text only for
        listing pages, where it may say the column is empty), and, for a fetched page
        (status < 400, valid facts), what a visitor reads (title, publication date, main text)
        for the serious-error, guide, message and annual-report scans. One statement: the
        pages are read once, and SQLite's JSON parse cache can serve every field of a row."""
        facts = narrow_facts(
            "is_listing",
            "not_found",
            "meta",
            "column",
            "breadcrumb",
            "listing_dates",
            text="case when coalesce(json_extract(facts, '$.is_listing'), 0) not in (0, '') "
            f"then {text_sql('pages')} end",
        )
        said = ", ".join(
            text_sql("pages")
            if field == "text"
            else f"case when json_valid(pages.facts) then json_extract(pages.facts, '$.{field}') end"
            for field in ("published", "text", "column", "is_listing")
        )
        sql = f"""select url, final_url, status, depth, title, {facts}, fetched_at,
                         status < 400 and json_valid(pages.facts), {said}
                  from pages where run_id = ? and site_key = ?"""
        if urls is None:
            for row in self.db.execute(sql + " order by id", [run_id, site_key]):
                yield _health_page(row)
            return
        for chunk, marks in in_chunks(list(dict.fromkeys(urls))):
            for row in self.db.execute(f"{sql} and url in ({marks})", [run_id, site_key, *chunk]):
                yield _health_page(row)

    def site_links_from(
        self, run_id: int, site_key: str, sources: Iterable[str]
    ) -> Iterator[LinkRow]:
        """A site's links found on the given pages, in stored order (by holding run, then
        rowid: one page's links are in one run), with their verdicts (`+l.site_key` keeps
        SQLite on the source index instead of walking the whole site); read where they are
        stored (auditor/store/runlinks.py)."""
        wanted = list(dict.fromkeys(sources))
        held, member = holding(self.db.conn, run_id, "?1")
        for chunk, marks in in_chunks(wanted):
            sql = f"""
                select l.*, c.status as check_status, c.reason as check_reason,
                       c.ok as check_ok
                from links l left join checks c on c.run_id = ?1 and c.url = l.target
                where l.run_id in {held} and +l.site_key = ?2 and l.source in ({marks})
                  and {member}
                order by l.run_id, l.rowid"""
            for row in self.db.query(sql, [run_id, site_key, *chunk]):
                yield cast(LinkRow, row)

    def site_link_keys(
        self, run_id: int, site_key: str, sources: Iterable[str]
    ) -> Iterator[tuple[str, str, str, str]]:
        """(source, target, anchor, tag) of a site's links found on the given pages: what
        site health reads of them, without their verdicts (auditor/health/reuse.py); read
        where they are stored (auditor/store/runlinks.py)."""
        wanted = list(dict.fromkeys(sources))
        held, member = holding(self.db.conn, run_id, "?1")
        for chunk, marks in in_chunks(wanted):
            sql = f"""select l.source, l.target, l.anchor, l.tag from links l
                      where l.run_id in {held} and +l.site_key = ?2
                        and l.source in ({marks}) and {member}"""
            yield from self.db.execute(sql, [run_id, site_key, *chunk])

    def common_targets(self, run_id: int, site_key: str) -> set[str]:
        """Targets linked from at least half of a site's linking pages (and from 3):
        menus and footers, not content.  Counted in one pass over the site's links in stored
        order: a page's links are written together, so a (source, target) pair repeats only
        within its source's run of rows and a set of that run's targets finds each pair
        once.  Memory holds the site's sources and targets, not its links; a source whose
        links do not form one run (never written so by the crawl) falls back to SQL's
        `count(distinct source)`.  At 100k pages, 21 sites: 11.3-11.8 → ~7 CPU-s.  Links are
        read where they are stored (auditor/store/runlinks.py), holding run by holding run:
        a page's links are in one run; whether a row is the run's is asked once a source
        (`member_of`), not once a row."""
        runs = holders(self.db.conn, run_id)
        sql = f"""select l.run_id, l.source, coalesce(l.target, '') from links l
                  where l.run_id in ({", ".join(map(str, runs))}) and l.site_key = ?
                  order by l.run_id, l.rowid"""
        member = member_of(self.db.conn, run_id)
        counts: dict[str, int] = {}
        finished: set[str | None] = set()
        current: str | None = None
        seen: set[str] = set()
        for holder, source, target in self.db.execute(sql, [site_key]):
            if len(runs) > 1 and not member(holder, source):
                continue
            if source != current:
                if source in finished:
                    return self._common_targets_sql(run_id, site_key)
                finished.add(current)
                current, seen = source, set()
            if source is not None and target not in seen:  # count(distinct) skips NULL
                seen.add(target)
                counts[target] = counts.get(target, 0) + 1
        finished.add(current)
        need = max(3, len(finished - {None}) / 2)
        return {target for target, count in counts.items() if count >= need}

    def _common_targets_sql(self, run_id: int, site_key: str) -> set[str]:
        """`common_targets` as SQL's count(distinct source) gives it, for any row order."""
        site = self._site_links(run_id)
        sql = f"select count(distinct l.source) from links l where {site}"
        pages = self.db.execute(sql, [run_id, site_key]).fetchone()[0]
        sql = f"""select coalesce(l.target, '') from links l where {site}
                  group by coalesce(l.target, '') having count(distinct l.source) >= ?3"""
        rows = self.db.execute(sql, [run_id, site_key, max(3, pages / 2)]).fetchall()
        return {r[0] for r in rows}

    def _site_links(self, run_id: int) -> str:
        """SQL condition: `l` is one of the links of run ?1 on site ?2."""
        held, member = holding(self.db.conn, run_id, "?1")
        return f"l.run_id in {held} and l.site_key = ?2 and {member}"

    def site_failed_targets(
        self, run_id: int, site_key: str, except_on: Iterable[str]
    ) -> Iterator[LinkRow]:
        """Distinct failed link targets (robots-forbidden ones left out) on a site's pages
        other than `except_on`, in URL order, each with its first link in URL order (the
        one on the smallest source URL; on that page, the first) and the verdict: the same
        whatever order the crawl stored the links in.  Walked from the run's few failed
        checks to their links (index on links(run_id, target); `+l.site_key` keeps SQLite
        off the site index, which would join every link of the site with the checks); read
        where they are stored (auditor/store/runlinks.py)."""
        skipped = list(dict.fromkeys(except_on))
        marks = ",".join("?" * len(skipped))
        held, member = holding(self.db.conn, run_id, "?1")
        sql = f"""
            select * from (
                select l.*, c.status as check_status, c.reason as check_reason,
                       c.ok as check_ok,
                       row_number() over (partition by l.target order by {_URL_ORDER}) as pick
                from checks c cross join links l on l.run_id in {held} and l.target = c.url
                where c.run_id = ?1 and c.ok = 0 and c.reason is not 'robots'
                  and +l.site_key = ?2 and coalesce(l.source, '') not in ({marks})
                  and {member})
            where pick = 1 order by target"""
        for row in self.db.query(sql, [run_id, site_key, *skipped]):
            del row["pick"]
            yield cast(LinkRow, row)

    def run_failed_links(self, run_id: int, limit: int) -> list[LinkRow] | None:
        """Every link of the run to a failed target (robots-forbidden ones left out), with
        its verdict, by target, then in URL order as `site_failed_targets` picks a target's
        first link: what that query walks for each site, read once for all of them
        (`failed_targets_among` then picks a site's rows).  None when there are more than
        `limit` such links: the caller then asks site by site, so memory stays bounded on a
        run where most links fail.  Read where they are stored (auditor/store/runlinks.py)."""
        held, member = holding(self.db.conn, run_id, "?1")
        sql = f"""
            select l.*, c.status as check_status, c.reason as check_reason,
                   c.ok as check_ok
            from checks c cross join links l on l.run_id in {held} and l.target = c.url
            where c.run_id = ?1 and c.ok = 0 and c.reason is not 'robots' and {member}
            order by l.target, {_URL_ORDER} limit ?2"""
        rows = [cast(LinkRow, row) for row in self.db.query(sql, [run_id, limit + 1])]
        return rows if len(rows) <= limit else None

    def keep_site_health(
        self, run_id: int, site_key: str, inputs: str, reads: dict[str, Any], part: Any
    ) -> None:
        """Keep a site's computed page part for a later repeat (auditor/health/reuse.py)."""
        row = [run_id, site_key, inputs, dump_json(reads), dump_json(part)]
        with self.db.conn:
            self.db.execute(_KEEP, row)

    def stored_site_health(
        self, run_id: int, site_key: str, inputs: str
    ) -> tuple[int, dict[str, Any], Any] | None:
        """(run, reads, page part) of the latest earlier run that kept the site's page part
        computed with the same `inputs`; None when none did, or the store has no such table
        (a database older than site_health, opened read-only)."""
        try:
            row = self.db.execute(_STORED, [site_key, inputs, run_id]).fetchone()
        except sqlite3.OperationalError:  # no site_health table
            return None
        return (int(row[0]), json.loads(row[1]), json.loads(row[2])) if row else None

    def same_site_pages(self, run_id: int, other: int, site_key: str) -> bool:
        """Whether a site's pages in two runs are the same as site health reads them (see
        _SAME_PAGES); stops at the first page that is not."""
        args = {"r": run_id, "q": other, "s": site_key}
        if self.db.execute(_SITE_PAGES, args).fetchone() != (
            self.db.execute(_SITE_PAGES, {**args, "r": other}).fetchone()
        ):
            return False
        return self.db.execute(_CHANGED_PAGE, args).fetchone() is None

    def sites_with_changed_pages(self, run_id: int, other: int) -> frozenset[str]:
        """The sites whose pages in the two runs differ as `same_site_pages` sees them, for
        every site at once, when `find_unchanged_pages` last compared run `run_id` with run
        `other` on this connection (the caller checks it: `unchanged_since`).  That pass noted
        which pages are also the same to site health (temp.unchanged_pages.health_same), so
        this only counts them per site: compared per site, this read every page's facts a
        second time after the classifier's; joined again here, the two runs' pages once
        more (0.28 of 0.33 CPU-s at 20k pages)."""
        same = {str(key): int(n) for key, n in self.db.execute(_SAME_PER_SITE)}
        counts = [self.pages_per_site(run) for run in (run_id, other)]
        return frozenset(
            key
            for key in counts[0].keys() | counts[1].keys()
            if not counts[0].get(key) == counts[1].get(key) == same.get(key, 0)
        )

    def probe_visits(self, url: str, since: str, until: str) -> list[tuple[str, int]]:
        """(at, ok) of every stored visit of one home page in (since, until]."""
        sql = "select at, ok from probes where url = ? and at > ? and at <= ? order by at"
        return [(r["at"], int(r["ok"] or 0)) for r in self.db.query(sql, [url, since, until])]


# A target's links in URL order: by source URL (a page-less link's NULL as ''), then where
# the rows are stored, which within one page is the page's own order (one page's links are
# in one run).
_URL_ORDER = "coalesce(l.source, ''), l.run_id, l.rowid"
_KEEP = """insert or replace into site_health (run_id, site_key, inputs, reads, health)
           values (?, ?, ?, ?, ?)"""
_STORED = """select run_id, reads, health from site_health
             where site_key = ? and inputs = ? and run_id < ? order by run_id desc limit 1"""
_SITE_PAGES = "select count(*) from pages where run_id = :r and site_key = :s"


def health_alike(p: str, q: str) -> str:
    """SQL: whether the pages aliased `p` and `q` (one URL in two runs, whose facts are
    compared elsewhere) are also alike in what site health reads beyond the classifier's
    inputs: the final URL; the day of fetched_at, which only a publication date after it
    reads (serious.py `date_hits`: a faked date, its message names the day), so two days
    are alike when the page has no such date or its date is after neither (a weekly repeat
    fetches a re-published page on another day: every site's health was computed again for
    an unchanged text); and the depth of a listing page (a column's URL is its shallowest
    page; other pages' depth is not read, and it differs between two crawls of a site).
    A page whose facts may say is_listing (any value but 0, false, "" or null) counts as one."""
    day_p, day_q = f"substr({p}.fetched_at, 1, 10)", f"substr({q}.fetched_at, 1, 10)"
    published = f"{p}.facts ->> '$.published'"
    return f"""{q}.final_url is {p}.final_url
        and ({day_q} is {day_p} or {undated(p)} or {published} <= min({day_p}, {day_q}))
        and ({q}.depth is {p}.depth or (json_valid({p}.facts)
             and coalesce({p}.facts ->> '$.is_listing', 0) in (0, '')))"""


def same_to_health(p: str, x: str) -> str:
    """SQL: whether page `p` (of run :r) has a page `x` of run :q, of the same URL and site
    :s, the same to site health: status, title, facts and text, and what `health_alike`
    compares."""
    return f"""exists (
        select 1 from pages {x} where {x}.run_id = :q and {x}.url = {p}.url
          and {x}.site_key = :s and {x}.status is {p}.status and {x}.title is {p}.title
          and {x}.facts is {p}.facts and {x}.text_sha is {p}.text_sha
          and {health_alike(p, x)})"""


_CHANGED_PAGE = f"""
    select 1 from pages p where p.run_id = :r and p.site_key = :s
      and not {same_to_health("p", "x")} limit 1"""

# A site's pages the classifier found the same in both runs, as site health reads them
# (ClassifyQueries.find_unchanged_pages notes `health_same` with _CHANGED_PAGE's test): a
# site all of whose pages are so, in equal numbers in both runs, did not change.
_SAME_PER_SITE = """select site_key, count(*) from temp.unchanged_pages
                    where health_same group by site_key"""


def _health_page(row: tuple[Any, ...]) -> tuple[PageRow, PageText | None]:
    url, final_url, status, depth, title, facts, fetched_at, readable, *said = row
    page = {"url": url, "final_url": final_url, "status": status, "depth": depth}
    page = load_row({**page, "title": title, "facts": facts})
    if not readable:
        return cast(PageRow, page), None
    published, text, column_name, is_listing = said
    text_row = {"url": url, "title": title, "fetched_at": fetched_at, "published": published}
    text_row |= {"text": text, "column_name": column_name, "is_listing": is_listing}
    return cast(PageRow, page), cast(PageText, text_row)


def failed_targets_among(
    rows: Iterable[LinkRow], site_key: str, except_on: Iterable[str]
) -> list[LinkRow]:
    """`site_failed_targets` computed from `run_failed_links`' rows (by target, then URL
    order): the site's first link to each failed target from a page not in `except_on`, in
    target order, the row `site_failed_targets`' window picks for each target."""
    skipped = set(except_on)
    first: dict[str, LinkRow] = {}
    for row in rows:
        source = row.get("source")
        if row.get("site_key") != site_key or (source if source is not None else "") in skipped:
            continue
        first.setdefault(str(row.get("target")), row)
    return list(first.values())
