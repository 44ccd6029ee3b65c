"""A page's main text and an evidence page's body, each stored once per distinct content
rather than once per run.

PageFacts.text (up to 4,000 characters, ~10 KB of UTF-8 for a Chinese page) is nine tenths
of a page's stored facts.  A repeat copies every page that answered 304 into the new run;
with the text inline each repeat added ~1.2 GB to the database at 100,000 pages (the copy's
time in the crawl is per row, not per byte: benchmarks/RESULTS.md, fourteenth round).  So
the crawl's writer takes the text out of the facts into `page_texts`, keyed by its digest,
and the page row names the digest (`pages.text_sha`): a copied row names the same text, and
only a text never seen before adds a row.

Readers ask for the text with `text_sql`, which also reads a text still inline in the facts
(a database written before this table, or a row a test wrote directly), so both layouts
read the same.  Two pages are the same to the classifier and site health only when their
`text_sha` is also the same (the facts no longer say whether the text is).

An evidence page's snapshot (its body as fetched, gzip-compressed, ~3.6 KB) is likewise kept
in `snapshot_bodies` under the SHA-256 of the bytes fetched, which the snapshot row already
names: a 304's copied snapshot row names the same body."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

TEXT = "text"
INSERT_TEXTS = "insert or ignore into page_texts (sha, text) values (?, ?)"
INSERT_BODIES = "insert or ignore into snapshot_bodies (sha256, body) values (?, ?)"
# a run's snapshots with their bodies, wherever stored (a row of an older database holds its own)
SNAPSHOTS = """select s.run_id, s.url, s.sha256, s.fetched_at, s.status,
    coalesce(s.body, (select b.body from snapshot_bodies b where b.sha256 = s.sha256)) as body
    from snapshots s where s.run_id = ? order by s.rowid"""


def text_key(text: str) -> str:
    """The digest naming a text: 128 bits of BLAKE2b, the same in every process and run."""
    data = text.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def text_sql(alias: str) -> str:
    """SQL for the text of the page row `alias`: its stored text, else the one inline in
    its facts (an older row), else NULL."""
    return (
        f"coalesce((select t.text from page_texts t where t.sha = {alias}.text_sha), "
        f"case when json_valid({alias}.facts) then json_extract({alias}.facts, '$.text') end)"
    )


def split_texts(
    pages: Iterable[Mapping[str, Any]],
) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """The page rows with their text taken out of the facts (a dict, as the crawl builds
    it) and named by `text_sha`, and the (digest, text) rows to store; a page without text
    keeps its facts as they are."""
    rows: list[dict[str, Any]] = []
    texts: dict[str, str] = {}
    for page in pages:
        facts = page.get("facts")
        text = facts.get(TEXT) if isinstance(facts, dict) else None
        if not isinstance(facts, dict) or not isinstance(text, str) or not text:
            rows.append(dict(page))
            continue
        sha = text_key(text)
        texts[sha] = text
        rest = {key: value for key, value in facts.items() if key != TEXT}
        rows.append({**page, "facts": rest, "text_sha": sha})
    return rows, list(texts.items())


def with_text(row: dict[str, Any]) -> dict[str, Any]:
    """A loaded page row whose query selected `text_sql` as `text`: the text put back into
    its facts (a dict), as PageFacts has it; the row without the extra column."""
    text = row.pop(TEXT, None)
    facts = row.get("facts")
    if text is not None and isinstance(facts, dict):
        row["facts"] = {**facts, TEXT: text}
    return row


def split_bodies(
    snapshots: Iterable[Mapping[str, Any]],
) -> tuple[list[dict[str, Any]], list[tuple[str, bytes]]]:
    """The snapshot rows without their bodies, and the (SHA-256, body) rows to store."""
    rows: list[dict[str, Any]] = []
    bodies: dict[str, bytes] = {}
    for snapshot in snapshots:
        body, digest = snapshot.get("body"), snapshot.get("sha256")
        if not isinstance(body, bytes) or not digest:
            rows.append(dict(snapshot))
            continue
        bodies[digest] = body
        rows.append({**snapshot, "body": None})
    return rows, list(bodies.items())
