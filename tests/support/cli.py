"""Run the real CLI in a subprocess: Twisted's reactor cannot restart in one process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_cli(
    *args: str, cwd: Path | None = None, timeout: float = 240, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m auditor ARGS` and capture its output."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "auditor", *args],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
    )


def spawn_cli(*args: str) -> subprocess.Popen[str]:
    """Start `python -m auditor ARGS` without waiting (workers, a coordinator), pipes open."""
    return subprocess.Popen(
        [sys.executable, "-m", "auditor", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def crawl_cli(tmp: Path, toml: str) -> Path:
    """Write the inspection into `tmp`, run the real `auditor crawl` into tmp/a.db (it must
    succeed) and give the database's path."""
    (tmp / "i.toml").write_text(toml, encoding="utf-8")
    result = run_cli("crawl", str(tmp / "i.toml"), "--db", str(tmp / "a.db"), timeout=120)
    assert result.returncode == 0, result.stderr
    return tmp / "a.db"
