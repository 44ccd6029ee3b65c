"""A page's matches as the crawl's evidence test found them, kept with the page row
(`pages.page_matches`) so that classify copies them instead of matching the page again.

The crawl runs the matcher on every page it parses, to know whether to keep its body for the
evidence pack (`classifier.evidence_candidate`); classify ran it a second time on the stored
facts (a fifth of a first audit's stage CPU at 20k pages).  The note is the matches in a
compact JSON array, tagged with the classifier's digest: classify trusts only a note written
by the same code and checklist, and a page whose facts changed after the test (a column read
later, store.crawl's LISTING_FACTS) has its note cleared.  The matcher sees the facts the
crawl is about to store, which read back from JSON as they were (PageFacts is flat JSON).
"""

from __future__ import annotations

import json

from auditor.classify.evidence import Match, Signal
from auditor.store.schema import dump_json

TAG_CHARS = 16  # of the classifier's digest: one a release, never a collision to fear


def note(tag: str, matches: list[Match]) -> str:
    """`["tag", [[item, score, strength, [[field, kind, phrase, weight], ...]], ...]]`: the
    reasons are made from the signals again when read (Match.reasons)."""
    rows = [
        [m.item, m.score, m.strength, [[s.field, s.kind, s.phrase, s.weight] for s in m.signals]]
        for m in matches
    ]
    return dump_json([tag, rows])


def prefix(tag: str) -> str:
    """How a note written with `tag` starts: the store selects noted pages by it."""
    return note(tag, [])[: -len("[]]")]


def noted_matches(text: str) -> list[Match]:
    """The matches of a note whose tag was checked (by its prefix) when it was selected."""
    _, rows = json.loads(text)
    return [
        Match(item, score, tuple(Signal(*s) for s in signals), strength)
        for item, score, strength, signals in rows
    ]
