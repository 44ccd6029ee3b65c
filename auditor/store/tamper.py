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

    def page_footers_and_titles(self, run_id: int) -> Iterator[tuple[str, str, Any, str]]:
        """(site key, url, PageFacts.footer, <title> as written) of every page in stored
        order: the two fields alone are read out of the facts, in one pass over the pages
        (reading every page's facts is most of the cross-page scan's cost)."""
        sql = """select site_key, url, facts -> '$.footer', facts ->> '$.head_title' from pages
                 where run_id = ? and json_valid(facts) order by id"""
        for site_key, url, footer, title in self.db.execute(sql, [run_id]):
            yield site_key, url, json.loads(footer) if footer is not None else None, title or ""
