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

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from itertools import count

_HOLDERS = "select distinct links_run from pages where run_id = ? and links_run is not null"


def holders(conn: sqlite3.Connection, run_id: int) -> list[int]:
    """The runs holding run_id's links: the run and the runs its copied pages name (a
    few), ascending."""
    return sorted({row[0] for row in conn.execute(_HOLDERS, (run_id,))} | {run_id})


def holding(conn: sqlite3.Connection, run_id: int, run: str = ":r") -> tuple[str, str]:
    """(`holders` as an SQL list of integer literals, `(3, 7)`; the SQL test of a `links`
    row `l` being run :r's).  Literals, not a subquery: with one SQLite cannot tell the
    list is short and planned an automatic index over every link (anchor_links, `explain
    query plan`); literals keep it on links(run_id, target).  A run holding all its links
    (a first audit) needs no test: every row of it is its own.  `run` is how the query
    names run_id's parameter."""
    runs = holders(conn, run_id)
    return _listed(runs), in_run("l", run) if len(runs) > 1 else "1"


def _listed(runs: list[int]) -> str:
    """Runs as an SQL list of integer literals."""
    return f"({', '.join(str(int(run)) for run in runs)})"


_NAMES = count()


@contextmanager
def tested(conn: sqlite3.Connection, run_id: int) -> Iterator[tuple[str, str]]:
    """`holding`, with the test of a row `l` a Python function registered for the query
    (`member_of`): asked once a (holder, source) and a call a row, instead of `in_run`'s
    seek on pages(run_id, url) a row (a 5 % changed repeat's `anchor_links` reads ~750k
    rows at 100,000 pages: 6.1 -> 4.8 CPU-s, the query otherwise unchanged, so SQLite picks
    the same `min()` rows; the failed-link readers read ~20k rows of as many sources, and
    a test a source was no cheaper there: 0.53 -> 0.58 CPU-s, they keep `in_run`).  A name
    per query: SQLite refuses to replace a function an
    open statement uses.  Replaced by None afterwards, which frees its answers (the name
    stays, never used again), unless a statement reading with it is still open (a
    generator left unfinished): then it stays until the connection closes."""
    runs = holders(conn, run_id)
    if len(runs) == 1:
        yield _listed(runs), "1"
        return
    member = member_of(conn, run_id)
    name = f"run_link_{next(_NAMES)}"
    conn.create_function(name, 2, member)
    try:
        yield _listed(runs), f"{name}(l.run_id, l.source)"
    finally:
        with suppress(sqlite3.OperationalError):
            conn.create_function(name, 2, None)


def in_run(link: str = "l", run: str = ":r") -> str:
    """SQL true when the `links` row aliased `link` is one of the links of the run whose
    parameter is `run`."""
    return (
        f"coalesce((select h.links_run from pages h where h.run_id = {run}"
        f" and h.url = {link}.source), {run}) = {link}.run_id"
    )


_PAGE_HOLDER = "select links_run from pages where run_id = ? and url = ?"


def member_of(conn: sqlite3.Connection, run_id: int) -> Callable[[int, str | None], bool]:
    """`in_run` in Python for a reader that scans rows in stored order: whether a row of
    holding run `holder` found on `source` is one of run_id's links, asked once per
    (holder, source) instead of once per row (a page's ~47 rows are one source: the
    per-row subquery made a partly changed repeat's site health 1.5 CPU-s slower at 20k
    pages).  A source with no page in the run holds its own rows."""
    known: dict[tuple[int, str | None], bool] = {}

    def member(holder: int, source: str | None) -> bool:
        key = (holder, source)
        found = known.get(key)
        if found is None:
            row = conn.execute(_PAGE_HOLDER, (run_id, source)).fetchone()
            found = known[key] = (row[0] if row and row[0] is not None else run_id) == holder
        return found

    return member
