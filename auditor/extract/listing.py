"""Whether a page is a column page (a list of dated links) and the dates it lists.

A column page is judged by how fresh its newest entry is. An article page often carries a
sidebar of dated links too, so a page counts as a listing only when its dated links outweigh its
own prose and it carries no article markers (ArticleTitle, a catalogue block, an info-line date).
"""

from __future__ import annotations

from collections.abc import Sequence

from auditor.extract.links import Link

MIN_ENTRIES = 5
MAX_DATES = 200


def dated_entries(links: Sequence[Link]) -> list[Link]:
    """Anchor links that carry a row date."""
    return [link for link in links if link.tag == "a" and link.date]


def is_listing(links: Sequence[Link], prose_score: float, article_marked: bool) -> bool:
    """Mainly a list of dated links: enough entries, and more entry text than prose."""
    entries = dated_entries(links)
    if len(entries) < MIN_ENTRIES or article_marked:
        return False
    return sum(len(link.text) for link in entries) >= prose_score * 0.5


def entries_text(links: Sequence[Link]) -> str:
    """A column page's text: its entries, so a classifier reads what the column lists."""
    return " ".join(f"{link.text} {link.date}" for link in dated_entries(links))[:4000]


def listing_dates(links: Sequence[Link]) -> list[str]:
    """The listed entries' dates, newest first."""
    dates = sorted((link.date for link in dated_entries(links) if link.date), reverse=True)
    return dates[:MAX_DATES]
