"""Prove that a cheaper report stage writes the same reports (fourth round of issue 18).

    python benchmarks/report_identity.py sql [ROUNDS]    # new store queries == old ones
    python benchmarks/report_identity.py compare DIR_A DIR_B

`sql` fills a scratch SQLite database with random links and checks (internal 0/1/NULL,
targets with and without a check, robots, failed, ok and unjudged checks, upper-case
schemes, mailto:) and compares the store's answers with the queries they replaced, kept
here verbatim.  `compare` byte-compares every file of two report folders except the
workbook, whose cells (value, type, font, fill, alignment, number format), column widths,
frozen panes and filter are compared through openpyxl, and every part of the zip but
docProps/core.xml (its creation time) byte for byte.
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path
from typing import Any

OLD_UNCHECKED = """
    select l.*, c.status as check_status, c.reason as check_reason,
           c.ok as check_ok, min(l.rowid) as first,
           count(distinct l.source) as pages
    from links l left join checks c on c.run_id = l.run_id and c.url = l.target
    where l.run_id = ?
      and (l.target like 'http://%' or l.target like 'https://%')
      and (c.reason = 'robots' or (c.ok is null and coalesce(l.internal, 0) = 0))
    group by l.target order by first"""

OLD_BROKEN_COUNT = """
    select count(*) from (select distinct l.source, l.target from checks c
        cross join links l on l.run_id = c.run_id and l.target = c.url
        where c.run_id = ? and c.ok = 0)"""


def _fill(store: Any, rng: random.Random) -> None:
    schemes = ["http://", "https://", "HTTP://", "mailto:", "ftp://"]
    targets = [f"{rng.choice(schemes)}h{rng.randrange(5)}/p{n}" for n in range(60)]
    sources = [f"http://h{n % 3}/s{n}" for n in range(25)]
    verdicts = [(200, "ok", 1), (404, "http_404", 0), (None, "robots", None), (None, None, None)]
    for run_id in (1, 2):
        links = [
            {
                "run_id": run_id,
                "site_key": f"site{rng.randrange(3)}",
                "source": rng.choice(sources),
                "target": rng.choice(targets),
                "anchor": rng.choice(["", "a", "b", None]),
                "internal": rng.choice([0, 1, None]),
            }
            for _ in range(rng.randrange(1, 400))
        ]
        store.db["links"].insert_all(links, alter=True)
        checks = []
        for target in rng.sample(targets, rng.randrange(len(targets))):
            status, reason, ok = rng.choice(verdicts)
            checks.append(
                {"run_id": run_id, "url": target, "status": status, "reason": reason, "ok": ok}
            )
        store.db["checks"].insert_all(checks, alter=True)


def check_sql(rounds: int) -> int:
    from auditor.store import Store

    bad = rows = 0
    for seed in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(Path(tmp) / "t.db")
            _fill(store, random.Random(seed))
            for run_id in (1, 2):
                old = [dict(r) for r in store.db.query(OLD_UNCHECKED, [run_id])]
                new = [dict(r) for r in store.unchecked_targets(run_id)]
                count = store.db.execute(OLD_BROKEN_COUNT, [run_id]).fetchone()[0]
                pairs = {(p["source"], p["target"]) for p in store.failed_link_pairs(run_id)}
                rows += len(old) + len(pairs)
                if old != new or count != len(pairs):
                    bad += 1
                    print(f"seed {seed} run {run_id}: differs", file=sys.stderr)
            store.db.close()
    print(f"{rounds} random databases, {rows} rows compared, {bad} differences")
    return 1 if bad else 0


def _sheet_dump(sheet: Any) -> Any:
    cells = [
        (
            c.coordinate,
            c.value,
            c.data_type,
            repr(c.font),
            repr(c.fill),
            repr(c.alignment),
            c.number_format,
        )
        for row in sheet.iter_rows()
        for c in row
    ]
    widths = {k: d.width for k, d in sheet.column_dimensions.items()}
    return cells, widths, sheet.freeze_panes, sheet.auto_filter.ref


def _xlsx_dump(path: Path) -> Any:
    from openpyxl import load_workbook

    book = load_workbook(path)
    return [(sheet.title, _sheet_dump(sheet)) for sheet in book.worksheets]


def _zip_parts(path: Path) -> dict[str, bytes]:
    """Every part of the workbook but its creation and modification times."""
    import zipfile

    with zipfile.ZipFile(path) as book:
        return {n: book.read(n) for n in book.namelist() if n != "docProps/core.xml"}


def compare(a: Path, b: Path) -> int:
    names = sorted({p.name for p in a.iterdir()} | {p.name for p in b.iterdir()})
    bad = 0
    for name in names:
        left, right = a / name, b / name
        if not (left.exists() and right.exists()):
            same = False
        elif name.endswith(".xlsx"):
            same = _zip_parts(left) == _zip_parts(right) and _xlsx_dump(left) == _xlsx_dump(right)
        else:
            same = left.read_bytes() == right.read_bytes()
        bad += not same
        print(("same     " if same else "DIFFERS  ") + name)
    return 1 if bad else 0


if __name__ == "__main__":
    if sys.argv[1] == "sql":
        sys.exit(check_sql(int(sys.argv[2]) if len(sys.argv) > 2 else 200))
    sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
