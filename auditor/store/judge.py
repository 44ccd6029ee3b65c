"""What the judge asks the store: the strong matches, and the few fields of the pages and
failed checks they point at."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, cast

from auditor.store.core import StoreCore
from auditor.store.records import CheckRow, MatchRow, PageRow
from auditor.store.schema import load_row, narrow_facts


class JudgeQueries(StoreCore):
    def strong_matches(self, run_id: int, threshold: float) -> Iterator[MatchRow]:
        """Matches scoring at least `threshold` (proofs, and near misses when it is below the
        proving score), grouped by URL and item in stored order, with their typed columns."""
        sql = """
            select url, site_key, source, item, score, reasons, strength, signals, anchor,
                   anchor_page, listing_date, publisher from matches
            where run_id = ? and score >= ? order by url, item, rowid"""
        for row in self.db.query(sql, [run_id, threshold]):
            yield cast(MatchRow, load_row(row))

    def page_match_keys(self, run_id: int, threshold: float) -> set[tuple[str, str]]:
        """(url, item) of every page (not anchor) match scoring at least `threshold`."""
        sql = """select distinct url, item from matches
                 where run_id = ? and source = 'page' and score >= ?"""
        return {(r[0], r[1]) for r in self.db.execute(sql, [run_id, threshold]).fetchall()}

    def evidence_pages(self, run_id: int, urls: Iterable[str]) -> dict[str, PageRow]:
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
        rows = self._rows_for_urls("pages", fields, run_id, urls)
        return {r["url"]: cast(PageRow, r) for r in rows}

    def failed_checks_among(self, run_id: int, urls: Iterable[str]) -> dict[str, CheckRow]:
        """url -> status and reason of the given URLs whose check failed (ok = 0)."""
        rows = self._rows_for_urls("checks", "url, status, reason, ok", run_id, urls, "ok = 0")
        return {r["url"]: cast(CheckRow, r) for r in rows}

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
