"""Spot-check sampling (抽查): N pages per site drawn at random for a person to read.

Typos and wrong content are beyond any rule, so inspectors read a few pages by hand. The
draw must be fair (nobody picks the pages), and reproducible: the seed is stored with the run
and printed in the report, and the same run and seed always give the same pages.
"""

from __future__ import annotations

import random
import secrets
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from auditor.store import Store
from auditor.store.records import PageRow

SEED_LIMIT = 1_000_000  # six digits: easy to read aloud and type back


@dataclass(frozen=True)
class SampledPage:
    site_key: str
    url: str
    title: str
    rank: int  # position within its site's draw, from 1


def new_seed() -> int:
    return secrets.randbelow(SEED_LIMIT)


def draw(candidates: list[PageRow], per_site: int, seed: int) -> list[SampledPage]:
    """`per_site` pages of each site (all of them when it has fewer), in draw order.

    Candidates are sorted first, so the draw does not depend on crawl arrival order."""
    by_site: dict[str, list[PageRow]] = defaultdict(list)
    for row in sorted(candidates, key=lambda r: (r["site_key"], r["url"])):
        by_site[row["site_key"]].append(row)
    rng = random.Random(seed)
    picked = []
    for site_key in sorted(by_site):
        rows = by_site[site_key]
        for rank, row in enumerate(rng.sample(rows, min(per_site, len(rows))), start=1):
            picked.append(SampledPage(site_key, row["url"], row.get("title") or "", rank))
    return picked


def sample_run(store: Store, run_id: int, per_site: int, seed: int | None = None) -> int:
    """Draw and store the run's spot-check sample; returns the seed used."""
    seed = new_seed() if seed is None else seed
    pages = draw(store.sample_candidates(run_id), per_site, seed)
    store.save_sample(run_id, seed, per_site, (asdict(p) for p in pages))
    return seed


def stored_sample(store: Store, run_id: int) -> dict[str, Any] | None:
    """The run's sample for the report, or None when no sample was drawn."""
    run = store.run(run_id) or {}
    if not run.get("sample_size"):
        return None
    pages = [
        {k: row[k] for k in ("site_key", "url", "title", "rank")}
        for row in store.iter_rows("samples", run_id)
    ]
    return {"seed": run["sample_seed"], "per_site": run["sample_size"], "pages": pages}
