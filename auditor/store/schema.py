"""The store's tables, indexes and row (de)serialisation: the schema in one place."""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

SCHEMA_VERSION = 1

_TABLES: dict[str, dict[str, Any]] = {
    "runs": {
        "columns": {
            "id": int,
            "name": str,
            "inspection_path": str,
            "inspection": str,
            "checklist": str,
            "as_of": str,
            "started": str,
            "finished": str,
            "status": str,
            "sample_seed": int,
            "sample_size": int,
            "timings": str,  # JSON {stage: seconds} of the audit's last pass over the run
            "classifier": str,  # digest of the matcher that wrote the run's matches
            # digest of the judge's inputs other than the run's rows (its code, checklist and
            # inspection) when its findings were written (auditor/judge/verdict.py)
            "judge": str,
        },
        "pk": "id",
    },
    "sites": {
        "columns": {
            "run_id": int,
            "key": str,
            "department": str,
            "url": str,
            "channel": str,
            "aliases": str,
        },
        "pk": ("run_id", "key"),
    },
    "pages": {
        "columns": {
            "id": int,
            "run_id": int,
            "site_key": str,
            "url": str,
            "final_url": str,
            "status": int,
            "content_type": str,
            "encoding": str,
            "title": str,
            "sha256": str,
            "size": int,
            "fetched_at": str,
            "elapsed_ms": int,
            "depth": int,
            # the run whose row (and links, tampering, snapshots) a 304 copied, NULL when
            # fetched: status, title, final URL, fetched_at and facts are then that run's.
            # Before facts, so reading it reads no overflow page (a migrated table has it
            # last: still right, only slower)
            "from_run": int,
            # the run whose `links` rows are this page's links, NULL when its own run's
            # are (every fetched page, every page of an older database); a 304's copy
            # names the run that really holds them, never a copy (docs/design-links-run.md)
            "links_run": int,
            "listing_date": str,
            # the page's classify rows as the crawl's evidence test found them, tagged with
            # the classifier's digest (auditor/classify/noted.py): classify copies them
            # instead of matching the page again.  NULL when not tested or when its facts
            # changed after the test.  Before facts, so reading it reads no overflow page
            "page_matches": str,
            # the digest of the page's main text in `page_texts` (auditor/store/texts.py):
            # the facts hold no text, so a 304's copy stores ~1 KB instead of ~12 KB; NULL
            # when the page has none or its facts still hold it (an older database)
            "text_sha": str,
            "facts": str,
            "etag": str,
            "last_modified": str,
        },
        "pk": "id",
    },
    "links": {
        "columns": {
            "run_id": int,
            "site_key": str,
            "source": str,
            "target": str,
            "anchor": str,
            "tag": str,
            "attr": str,  # the attribute or construct it came from (href, src, srcset, url()…)
            "internal": int,
            "listing_date": str,
            "fragment": str,  # the link's #fragment, without "#" ("" when none)
            "via": str,  # the jpage proxy or JSON API URL a script-published entry came from
            "publisher": str,  # the publisher a listing entry states (JSON lists)
        },
    },
    "checks": {
        "columns": {
            "run_id": int,
            "site_key": str,
            "url": str,
            "status": int,
            "reason": str,
            "ok": int,
            "elapsed_ms": int,
            "content_type": str,
            "size": int,
            "final_url": str,
            "redirects": str,
            "checked_at": str,
            "etag": str,
            "last_modified": str,
        },
    },
    "unreadable_listings": {  # column pages whose script-filled list was not read
        "columns": {"run_id": int, "site_key": str, "page": str, "why": str}
    },
    "cutoffs": {"columns": {"run_id": int, "site_key": str, "url": str, "reason": str}},
    "handoffs": {  # checks one crawl process left to the process (or sweep) owning the host
        "columns": {"run_id": int, "site_key": str, "url": str, "referer": str, "depth": int}
    },
    "tampering": {
        "columns": {
            "run_id": int,
            "site_key": str,
            "page": str,
            "kind": str,
            "technique": str,
            "detail": str,
            "snippet": str,
            "location": str,
            "severity": str,
        },
    },
    "robots": {  # robots.txt as fetched, once per host per run, shared by every process
        "columns": {"run_id": int, "netloc": str, "status": int, "body": bytes},
    },
    "snapshots": {
        "columns": {
            "run_id": int,
            "url": str,
            "sha256": str,
            "fetched_at": str,
            "status": int,
            # gzip of the bytes fetched; NULL when kept in `snapshot_bodies` under sha256
            # (every row the crawl writes now; an older database's rows hold their own)
            "body": bytes,
        },
    },
    "page_texts": {  # each distinct PageFacts.text once, for every run (texts.py)
        "columns": {"sha": str, "text": str},
    },
    "snapshot_bodies": {  # each distinct snapshot body once, for every run (texts.py)
        "columns": {"sha256": str, "body": bytes},
    },
    "probes": {  # one timed visit of a home page by `auditor probe` (not tied to a run)
        "columns": {
            "id": int,
            "url": str,
            "department": str,
            "channel": str,
            "at": str,
            "elapsed_ms": int,
            "status": int,
            "ok": int,
            "reason": str,
        },
        "pk": "id",
    },
    "samples": {
        "columns": {
            "run_id": int,
            "site_key": str,
            "url": str,
            "title": str,
            "rank": int,
        },
    },
    "matches": {
        "columns": {
            "run_id": int,
            "url": str,
            "site_key": str,
            "source": str,
            "item": str,
            "score": float,
            "reasons": str,  # Chinese, built from the columns below for display only
            "strength": str,  # strong | plain | weak | near | vetoed (auditor/classify/evidence.py)
            "signals": str,  # JSON [{field, kind, phrase, weight}]: why the page is the item
            "anchor": str,  # for an anchor match: the link text
            "anchor_page": str,  # the page the link sits on
            "listing_date": str,  # the date printed beside the link
            "publisher": str,  # the 发布机构 its listing row states, where it states one
        },
    },
    "soft404_pages": {  # a run's pages whose facts say "not found", for the next repeat
        "columns": {"run_id": int, "url": str},
    },
    "judged_pages": {  # what the judge read of a run's evidence pages, for the next repeat
        "columns": {
            "run_id": int,
            "url": str,
            "reader": str,  # names the narrowing of the facts (auditor/store/judge.py)
            "facts": str,  # JSON: PageFacts narrowed to what the judge reads
        },
    },
    "site_health": {  # a complete run's page part of each site's health, for a repeat
        "columns": {
            "run_id": int,
            "site_key": str,
            "inputs": str,  # digest of the code, day, rules and site it was computed with
            "reads": str,  # JSON: digests of the links it read (auditor/health/reuse.py)
            "health": str,  # JSON: the page part (columns, meta tags, text checks)
        },
        "pk": ("run_id", "site_key"),
    },
    "site_scans": {  # a complete run's page scans of each site, for a repeat to update
        "columns": {
            "run_id": int,
            "site_key": str,
            "inputs": str,  # digest of the code, rules and site they were observed with
            "scans": str,  # JSON: auditor/health/pagescans.py PageScans.state
        },
        "pk": ("run_id", "site_key"),
    },
    "crosspage_sites": {  # which sites' footers and titles a run compared, for a repeat
        "columns": {
            "run_id": int,
            "site_key": str,
            "pages": int,  # the site's pages in the run
            "rule": str,  # digest of the code that compared them (auditor/tamper/crosspage.py)
        },
        "pk": ("run_id", "site_key"),
    },
    "merged_groups": {  # host groups of a distributed crawl merged into the run (--resume)
        "columns": {"run_id": int, "job_id": str, "grp": int, "merged_at": str},
        "pk": ("run_id", "grp"),
    },
    "findings": {
        "columns": {
            "run_id": int,
            "department": str,
            "area": str,
            "item": str,
            "status": str,
            "evidence": str,
            "missing_channels": str,
            "reason": str,
            "deduction": float,
            "deadline": str,
            "detail": str,
        },
    },
}

_INDEXES: list[tuple[str, tuple[str, ...], bool]] = [
    ("pages", ("run_id", "url"), True),
    ("pages", ("run_id", "site_key"), False),
    ("links", ("run_id", "source"), False),
    ("links", ("run_id", "target"), False),
    ("links", ("run_id", "site_key"), False),
    ("cutoffs", ("run_id", "url"), False),
    ("checks", ("run_id", "url"), True),
    ("matches", ("run_id", "item"), False),
    ("findings", ("run_id", "department", "item"), True),
    ("judged_pages", ("run_id", "url"), True),
    ("soft404_pages", ("run_id", "url"), True),
    ("snapshots", ("run_id", "url"), True),
    ("tampering", ("run_id", "page"), False),  # a repeat copies a 304 page's hits
    ("probes", ("url", "at"), False),
    ("page_texts", ("sha",), True),
    ("snapshot_bodies", ("sha256",), True),
]

# Indexes a first crawl writes without (Store.defer_indexes): a crawl reads links only of
# an earlier run (a repeat's 304 pages) or before it starts fetching (--resume)
DEFERRED_INDEXES = [index for index in _INDEXES if index[0] == "links"]


def index_name(table: str, columns: tuple[str, ...]) -> str:
    """The name sqlite_utils gives an index of `_INDEXES` (`Table.create_index`)."""
    return f"idx_{table}_{'_'.join(columns)}"


# The runs holding a run's links (auditor/store/runlinks.py) from an index alone: only the
# pages a 304 copied have an entry, so a first audit's crawl writes none
PARTIAL_INDEXES = (
    "create index if not exists idx_pages_run_id_links_run on pages (run_id, links_run)"
    " where links_run is not null",
)

# A run's links as the run sees them, for direct SQL (docs/browse.md, datasette.json): the
# `links` rows of the pages it fetched and of sources with no page (a stylesheet's url()
# links), and for a page a repeat copied for a 304, the rows of the run that fetched it
# (`pages.links_run`), under the copying run's id.  `where run_id = N` reaches both arms'
# indexes.  The first arm's test leaves out a copied page's own rows, which only a database
# written while the copy of its links was still made has (the view is then still right).
_LINK_COLUMNS = ", ".join(f"l.{c}" for c in _TABLES["links"]["columns"] if c != "run_id")
VIEWS = (
    f"""create view if not exists run_links as
    select l.run_id, {_LINK_COLUMNS} from links l
    where not exists (select 1 from pages h where h.run_id = l.run_id and h.url = l.source
                      and h.links_run is not null)
    union all
    select p.run_id, {_LINK_COLUMNS}
    from pages p join links l on l.run_id = p.links_run and l.source = p.url
    where p.links_run is not null""",
)

JSON_COLUMNS = {
    "facts",
    "redirects",
    "reasons",
    "signals",
    "evidence",
    "missing_channels",
    "aliases",
    "inspection",
    "detail",
    "timings",
}


_LAST_ISO: tuple[int, str] = (-1, "")


def now_iso() -> str:
    """Local time to the second.  Made once per second: a crawl stamps 2-3 rows a page, and
    finding the local offset (`astimezone`) each time cost 0.6% of a first audit."""
    global _LAST_ISO
    second = int(time.time())
    if _LAST_ISO[0] != second:
        stamp = dt.datetime.fromtimestamp(second).astimezone().isoformat(timespec="seconds")
        _LAST_ISO = (second, stamp)
    return _LAST_ISO[1]


def dump_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def load_row(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for key in JSON_COLUMNS & out.keys():
        if isinstance(out[key], str) and out[key][:1] in "[{":
            out[key] = json.loads(out[key])
    return out


def narrow_facts(*fields: str, **expressions: str) -> str:
    """SQL for a `facts` column holding only the named PageFacts fields (plus computed ones):
    a stage reads what it needs, never a whole PageFacts with its text."""
    parts = [f"'{name}', json_extract(facts, '$.{name}')" for name in fields]
    parts += [f"'{name}', {sql}" for name, sql in expressions.items()]
    return f"case when json_valid(facts) then json_object({', '.join(parts)}) end as facts"


def undated(alias: str) -> str:
    """SQL: the page row `alias` has no publication date of its own in its facts (none, an
    empty one, or facts that do not parse): where the judge reads the listing date instead
    (verdict.py `_published`) and site health's "future date" check reads nothing."""
    return f"(not json_valid({alias}.facts) or coalesce({alias}.facts ->> '$.published', '') = '')"
