"""What the judge asks the store: the strong matches, and the few fields of the pages and
failed checks they point at."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import Any, cast

from auditor.store.batch import in_chunks
from auditor.store.core import StoreCore
from auditor.store.records import CheckRow, MatchRow, PageRow
from auditor.store.schema import _TABLES, load_row, narrow_facts, undated

# What the judge reads of an evidence page's facts, and a name for that narrowing: a note
# in judged_pages is reused only by a judge that narrows the same way.
_NARROWED = narrow_facts(
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
_READER = hashlib.sha256(_NARROWED.encode()).hexdigest()[:16]
_NOTE = "insert or ignore into judged_pages (run_id, url, reader, facts) values (?, ?, ?, ?)"


# Whether run :r gives the judge what run :q gave it, besides the matches (the caller checks
# them): as many pages, each unchanged since :q for the classifier (temp.unchanged_pages,
# which compares status, title and facts) with the same publication date as the judge reads
# it, the same failed verdicts (URL, status, reason) and the same sites.  A page's listing
# date (the date beside the first link the crawl routed to it, so it may differ from run to
# run for a page fetched again) is read only when its facts have no date of their own
# (verdict.py `_published`), and both runs' facts are equal
_SAME_INPUTS = f"""select
    (select count(*) from pages where run_id = :r) = (select count(*) from pages where run_id = :q)
    and (select count(*) from pages where run_id = :r) = (select count(*) from temp.unchanged_pages)
    and not exists (select 1 from pages p join pages q on q.run_id = :q and q.url = p.url
                    where p.run_id = :r and p.from_run is null
                      and p.listing_date is not q.listing_date and {undated("p")})
    and (select count(*) from checks where run_id = :r and ok = 0)
        = (select count(*) from checks where run_id = :q and ok = 0)
    and not exists (select 1 from checks a where a.run_id = :r and a.ok = 0 and not exists (
        select 1 from checks b where b.run_id = :q and b.url = a.url and b.ok = 0
        and b.status is a.status and b.reason is a.reason))
    and (select count(*) from sites where run_id = :r) = (select count(*) from sites where run_id = :q)
    and not exists (select key, department, url, channel, aliases from sites where run_id = :r
                    except select key, department, url, channel, aliases from sites where run_id = :q)"""


_NOTE_JUDGE = "update runs set judge = ? where id = ?"


def _copy_rows(table: str) -> str:
    """Run :q's rows of `table` as run :r's, in stored order (the schema's columns)."""
    names = ", ".join(c for c in _TABLES[table]["columns"] if c not in ("id", "run_id"))
    return f"""insert into {table} (run_id, {names}) select :r, {names} from {table}
               where run_id = :q order by rowid"""


class JudgeQueries(StoreCore):
    def judged_with(self, run_id: int) -> str | None:
        """The digest of the judge's other inputs when the run's findings were written."""
        row = self.db.execute("select judge from runs where id = ?", [run_id]).fetchone()
        return row[0] if row else None

    def same_judge_inputs(self, run_id: int, earlier: int) -> bool:
        """Whether `run_id` has run `earlier`'s pages, failed verdicts and sites as the judge
        reads them (`_SAME_INPUTS`); temp.unchanged_pages must compare the two runs (the
        caller checks `unchanged_since`, and the matches with `matches_copied_from`)."""
        return bool(self.db.execute(_SAME_INPUTS, {"r": run_id, "q": earlier}).fetchone()[0])

    def copy_judgement(self, run_id: int, earlier: int, digest: str) -> None:
        """Run `earlier`'s findings and evidence notes (judged_pages) as `run_id`'s."""
        names = {"r": run_id, "q": earlier}
        with self.db.conn:
            for table in ("findings", "judged_pages"):
                self.db.execute(f"delete from {table} where run_id = ?", [run_id])
                self.db.execute(_copy_rows(table), names)
            self.db.execute(_NOTE_JUDGE, [digest, run_id])

    def note_judge(self, run_id: int, digest: str) -> None:
        """Name the digest the run's findings were just judged with (`judged_with`)."""
        with self.db.conn:
            self.db.execute(_NOTE_JUDGE, [digest, run_id])

    def strong_matches(self, run_id: int, threshold: float) -> Iterator[MatchRow]:
        """Matches scoring at least `threshold` (proofs, and near misses when it is below the
        proving score), grouped by URL and item in stored order, with their typed columns
        (`signals` as its stored JSON text)."""
        sql = """
            select url, site_key, source, item, score, reasons, strength, signals, anchor,
                   anchor_page, listing_date, publisher from matches
            where run_id = ? and score >= ? order by url, item, rowid"""
        for row in self.db.query(sql, [run_id, threshold]):
            signals = row.pop("signals")
            match = load_row(row)
            # left as stored: decoded (by Candidate.why) only for the few matches a finding
            # shows, not for each of the ~60k judged at 100k pages
            match["signals"] = signals
            yield cast(MatchRow, match)

    def page_match_keys(self, run_id: int, threshold: float) -> set[tuple[str, str]]:
        """(url, item) of every page (not anchor) match scoring at least `threshold`."""
        sql = """select distinct url, item from matches
                 where run_id = ? and source = 'page' and score >= ?"""
        return {(r[0], r[1]) for r in self.db.execute(sql, [run_id, threshold]).fetchall()}

    def begin_evidence(self, run_id: int) -> None:
        """Forget what an earlier judgement of the run noted of its evidence pages
        (`evidence_pages` notes them again)."""
        with self.db.conn:
            self.db.execute("delete from judged_pages where run_id = ?", [run_id])

    def evidence_pages(
        self, run_id: int, urls: Iterable[str], reuse: int | None = None
    ) -> dict[str, PageRow]:
        """url -> the few fields the judge reads of a stored page: status, title,
        listing_date, and PageFacts narrowed to title, dates, attachments and publisher.
        The narrowed facts are noted in `judged_pages` for the next repeat: a page that
        temp.unchanged_pages says is the same as in run `reuse` takes them from that run's
        note (a few hundred bytes) instead of reading and narrowing its 5 KB of facts."""
        wanted = list(dict.fromkeys(urls))
        rows = dict(self._reused_pages(run_id, wanted, reuse)) if reuse is not None else {}
        rest = [url for url in wanted if url not in rows]
        fields = f"url, status, title, listing_date, {_NARROWED}"
        rows.update((r["url"], r) for r in self._raw_rows("pages", fields, run_id, rest))
        with self.db.conn:
            self.db.conn.executemany(
                _NOTE, [(run_id, url, _READER, row["facts"]) for url, row in rows.items()]
            )
        return {url: cast(PageRow, load_row(row)) for url, row in rows.items()}

    def _reused_pages(
        self, run_id: int, urls: list[str], reuse: int
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        for chunk, marks in in_chunks(urls):
            sql = f"""select p.url, p.status, p.title, p.listing_date, j.facts
                      from pages p join temp.unchanged_pages u on u.url = p.url
                      join judged_pages j on j.run_id = ? and j.url = p.url and j.reader = ?
                      where p.run_id = ? and p.url in ({marks})"""
            for row in self.db.query(sql, [reuse, _READER, run_id, *chunk]):
                yield row["url"], row

    def failed_checks_among(self, run_id: int, urls: Iterable[str]) -> dict[str, CheckRow]:
        """url -> status and reason of the given URLs whose check failed (ok = 0)."""
        rows = self._rows_for_urls("checks", "url, status, reason, ok", run_id, urls, "ok = 0")
        return {r["url"]: cast(CheckRow, r) for r in rows}

    def _rows_for_urls(
        self, table: str, fields: str, run_id: int, urls: Iterable[str], where: str = "1"
    ) -> Iterator[dict[str, Any]]:
        for row in self._raw_rows(table, fields, run_id, urls, where):
            yield load_row(row)

    def _raw_rows(
        self, table: str, fields: str, run_id: int, urls: Iterable[str], where: str = "1"
    ) -> Iterator[dict[str, Any]]:
        wanted = list(dict.fromkeys(urls))
        for chunk, marks in in_chunks(wanted):
            sql = f"""select {fields} from {table}
                      where run_id = ? and url in ({marks}) and {where}"""
            yield from self.db.query(sql, [run_id, *chunk])
