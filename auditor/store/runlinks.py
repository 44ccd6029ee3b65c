"""Which `links` rows are a run's links, once a 304 page's links may stay in the run that
fetched them (`pages.links_run`, docs/design-links-run.md).

A run's links are its own rows of pages it fetched and of sources with no page (a
stylesheet's `url()` links), and the rows of the run each copied page names.  Readers that
look links up by target search every holding run's `links(run_id, target)` index, then keep
a row only if the page it came from, as run :r stored it, names that row's run: one seek on
`pages(run_id, url)` a row.  The test holds whether or not the copy of a 304 page's links
is still made (an own copied row is then dropped for the holder's), so readers can move to
it one by one before the copy goes.
"""

from __future__ import annotations

# The runs holding run :r's links: :r and the runs its copied pages name (a few); SQLite
# evaluates the uncorrelated list once per statement
HOLDERS = (
    "(select :r union select links_run from pages where run_id = :r and links_run is not null)"
)


def in_run(link: str = "l") -> str:
    """SQL true when the `links` row aliased `link` is one of run :r's links."""
    return (
        f"coalesce((select h.links_run from pages h where h.run_id = :r and h.url = {link}.source),"
        f" :r) = {link}.run_id"
    )
