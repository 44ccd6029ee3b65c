"""CPU seconds of a repeat's stages after the crawl (footers, classify, judge, report), by
`auditor audit --reuse-crawl RUN` on a fresh copy of a database, with a digest of what the
stages wrote and of the report files: two checkouts compared on the same stored crawl.

    python3 benchmarks/repeat_stages.py DB INSPECTION RUN WORK [--checkout DIR] [--profile]

DB is never changed: it is copied to WORK/stages.db with the runs after RUN removed (a
later run would otherwise be the one the classifier and site health reuse).  Prints one JSON
line: CPU seconds of the audit's process tree, wall seconds per stage as the run recorded
them, and digests.  Alternate two checkouts (A B B A): the machine's load then weighs alike.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import sqlite3
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import run  # noqa: E402

# What changes from one replay to the next whatever the code: times and run ids.
VOLATILE = re.compile(
    r'"(started|finished|timings|tool_version|checked_at|oldest)": ("[^"]*"|\{[^}]*\}|[0-9.]+)'
)
HTML_VOLATILE = re.compile(
    r'<table class="kv timings">.*?</table>|\d{4}-\d\d-\d\d[ T][0-9:.]+', re.S
)
STAGE_TABLES = ("matches", "findings", "tampering", "site_health")
# A row's id, and site_health's inputs key: it hashes the code, so two checkouts differ there
SKIPPED = {"id", "inputs"}
# `auditor audit` with each stage's CPU seconds (this process and its finished workers)
# written to the file named by STAGE_CPU_FILE: the stage clock of the checkout run, wrapped.
DRIVER = """
import json, os, resource, sys, time
from contextlib import contextmanager
from auditor.workflows import audit as flow
cpu, wrapped = {}, flow._StageClock.__call__

def seconds():
    own, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

@contextmanager
def clocked(self, stage):
    start = seconds()
    with wrapped(self, stage):
        yield
    cpu[stage] = round(cpu.get(stage, 0) + seconds() - start, 3)

flow._StageClock.__call__ = clocked
from auditor.cli import main
sys.argv[0] = "auditor"
try:
    main()
finally:
    with open(os.environ["STAGE_CPU_FILE"], "w") as out:
        json.dump(cpu, out)
"""


def fresh_copy(db: Path, run_id: int, into: Path) -> None:
    """The database with every run after `run_id` removed (rows of every table with run_id)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{into}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(db) as source, sqlite3.connect(into) as target:
        source.backup(target)
    with sqlite3.connect(into) as conn:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type='table'")]
        for table in tables:
            columns = {r[1] for r in conn.execute(f"pragma table_info({table})")}
            if "run_id" in columns:
                conn.execute(f"delete from {table} where run_id > ?", [run_id])
        conn.execute("delete from runs where id > ?", [run_id])


def table_digest(db: Path, run_id: int) -> dict[str, str]:
    """Rows the stages wrote for the run (all columns but SKIPPED), sorted."""
    out = {}
    with sqlite3.connect(db) as conn:
        for table in STAGE_TABLES:
            columns = [
                r[1] for r in conn.execute(f"pragma table_info({table})") if r[1] not in SKIPPED
            ]
            sql = f"select {', '.join(columns)} from {table} where run_id = ?"
            rows = sorted(map(repr, conn.execute(sql, [run_id])))
            out[table] = f"{len(rows)}:{_sha(chr(10).join(rows))}"
    return out


def file_digest(out: Path) -> dict[str, str]:
    """report.json and report.html without their times; CSV files as written; the XLSX by
    every cell's value and style (the file's bytes carry its save time)."""
    digests = {}
    for path in sorted(out.iterdir()):
        if path.suffix == ".json":
            digests[path.name] = _sha(VOLATILE.sub("", path.read_text("utf-8")))
        elif path.suffix == ".html":
            digests[path.name] = _sha(HTML_VOLATILE.sub("", path.read_text("utf-8")))
        elif path.suffix == ".csv":
            digests[path.name] = _sha(path.read_text("utf-8-sig"))
        elif path.suffix == ".xlsx":
            digests[path.name] = xlsx_digest(path)
    return digests


def xlsx_digest(path: Path) -> str:
    """Each sheet's cells (value, type, font, fill, alignment, hyperlink), widths, frozen
    panes and filter, as openpyxl reads them back."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    parts = []
    for sheet in book.worksheets:
        parts.append(repr((sheet.title, sheet.freeze_panes, sheet.auto_filter.ref)))
        widths = {k: d.width for k, d in sheet.column_dimensions.items()}
        parts.append(repr(sorted(widths.items())))
        for row in sheet.iter_rows():
            for c in row:
                link = c.hyperlink.target if c.hyperlink else None
                style = (c.font.b, c.fill.fgColor.rgb, c.alignment.wrap_text, c.alignment.vertical)
                parts.append(repr((c.coordinate, c.value, c.data_type, style, link)))
    return _sha("\n".join(parts))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("inspection", type=Path)
    parser.add_argument("run", type=int)
    parser.add_argument("work", type=Path)
    parser.add_argument("--checkout", type=Path, default=HERE.parent)
    parser.add_argument("--profile", help="py-spy binary: record the stages into WORK")
    parser.add_argument(
        "--prime",
        type=int,
        help="replay this earlier run first (not measured): site health reuses only parts "
        "kept by the same code, so the run it reuses from must be judged by the checkout",
    )
    args = parser.parse_args()
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    args.db, args.inspection = args.db.resolve(), args.inspection.resolve()
    # `python -c` puts the current directory first on sys.path: run from WORK, or a checkout
    # we stand in would be imported instead of --checkout.
    os.chdir(work)
    db, out = work / "stages.db", work / "out"
    fresh_copy(args.db, args.run, db)
    shutil.rmtree(out, ignore_errors=True)
    cpu_file = work / "stage_cpu.json"
    env = {
        **os.environ,
        "PYTHONPATH": str(args.checkout.resolve()),
        "STAGE_CPU_FILE": str(cpu_file),
    }
    cmd = [sys.executable, "-c", DRIVER, "audit", str(args.inspection), "--db", str(db)]
    if args.prime is not None:
        primed = [*cmd, "--reuse-crawl", str(args.prime), "--out", str(work / "primed")]
        if run(primed, work / "prime.log", 3600, env).returncode:
            raise SystemExit(f"the primed run failed: {work / 'prime.log'}")
    cmd += ["--reuse-crawl", str(args.run), "--out", str(out)]
    if args.profile:
        spy = [args.profile, "record", "--subprocesses", "--rate", "200", "--format", "raw"]
        cmd = [*spy, "-o", str(work / "stages.spy"), "--", *cmd]
    m = run(cmd, work / "stages.log", 3600, env)
    with sqlite3.connect(db) as conn:
        timings = json.loads(
            conn.execute("select timings from runs where id = ?", [args.run]).fetchone()[0]
        )
    row = {"checkout": str(args.checkout), "rc": m.returncode, "cpu": round(m.cpu, 2)}
    row |= {"wall": round(m.wall, 2), "stage_cpu": json.loads(cpu_file.read_text())}
    row |= {"stage_wall": {k: v for k, v in timings.items() if k != "crawl"}}
    row |= {"tables": table_digest(db, args.run), "files": file_digest(out)}
    print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
