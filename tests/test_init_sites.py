"""`auditor init --sites` on spreadsheets built from the demo district's own inspection.

The office's spreadsheet spells departments by their official full names (良庆区…, 南宁市良庆区…),
not as the checklist does; one row is misspelt, one repeats a department, one has a bare
domain.  The drafted plan must hold exactly the district's sites, report the three rows by
the row number the user sees, and run as an audit.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook

from auditor.demo import DemoServer, write_inspection
from auditor.demo.inspection import CRAWL
from auditor.inspection.file import Inspection, load_inspection

# Official names as a 政务办 would type them (the checklist says 城区财政局 …).
FULL_NAMES = {
    "城区财政局": "南宁市良庆区财政局",
    "城区教育局": "良庆区教育局",
    "城区住建局": "南宁市良庆区住房和城乡建设局",
    "城区环保局": "良庆区环境保护局",
    "城区食药局": "良庆区 食品药品监督管理局",
    "城区发改局": "南宁市良庆区发展和改革局",
}


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("district")
    with DemoServer() as server:
        yield server, load_inspection(write_inspection(server, tmp / "truth.toml"))


def sheet_rows(truth: Inspection) -> list[tuple[str, str]]:
    """The district's sites in full names, then the three rows a person must look at."""
    rows = [(FULL_NAMES[s.department], s.url) for s in truth.sites]
    origin = truth.sites[0].url.split("/")[2]
    rows.insert(2, ("良庆区审汁局", f"http://{origin}/sjj/"))  # misspelt 审计局
    rows.insert(4, ("良庆区财政局", f"http://{origin}/czj2/"))  # 财政局 again
    rows.append(("良庆区农林水利局", f"{origin}/nlsl/"))  # no scheme
    return rows


def write_xlsx(path: Path, rows: list[tuple[str, str]]) -> int:
    """A title row above the header, a 序号 column; returns the first data row number."""
    book = Workbook()
    sheet = book.active
    sheet.append(["良庆区各部门网站一览表"])
    sheet.append(["序号", "单位名称", "网站地址(URL)", "备注"])
    for number, (name, url) in enumerate(rows, start=1):
        sheet.append([number, name, url, ""])
    book.save(path)
    return 3


def write_gbk_csv(path: Path, rows: list[tuple[str, str]]) -> int:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["部门", "网址"])
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode("gbk"))
    return 2


def init_sites(run_cli, sheet: Path, platform: str, plan: Path) -> subprocess.CompletedProcess[str]:
    """`auditor init --sites SHEET --platform URL --out PLAN`, output captured."""
    args = ("init", "--sites", str(sheet), "--platform", platform, "--out", str(plan))
    return run_cli(*args, timeout=60)


@pytest.mark.parametrize("kind", ["xlsx", "gbk-csv"])
def test_spreadsheet_gives_the_districts_sites_and_names_the_rows_to_fix(
    run_cli, district, tmp_path: Path, kind: str
) -> None:
    server, truth = district
    rows = sheet_rows(truth)
    sheet = tmp_path / ("sites.xlsx" if kind == "xlsx" else "sites.csv")
    first = (write_xlsx if kind == "xlsx" else write_gbk_csv)(sheet, rows)
    plan = tmp_path / "plan.toml"
    result = init_sites(run_cli, sheet, truth.platform.url, plan)
    assert result.returncode == 2, result.stderr
    drafted = load_inspection(plan)
    assert {(s.department, s.url) for s in drafted.sites} == {
        (s.department, s.url) for s in truth.sites
    }
    assert drafted.platform.url == truth.platform.url
    assert drafted.checklist == truth.checklist
    for site in drafted.sites:  # the office's spelling is kept for attribution
        assert site.aliases == (FULL_NAMES[site.department],)

    number = {name: first + i for i, (name, _) in enumerate(rows)}
    problems = [line for line in result.stderr.splitlines() if line.startswith("需要核对")]
    assert len(problems) == 3, result.stderr
    assert f"第 {number['良庆区审汁局']} 行" in problems[0] and "城区审计局" in problems[0]
    first_czj = number[FULL_NAMES["城区财政局"]]
    assert f"第 {number['良庆区财政局']} 行" in problems[1] and f"第 {first_czj} 行" in problems[1]
    origin = truth.sites[0].url.split("/")[2]
    assert f"第 {number['良庆区农林水利局']} 行" in problems[2]
    assert f"http://{origin}/nlsl/" in problems[2]
    # The rows to fix are in the file, commented out, ready to be corrected.
    text = plan.read_text(encoding="utf-8")
    assert text.count("# 待核对") == 3 and '# department = "城区农林水利局"' in text


def test_the_drafted_plan_runs_as_an_audit(run_cli, district, tmp_path: Path) -> None:
    server, truth = district
    sheet = tmp_path / "sites.csv"
    write_gbk_csv(sheet, [(FULL_NAMES[s.department], s.url) for s in truth.sites])
    plan = tmp_path / "plan.toml"
    result = init_sites(run_cli, sheet, truth.platform.url, plan)
    assert result.returncode == 0, result.stderr
    assert "清单中有" in result.stdout  # departments of the checklist with no row are listed
    # Our own loopback server: politeness off, as the demo's plan does.
    crawl = "\n".join(f"{key} = {value}" for key, value in CRAWL.items())
    with plan.open("a", encoding="utf-8") as handle:
        handle.write(f"\n[crawl]\n{crawl}\n")
    audit = run_cli("audit", str(plan), "--out", str(tmp_path / "report"), "--quiet")
    assert audit.returncode == 0, audit.stderr
    report = json.loads((tmp_path / "report" / "report.json").read_text(encoding="utf-8"))
    assert {i["department"] for i in report["items"]} >= set(FULL_NAMES)
    assert report["pages_crawled"] > 20
