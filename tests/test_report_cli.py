"""`auditor report`: a stored run in, report files out; user mistakes give Chinese errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def auditor(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "auditor", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_report_command_writes_every_format(reportworld, tmp_path: Path) -> None:
    store, _ = reportworld.make_store(tmp_path)
    store.close()
    result = auditor("report", "--db", "auditor.db", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == reportworld.REPORT_FILES
    assert "已生成" in result.stdout


def test_department_report_with_pdf(reportworld, tmp_path: Path) -> None:
    reportworld.make_store(tmp_path)[0].close()
    result = auditor(
        "report",
        "1",
        "--db",
        "auditor.db",
        "--out",
        "out",
        "--department",
        "城区环保局",
        "--pdf",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "out" / "report-城区环保局.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")


def test_missing_database_is_an_input_error(tmp_path: Path) -> None:
    result = auditor("report", "--db", "nope.db", cwd=tmp_path)
    assert result.returncode == 2
    assert "找不到数据库文件 nope.db" in result.stderr and "提示:" in result.stderr
    assert not (tmp_path / "nope.db").exists()


def test_unknown_department_lists_the_known_ones(reportworld, tmp_path: Path) -> None:
    reportworld.make_store(tmp_path)[0].close()
    result = auditor("report", "--db", "auditor.db", "--department", "财政局", cwd=tmp_path)
    assert result.returncode == 2
    assert "没有部门“财政局”" in result.stderr and "城区财政局" in result.stderr
