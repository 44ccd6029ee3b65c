"""An output folder that cannot be written and a database another program holds: a clear
Chinese message and a documented exit code, never an internal error, nothing lost."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from auditor.errors import EXIT_INPUT, EXIT_LOCKED
from auditor.store import Store


def _unwritable(tmp_path: Path) -> Path:
    """A folder this process cannot write: chmod for a normal user; root ignores modes, so
    it gets a path on sysfs, where even root may not create a folder."""
    if os.geteuid() != 0:
        folder = tmp_path / "readonly"
        folder.mkdir()
        folder.chmod(0o555)
        return folder / "out"
    folder = Path("/sys/kernel/auditor-readonly-out")
    try:
        folder.mkdir()
    except OSError:
        return folder
    folder.rmdir()
    pytest.skip("no folder here refuses root's writes")


def test_read_only_out_folder_is_a_clear_error(run_cli, tinyworld, tmp_path: Path) -> None:
    spec = tinyworld.TinyWorld().inspection(tmp_path / "inspection.toml")
    out = _unwritable(tmp_path)
    result = run_cli("audit", str(spec), "--out", str(out), timeout=60)
    assert result.returncode == EXIT_INPUT, result.stderr
    assert "错误:无法写入" in result.stderr and str(out) in result.stderr
    assert "提示:" in result.stderr and "Traceback" not in result.stderr + result.stdout


def test_database_locked_by_another_program_is_waited_for_then_reported(
    run_cli, tinyworld, tmp_path: Path
) -> None:
    spec = tinyworld.TinyWorld().inspection(tmp_path / "inspection.toml")
    db = tmp_path / "audit.db"
    Store(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # like an sqlite3 shell in the middle of a write
    holder.execute("create table if not exists note (text)")
    holder.execute("insert into note values ('kept')")
    started = time.monotonic()
    result = run_cli(
        "audit", str(spec), "--db", str(db), "--out", str(tmp_path / "out"),
        env={"AUDITOR_DB_WAIT": "2"}, timeout=120,
    )
    waited = time.monotonic() - started
    holder.execute("COMMIT")
    holder.close()
    assert result.returncode == EXIT_LOCKED, result.stderr
    assert "正被另一个程序占用" in result.stderr and "提示:" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert waited >= 2
    check = sqlite3.connect(db)
    assert check.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert check.execute("select text from note").fetchall() == [("kept",)]  # nothing lost
    check.close()
