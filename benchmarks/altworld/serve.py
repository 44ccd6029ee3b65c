"""Serve a generated district until Ctrl-C:

    python -m benchmarks.altworld.serve --seed 7 --out /tmp/alt7

writes inspection.toml and truth.json into --out; audit it from another shell with
`auditor audit /tmp/alt7/inspection.toml --out /tmp/alt7/out`.
"""

from __future__ import annotations

import argparse
import threading
from contextlib import suppress

from benchmarks.altworld.server import serve_world


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve a generated district on 127.0.0.1.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--departments", type=int, default=9)
    parser.add_argument("--out", default="reports/altworld")
    args = parser.parse_args()
    with serve_world(args.seed, args.out, args.departments) as served:
        print(f"检查方案:{served.inspection}")
        for host, origin in served.origins.items():
            print(f"{host}: {origin}/")
        with suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
