"""The long fuzzing run: every property of tests/test_fuzz.py at a high example count.

    python3 benchmarks/fuzz.py [--examples 20000] [--seed N]

The suite runs each property with 150 examples (a few seconds); this runs the same
properties (extractors: pages, dates, catalogue block, links, hidden-text detection,
encodings; URL handling and the address policy) with many more, and prints how many examples
passed in all.  A failure prints hypothesis's shrunk input: add it to the test as an
`@example` once fixed.  See docs/reliability.md.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=20000, help="examples per property")
    parser.add_argument("--seed", type=int, help="hypothesis seed (default: random)")
    args = parser.parse_args()
    env = {**os.environ, "AUDITOR_FUZZ_EXAMPLES": str(args.examples), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pytest", "tests/test_fuzz.py", "-q", "-p", "no:cacheprovider"]
    command += ["--hypothesis-show-statistics", "-o", "timeout=0"]
    if args.seed is not None:
        command.append(f"--hypothesis-seed={args.seed}")
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    passing = sum(int(n) for n in re.findall(r"- (\d+) passing", result.stdout))
    print(result.stdout[-4000:] if result.returncode else "")
    print(f"{passing} examples passed in {time.monotonic() - started:.0f} s; exit {result.returncode}")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
