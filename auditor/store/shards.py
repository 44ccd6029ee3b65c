"""Merge a worker's SQLite shard (one host group's crawl, auditor/distributed/) into a run.

A shard is an ordinary store holding one run; its crawl rows are copied into the audit's run
in one transaction, so the audit database never holds half a host group.  Pages, checks and
snapshots are unique per run (a URL reached through redirects by two groups keeps one row);
robots.txt is kept once per host, page texts and snapshot bodies once per digest.  Handoffs
are not copied: distributed checks are claimed in Redis, never handed over.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.errors import InternalError
from auditor.store.schema import _TABLES, now_iso

if TYPE_CHECKING:
    from auditor.store import Store

CRAWL_TABLES = (
    "pages",
    "links",
    "checks",
    "unreadable_listings",
    "cutoffs",
    "tampering",
    "snapshots",
)
_UNIQUE = ("pages", "checks", "snapshots")
# content kept once for every run, under its digest (auditor/store/texts.py)
_BY_DIGEST = (("page_texts", "sha, text"), ("snapshot_bodies", "sha256, body"))
# The shard's own run ids: a page's `from_run` and `links_run` name runs of the shard, not of
# the audit, so a merged page is taken as fetched (NULL), which only costs a comparison later.
# A page whose links are held by another run (a 304 copy) would arrive without them: workers
# never revalidate (auditor/distributed/worker.py), and `_held_links` refuses such a shard.
_NOT_MERGED = ("id", "run_id", "from_run", "links_run")
_HELD = "select url from shard.pages where links_run is not null limit 1"


def merge_shard(store: Store, run_id: int, shard: Path, group: int, job_id: str) -> None:
    """Copy every crawl row of the shard's single run into `run_id`, and record the group as
    merged in the same transaction (a resumed coordinator skips it, never merges it twice)."""
    conn = store.db.conn
    conn.execute("ATTACH DATABASE ? AS shard", [str(shard)])
    try:
        _held_links(conn, shard)
        with conn:
            for table in CRAWL_TABLES:
                columns = [c for c in _TABLES[table]["columns"] if c not in _NOT_MERGED]
                names = ", ".join(f"[{c}]" for c in columns)
                verb = "INSERT OR REPLACE" if table in _UNIQUE else "INSERT"
                conn.execute(
                    f"{verb} INTO main.[{table}] (run_id, {names}) "
                    f"SELECT ?, {names} FROM shard.[{table}] ORDER BY rowid",
                    [run_id],
                )
            for table, keyed in _shard_digest_tables(conn):
                conn.execute(
                    f"INSERT OR IGNORE INTO main.{table} ({keyed}) "
                    f"SELECT {keyed} FROM shard.{table} ORDER BY rowid"
                )
            conn.execute(
                "INSERT INTO main.robots (run_id, netloc, status, body) "
                "SELECT ?, netloc, status, body FROM shard.robots WHERE netloc NOT IN "
                "(SELECT netloc FROM main.robots WHERE run_id = ?)",
                [run_id, run_id],
            )
            conn.execute(
                "INSERT INTO main.merged_groups (run_id, job_id, grp, merged_at) "
                "VALUES (?, ?, ?, ?)",
                [run_id, job_id, group, now_iso()],
            )
    finally:
        conn.execute("DETACH DATABASE shard")


def _shard_digest_tables(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """The tables of `_BY_DIGEST` the shard has: one written before them keeps each text and
    body in its own rows, which readers take as they are (auditor/store/texts.py)."""
    sql = "select name from shard.sqlite_master where type = 'table'"
    present = {row[0] for row in conn.execute(sql)}
    return [(table, keyed) for table, keyed in _BY_DIGEST if table in present]


def _held_links(conn: sqlite3.Connection, shard: Path) -> None:
    """Refuse a shard whose pages keep their links in another run: merged, they would have
    none (docs/design-links-run.md).  A shard of a store without `links_run` holds its own."""
    try:
        row = conn.execute(_HELD).fetchone()
    except sqlite3.OperationalError:  # no such column: written before pages.links_run
        return
    if row is not None:
        raise InternalError(
            f"分片 {shard} 的页面 {row[0]} 的链接保存在另一次检查中,无法合并",
            "分布式抓取的工作进程不应复查已有页面;请用同一版本的 auditor 重新运行该任务。",
        )


def merged_groups(store: Store, run_id: int) -> set[int]:
    """The host groups already merged into the run (by this or a killed coordinator)."""
    rows = store.db.execute("SELECT grp FROM merged_groups WHERE run_id = ?", [run_id])
    return {row[0] for row in rows}
