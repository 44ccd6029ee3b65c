"""What the classifier asks the store: the pages changed since the run whose matches it can
reuse, the anchors of links that speak for their target, and the matches it writes.

Like every stage's reads, each query asks for exactly the rows and facts fields the stage uses,
so a stage's memory does not grow with the crawl: nothing returns a whole table or whole
PageFacts (see `narrow_facts`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import cast

from auditor.store.batch import in_chunks
from auditor.store.core import StoreCore
from auditor.store.health import health_alike
from auditor.store.records import MatchRow, PageRow, SpeakingLink
from auditor.store.runlinks import tested
from auditor.store.schema import load_row
from auditor.store.texts import text_sql, with_text

# What the classifier reads of a page: when all of it is equal, so are the page's matches
# (the text is named by its digest, auditor/store/texts.py).
_SAME_PAGE = """q.site_key is p.site_key and q.status is p.status and q.title is p.title
                and q.facts is p.facts and q.text_sha is p.text_sha"""
# The URLs whose classifier inputs equal the earlier run's, found once per classification:
# comparing two runs' facts reads every page's facts twice, the stage's largest read.  The
# same pass notes whether the page is also the same to site health (`health_same`: its
# final URL, day of fetch as read and, for a listing page, depth; auditor/store/health.py
# `health_alike`); the report's site health then counts the sites with changed pages from
# this table (`sites_with_changed_pages`) instead of joining the two runs' pages again.
_UNCHANGED_TABLE = """create temp table if not exists unchanged_pages (
    url text primary key, site_key text, health_same integer)"""
_HEALTH_SAME = f"case when {health_alike('p', 'q')} then 1 else 0 end"
# A page a 304 copied from run :q (`from_run`) has that row's status, title, facts, final URL
# and fetched_at by construction: its facts are not compared (neither run's is read unless
# the depth of a page differs, to see whether it is a listing).
_FIND_UNCHANGED = f"""
    insert into temp.unchanged_pages (url, site_key, health_same)
    select p.url, p.site_key, {_HEALTH_SAME}
    from pages p join pages q on q.run_id = :q and q.url = p.url
    where p.run_id = :r and (p.from_run is :q and q.site_key is p.site_key or {_SAME_PAGE})"""
_COPY_MATCHES = """
    insert into matches (run_id, url, site_key, source, item, score, reasons, strength, signals)
    select :r, m.url, m.site_key, m.source, m.item, m.score, m.reasons, m.strength, m.signals
    from matches m join temp.unchanged_pages u on u.url = m.url
    join pages p on p.run_id = :r and p.url = m.url
    where m.run_id = :q and m.source = 'page'
    order by p.id, m.rowid"""

# The run's stored pages that failed or say they do not exist (PageFacts.not_found): their
# links' anchors may speak for them.  Only the changed pages' facts are read: a page the same
# as in run :q says "not found" exactly when run :q noted it so in soft404_pages (its facts
# are equal, and that run's classification, by this same code, noted every such page).
_NOT_FOUND = """p.facts -> '$.not_found' not in ('false', 'null', '0', '""', '[]', '{}')"""
_SAME = "exists (select 1 from temp.unchanged_pages u where u.url = p.url)"
_SPEAKING_TABLE = """create temp table if not exists speaking_pages (
    url text primary key, status integer, not_found text)"""
_FIND_SPEAKING = f"""
    insert into temp.speaking_pages (url, status, not_found)
    select p.url, p.status, case when json_valid(p.facts) then p.facts -> '$.not_found' end
    from pages p where p.run_id = :r and (p.status >= 400
      or (not {_SAME} and json_valid(p.facts) and {_NOT_FOUND})
      or ({_SAME} and exists (select 1 from soft404_pages s where s.run_id = :q
                              and s.url = p.url)))"""
_NO_NOTES = "create temp table if not exists soft404_pages (run_id integer, url text)"
_NOTE_SOFT404 = f"""
    insert into soft404_pages (run_id, url) select :r, p.url from temp.speaking_pages p
    where {_NOT_FOUND.replace("p.facts -> '$.not_found'", "p.not_found")}"""

# Whether every link of run :r is a copy of run :q's (`ClassifyQueries.links_copied_from`):
# :r's pages and :q's, and for each run its link rows and those on its own pages (the pages
# drive: one index search each): neither holds a link of no page (a stylesheet's), so :r's
# links are those of its pages, which name :q's holder whether or not the copy of their
# links was made (auditor/store/runlinks.py); asked only when every page of :r holds its
# links where :q's page at the same URL does (a 304's copy, or a page fetched again with
# the same links, spiders/conditional.py `own_links`); a page :r copied from :q that still
# names a holder names :q's by construction (store/crawl.py _HELD_IN): only the others seek
_NOT_HELD = """select count(*) from pages p where p.run_id = :r
    and (p.from_run is not :q or p.links_run is null) and not exists (
    select 1 from pages q where q.run_id = :q and q.url = p.url
    and coalesce(q.links_run, q.run_id) = p.links_run)"""
# A page :r fetched again (not a 304's copy) that speaks for itself as a failed or "not
# found" page (temp.speaking_pages) in one of the runs only: then the anchors differ
_SPEAKING_DIFFERS = """select exists (select 1 from pages p join pages q
    on q.run_id = :q and q.url = p.url where p.run_id = :r and p.from_run is null
    and exists (select 1 from temp.speaking_pages s where s.url = p.url)
     != (coalesce(q.status, 0) >= 400
         or exists (select 1 from soft404_pages n where n.run_id = :q and n.url = q.url)))"""
_ON_PAGES = """(select count(*) from pages p cross join links l on l.run_id = {0}
                and l.source = p.url where p.run_id = {0})"""
_LINK_COUNTS = f"""select
    (select count(*) from pages where run_id = :r), (select count(*) from pages where run_id = :q),
    (select count(*) from links where run_id = :r), {_ON_PAGES.format(":r")},
    (select count(*) from links where run_id = :q), {_ON_PAGES.format(":q")}"""
# URLs with a verdict (ok not null) in one of runs :r and :q but not in the other: a run
# has one verdict a URL (a unique index), so as many in both and none of :r's missing from
# :q's says the sets are equal (one seek a verdict, not two)
_VERDICTS_DIFFER = """select (select count(*) from checks where run_id = :r and ok is not null)
        != (select count(*) from checks where run_id = :q and ok is not null)
    or exists (select 1 from checks a where a.run_id = :r and a.ok is not null
               and not exists (select 1 from checks b where b.run_id = :q and b.url = a.url
                               and b.ok is not null))"""
_COPY_ANCHOR_MATCHES = """
    insert into matches (run_id, url, site_key, source, item, score, reasons, strength,
                         signals, anchor, anchor_page, listing_date, publisher)
    select :r, url, site_key, source, item, score, reasons, strength, signals, anchor,
           anchor_page, listing_date, publisher
    from matches where run_id = :q and source = 'anchor' order by rowid"""

# Links whose anchor may speak for their target (`ClassifyQueries.anchor_links`)
_ANCHOR_LINKS = """
    with speaking as (
        select c.url as target, c.ok as check_ok, 0 as stored,
               null as page_status, null as not_found
        from checks c where c.run_id = :r and c.ok is not null
          and not exists (select 1 from pages p where p.run_id = :r and p.url = c.url)
        union all
        select p.url, (select c.ok from checks c where c.run_id = :r and c.url = p.url),
               1, p.status, p.not_found
        from temp.speaking_pages p
    )
    select min(l.source) as source, l.target, l.anchor, l.site_key, l.listing_date,
           l.publisher, s.check_ok, s.stored, s.page_status, s.not_found
    from speaking s cross join links l on l.run_id in {held} and l.target = s.target
    where trim(coalesce(l.anchor, '')) != '' and {member}
    group by l.target, l.site_key, l.anchor
    order by l.target, l.site_key, l.anchor"""

# What the classifier reads of a changed page, and which pages changed
_CLASSIFIED = f"p.id, p.url, p.site_key, p.status, p.title, p.facts, {text_sql('p')} as text"
_CHANGED = "not exists (select 1 from temp.unchanged_pages u where u.url = p.url)"
# A page whose crawl-time matches were noted with the classifier's tag (`noted_pages`)
_NOTED = "substr(p.page_matches, 1, length(:noted)) = :noted"


class ClassifyQueries(StoreCore):
    _compared: tuple[int, int | None] | None = None  # (run, reuse) of temp.unchanged_pages
    _copied: tuple[int, int] | None = None  # (run, reuse) when all of run's links are copies
    # (run, reuse) when replace_matches wrote only copies of reuse's matches, anchors too
    _matches_copied: tuple[int, int] | None = None

    def anchor_links(self, run_id: int) -> Iterator[SpeakingLink]:
        """Links with a non-blank anchor whose target may speak for itself only through the
        anchor: a checked URL that is not a stored page, or a stored page that failed or says
        it does not exist (its status and PageFacts.not_found as JSON text).  Grouped by
        target, then by site and anchor: what the classifier reads anchors from.  The few such
        targets drive the query, so the run's other links are never read.  Only one link of
        each (target, site, anchor) is returned, the one on the smallest source URL (SQLite
        takes a `min()` row's bare columns from that row): the same anchor elsewhere gives
        the same matches, and a menu repeats one anchor on every page (73k links → 11k rows
        at 10k pages, half the query's time).  URL order, not link (crawl) order, so the
        page a finding cites is the same however the crawl was ordered or split between
        processes and workers.  The stored pages come from temp.speaking_pages, which
        `find_unchanged_pages` fills for this run; links are read where they are stored
        (auditor/store/runlinks.py)."""
        with tested(self.db.conn, run_id) as (held, member):
            sql = _ANCHOR_LINKS.format(held=held, member=member)
            for row in self.db.query(sql, {"r": run_id}):
                yield cast(SpeakingLink, row)

    def classified_run(self, run_id: int, classifier: str) -> int | None:
        """The latest other complete run whose matches this same classifier wrote (a complete
        run never gets more pages, so its matches cover all of them), if any."""
        sql = """select max(id) from runs
                 where id != ? and classifier = ? and status = 'complete'"""
        found = self.db.execute(sql, [run_id, classifier]).fetchone()[0]
        return int(found) if found is not None else None

    def replace_matches(
        self,
        run_id: int,
        rows: Iterable[MatchRow],
        classifier: str,
        reuse: int | None,
        anchors: bool = False,
    ) -> int:
        """Replace a run's matches atomically: page matches copied from run `reuse` for the
        pages `find_unchanged_pages` noted, then `rows`, then with `anchors` run `reuse`'s
        anchor matches (`same_anchor_matches`); the run is marked as classified by
        `classifier`.  Returns the number of rows written, copies included."""
        names = {"r": run_id, "q": reuse}
        self._matches_copied = None
        with self.db.conn:
            self.db.execute("delete from matches where run_id = ?", [run_id])
            copied = self.db.execute(_COPY_MATCHES, names).rowcount
            written = self.insert_stream("matches", run_id, rows)
            if anchors:
                copied += self.db.execute(_COPY_ANCHOR_MATCHES, names).rowcount
            self.db.execute("update runs set classifier = ? where id = ?", [classifier, run_id])
        if reuse is not None and anchors and not written:
            self._matches_copied = (run_id, reuse)
        return max(copied, 0) + written

    def matches_copied_from(self, run_id: int) -> int | None:
        """The run whose matches `replace_matches` last copied, and nothing else, into
        `run_id` on this connection (its unchanged pages' and its anchors'), else None:
        with as many pages, all unchanged, the run's matches are that run's."""
        copied = self._matches_copied
        return copied[1] if copied is not None and copied[0] == run_id else None

    def find_unchanged_pages(self, run_id: int, reuse: int | None) -> int:
        """Note the run's pages whose classifier inputs equal the same URL's in run `reuse`
        (none when there is nothing to reuse), for `changed_pages` and `replace_matches`,
        and for the judge (`unchanged_since`).  Returns how many.
        Also notes the run's failed and "not found" pages (temp.speaking_pages, for
        `anchor_links`; the "not found" ones in soft404_pages, for the next repeat)."""
        self._compared = self._copied = None
        names = {"r": run_id, "q": reuse}
        with self.db.conn:
            for table in (_UNCHANGED_TABLE, _SPEAKING_TABLE):
                self.db.execute(table)
            if self.read_only and not self.db["soft404_pages"].exists():
                self.db.execute(_NO_NOTES)  # an archived database older than the notes
            self.db.execute("delete from temp.unchanged_pages")
            self.db.execute("delete from temp.speaking_pages")
            found = 0
            if reuse is not None:
                found = self.db.execute(_FIND_UNCHANGED, names).rowcount
            self.db.execute(_FIND_SPEAKING, names)
            if not self.read_only:  # a benchmark's archived database is only read
                self.db.execute("delete from soft404_pages where run_id = ?", [run_id])
                self.db.execute(_NOTE_SOFT404, names)
        self._compared = (run_id, reuse)
        if reuse is not None and self._links_copied(run_id, reuse):
            self._copied = (run_id, reuse)
        return int(found)

    def links_copied_from(self, run_id: int) -> int | None:
        """The run `find_unchanged_pages` last compared `run_id` with on this connection
        when every link of `run_id` is a copy of that run's, else None.  A repeat's page
        that answered 304, or was fetched again with the same links, holds its links where
        that run's page does (pages.links_run); when every page does, both runs have as
        many pages and neither stores a link that is on none of its pages, there is no
        other link (auditor/store/runlinks.py).  Known from counts of index entries, no link
        row read (~0.1 CPU-s at 943k links; the count on the run's own pages adds one index
        search a page)."""
        copied = self._copied
        return copied[1] if copied is not None and copied[0] == run_id else None

    def _links_copied(self, run_id: int, reuse: int) -> bool:
        names = {"r": run_id, "q": reuse}
        if self.db.execute(_NOT_HELD, names).fetchone()[0]:
            return False
        pages, earlier_pages, links, on_pages, earlier_links, earlier_on_pages = self.db.execute(
            _LINK_COUNTS, names
        ).fetchone()
        return pages == earlier_pages and links == on_pages and earlier_links == earlier_on_pages

    def same_anchor_matches(self, run_id: int, reuse: int | None) -> bool:
        """Whether run `reuse`'s anchor matches are `run_id`'s: the classifier's anchor rows
        (`anchor_links`) are made of the links, the stored pages (status and "not found")
        and which URLs have a verdict; all links are copies of `reuse`'s
        (`links_copied_from`), so only whether the pages fetched again speak and the
        verdicts are compared (their URLs, ~0.03 CPU-s at 43k checks), not the anchor rows
        read (184k links at 20k pages)."""
        if reuse is None or self.links_copied_from(run_id) != reuse:
            return False
        names = {"r": run_id, "q": reuse}
        if self.db.execute(_SPEAKING_DIFFERS, names).fetchone()[0]:
            return False
        return not self.db.execute(_VERDICTS_DIFFER, names).fetchone()[0]

    def unchanged_since(self, run_id: int) -> int | None:
        """The earlier run whose pages `find_unchanged_pages` last compared `run_id`'s with on
        this connection (temp.unchanged_pages then holds the URLs whose site, status, title
        and facts are the same in both), or None: the judge reuses what it read of those
        pages in that run instead of reading their facts again."""
        compared = self._compared
        return compared[1] if compared is not None and compared[0] == run_id else None

    def changed_pages(self, run_id: int) -> Iterator[PageRow]:
        """The run's pages (in stored order) not noted unchanged by `find_unchanged_pages`:
        only their facts are read."""
        sql = f"""select {_CLASSIFIED} from pages p where p.run_id = :r and {_CHANGED}
                  order by p.id"""
        for row in self.db.query(sql, {"r": run_id}):
            yield cast(PageRow, with_text(load_row(row)))

    def changed_page_ids(self, run_id: int, noted: str | None = None) -> list[int]:
        """The ids of `changed_pages`, in the same order, but those `noted_pages` gives:
        what the parent deals to the classify workers, which cannot see its temporary table
        (auditor/store/pool.py)."""
        sql = f"select p.id from pages p where p.run_id = :r and {_CHANGED}"
        if noted is not None:
            sql += f" and not coalesce({_NOTED}, 0)"
        names = {"r": run_id, "noted": noted}
        return [int(row[0]) for row in self.db.execute(sql + " order by p.id", names)]

    def noted_pages(self, run_id: int, noted: str) -> Iterator[tuple[int, str, str, str]]:
        """(id, url, site key, page_matches) of the changed pages whose `page_matches` starts
        with `noted` (the crawl's evidence test wrote them with this classifier), in id
        order: their facts are not read."""
        sql = f"""select p.id, p.url, p.site_key, p.page_matches from pages p
                  where p.run_id = :r and {_CHANGED} and {_NOTED} order by p.id"""
        yield from self.db.execute(sql, {"r": run_id, "noted": noted})

    def pages_by_ids(self, ids: Iterable[int]) -> Iterator[PageRow]:
        """The pages of `ids` (ascending) as `changed_pages` gives them, in id order."""
        wanted = sorted(ids)
        for chunk, marks in in_chunks(wanted):
            sql = f"select {_CLASSIFIED} from pages p where p.id in ({marks}) order by p.id"
            for row in self.db.query(sql, chunk):
                yield cast(PageRow, with_text(load_row(row)))
