"""The report stage of a stored run with and without site health's reuse, in interleaved pairs.

    python3 benchmarks/health_reuse.py DB RUN OUT [--pairs 3]

Each pair rebuilds the run's reports twice with `auditor report` (AUDITOR_HEALTH_REUSE unset,
then "0": every site computed; the order alternates between pairs), prints the CPU seconds
of each command's process tree and wall seconds, and byte-compares the two report folders
(`report_identity.compare`).  The run must come after a complete run of the same inspection
whose report was built by this code (an audit's first run does that), or nothing is reused.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import run  # noqa: E402
from report_identity import compare  # noqa: E402


def report(db: Path, run_id: int, out: Path, reuse: bool) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
    env.pop("AUDITOR_HEALTH_REUSE", None)
    if not reuse:
        env["AUDITOR_HEALTH_REUSE"] = "0"
    cmd = [sys.executable, "-m", "auditor", "report", str(run_id), "--db", str(db)]
    m = run([*cmd, "--out", str(out)], out.with_suffix(".log"), 3600, env)
    if m.returncode not in (0, 1):
        raise SystemExit(f"auditor report failed ({m.returncode}): see {out}.log")
    return {"cpu": round(m.cpu, 2), "wall": round(m.wall, 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("run", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for pair in range(args.pairs):
        order = (True, False) if pair % 2 == 0 else (False, True)
        row: dict[str, object] = {"pair": pair}
        for reuse in order:
            name = "reuse" if reuse else "fresh"
            row[name] = report(args.db, args.run, args.out / f"{name}-{pair}", reuse)
        print(json.dumps(row), flush=True)
        if compare(args.out / f"reuse-{pair}", args.out / f"fresh-{pair}"):
            raise SystemExit("the reports differ")


if __name__ == "__main__":
    main()
