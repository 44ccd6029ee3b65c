"""Golden copy: the demo district's report.json must not change unless we mean it to.

One real `auditor audit` of the bundled demo over HTTP on 127.0.0.1 (about 10 s); its
report.json, normalised, must equal tests/golden/demo/report.json field for field. Everything a
reader of report.json sees is compared (findings, evidence, reasons, departments, links, health,
national sheet, limits...); only what differs from run to run is replaced by a placeholder:

- the loopback origins `http://127.0.0.1:PORT` -> `http://<portal>`, `http://<zjj>`... (the demo
  server's host keys; the closed port -> `http://<closed>`), in every string;
- inspection.started/finished -> `<time>`, run_id -> `<run_id>`, tool_version -> `<version>`;
- timings' seconds -> `<seconds>` (the stage names are kept);
- the home page's measured load time (value in ms, "用时0.1秒") -> `<ms>` / `用时<秒>`;
- today's date (the audit's "检查当天" for undated runs) -> `<today>`;
- broken_links, unchecked_links and cutoffs are compared as sorted lists: broken links are in
  URL order, which the demo's new ports change every run; unchecked links and cut-offs in the
  order the parallel crawl first met them, which varies from run to run.

A failure prints each differing field by its path (e.g. `items[f12 城区财政局 budget.x].status`).

To regenerate the golden copy after an intended change, run

    AUDITOR_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_demo.py -q

then review `git diff tests/golden/demo/` before committing (the same switch refreshes the
extract goldens of test_extract_golden.py).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from auditor.demo import DemoServer, write_inspection

GOLDEN = Path(__file__).parent / "golden" / "demo" / "report.json"
LOOPBACK = re.compile(r"http://127\.0\.0\.1:(\d+)")
LOAD_TIME = re.compile(r"用时\d+(?:\.\d+)?秒")
MAX_SHOWN = 40
CRAWL_ORDERED = ("broken_links", "unchecked_links", "cutoffs")


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory, run_cli: Any) -> dict[str, Any]:
    """The normalised report.json of one fresh demo audit."""
    tmp = tmp_path_factory.mktemp("golden")
    with DemoServer() as server:
        inspection = write_inspection(server, tmp / "demo.toml")
        done = run_cli("audit", str(inspection), "--out", str(tmp / "out"), "--quiet")
        assert done.returncode == 0, done.stderr
        ports = {_port(origin): key for key, origin in server.origins.items()}
        ports[str(server.closed_port)] = "closed"
    report = json.loads((tmp / "out" / "report.json").read_text(encoding="utf-8"))
    return normalise(report, ports)


def _port(origin: str) -> str:
    return origin.rsplit(":", 1)[1]


def normalise(report: dict[str, Any], ports: dict[str, str]) -> dict[str, Any]:
    """The report with its run-to-run volatile values replaced by stable placeholders."""
    started = str(report["inspection"].get("started") or "")
    days = {dt.date.today().isoformat(), started[:10]} - {""}
    out = _strings(report, lambda text: _text(text, ports, days))
    inspection = out["inspection"]
    for key, mark in (("started", "<time>"), ("finished", "<time>"), ("run_id", "<run_id>")):
        inspection[key] = mark if inspection.get(key) is not None else None
    inspection["tool_version"] = "<version>"
    for key in CRAWL_ORDERED:
        out[key] = sorted(out.get(key, []), key=lambda row: json.dumps(row, sort_keys=True))
    out["timings"] = {stage: "<seconds>" for stage in out.get("timings", {})}
    for site in out.get("health", []):
        for indicator in site["indicators"]:
            if indicator["id"] == "home.load_time" and indicator["value"] is not None:
                indicator["value"] = "<ms>"
    return out


def _text(text: str, ports: dict[str, str], days: set[str]) -> str:
    """One string with loopback ports named by their demo host, load times and today masked."""
    text = LOOPBACK.sub(lambda m: f"http://<{ports.get(m.group(1), 'port')}>", text)
    text = LOAD_TIME.sub("用时<秒>", text)
    for day in days:
        text = text.replace(day, "<today>")
    return text


def _strings(value: Any, fix: Any) -> Any:
    """A deep copy of a JSON value with `fix` applied to every string."""
    if isinstance(value, dict):
        return {key: _strings(item, fix) for key, item in value.items()}
    if isinstance(value, list):
        return [_strings(item, fix) for item in value]
    return fix(value) if isinstance(value, str) else value


def differences(want: Any, got: Any, path: str = "") -> list[str]:
    """Readable lines, one per differing field, addressed by path."""
    if isinstance(want, dict) and isinstance(got, dict):
        lines = []
        for key in list(want) + [k for k in got if k not in want]:
            if key not in got:
                lines.append(f"{path}.{key}: missing (golden: {_short(want[key])})")
            elif key not in want:
                lines.append(f"{path}.{key}: new field = {_short(got[key])}")
            else:
                lines += differences(want[key], got[key], f"{path}.{key}")
        return lines
    if isinstance(want, list) and isinstance(got, list):
        lines = [
            line
            for index, (old, new) in enumerate(zip(want, got, strict=False))
            for line in differences(old, new, f"{path}[{_label(index, old)}]")
        ]
        if len(want) != len(got):
            extra = got[len(want) :] or want[len(got) :]
            side = "new" if len(got) > len(want) else "missing"
            lines.append(f"{path}: {len(want)} -> {len(got)} entries; {side}: {_short(extra)}")
        return lines
    return [] if want == got else [f"{path}: {_short(want)} -> {_short(got)}"]


def _label(index: int, item: Any) -> str:
    """A list entry's index plus what names it (finding id, department, item, site key)."""
    if not isinstance(item, dict):
        return str(index)
    names = [str(item[k]) for k in ("id", "key", "department", "item", "site") if item.get(k)]
    return " ".join([str(index), *names[:3]])


def _short(value: Any, limit: int = 160) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def dump(report: dict[str, Any]) -> str:
    """The golden file's text: indented, keys in report order, Chinese left readable."""
    return json.dumps(report, ensure_ascii=False, indent=1) + "\n"


def test_demo_report_json_equals_the_golden_copy(demo_report: dict[str, Any]) -> None:
    if os.environ.get("AUDITOR_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(dump(demo_report), encoding="utf-8")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    lines = differences(golden, demo_report)
    if lines:
        shown = "\n".join(lines[:MAX_SHOWN])
        more = f"\n... and {len(lines) - MAX_SHOWN} more" if len(lines) > MAX_SHOWN else ""
        pytest.fail(
            f"report.json of the demo differs from {GOLDEN.name} in {len(lines)} field(s) "
            f"(golden -> now):\n{shown}{more}\n"
            "If the change is intended, regenerate with AUDITOR_UPDATE_GOLDEN=1 (see docstring)."
        )


def test_golden_findings_are_the_demo_audits_not_an_empty_shell() -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert len(golden["items"]) >= 40 and golden["broken_links"] and golden["tampering"]
    assert {item["status"] for item in golden["items"]} >= {"present", "missing", "stale"}
    assert not LOOPBACK.search(GOLDEN.read_text(encoding="utf-8"))


def test_differences_name_a_changed_finding_by_its_path() -> None:
    want = {"items": [{"id": "f1", "department": "甲局", "status": "present"}]}
    got = {"items": [{"id": "f1", "department": "甲局", "status": "missing"}]}
    assert differences(want, got) == ['.items[0 f1 甲局].status: "present" -> "missing"']
    assert differences(want, want) == []
