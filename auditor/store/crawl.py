"""What the crawl asks the store: resume frontiers, revalidation, hand-offs between crawl
processes, the post-crawl link verdicts, and the availability probes' visits."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, cast

from auditor.store.batch import in_chunks
from auditor.store.core import StoreCore
from auditor.store.records import CheckRow, FrontierEntry, Handoff, LinkRow
from auditor.store.runlinks import holding
from auditor.store.schema import _TABLES, dump_json
from auditor.store.texts import (
    INSERT_BODIES,
    INSERT_TEXTS,
    split_bodies,
    split_texts,
    text_key,
)

COPIED = "copied"  # BatchWriter key: {url, site_key, depth, from_run} of a page answered 304
# BatchWriter key: {url, site_key, ok, checked_at, from_run} of a plain OK verdict a repeat
# copies: a kept link's (checked_at None: as stored) or a 304's page's
KEPT = "kept"
# BatchWriter key: {url, listing_dates, text} of a column page whose script-published list
# was read after the page was stored (jpage proxy groups, JSON API pages); its facts then
# differ from a copied row's, so `from_run` is cleared, and from the crawl's evidence test's,
# so `page_matches` is
LISTING_FACTS = "listing_facts"
_SET_LISTING = """
    update pages set facts = json_remove(json_set(facts, '$.is_listing', json('true'),
                                                  '$.listing_dates', json(?)), '$.text'),
                     text_sha = ?, from_run = null, page_matches = null
    where run_id = ? and url = ? and json_valid(facts)"""
_COPYING_TABLE = """
    create temp table if not exists copying (
        seq integer primary key, url text unique, site_key text, depth integer, from_run integer)"""
_KEEPING_TABLE = """
    create temp table if not exists keeping (
        seq integer primary key, url text unique, site_key text, ok integer, checked_at text,
        from_run integer)"""


# A stored page's links in page order (rowid), read from the run holding them (the page's
# `links_run`, else its own); none when the run has no page at that URL (a stylesheet check
# has links but no page row).  The subquery has no outer column: evaluated once
_PAGE_TARGETS = """
    select target, tag, listing_date, anchor from links
    where run_id = (select coalesce(links_run, run_id) from pages where run_id = ?1 and url = ?2)
      and source = ?2
    order by rowid"""
# The run holding a stored page's links, and those rows as a fetched page's link rows are
# written (`HELD_LINK_COLUMNS`, page order): a repeat compares them with the links of the
# page it fetched again (`CrawlQueries.held_links`)
HELD_LINK_COLUMNS = (
    "site_key",
    "source",
    "target",
    "anchor",
    "tag",
    "attr",
    "internal",
    "listing_date",
    "fragment",
    "via",
    "publisher",
)
_PAGE_HOLDER = "select coalesce(links_run, run_id) from pages where run_id = ? and url = ?"
_HELD_ROWS = f"""select {", ".join(HELD_LINK_COLUMNS)} from links
    where run_id = ? and source = ? order by rowid"""


def _copy_sql(
    table: str,
    key: str,
    own: tuple[str, ...] = (),
    verb: str = "insert",
    copy: str = "copying",
    where: str = "",
    either: tuple[str, ...] = (),
    made: dict[str, str] | None = None,
) -> str:
    """INSERT…SELECT of a table's rows for the URLs in a temp copy list (`copy`), in copy
    order; `own` columns come from the copy (the new run's site key and depth), `either`
    ones from the copy unless NULL there, `made` ones from an SQL expression over the stored
    row `t`, the rest as stored; `where` narrows the stored rows copied."""
    columns = [c for c in _TABLES[table]["columns"] if c not in ("id", "run_id")]

    def pick(c: str) -> str:
        if c in own:
            return f"k.{c}"
        return f"coalesce(k.{c}, t.{c})" if c in either else (made or {}).get(c, f"t.{c}")

    picked = ", ".join(pick(c) for c in columns)
    return (
        f"{verb} into {table} (run_id, {', '.join(columns)}) select ?, {picked} "
        f"from temp.{copy} k join {table} t on t.run_id = k.from_run and t.{key} = k.url "
        f"{f'where {where} ' if where else ''}order by k.seq, t.rowid"
    )


# a copied page's links stay where they are stored, never copied: the copy names the run
# holding them, one hop however long the chain of repeats; every reader of `links` reads a
# run's links through its pages (auditor/store/runlinks.py, docs/design-links-run.md).  A
# repeat's crawl wrote ~47 link rows into three indexes a 304 page (16 % of its CPU).
_HELD_IN = {"links_run": "coalesce(t.links_run, t.run_id)"}
_COPY_SQL = (
    _copy_sql(
        "pages", "url", ("site_key", "depth", "from_run"), "insert or replace", made=_HELD_IN
    ),
    _copy_sql("tampering", "page"),
    _copy_sql("unreadable_listings", "page"),
    _copy_sql("snapshots", "url", (), "insert or replace"),
)
# a copied page whose links are added to (`_own_held_links`): its held links first, in page
# order, then the page holds its links itself
_OWNING_TABLE = """
    create temp table if not exists owning (seq integer primary key, url text unique,
                                            from_run integer)"""
_OWN_SQL = (_copy_sql("links", "source", copy="owning"),)
_ANY_HELD = "select 1 from pages where run_id = ? and links_run is not null limit 1"
_HELD_PAGES = "select url, links_run from pages where run_id = ? and links_run is not null"
_OWNED = "update pages set links_run = null where run_id = ? and url = ?"
# a copied verdict: the stored row with the new run's site key, its `ok` as
# Verdicts.write_check says it, and a 304's page's new checked_at (a kept link's stays the
# time it was really checked); only an "ok" row
_KEEP_SQL = _copy_sql(
    "checks",
    "url",
    ("site_key", "ok"),
    "insert or replace",
    "keeping",
    "t.reason = 'ok'",
    ("checked_at",),
)


class CrawlQueries(StoreCore):
    def fetched_urls(self, run_id: int) -> set[str]:
        """URLs the run already fetched (pages and checked resources): never fetched again."""
        sql = "select url from pages where run_id = ? union select url from checks where run_id = ?"
        return {r["url"] for r in self.db.query(sql, [run_id, run_id])}

    def site_page_urls(self, run_id: int, site_key: str) -> list[str]:
        sql = "select url from pages where run_id = ? and site_key = ?"
        return [r["url"] for r in self.db.query(sql, [run_id, site_key])]

    def frontier(self, run_id: int, site_key: str) -> Iterator[FrontierEntry]:
        """Link targets found on a site's stored pages that were never fetched, checked or
        cut off: where a resumed crawl picks up.  Depth is the shallowest source's plus one.
        A page's links are read where they are stored (`links_run`, auditor/store/runlinks.py)."""
        held, _ = holding(self.db.conn, run_id)
        sql = f"""
            select l.target as url, min(l.tag) as tag, min(p.depth) + 1 as depth,
                   max(l.listing_date) as listing_date, min(l.source) as referer
            from links l join pages p on p.run_id = :r and p.url = l.source
            where l.run_id in {held} and l.site_key = :s and coalesce(p.links_run, :r) = l.run_id
              and not exists (select 1 from pages x where x.run_id = :r and x.url = l.target)
              and not exists (select 1 from checks c where c.run_id = :r and c.url = l.target)
              and not exists (select 1 from cutoffs k where k.run_id = :r and k.url = l.target)
            group by l.target"""
        for row in self.db.query(sql, {"r": run_id, "s": site_key}):
            yield cast(FrontierEntry, row)

    def previous_run(self, inspection_path: str, name: str, before: int) -> int | None:
        """The latest crawled or complete run of the same inspection (by path, else by
        name) before run `before`: the one a repeat audit revalidates against."""
        sql = """
            select id from runs where id < ? and status in ('crawled', 'complete')
              and (inspection_path = ? or name = ?)
            order by (inspection_path = ?) desc, id desc limit 1"""
        row = self.db.execute(sql, [before, inspection_path, name, inspection_path]).fetchone()
        return int(row[0]) if row else None

    def validators(self, run_id: int, url: str) -> tuple[str, str] | None:
        """(ETag, Last-Modified) stored for a URL fetched with 200 in a run, if it had any."""
        sql = """
            select etag, last_modified from pages where run_id = ? and url = ? and status = 200
            union all
            select etag, last_modified from checks where run_id = ? and url = ? and status = 200
            limit 1"""
        row = self.db.execute(sql, [run_id, url, run_id, url]).fetchone()
        if row is None or not (row[0] or row[1]):
            return None
        return row[0] or "", row[1] or ""

    def check_for_reuse(self, run_id: int, url: str) -> CheckRow | None:
        """A run's verdict on one URL, without its run id, ready for another run."""
        row = self.check_of(run_id, url)
        if row is not None:
            row.pop("run_id", None)
        return row

    def has_page(self, run_id: int, url: str) -> bool:
        sql = "select 1 from pages where run_id = ? and url = ?"
        return self.db.conn.execute(sql, (run_id, url)).fetchone() is not None

    def stored_targets(
        self, run_id: int, url: str, links: bool = True
    ) -> list[tuple[str, str, str, str]] | None:
        """(target, tag, listing_date, anchor) of a stored page's links in page order, one
        per target and tag (fragment rows repeat them; the crawl routes the first); None
        when the run stored no page at `url`.  One statement for a page with links (a 304
        asks this once per page); `links=False` only says whether the page is stored."""
        rows = self.db.conn.execute(_PAGE_TARGETS, (run_id, url)).fetchall() if links else []
        if not rows and not self.has_page(run_id, url):
            return None
        first: dict[tuple[str, str], tuple[str, str, str, str]] = {}
        for row in rows:
            first.setdefault((row[0], row[1]), row)
        return list(first.values())

    def held_links(self, run_id: int, url: str) -> tuple[int, list[tuple[Any, ...]]] | None:
        """The run holding the links of run `run_id`'s page at `url` and those link rows
        (HELD_LINK_COLUMNS, page order), None when the run stored no such page: what a
        repeat compares a page it fetched again with (spiders/conditional.py `own_links`)."""
        found = self.db.conn.execute(_PAGE_HOLDER, (run_id, url)).fetchone()
        if found is None:
            return None
        holder = int(found[0])
        return holder, self.db.conn.execute(_HELD_ROWS, (holder, url)).fetchall()

    def write_batch(self, run_id: int, batch: dict[str, list[dict[str, Any]]]) -> None:
        """Crawl rows, pages copied from an earlier run (the "copied" key), verdicts copied
        from it (the "kept" key) and the listing facts of columns read after their page was
        stored, together."""
        copies, kept, listings = batch.get(COPIED), batch.get(KEPT), batch.get(LISTING_FACTS)
        rows = {k: v for k, v in batch.items() if k not in (COPIED, KEPT, LISTING_FACTS)}
        with self.db.conn:
            if copies:
                self._copy_fetched(run_id, copies)
            if kept:
                self._copy_kept(run_id, kept)
            if rows.get("links"):
                self._own_held_links(run_id, rows)
            if rows.get("pages"):
                rows["pages"], texts = split_texts(rows["pages"])
                self.db.conn.executemany(INSERT_TEXTS, texts)
            if rows.get("snapshots"):
                rows["snapshots"], bodies = split_bodies(rows["snapshots"])
                self.db.conn.executemany(INSERT_BODIES, bodies)
            super().write_batch(run_id, rows)
            for row in listings or ():
                self._set_listing(run_id, row)

    def _set_listing(self, run_id: int, row: dict[str, Any]) -> None:
        """A column page's entries read after it was stored: its facts say it is a listing
        with these dates, and its text is the entries' (stored in `page_texts`)."""
        text = str(row["text"] or "")
        sha = text_key(text) if text else None
        if sha is not None:
            self.db.conn.execute(INSERT_TEXTS, (sha, text))
        dates = dump_json(row["listing_dates"])
        self.db.execute(_SET_LISTING, [dates, sha, run_id, row["url"]])

    def _copy_fetched(self, run_id: int, copies: list[dict[str, Any]]) -> None:
        """Copy revalidated pages (naming the run holding their links), tampering hits and
        snapshots in SQL: a 304 answer then costs a few statements per batch, not a Python
        round trip per row."""
        columns = ("url", "site_key", "depth", "from_run")
        self._copy_listed(run_id, _COPYING_TABLE, "copying", columns, copies, _COPY_SQL)

    def _own_held_links(self, run_id: int, rows: dict[str, list[dict[str, Any]]]) -> None:
        """Before links are added to a page whose links an earlier run holds (a page a 304
        copied, or one fetched again with its links unchanged, spiders/conditional.py
        `own_links`, whose listing walk then reads more entries), copy the held links into
        the run and clear `links_run`: a page's links are then all in one run (Invariant B,
        docs/design-links-run.md), never half in an earlier run that `links_run` would
        still name.  A page stored in the same batch with its own links needs nothing.
        One seek on the partial index when the run holds no page elsewhere (a first
        audit), else one per source of the batch."""
        pages = rows.get("pages", ())
        holding = any(page.get("links_run") is not None for page in pages)
        stored = self.db.execute(_ANY_HELD, [run_id]).fetchone() is not None
        if not holding and not stored:  # a first audit: no link row read
            return
        sources = {row.get("source") for row in rows["links"]} - {None}
        held = []
        for page in pages:
            if page.get("url") in sources:
                sources.discard(page["url"])
                if page.get("links_run") is not None:  # stored below as holding its own
                    held.append((page["url"], page.pop("links_run")))
        if sources and stored:
            for chunk, marks in in_chunks(sorted(sources)):
                sql = f"{_HELD_PAGES} and url in ({marks})"
                held += self.db.execute(sql, [run_id, *chunk]).fetchall()
        if not held:
            return
        copies = [{"url": url, "from_run": holder} for url, holder in held]
        self._copy_listed(run_id, _OWNING_TABLE, "owning", ("url", "from_run"), copies, _OWN_SQL)
        self.db.conn.executemany(_OWNED, [(run_id, url) for url, _ in held])

    def _copy_kept(self, run_id: int, kept: list[dict[str, Any]]) -> None:
        """Copy kept and 304 verdicts in SQL, as `_copy_fetched` copies pages."""
        columns = ("url", "site_key", "ok", "checked_at", "from_run")
        self._copy_listed(run_id, _KEEPING_TABLE, "keeping", columns, kept, (_KEEP_SQL,))

    def _copy_listed(
        self,
        run_id: int,
        create: str,
        table: str,
        columns: tuple[str, ...],
        rows: list[dict[str, Any]],
        statements: tuple[str, ...],
    ) -> None:
        """Fill temp `table` with the rows' `columns` (the URLs and what the new run sets),
        then run the INSERT…SELECT `statements` that copy from the earlier run: no stored
        row is read into Python."""
        self.db.execute(create)
        self.db.execute(f"delete from temp.{table}")
        marks = ", ".join("?" * len(columns))
        self.db.conn.executemany(
            f"insert into temp.{table} ({', '.join(columns)}) values ({marks})",
            [tuple(row[c] for c in columns) for row in rows],
        )
        for sql in statements:
            self.db.execute(sql, [run_id])

    def kept_candidates(self, run_id: int) -> Iterator[tuple[str, str | None, str | None]]:
        """(url, redirects, checked_at) of a run's "ok" verdicts, read once by a repeat
        (spiders/previous.py) instead of one statement per link it may keep."""
        sql = "select url, redirects, checked_at from checks where run_id = ? and reason = 'ok'"
        yield from self.db.conn.execute(sql, (run_id,))

    def pending_handoffs(self, run_id: int) -> list[Handoff]:
        """Checks handed between crawl processes that no process has made yet."""
        sql = """
            select h.url, min(h.site_key) as site_key, min(h.referer) as referer,
                   min(h.depth) as depth
            from handoffs h where h.run_id = ?
              and not exists (select 1 from checks c where c.run_id = h.run_id and c.url = h.url)
              and not exists (select 1 from pages p where p.run_id = h.run_id and p.url = h.url)
            group by h.url order by h.url"""
        return [cast(Handoff, row) for row in self.db.query(sql, [run_id])]

    def robots_txt(self, run_id: int, netloc: str) -> bytes | None:
        """The robots.txt a crawl process of this run already fetched for a host, if any."""
        if "robots" not in self.db.table_names():
            return None
        sql = "select body from robots where run_id = ? and netloc = ? limit 1"
        row = self.db.execute(sql, [run_id, netloc]).fetchone()
        return bytes(row[0]) if row else None

    def set_check_reason(self, run_id: int, urls: Iterable[str], reason: str, ok: int) -> None:
        with self.db.conn:
            self.db.conn.executemany(
                "update checks set reason = ?, ok = ? where run_id = ? and url = ?",
                [(reason, ok, run_id, url) for url in urls],
            )

    def insecure_links(self, run_id: int) -> Iterator[LinkRow]:
        """Links from https pages to http targets whose check found nothing wrong, read
        where they are stored (auditor/store/runlinks.py).  The https sources are a range
        of links(run_id, source) (a stored URL's scheme is lower case, as urlsplit writes
        it): a LIKE alone reads every link of the run (1.2 s at 100,000 plain-http pages,
        after the crawl, on one core), the range only those of https pages."""
        held, member = holding(self.db.conn, run_id)
        sql = f"""
            select l.source, l.target, l.tag from links l
            join checks c on c.run_id = :r and c.url = l.target
            where l.run_id in {held} and l.source >= 'https:' and l.source < 'https;'
              and l.source like 'https:%' and l.target like 'http:%'
              and c.reason in ('ok', 'redirected') and {member}"""
        for row in self.db.query(sql, {"r": run_id}):
            yield cast(LinkRow, row)

    def add_probes(self, rows: Iterable[dict[str, Any]]) -> None:
        with self.db.conn:
            self.db.table("probes").insert_all(list(rows))
