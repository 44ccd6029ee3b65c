"""The earlier run a repeat inspection revalidates against (see spiders/conditional.py).

Apart from the revalidation itself so that the crawl context can hold one without importing
the spider's behaviour.
"""

from __future__ import annotations

import datetime as dt
import time
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from auditor.net.urlset import url_key
from auditor.store import Store
from auditor.store.records import CheckRow
from auditor.store.schema import load_row

# a kept verdict's stored `redirects` the store copies as is: what Verdicts.write_check writes
# for an empty chain (another empty spelling, NULL say, it would rewrite: such a verdict is
# read and written back as a row, so the kept row is the same either way)
COPIED_AS_IS = "[]"


class PlainOk:
    """When each plain OK verdict of a run (no redirects) was checked, by URL hash, and
    whether the store may copy it as is (COPIED_AS_IS): 17 bytes a URL, read in one
    statement, so that keeping a link's verdict or renewing a 304's asks nothing per URL
    (it was one SELECT each: ~40,000 on a 20,000-page repeat)."""

    def __init__(self, rows: Iterable[tuple[str, str | None, str | None]]) -> None:
        epochs: dict[str | None, float | None] = {}  # checked_at has whole seconds: few differ
        found = []
        for url, redirects, stamp in rows:
            if redirects != COPIED_AS_IS and _has_redirects(redirects):
                continue
            if stamp not in epochs:
                epochs[stamp] = _epoch(stamp)
            if (checked := epochs[stamp]) is not None:
                found.append((url_key(url), checked, redirects == COPIED_AS_IS))
        found.sort()
        self.keys = array("Q", (key for key, _, _ in found))
        self.checked = array("d", (checked for _, checked, _ in found))
        self.as_is = array("b", (as_is for _, _, as_is in found))

    def copied(self, url: str) -> bool:
        """A plain OK verdict (of any age) the store may copy as is."""
        i = self._find(url)
        return i is not None and bool(self.as_is[i])

    def young(self, url: str, hours: float) -> bool | None:
        """None unless the URL's verdict was checked less than `hours` ago (and not in the
        future), as `_within` says; else whether the store may copy it as is."""
        i = self._find(url)
        if i is None or not _within(self.checked[i], hours):
            return None
        return bool(self.as_is[i])

    def _find(self, url: str) -> int | None:
        key = url_key(url)
        i = bisect_left(self.keys, key)
        return i if i < len(self.keys) and self.keys[i] == key else None


@dataclass(frozen=True)
class Previous:
    """The earlier run a crawl revalidates against."""

    store: Store
    run_id: int
    keep_ok_hours: float = 0.0  # [crawl] recheck_ok_links_after_hours

    @cached_property
    def plain_ok(self) -> PlainOk:
        return PlainOk(self.store.kept_candidates(self.run_id))

    def keeps(self, url: str) -> bool | None:
        """None unless a checked link's previous verdict is kept: a plain "ok" without
        redirects (a walk's hops would need verdicts of their own), young enough; else
        whether the store may copy it as is (auditor/store/crawl.py KEPT) rather than have
        it read (`kept_check`) and written back."""
        if self.keep_ok_hours <= 0:
            return None
        return self.plain_ok.young(url, self.keep_ok_hours)

    def kept_check(self, url: str) -> CheckRow | None:
        """The previous OK verdict on a checked link as a row, if it is young enough to keep."""
        if self.keep_ok_hours <= 0:
            return None
        row = self.store.check_for_reuse(self.run_id, url)
        if row is None or row["reason"] != "ok" or row.get("redirects"):
            return None
        return row if _within(_epoch(row.get("checked_at")), self.keep_ok_hours) else None

    def headers(self, url: str) -> dict[str, str]:
        found = self.store.validators(self.run_id, url)
        if found is None:
            return {}
        etag, modified = found
        out = {"If-None-Match": etag} if etag else {}
        if modified:
            out["If-Modified-Since"] = modified
        return out


def _has_redirects(stored: str | None) -> bool:
    """A stored `redirects` as a read row holds it (JSON decoded): a non-empty chain."""
    return bool(load_row({"redirects": stored})["redirects"])


def _epoch(stamp: str | None) -> float | None:
    """A stored checked_at as seconds since the epoch (a naive time is local time), None if
    unreadable."""
    try:
        checked = dt.datetime.fromisoformat(stamp or "")
    except ValueError:
        return None
    return (checked.astimezone() if checked.tzinfo is None else checked).timestamp()


def _within(checked: float | None, hours: float) -> bool:
    """Checked less than `hours` ago and not in the future: one rule for a verdict read as a
    row (`kept_check`) and one looked up in PlainOk."""
    return checked is not None and 0 <= time.time() - checked < hours * 3600
