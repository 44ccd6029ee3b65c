"""Recall and false positives of auditor.tamper on the labelled set in benchmarks/tamper_set/.

Each case is a fragment inserted into one of two government page templates (an old table
layout and a newer div layout) at its position (head, body_top, table, article, footer,
body_end). A tampered case counts as found when scan_html reports at least one hit of the
expected kind; a clean case is a false positive when it yields any hit at all.

    python3 benchmarks/tamper_bench.py [-v]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from auditor.tamper import scan_html  # noqa: E402

HERE = Path(__file__).parent / "tamper_set"
SLOTS = ("head", "body_top", "table", "article", "footer", "body_end")
PAGE_URL = "http://www.lq.gov.cn.invalid/zwgk/tzgg/t20240312_1.html"


def load_cases() -> list[dict]:
    lines = (HERE / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def render(case: dict) -> str:
    page = (HERE / f"page_{case['template']}.html").read_text(encoding="utf-8")
    for slot in SLOTS:
        page = page.replace("{{" + slot + "}}", case["html"] if slot == case["position"] else "")
    return page


def evaluate(case: dict) -> tuple[bool, list]:
    hits = scan_html(render(case), PAGE_URL)
    if case["label"] == "clean":
        return not hits, hits
    return any(h.kind == case["kind"] for h in hits), hits


def main(verbose: bool = False) -> int:
    cases = load_cases()
    started = time.perf_counter()
    results = [(case, *evaluate(case)) for case in cases]
    elapsed = time.perf_counter() - started
    tampered = [r for r in results if r[0]["label"] == "tampered"]
    clean = [r for r in results if r[0]["label"] == "clean"]
    found = sum(ok for _, ok, _ in tampered)
    false_pos = sum(not ok for _, ok, _ in clean)
    for case, ok, hits in results:
        if verbose or not ok:
            mark = "ok  " if ok else "FAIL"
            kinds = ", ".join(f"{h.kind}/{h.technique}" for h in hits) or "-"
            print(
                f"{mark} {case['id']} [{case['label']}:{case['kind'] or '-'}] {case['note']} -> {kinds}"
            )
    print(f"tampered cases: {len(tampered)}  clean cases: {len(clean)}")
    print(f"recall: {found / len(tampered):.3f} ({found}/{len(tampered)})")
    print(f"false positives: {false_pos}")
    print(f"mean scan time: {elapsed / len(results) * 1000:.2f} ms per page")
    return 0 if found == len(tampered) and false_pos == 0 else 1


if __name__ == "__main__":
    sys.exit(main("-v" in sys.argv[1:]))
