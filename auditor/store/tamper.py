"""What the tamper stage asks the store: footers and head titles of every page, the pages
already flagged, and what a repeat needs to take an earlier run's cross-page rows."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from auditor.store.core import StoreCore

# A page of the run that is not the earlier run's page of the same URL and site as far as the
# cross-page comparison sees it: copied from another run, or fetched with another footer,
# <title> or facts validity (a 304 copy has the earlier row's facts by construction).
_DIFFERING_SITES = """
select distinct c.site_key from pages c
left join pages p on p.run_id = :previous and p.url = c.url
where c.run_id = :run and (
  p.url is null or p.site_key is not c.site_key
  or (c.from_run is not null and c.from_run != :previous)
  or (c.from_run is null and (
    json_valid(c.facts) is not json_valid(p.facts)
    or (json_valid(c.facts) and (c.facts -> '$.footer' is not p.facts -> '$.footer'
        or c.facts ->> '$.head_title' is not p.facts ->> '$.head_title')))))"""
_ROW_COLUMNS = "site_key, page, kind, technique, detail, snippet, location, severity"


class TamperQueries(StoreCore):
    def tampered_pages(self, run_id: int, kind: str, but: str | None = None) -> set[str]:
        """Pages with a hit of `kind`, those whose only hits of it have technique `but` left
        out (the cross-page stage's own rows, which a 304 copies with the page)."""
        sql = "select distinct page from tampering where run_id = ? and kind = ?"
        sql += " and technique is not ?" if but is not None else ""
        args = [run_id, kind] + ([but] if but is not None else [])
        return {r["page"] for r in self.db.query(sql, args)}

    def page_footers_and_titles(
        self, run_id: int, sites: Iterable[str] | None = None
    ) -> Iterator[tuple[str, str, Any, str]]:
        """(site key, url, PageFacts.footer, <title> as written) of every page (of `sites`
        only, when given): the two fields alone are read out of the facts, in one pass over
        the pages (reading every page's facts is most of the cross-page scan's cost)."""
        sql = """select site_key, url, facts -> '$.footer', facts ->> '$.head_title' from pages
                 where run_id = ? and json_valid(facts)"""
        keys: list[str | None] = [None] if sites is None else list(sites)
        for key in keys:
            where = (sql + " and site_key is ?") if sites is not None else sql
            args = [run_id] if sites is None else [run_id, key]
            for site_key, url, footer, title in self.db.execute(where + " order by id", args):
                footer = json.loads(footer) if footer is not None else None
                yield site_key, url, footer, title or ""

    def page_sources(self, run_id: int) -> dict[str, dict[int | None, int]]:
        """Per site, how many of its pages each earlier run's 304 copied (None: fetched)."""
        sql = "select site_key, from_run, count(*) from pages where run_id = ? group by 1, 2"
        out: dict[str, dict[int | None, int]] = defaultdict(dict)
        for site_key, from_run, count in self.db.execute(sql, [run_id]):
            out[site_key][from_run] = count
        return dict(out)

    def crosspage_kept(self, run_id: int, rule: str) -> dict[str, int]:
        """Sites (and their page counts) whose cross-page rows run `run_id` wrote by `rule`."""
        sql = "select site_key, pages from crosspage_sites where run_id = ? and rule = ?"
        return dict(self.db.execute(sql, [run_id, rule]).fetchall())

    def keep_crosspage(self, run_id: int, rule: str, pages: dict[str, int]) -> None:
        rows = [{"site_key": key, "pages": n, "rule": rule} for key, n in pages.items()]
        self.replace_rows("crosspage_sites", run_id, rows)

    def sites_differing_from(self, run_id: int, previous: int) -> set[str]:
        """Sites with a page that is not `previous`'s page of the same URL and site for the
        cross-page comparison (see _DIFFERING_SITES); one index lookup a page, no facts read
        but a fetched page's."""
        args = {"run": run_id, "previous": previous}
        return {r[0] for r in self.db.execute(_DIFFERING_SITES, args)}

    def flagged_hits(self, run_id: int, kinds: dict[str, str | None]) -> set[tuple[str, str, str]]:
        """(site key, page, kind) of the run's hits of `kinds` (kind -> a technique whose hits
        are left out, or None)."""
        clauses = [
            "kind = ?" if but is None else "(kind = ? and technique is not ?)"
            for but in kinds.values()
        ]
        args: list[Any] = [run_id]
        for kind, but in kinds.items():
            args += [kind] if but is None else [kind, but]
        sql = f"""select distinct site_key, page, kind from tampering
                  where run_id = ? and ({" or ".join(clauses)})"""
        return {(r[0], r[1], r[2]) for r in self.db.execute(sql, args)}

    def crosspage_rows(
        self, run_id: int, kind: str, technique: str, sites: set[str]
    ) -> dict[str, list[dict[str, Any]]]:
        """Per site of `sites`, the run's tampering rows of `kind` and `technique`, as
        written."""
        sql = f"""select {_ROW_COLUMNS} from tampering
                  where run_id = ? and kind = ? and technique = ? order by rowid"""
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in self.db.query(sql, [run_id, kind, technique]):
            if row["site_key"] in sites:
                out[row["site_key"]].append(dict(row))
        return dict(out)
