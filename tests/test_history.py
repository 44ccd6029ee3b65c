"""Two runs of a changing loopback district: history lists both, diff and the report say
what changed (fixed, new gap, went stale, newly broken link, new tampering)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.judge.history import diff_runs, previous_run, run_summaries
from auditor.store import Store


@pytest.fixture(scope="module")
def two_runs(run_cli, tinyworld, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database after a run of the first state and a run of the changed state."""
    tmp = tmp_path_factory.mktemp("history")
    db = tmp / "auditor.db"
    with tinyworld.TinyWorld() as world:
        inspection = world.inspection(tmp / "inspection.toml")
        first = run_cli("audit", str(inspection), "--out", str(tmp / "r1"), "--db", str(db), "-q")
        assert first.returncode == 0, first.stderr
        world.pages = tinyworld.changed_pages(world.pages)
        second = run_cli(
            "audit", str(inspection), "--out", str(tmp / "r2"), "--db", str(db), "-q",
            "--sample", "2", "--seed", "4711",
        )  # fmt: skip
        assert second.returncode == 0, second.stderr
    return tmp


def test_diff_names_each_kind_of_change(two_runs: Path) -> None:
    diff = diff_runs(Store(two_runs / "auditor.db"), 1, 2)
    assert [(c.department, c.item, c.before) for c in diff.fixed] == [
        ("城区财政局", "budget.department-accounts", "broken")
    ]
    assert [(c.item, c.after) for c in diff.new_gaps] == [("budget.government-accounts", "missing")]
    assert [c.item for c in diff.went_stale] == ["budget.government-budget"]
    assert [(c.item, c.before, c.after) for c in diff.changed] == [
        ("public-services.enrollment", "missing", "broken")
    ]
    assert [link.url.rsplit("/", 1)[1] for link in diff.links_broken] == ["missing.html"]
    assert [link.url.rsplit("/", 1)[1] for link in diff.links_repaired] == ["gone.html"]
    assert [t["page"].rsplit("/", 1)[1] for t in diff.new_tampering] == ["a1.html"]


def test_unchanged_items_are_not_reported(two_runs: Path) -> None:
    diff = diff_runs(Store(two_runs / "auditor.db"), 2, 2)
    assert not (diff.fixed or diff.new_gaps or diff.went_stale or diff.changed)
    assert not (diff.links_broken or diff.links_repaired or diff.new_tampering)


def test_trend_per_department_across_runs(two_runs: Path) -> None:
    trend = diff_runs(Store(two_runs / "auditor.db"), 1, 2).trend
    assert [p["present"] for p in trend["城区财政局"]] == [3, 2]
    assert [p["run_id"] for p in trend["城区教育局"]] == [1, 2]


def test_history_command_lists_both_runs(run_cli, two_runs: Path) -> None:
    result = run_cli("history", "--db", str(two_runs / "auditor.db"))
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines() if line[:1].isdigit()]
    assert [row[0] for row in rows] == ["1", "2"]
    assert [s.tampering for s in run_summaries(Store(two_runs / "auditor.db"))] == [0, 1]


def test_diff_command_in_chinese_and_json(run_cli, two_runs: Path) -> None:
    db = str(two_runs / "auditor.db")
    text = run_cli("diff", "1", "2", "--db", db)
    assert text.returncode == 0, text.stderr
    assert "已整改(问题 → 已公开):1 项" in text.stdout
    assert "城区财政局 本级财政决算:已公开 → 未公开" in text.stdout
    assert "新增失效链接:1 个" in text.stdout
    data = json.loads(run_cli("diff", "1", "2", "--db", db, "--json").stdout)
    assert data["went_stale"][0]["item"] == "budget.government-budget"


def test_diff_of_unknown_run_is_an_input_error(run_cli, two_runs: Path) -> None:
    result = run_cli("diff", "1", "9", "--db", str(two_runs / "auditor.db"))
    assert result.returncode == 2
    assert "没有编号为 9 的检查记录" in result.stderr


def test_report_shows_changes_since_last_run(two_runs: Path) -> None:
    first = json.loads((two_runs / "r1" / "report.json").read_text(encoding="utf-8"))
    assert first["changes"] == {"previous_run": None}
    report = json.loads((two_runs / "r2" / "report.json").read_text(encoding="utf-8"))
    changes = report["changes"]
    assert changes["previous_run"]["id"] == 1
    rows = {row["department"]: row for row in changes["by_department"]}
    assert (rows["城区财政局"]["fixed"], rows["城区财政局"]["new_gaps"]) == (1, 1)
    assert rows["城区教育局"]["links_broken"] == 1
    html = (two_runs / "r2" / "report.html").read_text(encoding="utf-8")
    assert "与上次检查相比" in html and "已整改 1 项" in html


def test_previous_run_is_the_same_inspection(two_runs: Path) -> None:
    store = Store(two_runs / "auditor.db")
    earlier = previous_run(store, 2)
    assert earlier is not None and earlier["id"] == 1
    assert previous_run(store, 1) is None


def test_sample_seed_is_recorded_in_the_report(two_runs: Path) -> None:
    report = json.loads((two_runs / "r2" / "report.json").read_text(encoding="utf-8"))
    assert report["sample"]["seed"] == 4711
    per_site: dict[str, int] = {}
    for page in report["sample"]["pages"]:
        per_site[page["site_key"]] = per_site.get(page["site_key"], 0) + 1
    assert per_site == {"site1": 2, "site2": 2, "platform": 2}
    assert "随机种子:<strong>4711</strong>" in (two_runs / "r2" / "report.html").read_text(
        encoding="utf-8"
    )
