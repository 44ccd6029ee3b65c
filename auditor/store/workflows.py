"""What history, sampling and evidence packs ask the store."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, cast

from auditor.store.batch import in_chunks
from auditor.store.core import StoreCore
from auditor.store.records import FailedLink, PageRow, SnapshotRow
from auditor.store.runlinks import holding
from auditor.store.texts import SNAPSHOTS


class WorkflowQueries(StoreCore):
    # Queries of failed links start from the few failed checks (CROSS JOIN fixes that
    # order): SQLite would otherwise walk every link of the run.  Their links are searched
    # in every run holding the run's links (auditor/store/runlinks.py).
    def run_figures(self, run_id: int, broken_links: int | None = None) -> dict[str, int]:
        """Headline figures of one run: pages, findings per status, broken links, tampering.
        A caller that already read `failed_link_pairs` passes their distinct (source, target)
        count as `broken_links`, which spares the same join a second time."""
        sql = """
            select (select count(*) from pages where run_id = :r) as pages,
                   (select count(*) from findings where run_id = :r and status = 'present')
                       as present,
                   (select count(*) from findings where run_id = :r and status = 'stale') as stale,
                   (select count(*) from findings where run_id = :r and status = 'missing')
                       as missing,
                   (select count(*) from findings where run_id = :r and status = 'broken')
                       as broken,
                   (select count(*) from tampering where run_id = :r) as tampering"""
        figures = dict(next(self.db.query(sql, {"r": run_id})))
        if broken_links is None:
            held, member = holding(self.db.conn, run_id)
            broken_links = self.db.execute(
                f"""select count(*) from (select distinct l.source, l.target from checks c
                       cross join links l on l.run_id in {held} and l.target = c.url
                       where c.run_id = :r and c.ok = 0 and {member})""",
                {"r": run_id},
            ).fetchone()[0]
        return {**figures, "broken_links": broken_links}

    def failed_link_pairs(self, run_id: int) -> list[FailedLink]:
        """Distinct (source, target) links whose target failed its check, with the reason."""
        held, member = holding(self.db.conn, run_id)
        sql = f"""
            select l.site_key, l.source, l.target, min(l.anchor) as anchor,
                   c.status, c.reason
            from checks c cross join links l on l.run_id in {held} and l.target = c.url
            where c.run_id = :r and c.ok = 0 and {member}
            group by l.site_key, l.source, l.target order by l.source, l.target"""
        return [cast(FailedLink, row) for row in self.db.query(sql, {"r": run_id})]

    def sample_candidates(self, run_id: int) -> list[PageRow]:
        """Pages a reviewer can read: fetched with 200 and not a soft-404, in a stable order."""
        sql = """
            select p.site_key, p.url, p.title from pages p
            left join checks c on c.run_id = p.run_id and c.url = p.url
            where p.run_id = ? and p.status = 200 and coalesce(c.reason, 'ok') != 'soft_404'
            order by p.site_key, p.url"""
        return [cast(PageRow, row) for row in self.db.query(sql, [run_id])]

    def save_sample(
        self, run_id: int, seed: int, size: int, rows: Iterable[Mapping[str, Any]]
    ) -> None:
        """Record a spot-check draw and its seed, replacing an earlier draw of the run."""
        with self.db.conn:
            self.db.table("runs").update(run_id, {"sample_seed": seed, "sample_size": size})
            self.db.execute("delete from samples where run_id = ?", [run_id])
            self.insert_stream("samples", run_id, rows)

    def snapshot_rows(self, run_id: int) -> Iterator[SnapshotRow]:
        """The run's snapshots in stored order, each with its body (auditor/store/texts.py)."""
        for row in self.db.query(SNAPSHOTS, [run_id]):
            yield cast(SnapshotRow, row)

    def fetch_records(self, run_id: int, urls: Iterable[str]) -> dict[str, PageRow]:
        """url -> fetch record (status, fetched_at, sha256, final_url) for the given pages."""
        wanted = list(dict.fromkeys(urls))
        out: dict[str, PageRow] = {}
        fields = "url, final_url, status, fetched_at, sha256, size, site_key, title"
        for chunk, marks in in_chunks(wanted):
            sql = f"select {fields} from pages where run_id = ? and url in ({marks})"
            out.update({r["url"]: cast(PageRow, r) for r in self.db.query(sql, [run_id, *chunk])})
        return out
