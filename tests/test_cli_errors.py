"""Bad input at the command line: a Chinese message naming the file or value, a hint,
exit code 2, never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def inspection(
    inspections: Any, tmp_path: Path, checklist: str = "liangqing-2014", department: str = "城区财政局"
) -> Path:
    path = tmp_path / "inspection.toml"
    site = [(department, "http://127.0.0.1:9/bm/czj/")]
    text = inspections.inspection_toml(
        site, "http://127.0.0.1:9/", name="测试", checklist=checklist, platform_name="统一平台"
    )
    path.write_text(text, "utf-8")
    return path


CASES = [
    ("unknown department", {"department": "城区宇航局"}, ["audit"], "城区宇航局"),
    ("unknown checklist", {"checklist": "no-such-plan"}, ["audit"], "no-such-plan"),
    ("bad --fail-on", {}, ["audit", "--fail-on", "missing,awful"], "awful"),
    ("unknown run", {}, ["audit", "--reuse-crawl", "42"], "42"),
]


@pytest.mark.parametrize(("case", "fields", "args", "named"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_one_clear_message(
    run_cli, inspections, tmp_path: Path, case: str, fields: dict[str, str], args: list[str],
    named: str,
) -> None:
    path = inspection(inspections, tmp_path, **fields)
    command, *options = args
    result = run_cli(command, str(path), "--out", str(tmp_path / "out"), *options, timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("错误:")
    assert named in result.stderr
    assert "提示:" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_missing_inspection_file(run_cli, tmp_path: Path) -> None:
    result = run_cli("crawl", str(tmp_path / "nope.toml"), "--db", str(tmp_path / "a.db"))
    assert result.returncode == 2
    assert "找不到检查方案文件" in result.stderr and "nope.toml" in result.stderr


def test_help_and_version(run_cli) -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("demo", "audit", "crawl", "report", "checklist"):
        assert command in result.stdout
    assert run_cli("--version").stdout.startswith("auditor")
