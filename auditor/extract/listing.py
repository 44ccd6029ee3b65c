"""Whether a page is a column page (a list of dated links) and the dates it lists.

A column page is judged by how fresh its newest entry is. An article page often carries a
sidebar of dated links too, so a page counts as a listing only when its dated links outweigh its
own prose and it carries no article markers (ArticleTitle, a catalogue block, an info-line date).
Pages without any dated link (home pages of image tiles, login forms) are not listings.
"""

from __future__ import annotations

from collections.abc import Sequence

from auditor.extract.links import Link

MANY_ENTRIES = 5
MAX_DATES = 200


def dated_entries(links: Sequence[Link]) -> list[Link]:
    """Anchor (or clickable-row) links that carry a row date."""
    return [link for link in links if link.tag in ("a", "js") and link.date]


def is_listing(links: Sequence[Link], prose_score: float, article_marked: bool) -> bool:
    """Mainly dated links: a young column may list only one entry, so a short list must
    outweigh the page's prose on its own, while a long one need only match half of it."""
    entries = dated_entries(links)
    if not entries or article_marked:
        return False
    share = 0.5 if len(entries) >= MANY_ENTRIES else 1.0
    return sum(len(link.text) for link in entries) >= prose_score * share


def entries_text(links: Sequence[Link]) -> str:
    """A column page's text: its entries, so a classifier reads what the column lists."""
    return " ".join(f"{link.text} {link.date}" for link in dated_entries(links))[:4000]


def listing_dates(links: Sequence[Link]) -> list[str]:
    """The listed entries' dates, newest first."""
    dates = sorted((link.date for link in dated_entries(links) if link.date), reverse=True)
    return dates[:MAX_DATES]
