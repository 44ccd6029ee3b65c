"""The 国家指标 sheet: one row per site, one cell per single veto, decided or not."""

from __future__ import annotations

from auditor.report.national import VETOES, national_sheet
from auditor.store.records import ReportDocument


def ind(id_: str, status: str, veto: bool = False, detail: str = "说明") -> dict:
    return {"id": id_, "name": id_, "status": status, "veto": veto, "detail": detail,
            "deduction": 0.0}  # fmt: skip


def site(key: str, *indicators: dict, verdict: str = "合格") -> dict:
    return {"key": key, "department": key, "url": f"http://x/{key}/", "verdict": verdict,
            "score": 100, "deductions": 0, "indicators": list(indicators)}  # fmt: skip


def test_each_veto_is_decided_from_its_indicators() -> None:
    report: ReportDocument = {"health": [
        site("a", ind("home.availability", "insufficient"), ind("home.updated", "ok"),
             ind("columns.stale", "warn"), ind("columns.empty", "fail", veto=True),
             ind("serious.leaders", "ok"), ind("interaction.response", "ok")),
    ]}  # fmt: skip
    (row,) = national_sheet(report)["rows"]
    cells = {c["veto"]: c for c in row["cells"]}
    assert [name for name, _ in VETOES] == list(cells)
    assert (
        cells["站点无法访问"]["status"] == "insufficient" and not cells["站点无法访问"]["decided"]
    )
    assert cells["栏目不更新"]["status"] == "fail"
    assert cells["严重错误"]["status"] == "ok" and cells["服务不实用"]["status"] == "absent"
    assert row["verdict"] == "单项否决"


def test_tampering_on_a_site_is_an_unhandled_serious_error() -> None:
    report: ReportDocument = {
        "health": [
            site("a", ind("serious.leaders", "ok")),
            site("b", ind("serious.leaders", "ok")),
        ],
        "tampering": [{"site": "b", "page": "http://x/b/1.html"}],
    }
    rows = {r["site"]: r for r in national_sheet(report)["rows"]}
    assert rows["a"]["cells"][3]["status"] == "ok" and rows["a"]["verdict"] == "合格"
    assert (
        rows["b"]["cells"][3]["status"] == "fail" and "篡改" in rows["b"]["cells"][3]["details"][0]
    )
    assert rows["b"]["verdict"] == "单项否决"
