"""What the tamper stage asks the store: footers and head titles of every page, and the
pages already flagged."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from auditor.store.core import StoreCore


class TamperQueries(StoreCore):
    def tampered_pages(self, run_id: int, kind: str) -> set[str]:
        sql = "select distinct page from tampering where run_id = ? and kind = ?"
        return {r["page"] for r in self.db.query(sql, [run_id, kind])}

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
