"""What a listing mechanism finds, and the caps every walk obeys.

A mechanism reads a page (and, for walks, the answers to its own follow-up requests) as
text and returns discoveries: `Entry` rows of the listing (an article, or another page of a
pager) and `Follow` requests the crawl makes on its behalf (a jpage proxy group, a JSON
page).  Nothing here fetches anything or runs a script.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_PAGER_PAGES = 500  # TRS pages per createPageHTML call (countPage is page-controlled)
MAX_WALK_REQUESTS = 100  # proxy groups or API pages per walk
MAX_WALK_RECORDS = 5000  # entries per walk
MAX_ANSWER_BYTES = 2 * 1024 * 1024  # one proxy or API answer
MAX_SCRIPT_CHARS = 200_000  # script text read per page
MAX_API_URLS = 8  # API literals fetched per page


@dataclass(frozen=True)
class Entry:
    """A listing row: its link, anchor text, listing date and publisher where given."""

    url: str
    text: str
    date: str | None = None
    publisher: str | None = None
    mechanism: str = ""


@dataclass(eq=False)
class Follow:
    """A request the crawl makes for a mechanism: GET, or POST with a form `body`.
    `expected` is the total the page (or answer) states; `found` what came before it;
    `state` is the mechanism's own bookkeeping for reading the answer."""

    url: str
    mechanism: str
    method: str = "GET"
    body: str = ""
    expected: int | None = None
    found: int = 0
    requests: int = 1  # which request of its walk this is
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """What makes two follow-ups the same request (asked once per run)."""
        return f"{self.method} {self.url} {self.body}"


@dataclass
class Answer:
    """What one proxy or API answer gave: entries, the next request, the stated total."""

    entries: list[Entry] = field(default_factory=list)
    follows: list[Follow] = field(default_factory=list)
    total: int | None = None


Discovery = Entry | Follow


def as_int(value: Any) -> int | None:
    """An integer from a JSON or script value ("12", 12, 12.0), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdecimal() and len(value) < 16:
        return int(value.strip())
    return None
