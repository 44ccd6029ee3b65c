"""Redis is optional: without the redis extra a single-machine audit runs as before, and the
distributed commands say in Chinese which extra to install (no traceback, exit 2)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

# Run the CLI with `redis` and `scrapy_redis` made unimportable, as on a machine without them.
WITHOUT_REDIS = (
    "import sys; sys.modules['redis'] = None; sys.modules['scrapy_redis'] = None; "
    "from auditor.cli import main; sys.argv = ['auditor', *sys.argv[1:]]; main()"
)

ROOT = Path(__file__).resolve().parents[1]  # the checkout: workers run from it


def run_without_redis(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_REDIS, *args],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
        cwd=ROOT,
    )


def test_single_machine_audit_needs_no_redis(tmp_path: Path, tinyworld: Any) -> None:
    with tinyworld.TinyWorld() as world:
        plan = world.inspection(tmp_path / "plan.toml")
        result = run_without_redis("audit", str(plan), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "report.html").is_file()


def test_distributed_commands_name_the_extra(tmp_path: Path, tinyworld: Any) -> None:
    with tinyworld.TinyWorld() as world:
        plan = world.inspection(tmp_path / "plan.toml")
        url = "redis://127.0.0.1:1/0"  # never contacted: the missing extra is found first
        audit = run_without_redis("audit", str(plan), "--out", str(tmp_path / "o"), "--redis", url)
    worker = run_without_redis("worker", "--redis", url)
    for result in (audit, worker):
        assert result.returncode == 2, result.stderr
        assert "pip install 'auditor[redis]'" in result.stderr
        assert "Traceback" not in result.stderr
