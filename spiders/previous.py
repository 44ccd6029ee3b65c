"""The earlier run a repeat inspection revalidates against (see spiders/conditional.py).

Apart from the revalidation itself so that the crawl context can hold one without importing
the spider's behaviour.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from auditor.store import Store
from auditor.store.records import CheckRow


@dataclass(frozen=True)
class Previous:
    """The earlier run a crawl revalidates against."""

    store: Store
    run_id: int
    keep_ok_hours: float = 0.0  # [crawl] recheck_ok_links_after_hours

    def kept_check(self, url: str) -> CheckRow | None:
        """The previous OK verdict on a checked link, if it is young enough to keep.  Only a
        plain "ok" without redirects: a walk's hops would need verdicts of their own."""
        if self.keep_ok_hours <= 0:
            return None
        row = self.store.check_for_reuse(self.run_id, url)
        if row is None or row["reason"] != "ok" or row.get("redirects"):
            return None
        return row if _younger_than(row.get("checked_at"), self.keep_ok_hours) else None

    def headers(self, url: str) -> dict[str, str]:
        found = self.store.validators(self.run_id, url)
        if found is None:
            return {}
        etag, modified = found
        out = {"If-None-Match": etag} if etag else {}
        if modified:
            out["If-Modified-Since"] = modified
        return out


def _younger_than(stamp: str | None, hours: float) -> bool:
    try:
        checked = dt.datetime.fromisoformat(stamp or "")
    except ValueError:
        return False
    if checked.tzinfo is None:
        checked = checked.astimezone()
    age = dt.datetime.now(dt.UTC) - checked
    return dt.timedelta(0) <= age < dt.timedelta(hours=hours)
